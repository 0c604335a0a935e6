from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    """Teller grades, verifiable PDF certificates and HR's certification register (issue 8)."""

    name = "quizzes.certification"
    label = "certification"
    verbose_name = _("Grades and certificates")
    default_auto_field = "django.db.models.BigAutoField"
