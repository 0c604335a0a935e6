from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = _("Exams and certification")

    def ready(self):
        from . import audit_actions, search_documents  # noqa: F401  (the audit actions are declared on import)

        search_documents.connect()
