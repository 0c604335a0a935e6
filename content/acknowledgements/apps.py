from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AcknowledgementsConfig(AppConfig):
    """Rule publishing workflow, acknowledgement rounds and who-has-read reports (issue 4)."""

    name = "content.acknowledgements"
    label = "acknowledgements"
    verbose_name = _("Read and acknowledge")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal.core import dashboard

        from . import audit_actions, signals  # noqa: F401  (the audit actions are declared on import)
        from .admin_dashboard import CHARTS
        from .dashboard import acknowledgements_panel

        signals.connect()
        dashboard.register_panel(acknowledgements_panel)
        for chart in CHARTS:
            dashboard.register_admin_chart(chart)
