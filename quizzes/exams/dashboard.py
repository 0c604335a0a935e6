"""The exams' panel of the home-page overview: sittings the employee may start now (at most five)."""

from __future__ import annotations

from .services.sittings import decision_for, sittings_for


def sittings_panel(overview, employee, now) -> None:
    overview.open_sittings = [
        sitting for sitting in sittings_for(employee)[:20] if decision_for(sitting, employee, now).allowed
    ][:5]
