"""Admin listing columns that show dates the portal's way (``portal.core.dates``).

Wagtail's own ``DateColumn`` prints "3 days ago", and a date in the future as "just now" (刚刚); a register
of certificates valid until 2029 needs the date itself. Drop-in replacement: same arguments, plus
``with_time`` (default: a datetime shows its time of day, a date does not).
"""

from __future__ import annotations

import datetime

from wagtail.admin.ui.tables import Column


class DateColumn(Column):
    cell_template_name = "portal/tables/date_cell.html"

    def __init__(self, name, with_time: bool | None = None, **kwargs):
        super().__init__(name, **kwargs)
        self.with_time = with_time

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        value = context.get("value")
        context["with_time"] = self.with_time if self.with_time is not None else isinstance(value, datetime.datetime)
        return context
