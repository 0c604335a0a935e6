import os
import sys

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Operations: backup/restore, record verification, the scheduler and /healthz. A leaf: nothing imports it."""

    name = "portal.ops"
    label = "ops"
    verbose_name = _("Operations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The embedded default (make run) runs the periodic jobs in-process, in runserver's serving child only.
        if getattr(settings, "OPS_EMBEDDED_SCHEDULER", False) and "runserver" in sys.argv:
            if os.environ.get("RUN_MAIN") == "true" or "--noreload" in sys.argv:
                from portal.ops.scheduler import start_embedded  # noqa: PLC0415 (start only when serving)

                start_embedded()
