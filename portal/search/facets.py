"""Facet tokens: the filters of a search (type, language, audience, status, department, post) written as
tokens of their own, so that the SQLite engine filters inside the full-text index itself.

Pure module. Each facet is a prefix and the value reduced to ``[0-9a-z]`` (the ``unicode61`` tokenizer
keeps such a run as one token), e.g. ``xkregulation``, ``xlzhhans``, ``xaall``, ``xd3f2a…``. They live in
the index's own ``facet_tokens`` column, which the user's words never reach (their expression is limited to the
text columns) and which bm25 weighs 0. Without them every match had to be joined to its entry row just to
test the filters, which doubled the cost of a broad query on a large corpus.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

KIND, LANGUAGE, AUDIENCE, STATUS, DEPARTMENT, POST = "xk", "xl", "xa", "xs", "xd", "xp"
_NOT_TOKEN = re.compile(r"[^0-9a-z]+")


def facet(prefix: str, value: str) -> str:
    """One facet token, or "" for an empty value."""
    reduced = _NOT_TOKEN.sub("", (value or "").lower())
    return prefix + reduced if reduced else ""


def facet_tokens(
    *, kind: str, language: str, audience: str, status: str = "", departments: Iterable[str] = (),
    posts: Iterable[str] = (),
) -> str:
    """The space-separated facet tokens of one entry."""
    tokens = [facet(KIND, kind), facet(LANGUAGE, language), facet(AUDIENCE, audience), facet(STATUS, status)]
    tokens += [facet(DEPARTMENT, d) for d in departments]
    tokens += [facet(POST, p) for p in posts]
    return " ".join(t for t in tokens if t)


def delimited_values(value: str) -> list[str]:
    """The keys of a ``|key|key|`` column."""
    return [v for v in (value or "").split("|") if v]
