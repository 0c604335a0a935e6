"""The scheduler's state in the database, so that several schedulers and app servers share it.

``SchedulerLease``: one row per lease name; whoever holds an unexpired lease runs the jobs, others wait.
``JobRun``: one row per periodic job with its last run (time, outcome, output) and when it is next due.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SchedulerLease(models.Model):
    name = models.CharField(_("lease"), max_length=50, primary_key=True)
    holder = models.CharField(_("held by"), max_length=200, blank=True)
    expires_at = models.DateTimeField(_("expires at"))

    class Meta:
        verbose_name = _("scheduler lease")
        verbose_name_plural = _("scheduler leases")

    def __str__(self):
        return self.name


class JobRun(models.Model):
    name = models.CharField(_("job"), max_length=80, unique=True)
    next_due = models.DateTimeField(_("next due"))
    last_started = models.DateTimeField(_("last started"), null=True, blank=True)
    last_finished = models.DateTimeField(_("last finished"), null=True, blank=True)
    last_ok = models.BooleanField(_("last run succeeded"), null=True)
    last_output = models.TextField(_("last output"), blank=True)
    runs = models.PositiveIntegerField(_("runs"), default=0)

    class Meta:
        verbose_name = _("scheduled job")
        verbose_name_plural = _("scheduled jobs")
        ordering = ["name"]

    def __str__(self):
        return self.name
