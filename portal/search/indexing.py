"""Keeping the search index in step with content: one place for every write.

Called by the background tasks (:mod:`portal.search.tasks`, enqueued by the Wagtail signals in
:mod:`portal.search.signals`) and by ``manage.py rebuild_search_index``. Every function writes to every
engine that must follow content (:func:`~portal.search.backends.write_backends`): the database tables
always, Elasticsearch too when it is the search engine.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator

from wagtail.models import Page

from .backends import Progress, SearchBackend, write_backends
from .documents import SearchDocument, page_documents
from .models import SearchEntry

logger = logging.getLogger(__name__)


def page_group(page_id: int) -> str:
    return f"page:{page_id}"


def question_group(question_id: int) -> str:
    return f"question:{question_id}"


def _safe_page_documents(page) -> list[SearchDocument]:
    try:
        return page_documents(page)
    except Exception:  # one broken page must not stop the others from being indexed
        logger.exception("search: could not index page %s", page.pk)
        return []


def index_page(page_id: int, backends: list[SearchBackend] | None = None) -> bool:
    """(Re)index one page and its articles, or remove them if the page is gone or not public.

    Returns True when the page's URL changed (its descendants' URLs changed too).
    """
    page = Page.objects.filter(pk=page_id).first()
    documents = _safe_page_documents(page) if page is not None else []
    old_url = SearchEntry.objects.filter(key=f"page:{page_id}").values_list("url", flat=True).first()
    for backend in backends or write_backends():
        backend.replace_group(page_group(page_id), documents)
    new_url = next((d.url for d in documents if d.key == f"page:{page_id}"), None)
    return old_url is not None and new_url is not None and old_url != new_url


def index_pages(page_ids: Iterable[int], *, descendants: bool = False) -> int:
    """Index pages (and with ``descendants``, everything below them). Returns how many were done."""
    backends = write_backends()
    done: set[int] = set()
    for page_id in page_ids:
        if page_id in done:
            continue
        url_changed = index_page(page_id, backends)
        done.add(page_id)
        page = Page.objects.filter(pk=page_id).first()
        if page is not None and (descendants or url_changed) and page.numchild:
            for child_id in Page.objects.descendant_of(page).values_list("pk", flat=True):
                if child_id not in done:
                    index_page(child_id, backends)
                    done.add(child_id)
    for page_id in dependent_page_ids(done):
        if page_id not in done:
            index_page(page_id, backends)
            done.add(page_id)
    return len(done)


# Registered by the apps in their AppConfig.ready(): pages whose documents mention other pages, and the
# non-page objects (kind → queryset, documents) that are indexed too.
_DEPENDENTS: list[Callable[[Iterable[int]], set[int]]] = []
_OBJECTS: dict[str, tuple[Callable, Callable]] = {}


def register_dependents(func: Callable[[Iterable[int]], set[int]]) -> None:
    if func not in _DEPENDENTS:
        _DEPENDENTS.append(func)


def register_objects(kind: str, queryset: Callable, documents: Callable) -> None:
    """Index ``queryset()``'s objects as ``documents(obj, memo)`` under groups ``"<kind>:<pk>"``."""
    _OBJECTS[kind] = (queryset, documents)


def dependent_page_ids(page_ids: Iterable[int]) -> set[int]:
    page_ids = list(page_ids)
    found: set[int] = set()
    for func in _DEPENDENTS:
        found |= func(page_ids)
    return found


def remove_pages(page_ids: Iterable[int]) -> None:
    groups = [page_group(i) for i in page_ids]
    for backend in write_backends():
        backend.delete_groups(groups)


QUESTION_CHUNK = 500  # questions read and written per round trip


def index_questions(question_ids: Iterable[int]) -> None:
    index_objects("question", question_ids)


def index_objects(kind: str, object_ids: Iterable[int]) -> None:
    if kind not in _OBJECTS:
        return
    queryset, documents = _OBJECTS[kind]
    object_ids = list(object_ids)
    backends = write_backends()
    memo: dict = {}
    for start in range(0, len(object_ids), QUESTION_CHUNK):
        chunk = object_ids[start : start + QUESTION_CHUNK]
        found = {obj.pk: obj for obj in queryset().filter(pk__in=chunk)}
        groups = {f"{kind}:{pk}": documents(found[pk], memo) if pk in found else [] for pk in chunk}
        for backend in backends:
            backend.replace_groups(groups)


def remove_questions(question_ids: Iterable[int]) -> None:
    groups = [question_group(i) for i in question_ids]
    for backend in write_backends():
        backend.delete_groups(groups)


# ------------------------------------------------------------------------------------ rebuild


def _indexable_pages():
    return Page.objects.live().filter(depth__gt=1).order_by("path")


def source_count() -> int:
    """How many pages and questions a rebuild reads (the progress bar's total)."""
    return _indexable_pages().count() + sum(queryset().count() for queryset, _documents in _OBJECTS.values())


def all_documents(progress: Progress | None = None) -> Iterator[SearchDocument]:
    """Every document of every live page and question; ``progress(1)`` after each source object."""
    for page in _indexable_pages().specific().iterator(chunk_size=200):
        yield from _safe_page_documents(page)
        if progress:
            progress(1)
    for kind, (queryset, documents) in _OBJECTS.items():
        memo: dict = {}
        for obj in queryset().iterator(chunk_size=200):
            try:
                yield from documents(obj, memo)
            except Exception:
                logger.exception("search: could not index %s %s", kind, obj.pk)
            if progress:
                progress(1)


def rebuild(backends: list[SearchBackend] | None = None, progress: Progress | None = None) -> dict[str, int]:
    """Rebuild every engine from content. Returns {engine name: documents indexed}."""
    counts = {}
    for backend in backends or write_backends():
        counts[backend.name] = backend.rebuild(all_documents(progress))
    return counts
