"""What search stores: one SearchEntry per searchable thing, and the admin-edited synonym list.

SearchEntry is the search index's own table, not content: a page, each article of a regulation and each
question (per language) becomes one row holding the text to show (title, headings, body) and the same
text pre-analysed into space-separated tokens (see :mod:`portal.search.analysis`). The database engines
index only the token columns:

* SQLite: an FTS5 virtual table ``portal_search_fts`` with external content = this table, kept in step
  by triggers (migration 0002);
* PostgreSQL: a generated ``tsvector`` column ``search_vector`` ('simple' configuration over the token
  columns, weights A/B/D) with a GIN index (migration 0002).

Neither extra object is part of the Django model (they exist on one vendor only); the database backend
queries them in SQL. The rows are rebuilt from content at any time (``manage.py rebuild_search_index``).
"""

from __future__ import annotations

from functools import lru_cache

from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _

from .synonyms import SynonymSet, parse_terms


class SearchEntry(models.Model):
    """One searchable unit. ``group`` is what is replaced together (all entries of one page)."""

    key = models.CharField(_("key"), max_length=120, unique=True)
    group = models.CharField(_("group"), max_length=60, db_index=True)
    kind = models.CharField(_("type"), max_length=20, db_index=True)
    language = models.CharField(_("language"), max_length=10, db_index=True)
    audience = models.CharField(_("audience"), max_length=20, default="all", db_index=True)
    page_id = models.IntegerField(_("page"), null=True, blank=True, db_index=True)
    object_id = models.IntegerField(_("object"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=500)
    context = models.CharField(_("context"), max_length=500, blank=True)
    url = models.CharField(_("URL"), max_length=1000, blank=True)
    headings = models.TextField(_("headings"), blank=True)
    body = models.TextField(_("body"), blank=True)
    status = models.CharField(_("status"), max_length=20, blank=True, db_index=True)
    departments = models.TextField(_("departments"), blank=True)  # "|key|key|"
    posts = models.TextField(_("posts"), blank=True)  # "|key|key|"
    title_tokens = models.TextField(blank=True)
    headings_tokens = models.TextField(blank=True)
    body_tokens = models.TextField(blank=True)
    facet_tokens = models.TextField(blank=True, default="")  # portal.search.facets: the filters as index tokens
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")

    def __str__(self):
        return f"{self.key} {self.title}"


class Synonym(models.Model):
    """A group of terms that mean the same to staff (网银 ⇄ 网上银行). Applied at query time."""

    terms = models.TextField(
        _("terms"),
        help_text=_("Two or more terms that mean the same, separated by commas, e.g. 网银, 网上银行"),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("synonym group")
        verbose_name_plural = _("synonym groups")
        ordering = ["terms"]

    def __str__(self):
        return " ⇄ ".join(self.term_list) or self.terms

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        cache.delete(SYNONYM_CACHE_KEY)

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        cache.delete(SYNONYM_CACHE_KEY)
        return result

    @property
    def term_list(self) -> list[str]:
        return parse_terms(self.terms)

    def clean(self):
        from django.core.exceptions import ValidationError

        if len(self.term_list) < 2:
            raise ValidationError({"terms": _("Enter at least two different terms, separated by commas.")})


SYNONYM_CACHE_KEY = "portal_search:synonyms:v1"


def load_synonyms() -> SynonymSet:
    """The active synonym groups (cached until a group is saved or deleted)."""
    groups = cache.get(SYNONYM_CACHE_KEY)
    if groups is None:
        groups = [s.term_list for s in Synonym.objects.filter(active=True)]
        cache.set(SYNONYM_CACHE_KEY, groups, 300)
    return _compiled(tuple(tuple(g) for g in groups))


@lru_cache(maxsize=8)
def _compiled(groups: tuple[tuple[str, ...], ...]) -> SynonymSet:
    return SynonymSet(groups)
