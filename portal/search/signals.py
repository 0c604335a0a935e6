"""Follow content changes: publish, unpublish, move and delete of pages (and pages born live: copies and
translations); saves and deletes of questions.

Handlers only enqueue a task (:mod:`portal.search.tasks`) with ids. A failure to enqueue is logged and
never breaks the editor's action; ``manage.py rebuild_search_index`` repairs any gap.
``PORTAL_SEARCH = {"AUTO_UPDATE": False}`` turns the handlers off (bulk loads, benchmarks).
"""

from __future__ import annotations

import logging

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page
from wagtail.signals import copy_for_translation_done, page_published, page_unpublished, post_page_move

from . import tasks
from .conf import search_setting

logger = logging.getLogger(__name__)


def _enabled() -> bool:
    return bool(search_setting("AUTO_UPDATE"))


def enqueue(task, *args, **kwargs) -> None:
    """Enqueue an indexing task when automatic updates are on; a failure is logged, never raised."""
    if not _enabled():
        return
    try:
        task.enqueue(*args, **kwargs)
    except Exception:  # the index can be rebuilt; the editor's publish must not fail because of it
        logger.exception("search: could not enqueue %s%r", task.name, args)


def on_page_published(sender, instance, **kwargs):
    enqueue(tasks.index_pages, [instance.pk])


def on_page_created(sender, instance, created=False, raw=False, **kwargs):
    """A page can be born live without a publish (a copy, the parents copied with a translation)."""
    if created and not raw and isinstance(instance, Page) and instance.live and instance.depth > 1:
        enqueue(tasks.index_pages, [instance.pk])


def on_translation_copied(sender, source_obj=None, target_obj=None, **kwargs):
    if isinstance(target_obj, Page) and target_obj.live:
        enqueue(tasks.index_pages, [target_obj.pk])


def on_page_unpublished(sender, instance, **kwargs):
    # Unpublishing hides the subtree from readers' search as well: re-check it all.
    enqueue(tasks.index_pages, [instance.pk], descendants=True)


def on_page_moved(sender, instance, **kwargs):
    enqueue(tasks.index_pages, [instance.pk], descendants=True)


def on_page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        enqueue(tasks.remove_pages, [instance.pk])


def connect() -> None:
    page_published.connect(on_page_published, dispatch_uid="portal_search_published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="portal_search_unpublished")
    post_page_move.connect(on_page_moved, dispatch_uid="portal_search_moved")
    post_delete.connect(on_page_deleted, dispatch_uid="portal_search_page_deleted")
    post_save.connect(on_page_created, dispatch_uid="portal_search_page_created")
    copy_for_translation_done.connect(on_translation_copied, dispatch_uid="portal_search_translation_copied")
