from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Portal search: the Chinese analyzer, the search index tables and the search page."""

    name = "portal.search"
    label = "portal_search"
    verbose_name = _("Search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal.core.middleware import register_reading_view

        from . import signals, views

        signals.connect()
        register_reading_view(views.search)
