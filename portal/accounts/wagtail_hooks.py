"""Admin menu items and URLs for locked sign-ins and break-glass accounts."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views

urlpatterns = [
    path("locked/", admin_views.locked_list, name="locked"),
    path("locked/<int:pk>/unlock/", admin_views.unlock, name="unlock"),
    path("break-glass/", admin_views.break_glass_list, name="break_glass"),
    path("break-glass/<int:pk>/remove/", admin_views.break_glass_clear, name="break_glass_clear"),
]


@hooks.register("register_admin_urls")
def register_accounts_urls():
    return [path("sign-in/", include((urlpatterns, "accounts_admin"), namespace="accounts_admin"))]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_settings_menu_item")
def register_locked_menu_item():
    return PermissionMenuItem(_("Locked sign-ins"), reverse("accounts_admin:locked"), name="locked-sign-ins",
                              icon_name="lock", order=900, permission=admin_views.UNLOCK_PERMISSION)


@hooks.register("register_settings_menu_item")
def register_break_glass_menu_item():
    return PermissionMenuItem(_("Break-glass accounts"), reverse("accounts_admin:break_glass"),
                              name="break-glass", icon_name="key", order=910,
                              permission=admin_views.BREAK_GLASS_PERMISSION)

