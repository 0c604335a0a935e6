"""The signed-in employee's overview on the home page: my posts, what I must read, my exams, my certificates.

A read model filled by panels that each app registers in its ``AppConfig.ready()`` (``register_panel``): each
panel sets its own fields of the ``Overview`` with a bounded number of queries and keeps its own rules. This
module is a leaf: it imports none of the apps that fill it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone, translation


@dataclass
class Overview:
    posts: list = field(default_factory=list)
    pending_acknowledgements: int = 0
    overdue_acknowledgements: int = 0
    next_due: datetime.date | None = None
    open_sittings: list = field(default_factory=list)
    valid_certificates: int = 0
    expiring_certificates: list = field(default_factory=list)


# panel(overview, employee, now) → None; in registration order
Panel = Callable[[Overview, object, datetime.datetime], None]
_PANELS: list[Panel] = []


def register_panel(panel: Panel) -> Panel:
    """Add ``panel`` to every overview (idempotent, so a second ``ready()`` adds nothing)."""
    if panel not in _PANELS:
        _PANELS.append(panel)
    return panel


def overview_for(employee, now: datetime.datetime | None = None, language: str | None = None) -> Overview:
    """``language`` (default: the active one) is the language the panels link in: the English home links
    the English post pages, falling back to the Chinese page where none exists."""
    now = now or timezone.now()
    overview = Overview()
    with translation.override(language or translation.get_language()):
        for panel in _PANELS:
            panel(overview, employee, now)
    return overview
