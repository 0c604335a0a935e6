from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles_after_migrate(sender, app_config=None, apps=None, using="default", **kwargs):
    """Re-apply the role table once per ``migrate``/flush, after the last app's post_migrate."""
    from django.apps import apps as global_apps

    # post_migrate is sent only for apps with a models module, in INSTALLED_APPS order.
    last = [a for a in global_apps.get_app_configs() if a.models_module is not None][-1]
    if app_config is None or app_config.label != last.label:
        return
    from portal.people.roles import sync_roles

    sync_roles(global_apps)


class PeopleConfig(AppConfig):
    name = "portal.people"
    label = "people"
    verbose_name = _("People and organisation")

    def ready(self):
        post_migrate.connect(_sync_roles_after_migrate, dispatch_uid="people.sync_roles")
