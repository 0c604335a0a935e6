"""My grades and certificates gathers sections from the apps above certification without importing them.

An app adds a section by registering a Wagtail hook ``HOOK`` — ``fn(employee, request) -> PageSection | None``
— in its ``wagtail_hooks`` (exams: the weakest knowledge points, with a drill on them). Sections are shown in
``order`` after the grades and certificates.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wagtail import hooks

HOOK = "portal_my_certification_sections"


@dataclass
class PageSection:
    key: str  # the section's HTML id
    heading: str
    template: str  # rendered with ``section`` (its ``context`` holds what the template needs)
    context: dict = field(default_factory=dict)
    order: int = 100


def sections(employee, request) -> list[PageSection]:
    found = [fn(employee, request) for fn in hooks.get_hooks(HOOK)]
    return sorted((s for s in found if s is not None), key=lambda s: (s.order, s.key))
