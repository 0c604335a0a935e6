from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExamsConfig(AppConfig):
    """Exam papers from blueprints, sittings, attempts that never lose an answer, scoring and practice."""

    name = "quizzes.exams"
    label = "exams"
    verbose_name = _("Exams")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import pre_delete

        from portal.accounts.middleware import register_session_keeper
        from portal.core import audit, dashboard

        from . import audit_actions  # noqa: F401  (the audit actions are declared on import)
        from .admin_dashboard import CHARTS
        from .dashboard import sittings_panel
        from .models import Attempt, AttemptEvent
        from .services.attempts import has_timed_attempt_in_progress
        from .services.evidence import guard_user_delete

        audit.register_evidence(Attempt, AttemptEvent)
        dashboard.register_panel(sittings_panel)
        for chart in CHARTS:
            dashboard.register_admin_chart(chart)
        register_session_keeper(has_timed_attempt_in_progress)

        pre_delete.connect(guard_user_delete, sender=get_user_model(), dispatch_uid="exams_guard_user_delete")
