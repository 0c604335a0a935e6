"""Idempotent writing of pages and snippets for the demo loader.

Every object is looked up by its natural key (org unit, post code, slug under its parent, translation
key + locale), updated in place, and written only when what the data says differs from what is stored:

* a page is compared field by field and child row by child row (``snapshot``) before and after the data
  is applied in memory; only a difference (or a page that is not live yet) makes a new revision, which
  is published the way the admin does it (``save_revision().publish()``), so a second run of
  ``load_demo`` creates no revision at all;
* child rows are reused by position (``sync_rows``), so their primary keys — what links, questions and
  acknowledgements point to — survive a re-run, and a translation's rows share the ``translation_key``
  of the Chinese rows they translate.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from django.db import models
from wagtail.models import Page

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


class DemoDataError(ValueError):
    """The dataset is inconsistent (unknown code, unparsable text …): nothing is written."""


class Tally:
    """Counts of created / updated / unchanged objects per kind, for the loader's summary line."""

    def __init__(self):
        self.counts: dict[str, Counter] = {}

    def add(self, kind: str, outcome: str) -> None:
        self.counts.setdefault(kind, Counter())[outcome] += 1

    def summary(self) -> str:
        parts = []
        for kind, counter in self.counts.items():
            total = sum(counter.values())
            detail = ", ".join(f"{counter[o]} {o}" for o in (CREATED, UPDATED) if counter[o])
            parts.append(f"{kind} {total}" + (f" ({detail})" if detail else ""))
        return "; ".join(parts)


# ------------------------------------------------------------------------------------------ snapshots


def _field_value(obj, name: str):
    value = getattr(obj, name)
    if hasattr(value, "all") and callable(value.all):  # a (parental) many-to-many: compare by pks
        return tuple(sorted(item.pk for item in value.all()))
    if isinstance(value, models.Model):
        return value.pk
    if hasattr(value, "raw_data") and hasattr(value, "stream_block"):  # StreamValue: ignore block ids
        return [(block.block_type, block.block.get_prep_value(block.value)) for block in value]
    return value


def snapshot(obj, fields: Iterable[str], children: dict[str, Iterable[str]] | None = None) -> dict:
    """The values of ``fields`` and, per child relation, the rows' values of the given fields (and their
    sort order, where they have one), in order."""
    state = {name: _field_value(obj, name) for name in fields}
    for relation, child_fields in (children or {}).items():
        state[relation] = [
            (getattr(row, "sort_order", None), *(_field_value(row, name) for name in child_fields))
            for row in getattr(obj, relation).all()
        ]
    return state


def sync_rows(existing: Iterable, values: list[dict], factory: Callable[[], models.Model]) -> list:
    """Rows for ``values``, reusing ``existing`` rows by position (their pks survive) and making new ones.

    A key of ``values`` whose value is a list is assigned as a many-to-many (modelcluster) relation.
    """
    existing = list(existing)
    rows = []
    for position, data in enumerate(values):
        row = existing[position] if position < len(existing) else factory()
        for name, value in data.items():
            setattr(row, name, value)
        rows.append(row)
    return number_rows(rows)


def number_rows(rows: list) -> list:
    """Set the sort order of orderable rows to their position, as the admin's formsets do.

    modelcluster keeps a child list in memory in order but stores no order itself: rows saved without
    ``sort_order`` come back in whatever order the database likes (insertion order on SQLite, any order
    on PostgreSQL).
    """
    for position, row in enumerate(rows):
        field = getattr(row, "sort_order_field", None)
        if field:
            setattr(row, field, position)
    return rows


def translated_rows(source_rows: Iterable, values: list[dict], existing: Iterable, locale) -> list:
    """Rows of a translation: ``values`` (one per source row) with the source rows' translation keys."""
    source_rows = list(source_rows)
    if len(source_rows) != len(values):
        raise DemoDataError(f"{len(values)} translated rows for {len(source_rows)} source rows")
    data = [
        {**value, "translation_key": source.translation_key, "locale": locale}
        for source, value in zip(source_rows, values, strict=True)
    ]
    model = type(source_rows[0]) if source_rows else None
    return sync_rows(existing, data, model) if model else []


# ------------------------------------------------------------------------------------------ pages


def publish(page: Page) -> Page:
    """Publish the page's in-memory state through a new revision, as the admin's "Publish" does."""
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


def find_child(parent: Page, model, **lookup):
    return model.objects.child_of(parent).filter(**lookup).first()


def find_translation(source: Page | models.Model, locale):
    """The translation of ``source`` in ``locale`` (same translation key), or None."""
    model = type(source)
    return model.objects.filter(translation_key=source.translation_key, locale=locale).first()


def add_shell(page: Page, parent: Page, apply: Callable[[Page], None]) -> Page:
    """Add a new page to the tree without publishing it (no revision yet): other pages can link to it
    before its own links exist; ``save_page`` publishes it later in the same run."""
    apply(page)
    page.live = False
    parent.add_child(instance=page)
    return type(page).objects.get(pk=page.pk)


def save_page(
    page: Page,
    parent: Page,
    apply: Callable[[Page], None],
    *,
    fields: Iterable[str],
    children: dict[str, Iterable[str]] | None = None,
) -> tuple[Page, str]:
    """Apply the data to ``page`` (new or stored), then add, move and publish it as needed.

    A stored page whose fields and rows already say what the data says is left alone (no revision).
    """
    fields = list(fields)
    if page.pk is None:
        apply(page)
        page.live = False
        parent.add_child(instance=page)
        return publish(page), CREATED
    if page.get_parent().pk != parent.pk:
        page.move(parent, pos="last-child")
        page = type(page).objects.get(pk=page.pk)
    before = snapshot(page, fields, children)
    apply(page)
    if snapshot(page, fields, children) == before and page.live and not page.has_unpublished_changes:
        return page, UNCHANGED
    outcome = UPDATED if page.live else CREATED
    return publish(page), outcome
