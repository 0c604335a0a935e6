"""Where publishing meets read-and-acknowledge.

Wagtail sends ``page_published`` whenever a revision is published — from the admin's Publish button, at the
end of a workflow, through ``manage.py publish_scheduled`` and from code — so the round is opened here,
once, whichever path the revision took. The page instance the signal carries is built from the published
revision, so its ``material_change``, ``change_summary`` and ``acknowledgement_due_days`` are the ones
stored with that revision (a scheduled publish carries the choice made when it was approved).

The signal is also sent when a scheduled revision of a page that is not live yet is merely *scheduled*;
nothing happens until the revision is actually live.
"""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from wagtail.models import PageLogEntry
from wagtail.signals import page_published, page_unpublished, workflow_approved

from content.models import PostPage, RegulationPage
from portal.core.bilingual import is_english

from .models import AcknowledgementRound
from .page_fields import MaterialChangeMixin
from .services import rounds, superseding

logger = logging.getLogger(__name__)


def _publisher(page, revision):
    """Who made ``revision`` go live, when the publish log says so already (scheduled publishing: the user
    who scheduled or approved it). The admin and the workflow fill it in otherwise (wagtail_hooks)."""
    user_id = (
        PageLogEntry.objects.filter(
            page_id=page.pk,
            revision_id=revision.pk,
            action__in=["wagtail.publish.schedule", "wagtail.workflow.approve"],
            user__isnull=False,
        )
        .order_by("-timestamp", "-pk")
        .values_list("user_id", flat=True)
        .first()
    )
    return get_user_model().objects.filter(pk=user_id).first() if user_id else None


def on_page_published(sender, instance, revision=None, **kwargs):

    if revision is None or not instance.live or instance.live_revision_id != revision.pk:
        return  # scheduled for later: handled when it goes live
    if isinstance(instance, PostPage):
        rounds.after_post_changed(instance)
        return
    if not isinstance(instance, MaterialChangeMixin):
        return
    if instance.source_page.pk != instance.pk:
        # translations follow their source: rounds belong to the source-language rule; an English
        # translation's change summary is what its English readers are shown
        if is_english(instance.locale.language_code):
            rounds.take_translated_summary(
                instance.source_page, getattr(instance, "change_summary_en", "") or instance.change_summary
            )
        return
    if isinstance(instance, RegulationPage) and instance.supersedes_regulation_id:
        superseding.apply_on_publish(instance)
    if instance.material_change:
        rounds.open_round(
            instance,
            revision,
            summary=instance.change_summary,
            summary_en=getattr(instance, "change_summary_en", ""),
            due_days=instance.acknowledgement_due_days,
            acting_user=_publisher(instance, revision),
        )
        # the change fields describe this publication only: clear them on the live row so that a later
        # revision made from it in code does not open a second round
        type(instance).objects.filter(pk=instance.pk).update(
            material_change=False, change_summary="", change_summary_en=""
        )


def on_page_unpublished(sender, instance, **kwargs):

    if isinstance(instance, PostPage):
        rounds.after_post_changed(instance)
    elif isinstance(instance, MaterialChangeMixin):
        rounds.close_open_rounds(instance, reason=AcknowledgementRound.CloseReason.WITHDRAWN)


def on_workflow_approved(sender, instance, user=None, **kwargs):
    """The reviewer whose approval published the page is the round's publisher."""

    obj = instance.content_object
    live_revision_id = getattr(obj, "live_revision_id", None)
    if user is not None and live_revision_id:
        rounds.record_publisher(live_revision_id, user)


def connect():
    page_published.connect(on_page_published, dispatch_uid="acknowledgements.page_published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="acknowledgements.page_unpublished")
    workflow_approved.connect(on_workflow_approved, dispatch_uid="acknowledgements.workflow_approved")
