"""Practice (练习) and the wrong-answer notebook (错题本).

Examiners open a bank to practice (PracticeBank): trainees drill its active questions with immediate
feedback — the key, the explanation and links to the regulation articles the question tests. A bank marked
"exam only" (QuestionBank.exam_only) is never offered for practice, whatever its PracticeBank says. Every practice answer is kept (PracticeAnswer); a wrong one
puts the question into the trainee's notebook (NotebookEntry), and answering it right while drilling the
notebook clears it again. Wrong answers of an exam whose review shows the key go into the notebook too.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class PracticeBank(models.Model):
    bank = models.OneToOneField("quizzes.QuestionBank", on_delete=models.CASCADE, related_name="practice",
                                verbose_name=_("question bank"))
    is_open = models.BooleanField(_("open for practice"), default=True)
    note = models.TextField(_("note to trainees"), blank=True)
    created_at = models.DateTimeField(_("opened for practice at"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("opened by"), editable=False)

    class Meta:
        verbose_name = _("practice bank")
        verbose_name_plural = _("practice banks")
        ordering = ["bank__category__path", "bank__name"]

    def __str__(self):
        return str(self.bank)

    def clean(self):
        if self.bank_id and self.bank.exam_only:
            raise ValidationError({"bank": _("This bank is marked “exam only”: it cannot be opened for practice.")})


class PracticeAnswer(models.Model):
    employee = models.ForeignKey("people.Employee", on_delete=models.CASCADE, related_name="practice_answers",
                                 verbose_name=_("trainee"))
    question = models.ForeignKey("quizzes.Question", on_delete=models.CASCADE, related_name="+",
                                 verbose_name=_("question"))
    version = models.ForeignKey("quizzes.QuestionVersion", on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("question version"))
    response = models.JSONField(_("answer"), null=True)
    correct = models.BooleanField(_("correct"), null=True, help_text=_("Empty for a short answer (self-checked)."))
    from_notebook = models.BooleanField(_("drilled from the notebook"), default=False)
    answered_at = models.DateTimeField(_("answered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("practice answer")
        verbose_name_plural = _("practice answers")
        ordering = ["-answered_at", "-pk"]
        indexes = [models.Index(fields=["employee", "question"], name="exams_practice_emp_question")]

    def __str__(self):
        return f"{self.employee_id} · #{self.question_id} · {self.correct}"


class NotebookEntry(models.Model):
    """A question the trainee got wrong and has not yet got right again (错题本)."""

    class Source(models.TextChoices):
        PRACTICE = "practice", _("Practice")
        EXAM = "exam", _("Exam")

    employee = models.ForeignKey("people.Employee", on_delete=models.CASCADE, related_name="notebook",
                                 verbose_name=_("trainee"))
    question = models.ForeignKey("quizzes.Question", on_delete=models.CASCADE, related_name="+",
                                 verbose_name=_("question"))
    version = models.ForeignKey("quizzes.QuestionVersion", on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("question version"))
    source = models.CharField(_("from"), max_length=10, choices=Source.choices, default=Source.PRACTICE)
    wrong_count = models.PositiveIntegerField(_("times wrong"), default=1)
    last_response = models.JSONField(_("last wrong answer"), null=True)
    first_wrong_at = models.DateTimeField(_("first wrong at"), auto_now_add=True)
    last_wrong_at = models.DateTimeField(_("last wrong at"))
    cleared_at = models.DateTimeField(_("cleared at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notebook entry")
        verbose_name_plural = _("notebook entries")
        ordering = ["-last_wrong_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "question"], name="exams_notebook_unique_question"),
        ]

    def __str__(self):
        return f"{self.employee_id} · #{self.question_id} × {self.wrong_count}"
