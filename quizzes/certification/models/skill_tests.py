"""Keyboard skill tests the portal runs itself: 传票翻打 (voucher keying), 数字录入 (number groups) and 汉字录入.

* ``SkillTestDefinition`` hangs off an existing ``SkillTestType`` (the unit a requirement is stated in):
  which material is generated per attempt, the limit (time, or a quantity with a time cap), the scoring
  rule and penalty, whether sittings are invigilated, and its pass marks per grade level (``SkillPassMark``,
  orderable rows with a ``ParentalKey``: the definition owns them and edits them inline).
* ``SkillSitting``: a scheduled, graded sitting of a definition for named candidates; one attempt each.
* ``SkillAttempt``: one person's run (a sitting's or practice). Its material is frozen when it starts (from
  its seed), its deadline is on the server's clock, its answer is the last committed state, its score is
  computed on the server at the finish. A graded attempt becomes an ordinary ``SkillResult``.
* ``SkillKeystrokeBatch`` and ``SkillAttemptEvent`` are the evidence: every batch of keystrokes as received
  (sequence number, server time, the browser's events, the state after it) and every notable event (start,
  resume, blocked paste, lost focus, finish, the invigilator's confirmation). Written only by
  ``services.skill_tests``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from portal.core.bilingual import in_language

from ..rules import skill_material

_in_language = in_language


class SkillTestDefinition(ClusterableModel):
    """How the portal runs one keyboard skill test (material, limit, scoring, pass marks)."""

    class Material(models.TextChoices):
        AMOUNTS = "amounts", _("Voucher amounts (传票)")
        NUMBER_GROUPS = "number_groups", _("Number groups")
        PASSAGE = "passage", _("Passage from published rules and procedures")

    class Limit(models.TextChoices):
        TIME = "time", _("Fixed time")
        QUANTITY = "quantity", _("Fixed quantity (with a time cap)")

    class Rule(models.TextChoices):
        CORRECT_ITEMS = "correct_items", _("Correct items")
        NET_PER_MINUTE = "net_per_minute", _("Net correct characters per minute")

    test_type = models.ForeignKey("certification.SkillTestType", verbose_name=_("skill test"),
                                  on_delete=models.PROTECT, related_name="definitions")
    code = models.SlugField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    instructions = models.TextField(_("instructions (Chinese)"), blank=True)
    instructions_en = models.TextField(_("instructions (English)"), blank=True)
    material = models.CharField(_("material"), max_length=20, choices=Material.choices)
    item_count = models.PositiveSmallIntegerField(_("number of items"), default=100,
                                                  help_text=_("Vouchers or number groups per attempt."))
    digit_mix = models.CharField(
        _("digit-length mix"), max_length=200, blank=True, default="4:10,5:20,6:30,7:25,8:15",
        help_text=_("Digits per amount (with the two decimals) and their weight, e.g. 4:10,5:20,6:30."))
    group_length = models.PositiveSmallIntegerField(_("digits per group"), default=10)
    passage_length = models.PositiveSmallIntegerField(_("passage length (characters)"), default=500)
    limit = models.CharField(_("limit"), max_length=20, choices=Limit.choices, default=Limit.TIME)
    time_limit_seconds = models.PositiveIntegerField(
        _("time (seconds)"), default=600, help_text=_("The fixed time, or the cap of a fixed-quantity test."))
    rule = models.CharField(_("scoring rule"), max_length=20, choices=Rule.choices)
    penalty_per_error = models.DecimalField(
        _("penalty per error"), max_digits=5, decimal_places=2, default=0,
        help_text=_("Items or characters deducted for each error."))
    invigilated = models.BooleanField(_("invigilated"), default=True,
                                      help_text=_("Results of sittings need the invigilator's confirmation."))
    practice_allowed = models.BooleanField(_("open for practice"), default=True)
    is_active = models.BooleanField(_("active"), default=True)

    panels = [
        FieldPanel("test_type"),
        FieldRowPanel([FieldPanel("code"), FieldPanel("title"), FieldPanel("title_en")]),
        FieldRowPanel([FieldPanel("instructions"), FieldPanel("instructions_en")]),
        MultiFieldPanel([
            FieldPanel("material"),
            FieldRowPanel([FieldPanel("item_count"), FieldPanel("digit_mix"), FieldPanel("group_length"),
                           FieldPanel("passage_length")]),
        ], heading=_("Material")),
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("limit"), FieldPanel("time_limit_seconds")]),
            FieldRowPanel([FieldPanel("rule"), FieldPanel("penalty_per_error")]),
        ], heading=_("Limit and scoring")),
        FieldRowPanel([FieldPanel("invigilated"), FieldPanel("practice_allowed"), FieldPanel("is_active")]),
        InlinePanel("pass_marks", heading=_("Pass marks per grade"), label=_("pass mark")),
    ]

    class Meta:
        verbose_name = _("skill test definition")
        verbose_name_plural = _("skill test definitions")
        ordering = ["code"]

    def __str__(self):
        return self.display_title

    @property
    def display_title(self) -> str:
        return _in_language(self.title, self.title_en)

    @property
    def display_instructions(self) -> str:
        return _in_language(self.instructions, self.instructions_en)

    @property
    def is_items(self) -> bool:
        return self.material in (self.Material.AMOUNTS, self.Material.NUMBER_GROUPS)

    def clean(self):
        super().clean()
        if self.material == self.Material.AMOUNTS:
            try:
                skill_material.parse_digit_mix(self.digit_mix)
            except skill_material.MaterialError:
                raise ValidationError({"digit_mix": _("Write digits and weights, e.g. 4:10,5:20,6:30 "
                                                      "(3 to 11 digits each).")})
        if self.is_items and not 1 <= (self.item_count or 0) <= 500:
            raise ValidationError({"item_count": _("Between 1 and 500 items.")})
        if self.material == self.Material.NUMBER_GROUPS and not 1 <= (self.group_length or 0) <= 40:
            raise ValidationError({"group_length": _("Between 1 and 40 digits.")})
        if self.material == self.Material.PASSAGE and not 20 <= (self.passage_length or 0) <= 5000:
            raise ValidationError({"passage_length": _("Between 20 and 5,000 characters.")})
        if self.material == self.Material.PASSAGE and self.rule == self.Rule.CORRECT_ITEMS:
            raise ValidationError({"rule": _("A passage is scored by characters per minute.")})
        if self.material == self.Material.AMOUNTS and self.rule == self.Rule.NET_PER_MINUTE:
            raise ValidationError({"rule": _("Voucher amounts are scored by correct items.")})
        if not 10 <= (self.time_limit_seconds or 0) <= 7200:
            raise ValidationError({"time_limit_seconds": _("Between 10 seconds and 2 hours.")})


class SkillPassMark(Orderable):
    """The result a definition's attempt needs for one grade level (value at least, errors at most)."""

    definition = ParentalKey(SkillTestDefinition, on_delete=models.CASCADE, related_name="pass_marks")
    level = models.ForeignKey("certification.GradeLevel", verbose_name=_("grade"), on_delete=models.PROTECT,
                              related_name="+")
    min_value = models.DecimalField(_("at least"), max_digits=8, decimal_places=2)
    max_errors = models.PositiveSmallIntegerField(_("at most errors"), null=True, blank=True)

    panels = [FieldRowPanel([FieldPanel("level"), FieldPanel("min_value"), FieldPanel("max_errors")])]

    class Meta(Orderable.Meta):
        verbose_name = _("pass mark")
        verbose_name_plural = _("pass marks")

    def __str__(self):
        return f"{self.level} ≥ {self.min_value}"


class SkillSitting(models.Model):
    """A graded sitting of a keyboard skill test for named candidates, in a window; one attempt each."""

    definition = models.ForeignKey(SkillTestDefinition, verbose_name=_("skill test"), on_delete=models.PROTECT,
                                   related_name="sittings")
    title = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    location = models.CharField(_("room"), max_length=200, blank=True)
    invigilated = models.BooleanField(_("invigilated"), default=True)
    candidates = models.ManyToManyField("people.Employee", verbose_name=_("candidates"), related_name="+",
                                        blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("responsible examiner"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
        help_text=_("Enters the results of a sitting without an invigilator; a second examiner confirms."))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    panels = [
        FieldPanel("definition"),
        FieldRowPanel([FieldPanel("title"), FieldPanel("title_en")]),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
        FieldRowPanel([FieldPanel("location"), FieldPanel("invigilated")]),
        FieldPanel("created_by"),
        FieldPanel("candidates"),
    ]

    class Meta:
        verbose_name = _("skill test sitting")
        verbose_name_plural = _("skill test sittings")
        ordering = ["-opens_at", "-pk"]

    def __str__(self):
        return self.display_title

    @property
    def display_title(self) -> str:
        return _in_language(self.title, self.title_en)

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The sitting must close after it opens.")})


FLAG_LABELS = {
    "fast_keys": _("Key presses faster than a person types"),
    "burst": _("A burst of characters in under a second"),
    "server_rate": _("Characters arrived faster than a person types (server clock)"),
    "unexplained_text": _("Text that no recorded keystroke put there"),
    "clock_skew": _("The browser's clock ran ahead of the server's"),
    "blocked_input": _("Paste, drag-and-drop or autofill tried (refused)"),
    "focus_lost": _("Left the test window"),
}


class SkillAttemptQuerySet(models.QuerySet):
    """The one definition of a skill attempt's derived states (stored status + the server's clock)."""

    def in_progress(self):
        return self.filter(status=SkillAttempt.Status.IN_PROGRESS)

    def overdue(self, now=None):
        """In progress past its deadline on ``now``: to be finished with what was sent (``expire_overdue``)."""
        return self.in_progress().filter(deadline__lte=now or timezone.now())

    def finished(self):
        return self.filter(status=SkillAttempt.Status.FINISHED)


class SkillAttempt(models.Model):
    """One run of a keyboard skill test by one person: frozen material, server deadline, answer, score."""

    class Mode(models.TextChoices):
        SITTING = "sitting", _("Graded sitting")
        PRACTICE = "practice", _("Practice")

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        FINISHED = "finished", _("Finished")

    class Finish(models.TextChoices):
        CANDIDATE = "candidate", _("Finished by the candidate")
        DEADLINE = "deadline", _("Time was up")

    employee = models.ForeignKey("people.Employee", verbose_name=_("employee"), on_delete=models.PROTECT,
                                 related_name="skill_attempts")
    definition = models.ForeignKey(SkillTestDefinition, verbose_name=_("skill test"), on_delete=models.PROTECT,
                                   related_name="attempts")
    sitting = models.ForeignKey(SkillSitting, verbose_name=_("sitting"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="attempts")
    mode = models.CharField(_("mode"), max_length=20, choices=Mode.choices)
    seed = models.BigIntegerField(_("seed"))
    material = models.JSONField(_("material"), default=dict)
    rules_in_force = models.JSONField(_("rules in force"), default=dict)
    started_at = models.DateTimeField(_("started at"))
    deadline = models.DateTimeField(_("deadline"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.IN_PROGRESS)
    last_seq = models.PositiveIntegerField(_("last batch"), default=0)
    last_saved_at = models.DateTimeField(_("last saved at"), null=True, blank=True)
    answer = models.JSONField(_("answer"), default=dict)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    finish_reason = models.CharField(_("finished"), max_length=20, choices=Finish.choices, blank=True)
    elapsed_seconds = models.DecimalField(_("time used (seconds)"), max_digits=8, decimal_places=2, null=True,
                                          blank=True)
    value = models.DecimalField(_("result"), max_digits=8, decimal_places=2, null=True, blank=True)
    errors = models.PositiveIntegerField(_("errors"), null=True, blank=True)
    accuracy = models.DecimalField(_("accuracy"), max_digits=5, decimal_places=4, null=True, blank=True)
    speed = models.DecimalField(_("speed per minute"), max_digits=8, decimal_places=2, null=True, blank=True)
    score_details = models.JSONField(_("score details"), default=dict, blank=True)
    flags = models.JSONField(_("timing flags"), default=list, blank=True)
    levels_reached = models.JSONField(_("grades reached"), default=list, blank=True)
    invigilator = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("invigilator"), null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+")
    invigilator_confirmed_at = models.DateTimeField(_("invigilator confirmed at"), null=True, blank=True)
    invigilator_note = models.TextField(_("invigilator's note"), blank=True)
    skill_result = models.OneToOneField("certification.SkillResult", verbose_name=_("skill result"), null=True,
                                        blank=True, on_delete=models.PROTECT, related_name="attempt")

    objects = SkillAttemptQuerySet.as_manager()

    class Meta:
        verbose_name = _("skill test attempt")
        verbose_name_plural = _("skill test attempts")
        ordering = ["-started_at", "-pk"]
        permissions = [("invigilate_skillattempt", _("Can confirm skill test attempts as invigilator"))]
        constraints = [
            models.UniqueConstraint(fields=["sitting", "employee"], condition=Q(sitting__isnull=False),
                                    name="certification_skill_one_attempt_per_sitting"),
            models.UniqueConstraint(fields=["employee"], condition=Q(status="in_progress"),
                                    name="certification_skill_one_attempt_in_progress"),
        ]

    def __str__(self):
        return f"{self.employee} · {self.definition} · {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def is_in_progress(self) -> bool:
        return self.status == self.Status.IN_PROGRESS

    @property
    def flag_lines(self) -> list[tuple[str, int]]:
        """The timing flags as (translated label, count) for the invigilator and the examiner."""
        return [(str(FLAG_LABELS.get(f.get("code"), f.get("code"))), f.get("count", 0)) for f in self.flags]


class SkillKeystrokeBatch(models.Model):
    """A batch of keystrokes as the server received it: the evidence the score is computed from."""

    attempt = models.ForeignKey(SkillAttempt, on_delete=models.CASCADE, related_name="batches")
    seq = models.PositiveIntegerField(_("sequence number"))
    received_at = models.DateTimeField(_("received at"))
    events = models.JSONField(_("events"), default=list)
    state = models.JSONField(_("answer after the batch"), default=dict)
    chars = models.PositiveIntegerField(_("characters committed"), default=0)

    class Meta:
        verbose_name = _("keystroke batch")
        verbose_name_plural = _("keystroke batches")
        ordering = ["attempt", "seq"]
        constraints = [models.UniqueConstraint(fields=["attempt", "seq"], name="certification_skill_batch_seq")]

    def __str__(self):
        return f"{self.attempt_id} #{self.seq}"


class SkillAttemptEvent(models.Model):
    """The evidence log of an attempt: start, resume, refused input, lost focus, finish, confirmation."""

    attempt = models.ForeignKey(SkillAttempt, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=40, db_index=True)
    at = models.DateTimeField(_("at"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    ip = models.GenericIPAddressField(_("address"), null=True, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        verbose_name = _("skill test event")
        verbose_name_plural = _("skill test events")
        ordering = ["attempt", "at", "pk"]

    def __str__(self):
        return f"{self.attempt_id} {self.kind}"
