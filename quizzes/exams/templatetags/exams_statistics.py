"""Formatting of the statistics figures: a dash for an undefined value, never "None"."""

import datetime

from django import template
from django.utils import formats, timezone

register = template.Library()


@register.filter
def figure(value, places=2):
    if value is None or value == "":
        return "—"
    return formats.number_format(round(float(value), int(places)), int(places))


@register.filter
def percent(value):
    if value is None:
        return "—"
    return f"{float(value) * 100:.0f}%"


@register.filter
def iso_datetime(value):
    try:
        moment = datetime.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return ""
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")
