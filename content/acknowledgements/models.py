"""Acknowledgement rounds, acknowledgements, the reminder log, and the compliance review task.

* ``AcknowledgementRound`` — one per material revision that went live (unique on the revision): who had
  to read it is the set of its ``Acknowledgement`` rows. A newer round for the same page replaces it (its
  pending rows become "replaced"); unpublishing or superseding the rule withdraws it.
* ``Acknowledgement`` — one employee's obligation in one round, and once fulfilled the evidence: the
  exact revision read (which may be a later, non-material revision of the same page: what was live when
  the employee confirmed) and the time. Rows are never deleted; revisions and employees they point to are
  protected.
* ``AcknowledgementReminder`` — one row per reminder and day (unique), so the daily run is idempotent.
* ``ComplianceApprovalTask`` — Wagtail's group approval task that refuses approval by anyone who authored
  the change under review (maker-checker rule, 双人复核).

Mutations go through ``content.acknowledgements.services``; these models hold data and small queries.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask

from portal.core.bilingual import in_language

from .forms import ComplianceApprovalForm


class AcknowledgementRoundQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=AcknowledgementRound.Status.OPEN)

    def with_pending_for(self, employee_ids):
        """Open rounds in which any of ``employee_ids`` still has a request to read."""
        return self.open().filter(
            acknowledgements__employee_id__in=employee_ids,
            acknowledgements__status=Acknowledgement.Status.PENDING,
        ).distinct()


class AcknowledgementRound(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class CloseReason(models.TextChoices):
        REPLACED = "replaced", _("Replaced by a later version")
        WITHDRAWN = "withdrawn", _("Rule withdrawn, superseded or repealed")

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("regulation or procedure"),
        on_delete=models.PROTECT,
        related_name="acknowledgement_rounds",
    )
    revision = models.OneToOneField(
        "wagtailcore.Revision",
        verbose_name=_("revision"),
        on_delete=models.PROTECT,
        related_name="acknowledgement_round",
    )
    previous_revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("previous live revision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=255)
    change_summary = models.TextField(_("summary of the change"))
    change_summary_en = models.TextField(_("summary of the change (English)"), blank=True, default="")
    change_summary_en_generated = models.BooleanField(
        _("English summary generated from the changes"), default=False
    )
    due_days = models.PositiveSmallIntegerField(_("days to acknowledge"))
    due_on = models.DateField(_("due on"))
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    audience_size = models.PositiveIntegerField(_("employees asked"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    close_reason = models.CharField(
        _("closed because"), max_length=20, choices=CloseReason.choices, blank=True
    )

    objects = AcknowledgementRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("acknowledgement round")
        verbose_name_plural = _("acknowledgement rounds")
        ordering = ["-opened_at", "-pk"]
        indexes = [models.Index(fields=["page", "status"], name="ack_round_page_status")]
        permissions = [("view_report", _("Can see who has read and acknowledged rules"))]

    def __str__(self):
        return f"{self.title} ({timezone.localtime(self.opened_at):%Y-%m-%d})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def display_change_summary(self) -> str:
        """The summary in the active language (English where there is one, else the Chinese)."""
        return in_language(self.change_summary, self.change_summary_en)


def reading_states(today: datetime.date, prefix: str = "") -> dict[str, models.Q]:
    """The one definition of the counted reading states, as Q objects on Acknowledgement (``prefix`` =
    "acknowledgements__" on rounds): what the who-has-read reports, the dashboard and the admin filter count.
    *Outstanding* ("pending" here) is a request still to read by someone still employed, whatever its round;
    *overdue* is outstanding past its due date on ``today``."""
    Q = models.Q
    acknowledged = Q(**{f"{prefix}status": Acknowledgement.Status.ACKNOWLEDGED})
    pending = Q(**{f"{prefix}status": Acknowledgement.Status.PENDING, f"{prefix}employee__is_active": True})
    return {
        "required": acknowledged | pending,
        "acknowledged": acknowledged,
        "pending": pending,
        "overdue": pending & Q(**{f"{prefix}due_on__lt": today}),
    }


class AcknowledgementQuerySet(models.QuerySet):
    def pending(self):
        """To read now: pending in an open round (what the reader is asked to confirm)."""
        return self.filter(
            status=Acknowledgement.Status.PENDING, round__status=AcknowledgementRound.Status.OPEN
        )

    def overdue(self, today: datetime.date | None = None):
        return self.pending().filter(due_on__lt=today or timezone.localdate())

    def outstanding(self, today: datetime.date | None = None):
        """Counted as still to read in the reports (``reading_states``: pending, by someone still employed)."""
        return self.filter(reading_states(today or timezone.localdate())["pending"])

    def outstanding_overdue(self, today: datetime.date | None = None):
        return self.filter(reading_states(today or timezone.localdate())["overdue"])

    def with_status(self, today: datetime.date | None = None):
        """Annotate ``current_status``: ``Acknowledgement.OVERDUE`` for a pending one past its due date on
        ``today`` (the model's ``is_overdue``), else the stored status; computed by the database."""
        return self.annotate(
            current_status=models.Case(
                models.When(
                    status=Acknowledgement.Status.PENDING,
                    due_on__lt=today or timezone.localdate(),
                    then=models.Value(Acknowledgement.OVERDUE),
                ),
                default=models.F("status"),
                output_field=models.CharField(),
            )
        )


class Acknowledgement(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("To read")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        REPLACED = "replaced", _("Replaced by a later version")
        WITHDRAWN = "withdrawn", _("No longer required")

    OVERDUE = "overdue"  # derived: pending past its due date (``with_status``, ``is_overdue``)

    class Reason(models.TextChoices):
        ROUND_OPENED = "round", _("Holds a linked post when the round opened")
        POST_CHANGED = "post", _("Took a linked post later")

    round = models.ForeignKey(
        AcknowledgementRound,
        verbose_name=_("round"),
        on_delete=models.CASCADE,
        related_name="acknowledgements",
        db_index=False,  # the unique (round, employee) index serves every lookup by round
    )
    employee = models.ForeignKey(
        "people.Employee",
        verbose_name=_("employee"),
        on_delete=models.PROTECT,
        related_name="acknowledgements",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    reason = models.CharField(
        _("asked because"), max_length=8, choices=Reason.choices, default=Reason.ROUND_OPENED
    )
    due_on = models.DateField(_("due on"))
    added_at = models.DateTimeField(_("asked at"), default=timezone.now)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("revision acknowledged"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # NULL until acknowledged: the partial index below holds only the acknowledged rows
    )

    objects = AcknowledgementQuerySet.as_manager()

    class Meta:
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "employee"], name="ack_one_per_round_and_employee"),
            models.CheckConstraint(
                condition=~models.Q(status="acknowledged")
                | models.Q(acknowledged_at__isnull=False, revision__isnull=False),
                name="ack_acknowledged_has_time_and_revision",
            ),
        ]
        # Opening a round writes one row per employee asked and replacing it changes the status of every
        # pending one, so the table keeps few indexes and none on ``status``: a change of status then
        # touches no index (a heap-only update on PostgreSQL, which migration 0005 leaves room for with a
        # fill factor of 50). Lookups by round use the unique (round, employee) index, by employee the
        # foreign key's own, and the status is filtered on the rows found (the reports read a round's rows
        # whole; a reader has a few requests). Measured by bench/acknowledgements/bench_open_round.py.
        indexes = [
            models.Index(
                fields=["revision"], condition=models.Q(revision__isnull=False), name="ack_revision_acknowledged"
            ),
        ]

    def __str__(self):
        return f"{self.employee} · {self.round.title}"

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return self.status == self.Status.PENDING and self.due_on < (today or timezone.localdate())


class AcknowledgementReminder(models.Model):
    """One reminder for one acknowledgement on one day; the daily run creates the rows, a task sends them."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Due soon")
        OVERDUE = "overdue", _("Overdue")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        SKIPPED = "skipped", _("Not sent")

    acknowledgement = models.ForeignKey(
        Acknowledgement, verbose_name=_("acknowledgement"), on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    sent_on = models.DateField(_("day"))
    run_id = models.UUIDField(_("run"), db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("acknowledgement reminder")
        verbose_name_plural = _("acknowledgement reminders")
        ordering = ["-sent_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["acknowledgement", "sent_on"], name="ack_one_reminder_per_day")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.sent_on}"


class ComplianceApprovalTask(AbstractGroupApprovalTask):
    """Approval by a member of the chosen groups (the Compliance reviewer role) who did not write the change.

    Whoever authored a revision of the change under review (since the live version) or submitted it may
    request changes but never approve it: the approve actions are not offered to them, and an approval
    attempted anyway (a crafted request, a stale page) is refused and logged.
    """

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if not actions:
            return actions
        from .services import review

        task_state = obj.current_workflow_task_state
        if task_state is not None and review.is_author_of_change(user, task_state):
            return [action for action in actions if action[0] != "approve"]
        # one "Approve" that always opens the dialog: effective date, publication, comment, what happens next
        return [action for action in actions if action[0] != "approve"] + [("approve", _("Approve"), True)]

    def get_form_for_action(self, action):
        if action == "approve":
                return ComplianceApprovalForm
        return super().get_form_for_action(action)

    def on_action(self, task_state, user, action_name, **kwargs):
        effective_date = kwargs.pop("effective_date", None)
        publication = kwargs.pop("publication", "") or ""
        if action_name != "approve":
            return super().on_action(task_state, user, action_name, **kwargs)
        from .services import review

        if review.is_author_of_change(user, task_state):
            review.log_refused_self_approval(user, task_state)
            raise PermissionDenied(review.SELF_APPROVAL_MESSAGE)
        try:
            review.apply_decision(task_state, user, effective_date=effective_date, publication=publication)
        except ValidationError as error:  # only a crafted request gets here: the dialog validates first
            raise PermissionDenied(" ".join(error.messages)) from error
        super().on_action(task_state, user, action_name, **kwargs)
        return reverse("acknowledgement_reports:approved", args=[task_state.pk])

    def get_template_for_action(self, action):
        if action == "approve":
            # the approval dialog shows the publication decision stored with the version
            return "acknowledgements/admin/approve_modal.html"
        return super().get_template_for_action(action)

    @classmethod
    def get_description(cls):
        return _("Members of the chosen groups approve; nobody may approve a change they wrote or submitted")

    class Meta:
        verbose_name = _("Compliance approval task")
        verbose_name_plural = _("Compliance approval tasks")
