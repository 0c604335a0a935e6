"""Pieces shared by the certification admin views."""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from portal.people.models import OrgUnit

from .. import register
from ..exports import BOM
from ..forms import EXPIRY_WINDOWS


class ServiceOnlyPolicy(ModelPermissionPolicy):
    """Only the listed actions through the generic admin views; every change goes through the services."""

    def __init__(self, model, allowed=("view",), **kwargs):
        super().__init__(model, **kwargs)
        self.allowed = frozenset(allowed)

    def user_has_permission(self, user, action):
        return action in self.allowed and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a in self.allowed])


class BomCsvMixin:
    """Wagtail's CSV export, with a byte-order mark so Excel opens the Chinese text correctly."""

    def stream_csv(self, queryset):
        yield BOM
        yield from super().stream_csv(queryset)


class PermissionRequiredMixin:
    permission_required = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission_required):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class AdminPage(PermissionRequiredMixin, WagtailAdminTemplateMixin):
    """An admin page of this app with breadcrumbs back to an index."""

    index_url_name = None
    index_label = ""

    def get_breadcrumbs_items(self):
        items = list(self.breadcrumbs_items)
        if self.index_url_name:
            items.append({"url": reverse(self.index_url_name), "label": self.index_label})
        items.append({"url": "", "label": self.get_page_title()})
        return items


class PermissionViewSet(ViewSet):
    """A plain viewset whose menu item shows only to users with ``required_permission``."""

    required_permission = ""

    @cached_property
    def menu_item_class(self):
        permission = self.required_permission

        class Item(MenuItem):
            def is_shown(self, request):
                return request.user.has_perm(permission)

        return Item


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
