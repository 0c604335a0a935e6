"""Template helpers for the knowledge-base pages."""

from django import template

from content.models.mixins import default_language_code
from content.regulations.ordinals import ordinal_label

register = template.Library()


@register.inclusion_tag("content/includes/translation_notice.html", takes_context=True)
def translation_notice(context, page):
    """The "Chinese original has changed" banner on a translation that fell behind its source."""
    status = getattr(page, "translation_status", None)
    return {
        "status": status if status is not None and status.is_outdated else None,
        "source_language": default_language_code(),
        "request": context.get("request"),
    }


@register.filter
def article_label(number):
    """``{{ 12|article_label }}`` → 第十二条 (Chinese) / Article 12 (English)."""
    return ordinal_label(number, "article")


@register.filter
def chapter_label(number):
    return ordinal_label(number, "chapter")


@register.filter
def section_label(number):
    return ordinal_label(number, "section")
