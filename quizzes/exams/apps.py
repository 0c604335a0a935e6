from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExamsConfig(AppConfig):
    """Exam papers from blueprints, sittings, attempts that never lose an answer, scoring and practice."""

    name = "quizzes.exams"
    label = "exams"
    verbose_name = _("Exams")
    default_auto_field = "django.db.models.BigAutoField"
