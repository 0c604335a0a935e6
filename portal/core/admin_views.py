"""Admin building blocks shared by the apps' Wagtail admin views (exams, certification, reports)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.functional import cached_property
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from .spreadsheets import BOM


class ServiceOnlyPolicy(ModelPermissionPolicy):
    """Only the listed actions through the generic admin views; every change goes through the services."""

    def __init__(self, model, allowed=("view",), **kwargs):
        super().__init__(model, **kwargs)
        self.allowed = frozenset(allowed)

    def user_has_permission(self, user, action):
        return action in self.allowed and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a in self.allowed])


class CreatedByMixin:
    """For a create (or edit) view of a model with ``created_by``: the signed-in user is saved with the object
    in the same write (never patched afterwards by a second UPDATE); an existing creator is kept."""

    def save_instance(self):
        instance = self.form.instance
        if not instance.created_by_id and self.request.user.is_authenticated:
            instance.created_by = self.request.user
        return super().save_instance()


class ListingMenuMixin:
    """A viewset whose own URL patterns come before Wagtail's (a "grant" or "new" form) still opens its
    listing from the menu: Wagtail's menu link is the first pattern, which would send a role that may only
    read straight to a form it may not use."""

    @property
    def menu_url(self):
        return reverse(self.get_url_name("index"))


class BomCsvMixin:
    """Wagtail's CSV export, with a byte-order mark so Excel opens the Chinese text correctly."""

    def stream_csv(self, queryset):
        yield BOM
        yield from super().stream_csv(queryset)


class AdminPage(WagtailAdminTemplateMixin):
    """An admin page: a permission to hold (checked on every request; none set means nobody), and
    breadcrumbs back to an index."""

    permission_required = ""
    index_url_name = None
    index_label = ""

    def dispatch(self, request, *args, **kwargs):
        if not (self.permission_required and request.user.has_perm(self.permission_required)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

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
