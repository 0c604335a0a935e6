"""Headings named in the reader's language: 第十二条 in Chinese, "Article 12" in English.

The one place a chapter, section or article number is turned into words for people (the pages, the
search, the regulation parser's messages). No ORM.
"""

from __future__ import annotations

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from .numerals import format_ordinal

UNITS = {"chapter": ("章", gettext_lazy("Chapter %(number)s")), "section": ("节", gettext_lazy("Section %(number)s")),
         "article": ("条", gettext_lazy("Article %(number)s"))}
KINDS = {unit: kind for kind, (unit, _english) in UNITS.items()}  # 章 → chapter …


def ordinal_label(number: int, kind: str) -> str:
    """第十二条 in Chinese, "Article 12" in English (kind: chapter, section, article, or its unit 章/节/条)."""
    unit, english = UNITS[KINDS.get(kind, kind)]
    if (get_language() or "zh").startswith("zh"):
        return format_ordinal(int(number), unit)
    return str(english) % {"number": number}


def ordinal_range(first: int, last: int, kind: str) -> str:
    """第十三条至第十五条 / "Article 13 to Article 15" (one heading when first == last)."""
    if first == last:
        return ordinal_label(first, kind)
    return _("%(first)s to %(last)s") % {"first": ordinal_label(first, kind), "last": ordinal_label(last, kind)}
