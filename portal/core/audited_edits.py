"""Edits that log their before and after values: a mixin for Wagtail generic EditViews (employees, post
assignments, grade awards, certificates). Wagtail writes ``wagtail.edit`` with empty data; this fills the same
log entry's data with ``{"changes": {field: {"before": …, "after": …}}}``."""

from __future__ import annotations

from wagtail.models import ModelLogEntry

from . import audit


def snapshot(instance) -> dict:
    values = {}
    for field in instance._meta.concrete_fields:
        value = field.value_from_object(instance)
        values[field.attname] = None if value is None else (value if isinstance(value, (bool, int)) else str(value))
    return values


def changes(before: dict, after: dict) -> dict:
    return {name: {"before": before.get(name), "after": value}
            for name, value in after.items() if before.get(name) != value}


class BeforeAfterEditMixin:
    def get_object(self, queryset=None):
        obj = super().get_object(queryset) if queryset is not None else super().get_object()
        if not hasattr(self, "_audit_before"):
            self._audit_before = snapshot(obj)
        return obj

    def save_instance(self):
        instance = super().save_instance()
        diff = changes(getattr(self, "_audit_before", {}), snapshot(instance))
        entry = (ModelLogEntry.objects.for_instance(instance).filter(action="wagtail.edit")
                 .order_by("-timestamp", "-pk").first())
        if entry is not None:
            entry.data = {**(entry.data or {}), "changes": diff}
            entry.save(update_fields=["data"])
        else:  # a service did the change (and wrote its own action): add the before/after row
            audit.record(instance, "wagtail.edit", acting_user=self.request.user, data={"changes": diff})
        return instance
