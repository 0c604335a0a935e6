"""The one staged-import pipeline's vocabulary: the issue, the plan, the refusal. Plain Python, no ORM.

Every import (regulation text, HR's employee workbook, question files, a paper sitting's responses) goes
the same way:

    upload ─► guard (portal.core.uploads) ─► parse ONCE ─► plan ─► StagedUpload (file + stored plan)
           ─► preview (reads the stored plan) ─► confirm (applies the stored plan: no re-parse) ─► task queue

* :class:`Issue` — one problem: the line (a text's line, a sheet's row; None for the whole file), the column
  where one cell is at fault (header text and letter), a stable ``code`` and a translated ``message``.
  Every parser and plan uses this class by this name (the old per-import names are gone); each import
  declares the codes its issues carry (``ISSUE_CODES`` in its parser module, with
  ``portal.core.uploads.REFUSAL_CODES`` for the upload guard's refusals).
* :class:`Plan` — what an import would do. Each import's plan class has ``issues`` (every error),
  ``ok``, ``counts`` (action → number) and ``to_stored()`` / ``from_stored()`` to keep it as JSON in the
  staging table, so confirming never parses the file again.
* :class:`ImportRejected` — raised (nothing written) when a plan has issues; carries the plan.

The staging table is :class:`portal.core.models.StagedUpload`; the upload → preview → confirm views are
:mod:`portal.core.import_views`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from django.utils.translation import gettext as _


@dataclass
class Issue:
    """One problem of an import, where it is and what is wrong (translated)."""

    line: int | None
    message: str
    code: str = ""
    column: str = ""  # the header text, e.g. "工号"
    column_letter: str = ""  # e.g. "A"

    @property
    def row(self) -> int | None:
        """The sheet row (the same number as ``line``: imports of sheets count rows)."""
        return self.line

    @property
    def column_location(self) -> str:
        """"column B (题号)": the cell's column alone (a table that shows the row in its own column)."""
        if not self.column:
            return ""
        if self.column_letter and self.column_letter != self.column:
            return _("column %(letter)s (%(column)s)") % {"letter": self.column_letter, "column": self.column}
        return _("column %(column)s") % {"column": self.column}

    @property
    def location(self) -> str:
        where = []
        if self.line is not None:
            where.append(_("row %(row)s") % {"row": self.line})
        if self.column:
            where.append(self.column_location)
        return _(", ").join(where)

    def __str__(self) -> str:
        location = self.location
        if not location:
            return str(self.message)
        return _("%(location)s: %(message)s") % {
            "location": location[:1].upper() + location[1:],
            "message": self.message,
        }

    def to_json_dict(self) -> dict:
        data = {"line": self.line, "message": str(self.message)}
        for name in ("code", "column", "column_letter"):
            if getattr(self, name):
                data[name] = getattr(self, name)
        return data

    @classmethod
    def from_json_dict(cls, data: dict) -> Issue:
        return cls(
            line=data.get("line"),
            message=data.get("message", ""),
            code=data.get("code", ""),
            column=data.get("column", ""),
            column_letter=data.get("column_letter", ""),
        )


def sorted_issues(issues) -> list[Issue]:
    """Issues in file order, whole-file ones first."""
    return sorted(issues, key=lambda issue: issue.line or 0)


class Plan(Protocol):
    """What every import's plan offers the pipeline."""

    @property
    def issues(self) -> list[Issue]: ...

    @property
    def ok(self) -> bool: ...

    @property
    def counts(self) -> dict[str, int]: ...

    def to_stored(self) -> dict: ...


class ImportRejected(Exception):
    """The plan has issues; nothing was written. ``plan`` holds them and the preview."""

    def __init__(self, plan):
        self.plan = plan
        count = len(plan.issues)
        super().__init__(_("%(count)s error(s); nothing was imported.") % {"count": count})

    @property
    def issues(self) -> list[Issue]:
        return self.plan.issues
