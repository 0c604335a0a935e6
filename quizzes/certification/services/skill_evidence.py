"""Refusals of the skill test services (evidence rows are written by ``portal.core.audit.record``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "not_candidate": _("You are not among the candidates of this sitting."),
    "not_open": _("This sitting is not open now."),
    "done": _("You have already taken this sitting."),
    "busy": _("You have another skill test in progress; finish it first."),
    "no_practice": _("This skill test is not open for practice."),
    "no_material": _("No published text is long enough for this test's passage; tell the examiner."),
    "finished": _("This test has already finished; nothing more can be typed."),
    "deadline": _("Time is up: the test was finished with what was saved before the deadline."),
    "not_yours": _("This is not your test."),
    "bad_payload": _("The browser sent something this test cannot accept."),
    "too_large": _("The browser sent more than one batch may hold."),
    "not_invigilated": _("This attempt needs no invigilator's confirmation."),
    "already_confirmed": _("This attempt has already been confirmed."),
    "own_attempt": _("Nobody may confirm their own skill test."),
    "not_finished": _("The attempt has not finished yet."),
    "no_examiner": _("This sitting has no responsible examiner; an examiner must record the result."),
}


class SkillTestError(Exception):
    """A refusal with a code (for the API and tests) and a translated sentence."""

    def __init__(self, code: str, status: int = 409):
        super().__init__(code)
        self.code = code
        self.status = status

    @property
    def message(self) -> str:
        return str(MESSAGES.get(self.code, _("This is not possible now.")))
