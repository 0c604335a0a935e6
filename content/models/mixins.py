"""What every knowledge-base page shares: knowing its Chinese source and whether its translation is behind.

Translation freshness, the rule (documented here once, used by every page type):

* The *source* of a page is its translation in the default locale (``settings.LANGUAGE_CODE``, zh-hans),
  found by ``translation_key``. A page in the default locale has no source and is never out of date.
* Only the *published* state counts: a draft change to the Chinese page does not flag the English one.
* The baseline is when the translation last caught up with the source:

  - when the page is translated with wagtail-localize, the ``TranslationSource`` of the Chinese page keeps
    ``last_updated_at``: the moment the Chinese content was last extracted for translation ("Sync translated
    pages" moves it forward). The translation is behind when the Chinese page was published after that.
  - otherwise (Wagtail's copy_for_translation / simple_translation, or pages made by ``load_demo``), publishing
    the translation is the translator's statement that it matches the source, so the baseline is the
    translation's own ``last_published_at``.

  In both cases the English page is out of date when ``source.last_published_at > baseline``.

It costs two queries per page view (the source page, the wagtail-localize source), whatever the page type.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils.functional import cached_property
from django.utils.translation import get_supported_language_variant
from wagtail.models import Page


def default_language_code() -> str:
    """The language of the source pages (zh-hans)."""
    return get_supported_language_variant(settings.LANGUAGE_CODE)


@dataclass(frozen=True)
class TranslationStatus:
    """How a translated page stands against its source page."""

    source: Page
    baseline: datetime | None
    source_published_at: datetime | None
    via_localize: bool

    @property
    def is_outdated(self) -> bool:
        if self.source_published_at is None:
            return False
        if self.baseline is None:
            return True
        return self.source_published_at > self.baseline


def _localize_baseline(source: Page, target_locale_id: int) -> datetime | None:
    """``TranslationSource.last_updated_at`` for an enabled wagtail-localize translation, else None."""
    if "wagtail_localize" not in settings.INSTALLED_APPS:
        return None
    from wagtail_localize.models import TranslationSource

    row = (
        TranslationSource.objects.filter(
            object_id=source.translation_key,
            locale_id=source.locale_id,
            translations__target_locale_id=target_locale_id,
            translations__enabled=True,
        )
        .values_list("last_updated_at", flat=True)
        .first()
    )
    return row


def translation_status_for(page: Page) -> TranslationStatus | None:
    """The freshness of ``page`` against its Chinese source; None when ``page`` is itself the source."""
    source_code = default_language_code()
    source = (
        Page.objects.filter(translation_key=page.translation_key, locale__language_code=source_code)
        .exclude(pk=page.pk)
        .first()
    )
    if source is None:
        return None
    baseline = _localize_baseline(source, page.locale_id)
    via_localize = baseline is not None
    if baseline is None:
        baseline = page.last_published_at
    return TranslationStatus(
        source=source,
        baseline=baseline,
        source_published_at=source.last_published_at if source.live else None,
        via_localize=via_localize,
    )


class KnowledgePageMixin:
    """Mixed into every knowledge-base page type (not a model: adds no fields)."""

    @cached_property
    def translation_status(self) -> TranslationStatus | None:
        return translation_status_for(self)

    @cached_property
    def source_page(self) -> Page:
        """The Chinese original of this page (itself when it is the original)."""
        status = self.translation_status
        return status.source if status else self
