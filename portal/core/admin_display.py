"""How the admin's inspect views show a field's value: the portal's dates (``portal.core.dates``), 是/否 for a
flag and a dash for nothing — never Python's ``None``, ``True``/``False`` or a UTC timestamp."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

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
    """Mix into a ``wagtail.admin.views.generic.InspectView``."""

    def get_field_display_value(self, field_name, field):
        return display_value(super().get_field_display_value(field_name, field))
