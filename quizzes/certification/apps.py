from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    """Teller grades, verifiable PDF certificates and HR's certification register (issue 8)."""

    name = "quizzes.certification"
    label = "certification"
    verbose_name = _("Grades and certificates")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal.core import audit, dashboard

        from . import audit_actions  # noqa: F401  (the audit actions are declared on import)
        from .admin_dashboard import EXPIRING_CHART
        from .dashboard import certificates_panel
        from .models import SkillAttempt, SkillAttemptEvent

        audit.register_evidence(SkillAttempt, SkillAttemptEvent)
        dashboard.register_panel(certificates_panel)
        dashboard.register_admin_chart(EXPIRING_CHART)
