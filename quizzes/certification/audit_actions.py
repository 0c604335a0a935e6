"""The certification audit actions (``certification.*``), written through ``portal.core.audit.record`` to
Wagtail's ``ModelLogEntry`` (the person concerned in ``data["employee_id"]``, HR's or the Examiner's reason in
``data["reason"]``, shown as the entry's comment in the object's History)."""

from django.utils.translation import gettext_lazy as _

from portal.core.audit import declare

# action → (label, message), declared once; portal.core registers them with Wagtail's log registry.
ACTIONS = declare({
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
})
