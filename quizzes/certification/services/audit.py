"""Write the certification audit trail (``CertificationLogEntry``). Actions are namespaced strings."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ..models import CertificationLogEntry

# action → (label, message). Registered with Wagtail's log registry in wagtail_hooks.
ACTIONS = {
    "certification.theory_result.record": (_("Record exam result"), _("Exam result recorded")),
    "certification.theory_result.update": (_("Update exam result"), _("Exam result updated")),
    "certification.skill_result.enter": (_("Enter skill result"), _("Skill result entered")),
    "certification.skill_result.confirm": (_("Confirm skill result"), _("Skill result confirmed")),
    "certification.skill_result.reject": (_("Reject skill result"), _("Skill result rejected")),
    "certification.grade.award": (_("Award grade"), _("Grade awarded (all requirements met)")),
    "certification.grade.award_manual": (_("Award grade by hand"), _("Grade awarded by hand")),
    "certification.grade.withdraw": (_("Withdraw grade"), _("Grade withdrawn")),
    "certification.grade.renew": (_("Renew grade"), _("Grade renewed")),
    "certification.certificate.issue": (_("Issue certificate"), _("Certificate issued")),
    "certification.certificate.reissue": (_("Re-issue certificate"), _("Certificate re-issued")),
    "certification.certificate.supersede": (_("Supersede certificate"), _("Certificate superseded")),
    "certification.certificate.revoke": (_("Revoke certificate"), _("Certificate revoked")),
    "certification.certificate.remind": (_("Expiry reminder"), _("Expiry reminder sent")),
    "certification.batch.start": (_("Start bulk issue"), _("Bulk issue started")),
    "certification.batch.finish": (_("Finish bulk issue"), _("Bulk issue finished")),
}


def record(instance, action: str, *, user=None, employee=None, reason: str = "", data: dict | None = None):
    """Log ``action`` on ``instance`` by ``user`` (None: the system) concerning ``employee``."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown certification action {action!r}")
    return CertificationLogEntry.objects.log_action(
        instance,
        action,
        user=user if (user is not None and user.is_authenticated) else None,
        employee=employee,
        reason=reason or "",
        data=data or {},
    )


def build(instance, action: str, *, user=None, employee=None, reason: str = "", data: dict | None = None,
          content_type=None, timestamp=None):
    """An unsaved entry, for ``bulk_create`` in bulk runs (the action is known, so no validation query)."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    if action not in ACTIONS:
        raise ValueError(f"Unknown certification action {action!r}")
    return CertificationLogEntry(
        content_type=content_type or ContentType.objects.get_for_model(instance, for_concrete_model=False),
        label=str(instance),
        action=action,
        object_id=str(instance.pk),
        timestamp=timestamp or timezone.now(),
        user=user if (user is not None and user.is_authenticated) else None,
        employee=employee,
        reason=reason or "",
        data=data or {},
    )
