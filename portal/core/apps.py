from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "portal.core"
    label = "core"
    verbose_name = _("Portal core")

    def ready(self):
        from wagtail.admin.views.mixins import SpreadsheetExportMixin

        from . import admin_compare, spreadsheets

        spreadsheets.guard_wagtail_exports(SpreadsheetExportMixin)
        admin_compare.register()
