"""Which employee holds which post.

PostAssignment is a plain model (HR data, not content: no revisions, no translation). It always points
to the source-language post page, so "my posts" does not depend on which translation HR picked. An
employee may hold several posts, never two that a SegregationRule forbids together; the check lives in
content.services.assignments and is run by ``clean()`` (admin forms) and by ``assign_post`` (everything
else).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PostAssignment(models.Model):
    employee = models.ForeignKey(
        "people.Employee", verbose_name=_("employee"), on_delete=models.CASCADE, related_name="post_assignments"
    )
    post = models.ForeignKey(
        "content.PostPage", verbose_name=_("post"), on_delete=models.CASCADE, related_name="assignments"
    )
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("post assignment")
        verbose_name_plural = _("post assignments")
        ordering = ["employee__employee_number", "post__title"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "post"], name="content_postassignment_unique_employee_post")
        ]

    def __str__(self):
        return f"{self.employee} → {self.post}"

    def clean(self):
        super().clean()
        if self.employee_id and self.post_id:
            from content.services.assignments import check_assignment

            check_assignment(self.employee, self.post, exclude_pk=self.pk)
