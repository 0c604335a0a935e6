"""Knowledge points: linking questions to the regulation articles, procedures and posts they test.

Imports carry knowledge points as text (the Excel template's 知识点 column). A reference written the
way the portal cites an article — 《电子银行业务管理办法》第十条 (or without the 《》) — is linked to that
article of the regulation with that title; a reference that is exactly the title of a procedure or a
post is linked to that page. Links go to the Chinese (default-locale) originals. Every reference is
also kept as text on the question (``knowledge_point_refs``), linked or not, so nothing an examiner
wrote is lost and exports reproduce it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from content.models import PostPage, ProcedurePage, RegulationArticle, RegulationPage
from content.regulations.numerals import chinese_to_int, format_ordinal

_ARTICLE_REF = re.compile(r"^《?\s*(?P<title>[^《》]+?)\s*》?\s*第\s*(?P<number>[零〇一二两三四五六七八九十百千\d]+)\s*条$")


def article_label(article) -> str:
    """《title》第十条 — the form references are written in, whatever the active language."""
    return f"《{article.page.title}》{format_ordinal(int(article.number), '条')}"


def _default_locale_pages(model):
    from wagtail.models import Locale

    pages = model.objects.all()
    try:
        pages = pages.filter(locale=Locale.get_default())
    except Locale.DoesNotExist:
        pass
    return pages


def resolve_reference(reference: str):
    """The RegulationArticle, ProcedurePage or PostPage a reference names, or None."""

    reference = (reference or "").strip()
    if not reference:
        return None
    match = _ARTICLE_REF.match(reference)
    if match:
        number_text = match.group("number")
        try:
            number = int(number_text) if number_text.isdigit() else chinese_to_int(number_text)
        except (ValueError, KeyError):
            number = None
        regulations = _default_locale_pages(RegulationPage).filter(title=match.group("title").strip())
        if number is not None:
            article = (
                RegulationArticle.objects.filter(page__in=regulations, number=number)
                .select_related("page").order_by("-page__live", "-page_id").first()
            )
            if article is not None:
                return article
    for model in (ProcedurePage, PostPage):
        page = _default_locale_pages(model).filter(title=reference).order_by("-live", "pk").first()
        if page is not None:
            return page
    return None


def link_references(question, references: Iterable[str]) -> int:
    """Link ``question`` to every knowledge point ``references`` name; returns how many were found."""

    linked = 0
    for reference in references:
        target = resolve_reference(reference)
        if isinstance(target, RegulationArticle):
            question.regulation_articles.add(target)
        elif isinstance(target, ProcedurePage):
            question.procedures.add(target)
        elif isinstance(target, PostPage):
            question.posts.add(target)
        else:
            continue
        linked += 1
    return linked


def reference_labels(question) -> list[str]:
    """The knowledge points as text: the written references, then linked items no reference names.

    Importing these labels again links the same items (an export → import round trip keeps them).
    """
    labels = list(question.knowledge_point_ref_list)
    linked = (
        [(a, article_label(a)) for a in question.regulation_articles.select_related("page")]
        + [(p, p.title) for p in question.procedures.all()]
        + [(p, p.title) for p in question.posts.all()]
    )
    if linked:
        named = {(type(t), t.pk) for t in (resolve_reference(r) for r in labels) if t is not None}
        labels.extend(label for item, label in linked if (type(item), item.pk) not in named)
    seen: set[str] = set()
    return [label for label in labels if not (label in seen or seen.add(label))]
