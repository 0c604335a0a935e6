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
        from .admin_dashboard import CHARTS
        from .dashboard import certificates_panel
        from .models import SkillAttempt, SkillAttemptEvent

        audit.register_evidence(SkillAttempt, SkillAttemptEvent)
        dashboard.register_panel(certificates_panel)
        for chart in CHARTS:
            dashboard.register_admin_chart(chart)
        self._warm_up_certificates()

    @staticmethod
    def _warm_up_certificates():
        """With ``PORTAL_CERTIFICATE_WARM_UP`` (production), each process prepares WeasyPrint and the fonts in
        a background thread at start, so not even its first certificate pays the one-time second and a half."""
        import threading

        from django.conf import settings

        if not getattr(settings, "PORTAL_CERTIFICATE_WARM_UP", False):
            return

        def run():
            import logging

            from . import pdf

            try:
                pdf.warm_up()
            except Exception:  # noqa: BLE001 - the first certificate then prepares them (or reports the error)
                logging.getLogger(__name__).exception("Certificate warm-up failed")

        threading.Thread(target=run, name="certificate-warm-up", daemon=True).start()
