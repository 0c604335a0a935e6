"""How the admin's revision compare view shows a plain field: the same values as the inspect views
(``admin_display.display_value``: 是/否, the portal's dates, a dash for nothing). Wagtail's own
``FieldComparison`` prints Python's ``str()`` of the value, so an unset date reads "None" and a flag
turned on reads "FalseTrue" (the deletion and the addition run together)."""

from __future__ import annotations

from django.db import models
from django.utils.html import escape
from wagtail.admin.compare import FieldComparison, TextDiff, register_comparison_class

from .admin_display import display_value

VALUE_FIELDS = (
    models.BooleanField,
    models.DateField,  # DateTimeField too
    models.TimeField,
    models.IntegerField,  # and its positive/small/big kinds
    models.DecimalField,
    models.FloatField,
    models.DurationField,
)


class ValueFieldComparison(FieldComparison):
    def htmldiff(self):
        shown_a, shown_b = str(display_value(self.val_a)), str(display_value(self.val_b))
        if self.val_a == self.val_b:
            return escape(shown_a)
        # each side marked on its own, with a space between, so "否 → 是" never reads as one word
        return TextDiff([("deletion", shown_a), ("equal", " "), ("addition", shown_b)]).to_html()


def register() -> None:
    for field_class in VALUE_FIELDS:
        register_comparison_class(field_class, comparison_class=ValueFieldComparison)
