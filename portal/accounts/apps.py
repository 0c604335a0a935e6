from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "portal.accounts"
    label = "accounts"
    verbose_name = _("Sign-in and sessions")

    def ready(self):
        from . import audit_actions, checks, signals  # noqa: F401  (actions, system checks and the lockout receiver)
