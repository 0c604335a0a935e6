from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = _("Knowledge base")

    def ready(self):
        from . import audit_actions  # noqa: F401  (the audit actions are declared on import)
