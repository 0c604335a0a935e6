from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = _("Knowledge base")

    def ready(self):
        from portal.core import dashboard

        from . import audit_actions, search_documents  # noqa: F401  (audit actions, search extractors)
        from .dashboard import posts_panel

        dashboard.register_panel(posts_panel)
        search_documents.connect()
