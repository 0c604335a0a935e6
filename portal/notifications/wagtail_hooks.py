"""The admin's notification entry: a menu item with the unread count, linking to the portal's centre."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import services


class NotificationsMenuItem(MenuItem):
    def render_component(self, request):
        component = super().render_component(request)
        count = services.unread_count(request.user)
        if count:
            component.label = _("Notifications (%(count)s unread)") % {"count": count}
        component.url = reverse("notifications:list")
        return component


@hooks.register("register_admin_menu_item")
def register_notifications_menu_item():
    return NotificationsMenuItem(
        gettext_lazy("Notifications"), "/", icon_name="mail", order=50, name="notifications",
        attrs={"data-notifications": "1"},
    )
