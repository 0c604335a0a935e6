"""My tasks gathers what a person has to do from every app without the page's app importing them.

The rules to acknowledge are the page's own (``content.acknowledgements.views.my_tasks``); other apps add
a section by registering a Wagtail hook ``HOOK`` — ``fn(employee, now) -> TaskSection | None`` — in their
``wagtail_hooks`` (exams to take, certificates to renew). Sections are shown in ``order``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wagtail import hooks

HOOK = "portal_my_tasks_sections"


@dataclass
class TaskSection:
    key: str  # the section's HTML id
    heading: str
    template: str  # renders ``section.items``
    items: list = field(default_factory=list)
    empty: str = ""  # the sentence when nothing is due
    order: int = 100
    urgent: int = 0  # how many items need attention now (counted in the page summary)


def sections(employee, now) -> list[TaskSection]:
    found = [fn(employee, now) for fn in hooks.get_hooks(HOOK)]
    return sorted((s for s in found if s is not None), key=lambda s: (s.order, s.key))
