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

        from .services.evidence import guard_user_delete

        pre_delete.connect(guard_user_delete, sender=get_user_model(), dispatch_uid="exams_guard_user_delete")
