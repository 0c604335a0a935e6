"""Attempts (答题): the frozen paper of one candidate, the answers as they were saved, and the evidence.

Starting an attempt writes one AttemptItem per question with the exact QuestionVersion shown, its
position, its option order and its points; nothing about the paper is computed again later, so editing
a question, a bank or the blueprint changes neither the questions of an attempt nor its score. Answers
are stored on the items as they are given (one UPDATE per save, with a per-item sequence number so a
late retry never overwrites a newer answer). ``deadline`` is decided on the server at the start (start
+ limit + any extra time, never past the candidate's close) and only moved by an override or a change
of the sitting's close, through the services.

AttemptEvent rows are the evidence trail: start, every save (with the answer saved), flags, the page
being hidden or shown, refusals, submit, scoring, grading and re-scoring. They are only ever added.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AttemptStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Handed in, awaiting grading")
    FINAL = "final", _("Final")


# The one definition of an attempt's derived states: the stored status, and for the two states of an attempt in
# progress the server's clock against its deadline. Every caller (services, admin counts, the marking queue,
# My tasks) filters through these, on Attempt or, with ``prefix="attempt__"``, on AttemptItem.
ATTEMPT_STATES = {
    "in_progress": lambda p, now: Q(**{f"{p}status": AttemptStatus.IN_PROGRESS}),
    # being answered now: in progress and its deadline not reached
    "running": lambda p, now: Q(**{f"{p}status": AttemptStatus.IN_PROGRESS, f"{p}deadline__gt": now}),
    # time is up but it is not handed in yet (expire_overdue hands it in)
    "overdue": lambda p, now: Q(**{f"{p}status": AttemptStatus.IN_PROGRESS, f"{p}deadline__lte": now}),
    "handed_in": lambda p, now: Q(**{f"{p}status__in": [AttemptStatus.SUBMITTED, AttemptStatus.FINAL]}),
    # handed in, short answers waiting for an examiner (阅卷)
    "awaiting_marking": lambda p, now: Q(**{f"{p}status": AttemptStatus.SUBMITTED}),
    "final": lambda p, now: Q(**{f"{p}status": AttemptStatus.FINAL}),
    "passed": lambda p, now: Q(**{f"{p}status": AttemptStatus.FINAL, f"{p}passed": True}),
}


def attempt_state(state: str, *, prefix: str = "", now=None) -> Q:
    """The condition of ``state`` (a key of ``ATTEMPT_STATES``); ``now`` only matters to running/overdue."""
    if state in ("running", "overdue") and now is None:
        now = timezone.now()
    return ATTEMPT_STATES[state](prefix, now)


class AttemptQuerySet(models.QuerySet):
    def in_progress(self):
        return self.filter(attempt_state("in_progress"))

    def running(self, now=None):
        """In progress with time left on ``now`` (the server's clock by default)."""
        return self.filter(attempt_state("running", now=now))

    def overdue(self, now=None):
        """In progress but past the deadline on ``now``: to be handed in with what was saved."""
        return self.filter(attempt_state("overdue", now=now))

    def handed_in(self):
        return self.filter(attempt_state("handed_in"))

    def awaiting_marking(self):
        return self.filter(attempt_state("awaiting_marking"))

    def final(self):
        return self.filter(attempt_state("final"))

    def state_counts(self) -> dict:
        """``total``, ``people`` and one count per state that needs no clock, in one aggregate query."""
        return self.aggregate(
            total=models.Count("pk"),
            people=models.Count("employee", distinct=True),
            **{state: models.Count("pk", filter=attempt_state(state))
               for state in ("in_progress", "awaiting_marking", "final", "passed")},
        )


class AttemptItemQuerySet(models.QuerySet):
    def awaiting_marking(self):
        """Short answers an examiner has still to mark, on handed-in attempts."""
        return self.filter(attempt_state("awaiting_marking", prefix="attempt__"), needs_grading=True)

    def handed_in(self):
        return self.filter(attempt_state("handed_in", prefix="attempt__"))


class SubmitReason(models.TextChoices):
    CANDIDATE = "candidate", _("Handed in by the candidate")
    DEADLINE = "deadline", _("Time ran out")
    CLOSED = "closed", _("The sitting closed")
    PAPER = "paper", _("Paper sitting, answers entered by two examiners")


class Attempt(models.Model):
    """One candidate's attempt at one sitting."""

    sitting = models.ForeignKey("exams.Sitting", on_delete=models.PROTECT, related_name="attempts",
                                verbose_name=_("sitting"))
    employee = models.ForeignKey("people.Employee", on_delete=models.PROTECT, related_name="exam_attempts",
                                 verbose_name=_("candidate"))
    number = models.PositiveSmallIntegerField(_("attempt"))
    status = models.CharField(_("status"), max_length=12, choices=AttemptStatus.choices,
                              default=AttemptStatus.IN_PROGRESS, db_index=True)
    seed = models.CharField(_("seed"), max_length=32, editable=False)
    candidate_code = models.CharField(
        _("anonymous candidate code"), max_length=12, editable=False,
        help_text=_("What graders see instead of the candidate's name."),
    )
    language = models.CharField(_("language"), max_length=10, default="zh-hans")
    started_at = models.DateTimeField(_("started at"))
    deadline = models.DateTimeField(_("answer deadline"))
    submitted_at = models.DateTimeField(_("handed in at"), null=True, blank=True)
    submit_reason = models.CharField(_("handed in because"), max_length=12, choices=SubmitReason.choices, blank=True)
    finalised_at = models.DateTimeField(_("final at"), null=True, blank=True)
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=2, null=True, blank=True)
    max_score = models.DecimalField(_("maximum score"), max_digits=7, decimal_places=2)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    section_scores = models.JSONField(_("section scores"), default=list, blank=True)
    ip_address = models.GenericIPAddressField(_("address at start"), null=True, blank=True)
    user_agent = models.CharField(_("browser at start"), max_length=255, blank=True)

    objects = AttemptQuerySet.as_manager()

    class Meta:
        verbose_name = _("exam attempt")
        verbose_name_plural = _("exam attempts")
        ordering = ["-started_at", "-pk"]
        permissions = [
            ("grade_attempt", _("Can grade short answers (anonymised)")),
            ("rescore_attempt", _("Can re-score attempts after a key correction")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["sitting", "employee", "number"], name="exams_attempt_unique_number"),
            models.UniqueConstraint(
                fields=["employee"], condition=Q(status="in_progress"), name="exams_one_attempt_in_progress"
            ),
        ]
        # A sitting's state counts (``state_counts``: per status, passed, distinct people) read this index
        # alone, not the table's rows.
        # The results listing's order (newest first) reads its page from the started_at index.
        indexes = [models.Index(fields=["sitting", "status", "passed", "employee"], name="exams_attempt_state_counts"),
                   models.Index(fields=["started_at"], name="exams_attempt_started_at")]

    def __str__(self):
        return f"{self.sitting} · {self.employee} · #{self.number}"

    @property
    def is_in_progress(self) -> bool:
        return self.status == AttemptStatus.IN_PROGRESS

    @property
    def is_final(self) -> bool:
        return self.status == AttemptStatus.FINAL

    @property
    def percent(self):
        if self.score is None or not self.max_score:
            return None
        return (self.score * 100 / self.max_score).quantize(Decimal("0.1"))


class AttemptItem(models.Model):
    """One question of an attempt: the frozen version shown, its place, its option order, the answer."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="items", verbose_name=_("attempt"))
    position = models.PositiveSmallIntegerField(_("position in the paper"))
    section_index = models.PositiveSmallIntegerField(_("paper section"))
    section_title = models.CharField(_("section title"), max_length=120)
    section_title_en = models.CharField(_("section title (English)"), max_length=120, blank=True)
    version = models.ForeignKey("quizzes.QuestionVersion", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("question version shown"))
    key_version = models.ForeignKey(
        "quizzes.QuestionVersion", on_delete=models.PROTECT, related_name="+", null=True, blank=True,
        verbose_name=_("corrected key from version"),
        help_text=_("Set by a re-scoring after a key correction; otherwise the key of the version shown counts."),
    )
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)
    option_order = models.JSONField(_("option order"), default=list, blank=True)
    response = models.JSONField(_("answer"), null=True, blank=True)
    response_seq = models.PositiveIntegerField(_("answer sequence"), default=0)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    flagged = models.BooleanField(_("flagged for review"), default=False)
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, null=True, blank=True)
    needs_grading = models.BooleanField(_("awaits grading"), default=False)
    graded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("graded by"))
    graded_at = models.DateTimeField(_("graded at"), null=True, blank=True)
    grader_note = models.TextField(_("grader's note"), blank=True)

    objects = AttemptItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("attempt question")
        verbose_name_plural = _("attempt questions")
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "position"], name="exams_item_unique_position"),
        ]
        # The answers awaiting an examiner (a handful) by attempt: the marking queue and a sitting's "awaiting
        # grading" count start here instead of from every attempt of the sitting. Partial: graded and
        # machine-marked items (nearly all of them) are not in it.
        indexes = [models.Index(fields=["attempt"], condition=Q(needs_grading=True), name="exams_item_awaiting_grading")]

    def __str__(self):
        return f"{self.attempt_id} · {self.position}"

    @property
    def scoring_version(self):
        """The version whose key marks this answer (a corrected key after a re-scoring)."""
        return self.key_version or self.version

    @property
    def is_answered(self) -> bool:
        return self.response not in (None, "", [], {})


class EventKind(models.TextChoices):
    START = "start", _("Started")
    RESUME = "resume", _("Resumed")
    SAVE = "save", _("Answer saved")
    SAVE_STALE = "save_stale", _("Older answer ignored")
    SAVE_REFUSED = "save_refused", _("Answer refused")
    FLAG = "flag", _("Flag changed")
    HIDDEN = "hidden", _("Page hidden")
    VISIBLE = "visible", _("Page visible")
    OFFLINE = "offline", _("Connection lost")
    ONLINE = "online", _("Connection back")
    SUBMIT = "submit", _("Handed in")
    SUBMIT_REPEAT = "submit_repeat", _("Handed in again (no change)")
    AUTO_SUBMIT = "auto_submit", _("Handed in automatically")
    DEADLINE_MOVED = "deadline_moved", _("Deadline changed")
    SCORED = "scored", _("Scored")
    GRADED = "graded", _("Short answer graded")
    FINAL = "final", _("Result final")
    RESCORED = "rescored", _("Re-scored")
    RESULT_RECORD_FAILED = "result_failed", _("Recording the result for grading failed")
    PRACTICE_REFUSED = "practice_refused", _("Practice refused during the exam")


# What the candidate's page may report itself (everything else is written by the services).
CLIENT_EVENT_KINDS = (EventKind.HIDDEN, EventKind.VISIBLE, EventKind.OFFLINE, EventKind.ONLINE)


class AttemptEvent(models.Model):
    """One entry of an attempt's evidence trail (only ever added)."""

    attempt = models.ForeignKey(Attempt, on_delete=models.PROTECT, related_name="events", verbose_name=_("attempt"))
    kind = models.CharField(_("event"), max_length=16, choices=EventKind.choices)
    at = models.DateTimeField(_("at"), default=timezone.now)
    position = models.PositiveSmallIntegerField(_("question"), null=True, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+", verbose_name=_("by"))
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)

    class Meta:
        verbose_name = _("attempt event")
        verbose_name_plural = _("attempt events")
        ordering = ["attempt", "at", "pk"]
        indexes = [models.Index(fields=["attempt", "kind"], name="exams_event_attempt_kind")]

    def __str__(self):
        return f"{self.attempt_id} · {self.kind} · {self.at:%Y-%m-%d %H:%M:%S}"
