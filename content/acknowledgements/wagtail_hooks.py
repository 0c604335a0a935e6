"""Wagtail integration: report URLs and menu items, audit log actions, publish feedback in the admin."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import Page
from wagtail.permissions import policy_registry

from . import admin_urls
from .admin_views import REPORT_PERMISSION
from .models import AcknowledgementRound
from .services import rounds, superseding


@hooks.register("register_admin_urls")
def register_acknowledgement_admin_urls():
    return [path("acknowledgements/", include((admin_urls.urlpatterns, "acknowledgement_reports")))]


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(REPORT_PERMISSION)


class PageEditorMenuItem(MenuItem):
    def is_shown(self, request):
        return policy_registry.get_by_type(Page).user_has_any_permission(
            request.user, ["add", "change", "publish"]
        )


@hooks.register("register_reports_menu_item")
def register_rounds_report_menu_item():
    return ReportMenuItem(
        _("Read and acknowledge"),
        reverse("acknowledgement_reports:index"),
        name="acknowledgement-rounds",
        icon_name="tasks",
        order=650,
    )


@hooks.register("register_reports_menu_item")
def register_superseded_links_menu_item():
    return PageEditorMenuItem(
        _("Links to superseded regulations"),
        reverse("acknowledgement_reports:superseded_links"),
        name="superseded-links",
        icon_name="warning",
        order=660,
    )


@hooks.register("after_publish_page")
def tell_the_publisher(request, page):
    """Record who published the round's revision and say what publishing set in motion."""

    specific = page.specific
    if page.live_revision_id:
        round_ = AcknowledgementRound.objects.filter(revision_id=page.live_revision_id).first()
        if round_ is not None:
            rounds.record_publisher(page.live_revision_id, request.user)
            messages.info(
                request,
                ngettext(
                    "Acknowledgement round opened: %(count)d employee must read and acknowledge this "
                    "version.",
                    "Acknowledgement round opened: %(count)d employees must read and acknowledge this "
                    "version.",
                    round_.audience_size,
                )
                % {"count": round_.audience_size},
            )
    old = getattr(specific, "supersedes_regulation", None)
    if old is not None and page.live:
        count = superseding.posts_still_linked([old]).count()
        if count:
            messages.warning(
                request,
                ngettext(
                    "%(count)d post still links to the superseded regulation: see Reports › Links to "
                    "superseded regulations.",
                    "%(count)d posts still link to the superseded regulation: see Reports › Links to "
                    "superseded regulations.",
                    count,
                )
                % {"count": count},
            )


@hooks.register("before_delete_page")
def keep_acknowledgement_evidence(request, page):
    """A rule with acknowledgement records (or a page above one) is not deleted: the records are evidence."""
    if AcknowledgementRound.objects.filter(page__path__startswith=page.path).exists():
        messages.error(
            request,
            _(
                "This page, or a page below it, has read-and-acknowledge records, which are kept as "
                "evidence. Unpublish it, or mark the regulation repealed or superseded, rather than "
                "deleting it."
            ),
        )
        parent = page.get_parent()
        return redirect("wagtailadmin_explore", parent.pk) if parent else redirect("wagtailadmin_home")
    return None


@hooks.register("construct_page_action_menu")
def publish_only_through_the_review(menu_items, request, context):
    """A page under the compliance review workflow is published by approving it (which publishes at once or
    on the effective date): the editor's menu offers no plain "Publish" beside the workflow's actions to
    anyone but an Administrator, so nothing goes live without the second pair of eyes."""
    page = context.get("page")
    if page is None or request.user.is_superuser:
        return
    workflow = page.get_workflow() if page.pk else None
    if workflow is not None and workflow.active:
        menu_items[:] = [item for item in menu_items if getattr(item, "name", "") != "action-publish"]
