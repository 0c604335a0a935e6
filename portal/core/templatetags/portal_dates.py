"""``{{ value|portal_date }}``, ``|portal_datetime``, ``|portal_time``: ``portal.core.dates`` in templates."""

from django import template

from portal.core import dates

register = template.Library()

register.filter("portal_date", dates.format_date)
register.filter("portal_datetime", dates.format_datetime)
register.filter("portal_time", dates.format_time)
