"""Why the engine refused something, as a code (for the API and tests) and a sentence (for people)."""

from __future__ import annotations

import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from ..rules import eligibility

MESSAGES = {
    eligibility.NOT_ELIGIBLE: _("You are not among the people this exam is for."),
    eligibility.NOT_OPEN_YET: _("This exam has not opened yet; it opens at %(until)s."),
    eligibility.CLOSED: _("This exam has closed."),
    eligibility.NO_ATTEMPTS_LEFT: _("You have used all your attempts at this exam."),
    eligibility.IN_PROGRESS_ELSEWHERE: _("You have another exam in progress; hand it in before starting this one."),
    eligibility.COOLDOWN: _("You can start your next attempt at %(until)s."),
    "no_employee": _("Your login has no employee record; ask HR to link it."),
    "network": _("This exam can only be taken from the exam room's computers."),
    "password": _("The sitting password is missing or wrong; the invigilator gives it out in the room."),
    "infeasible": _("The question banks cannot supply this exam's paper; tell the examiner."),
    "deadline": _("Time is up: your paper was handed in with the answers saved before the deadline."),
    "submitted": _("This paper has already been handed in; answers can no longer be changed."),
    "bad_answer": _("That answer does not fit the question."),
    "archive_open": _("The sitting has not closed yet; archive it after its last window closes."),
    "archive_in_progress": _("An attempt is still in progress; archive the sitting once every paper is handed in."),
    "not_allowed": _("You may not do this."),
    "no_answer": _("Give an answer first: choose an option or type your answer, then check it."),
    "bad_question": _("There is no such question in this paper."),
    "already_imported": _("This file has already been imported."),
    "nothing_to_confirm": _("There are no imported answers of another examiner to confirm for this candidate."),
    "changed_meanwhile": _("Another examiner scored one of these papers meanwhile; nothing was imported. "
                           "Check the file again."),
    "on_paper": _("This exam is held on paper in the exam room; it cannot be taken online."),
    "not_yours": _("This is not your attempt."),
    "bad_event": _("Unknown event."),
    "too_long": _("This answer is longer than the %(limit)s characters allowed and was not saved; shorten it."),
    "bad_payload": _("The request could not be read; reload the page and try again."),
    "too_large": _("The request is too large."),
    "bad_bank": _("This question bank is not open for practice."),
    "practice_closed": _("Practice is closed while you are taking an exam. Hand in your paper first."),
}


class ExamError(Exception):
    """A refusal with a code; ``until`` is a time the message names (opening, end of the cool-down)."""

    status = 409

    def __init__(self, code: str, *, until: datetime.datetime | None = None, status: int | None = None,
                 limit: int | None = None):
        self.code = code
        self.until = until
        self.limit = limit
        if status is not None:
            self.status = status
        super().__init__(code)

    @property
    def message(self) -> str:
        template = MESSAGES.get(self.code, _("This is not possible now."))
        until = ""
        if self.until is not None:
            until = formats.date_format(timezone.localtime(self.until), "DATETIME_FORMAT")
        text = str(template)
        return text % {"until": until, "limit": self.limit} if "%(" in text else text

    def __str__(self):
        return self.code
