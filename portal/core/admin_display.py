"""How the admin's inspect views show a field's value: the portal's dates (``portal.core.dates``), 是/否 for a
flag and a dash for nothing — never Python's ``None``, ``True``/``False`` or a UTC timestamp."""

from __future__ import annotations

import datetime

from django.contrib.admin.utils import quote
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.widgets import Button

from . import dates

EMPTY = "—"


def display_value(value):
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        return dates.format_datetime(value)
    if isinstance(value, datetime.date):
        return dates.format_date(value)
    return value


class PortalInspectMixin:
    """Mix into a ``wagtail.admin.views.generic.InspectView``: the portal's display values, and a "History"
    button to the viewset's own history view (Wagtail's, listing the object's audit entries with their reasons)."""

    def get_field_display_value(self, field_name, field):
        return display_value(super().get_field_display_value(field_name, field))

    def get_history_url(self):
        if not self.index_url_name or not self.index_url_name.endswith(":index"):
            return None
        return reverse(self.index_url_name.removesuffix(":index") + ":history", args=[quote(self.object.pk)])

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if history_url := self.get_history_url():
            buttons.append(Button(gettext_lazy("History"), url=history_url, icon_name="history", priority=30))
        return buttons


class ViewableHistoryView(HistoryView):
    """Wagtail's history view for objects that change only through services: whoever may view the object
    (an Auditor, HR reading the register) may read its audit trail."""

    any_permission_required = ["add", "change", "delete", "view"]
