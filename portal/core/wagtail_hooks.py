"""Admin hooks of the portal core: Wagtail's listing tables as cards on phones (CSS and a small script); the one loop that registers every app's declared audit actions with Wagtail's
log registry; Wagtail's help menu keeping only what works on an intranet (its "What's new" and "Editor Guide"
items link to guide.wagtail.org, an internet host; issue 13); and documents: a signed-in member of staff outside a
collection's group restriction gets 403 (Wagtail's own check would send them to the sign-in page they have already
passed). Anonymous visitors still go to sign-in."""

from django.core.exceptions import PermissionDenied
from django.templatetags.static import static
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.models import BaseViewRestriction

from . import audit
from .admin_dashboard import ChartsPanel, chart_download


@hooks.register("register_log_actions")
def register_declared_log_actions(actions):
    audit.register_all(actions)


def _is_local(url: str) -> bool:
    return not url.startswith(("http://", "https://", "//"))


@hooks.register("construct_help_menu")
def keep_local_help_items(request, menu_items):
    menu_items[:] = [item for item in menu_items if _is_local(getattr(item, "url", "") or "")]


@hooks.register("before_serve_document", order=-1)
def refuse_signed_in_users_outside_a_restriction(document, request):
    if not request.user.is_authenticated:
        return None
    for restriction in document.collection.get_view_restrictions():
        if restriction.restriction_type == BaseViewRestriction.GROUPS and not restriction.accept_request(request):
            raise PermissionDenied
    return None


# The admin home's dashboards (issue 15): each app's charts (``dashboard.register_admin_chart``) in one panel,
# and the Excel download behind each chart.
@hooks.register("construct_homepage_panels")
def add_dashboard_charts(request, panels):
    panels.append(ChartsPanel(request.user))


@hooks.register("register_admin_urls")
def register_dashboard_urls():
    return [path("dashboard/<slug:slug>/xlsx/", chart_download, name="portal_dashboard_download")]


@hooks.register("insert_global_admin_css")
def listing_tables_as_cards_css():
    """Wagtail's listing tables become one card per row on phones (``core/admin_listing_cards.css``)."""
    return format_html('<link rel="stylesheet" href="{}">', static("core/admin_listing_cards.css"))


@hooks.register("insert_global_admin_js")
def listing_tables_as_cards_js():
    """Writes each column's heading into its cells' ``data-label`` (a file from the portal: the admin's CSP
    allows scripts from 'self')."""
    return format_html('<script src="{}" defer></script>', static("core/admin_listing_cards.js"))


@hooks.register("construct_reports_menu")
def name_the_translations_report_as_a_report(request, menu_items):
    """wagtail-localize's report of translations is labelled "Translations" ("翻译" in Chinese), which reads
    as a second "translate" action beside the page's "翻译此页" (Translate this page): call it what it is."""
    try:
        url = reverse("wagtail_localize:translations_report")
    except NoReverseMatch:
        return
    for item in list(menu_items):
        if getattr(item, "url", None) == url:
            if not request.user.has_perm("wagtail_localize.submit_translation"):
                # nothing to do with translations (Branch manager, HR, examiners): not in their menu
                menu_items.remove(item)
                continue
            item.label = _("Translation records")
            item.name = "translation-records"
