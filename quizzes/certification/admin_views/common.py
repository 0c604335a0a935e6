"""Pieces shared by the certification admin views."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from portal.people.models import OrgUnit

from .. import register
from ..forms import EXPIRY_WINDOWS

# --------------------------------------------------------------------------- filters


class OrgUnitField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{'　' * max(obj.depth - 1, 0)}{obj.display_name} ({obj.code})"


class OrgUnitSubtreeFilter(django_filters.ModelChoiceFilter):
    """The unit and all its sub-units; ``field_name`` is the person field ("holder" or "employee")."""

    field_class = OrgUnitField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Organisation unit (with its sub-units)"))
        kwargs.setdefault("queryset", OrgUnit.objects.order_by("path"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return register.in_org_unit(qs, value, self.field_name) if value else qs


class PostFilter(django_filters.ChoiceFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Post"))
        kwargs.setdefault("choices", register.post_choices)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return register.in_post(qs, value, self.field_name) if value else qs


class ExpiryWindowFilter(django_filters.ChoiceFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Expires"))
        kwargs.setdefault("choices", EXPIRY_WINDOWS)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return register.expiring_within(qs, int(value)) if value else qs
