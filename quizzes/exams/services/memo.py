"""Copies of what never changes once written — a started paper's metadata, frozen question versions — kept for
the exam's hot calls (issue 19).

Where the cache is the process's own memory (the embedded default, the tests: ``LocMemCache``, emptied between
tests), the copies live in it. Where it is shared between servers (production's ``DatabaseCache``: a query per
read and five statements per write), each process keeps its own bounded copies instead and reads a miss from
the database itself: one query either way, and nothing is ever written to the shared cache on the exam's path.
Only immutable data goes here, so any copy is correct; a process that has not seen a row reads it.
"""

from __future__ import annotations

from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.locmem import LocMemCache

CACHE_SECONDS = 12 * 3600  # longer than any attempt's time on the paper


def _in_process_cache() -> bool:
    return isinstance(caches[DEFAULT_CACHE_ALIAS], LocMemCache)


class Memo:
    """``prefix``-keyed copies: in the process's cache, or in a dict of at most ``limit`` entries (emptied when
    full: the copies are read again as needed)."""

    def __init__(self, prefix: str, limit: int):
        self.prefix, self.limit = prefix, limit
        self.local: dict = {}

    def _key(self, key) -> str:
        return f"{self.prefix}:{key}"

    def get(self, key):
        if _in_process_cache():
            return cache.get(self._key(key))
        return self.local.get(key)

    def get_many(self, keys) -> dict:
        if _in_process_cache():
            found = cache.get_many([self._key(key) for key in keys])
            return {key: found[self._key(key)] for key in keys if self._key(key) in found}
        local = self.local
        return {key: local[key] for key in keys if key in local}

    def set(self, key, value) -> None:
        self.set_many({key: value})

    def set_many(self, values: dict) -> None:
        if not values:
            return
        if _in_process_cache():
            cache.set_many({self._key(key): value for key, value in values.items()}, CACHE_SECONDS)
            return
        if len(self.local) + len(values) > self.limit:
            self.local.clear()
        self.local.update(values)

    def delete(self, key) -> None:
        self.local.pop(key, None)
        if _in_process_cache():
            cache.delete(self._key(key))

    def clear(self) -> None:
        self.local.clear()
