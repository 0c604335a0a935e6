"""Search settings, with defaults: ``PORTAL_SEARCH = {...}`` in the settings overrides any of them.

``BACKEND``: "auto" (Elasticsearch when ``ELASTICSEARCH_URL`` is set, else the database), "database" or
"elasticsearch". ``ELASTICSEARCH_INDEX_PREFIX``: aliases are ``<prefix>-<language>``.
``QUESTION_PERMISSION``: who also finds question-bank items (Examiners hold it).
``AUTO_UPDATE``: follow publish/unpublish/move/delete through background tasks.
``COUNT_LIMIT``: the embedded (SQLite) engine counts matches per type up to this many, so that a broad query
on a large corpus costs what ranking its first page costs.
"""

from __future__ import annotations

from django.conf import settings

DEFAULTS = {
    "BACKEND": "auto",
    "ELASTICSEARCH_INDEX_PREFIX": "portal-search",
    "ELASTICSEARCH_TIMEOUT": 10,
    "QUESTION_PERMISSION": "quizzes.view_question",
    "PAGE_SIZE": 20,
    "SNIPPET_CHARS": 160,
    "AUTO_UPDATE": True,
    "COUNT_LIMIT": 1000,  # the embedded engine counts matches per type up to this many ("1000+")
}


def search_setting(name: str):
    return {**DEFAULTS, **getattr(settings, "PORTAL_SEARCH", {})}[name]


def elasticsearch_url() -> str:
    return getattr(settings, "ELASTICSEARCH_URL", "") or ""


def backend_name() -> str:
    """'elasticsearch' or 'database': which engine answers searches."""
    choice = search_setting("BACKEND")
    if choice == "auto":
        return "elasticsearch" if elasticsearch_url() else "database"
    return choice
