"""Background tasks that keep the search index in step with content (django-tasks).

Enqueued by :mod:`portal.search.signals`; with the embedded default (immediate backend) they run at once
in the request, in production a ``db_worker`` runs them. Arguments are ids only (JSON), and every task
re-reads the current state, so a task that runs late or twice still leaves the index right.
"""

from django_tasks import task

from . import indexing


@task()
def index_pages(page_ids: list[int], descendants: bool = False) -> int:
    """Index pages (published, or moved with ``descendants``); pages no longer public are removed."""
    return indexing.index_pages(page_ids, descendants=descendants)


@task()
def remove_pages(page_ids: list[int]) -> None:
    indexing.remove_pages(page_ids)


@task()
def index_questions(question_ids: list[int]) -> None:
    indexing.index_questions(question_ids)


@task()
def remove_questions(question_ids: list[int]) -> None:
    indexing.remove_questions(question_ids)
