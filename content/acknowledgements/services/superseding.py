"""Superseding: a newly published regulation that names the regulation it replaces retires the old one.

When regulation N (source language) goes live with ``supersedes_regulation`` = O:

* O (and each of its translations) records ``superseded_by`` = N (its translation in the same language when
  there is one) at once, so both pages show banners: O "to be superseded on <date> by N" or "superseded by
  N", N "supersedes O";
* from N's effective date (at once when it is already in force, else on that day through the daily
  ``manage.py apply_supersessions``) O's status becomes "superseded" and its open acknowledgement rounds are
  withdrawn — nobody must acknowledge a rule that is no longer in force.

The change is written to the page rows of O (system fields, like Wagtail's own ``live`` or ``locked``), and
logged on O. Posts whose links still point at O are listed for Editors (``posts_still_linked``).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from content.models import PostRegulationLink, RegulationPage
from portal.core import audit

from ..audit_actions import SUPERSEDE, SUPERSEDE_SCHEDULED
from ..models import AcknowledgementRound
from .rounds import close_open_rounds


def _translation_in(page: RegulationPage, locale_id) -> RegulationPage:
    if page.locale_id == locale_id:
        return page
    return (
        RegulationPage.objects.filter(translation_key=page.translation_key, locale_id=locale_id).first()
        or page
    )


def supersede(
    old: RegulationPage, new: RegulationPage, *, acting_user=None, today: datetime.date | None = None
) -> bool:
    """Record that ``new`` replaces ``old``; returns True when ``old`` is superseded as of ``today``."""
    today = today or timezone.localdate()
    in_effect = new.effective_date is None or new.effective_date <= today
    versions = list(RegulationPage.objects.filter(translation_key=old.translation_key))
    already = all(
        v.superseded_by_id is not None
        and v.superseded_by_id == _translation_in(new, v.locale_id).pk
        and (v.status == RegulationPage.Status.SUPERSEDED or not in_effect)
        for v in versions
    )
    if already:
        return in_effect  # a later publication of the new regulation: nothing changes
    with transaction.atomic():
        for version in versions:
            fields = {"superseded_by_id": _translation_in(new, version.locale_id).pk}
            if in_effect:
                fields["status"] = RegulationPage.Status.SUPERSEDED
            RegulationPage.objects.filter(pk=version.pk).update(**fields)
            if in_effect:
                close_open_rounds(version, reason=AcknowledgementRound.CloseReason.WITHDRAWN, acting_user=acting_user)
        audit.record(
            old,
            SUPERSEDE if in_effect else SUPERSEDE_SCHEDULED,
            acting_user=acting_user,
            data={
                "superseded_by": new.pk,
                "title": new.title,
                "from": new.effective_date.isoformat() if new.effective_date else None,
            },
        )
    return in_effect


def apply_on_publish(new: RegulationPage, *, acting_user=None, today=None) -> RegulationPage | None:
    """Called when ``new`` (a source-language regulation) goes live; returns the regulation it supersedes."""
    old = new.supersedes_regulation
    if old is None:
        return None
    old = (
        RegulationPage.objects.filter(translation_key=old.translation_key, locale_id=new.locale_id).first()
        or old
    )
    supersede(old, new, acting_user=acting_user, today=today)
    return old


def apply_due_supersessions(today: datetime.date | None = None) -> list[RegulationPage]:
    """Mark superseded every regulation whose (live) replacement has come into force; idempotent."""
    today = today or timezone.localdate()
    due = list(
        RegulationPage.objects.filter(superseded_by__isnull=False, superseded_by__live=True)
        .filter(Q(superseded_by__effective_date__isnull=True) | Q(superseded_by__effective_date__lte=today))
        .exclude(status__in=[RegulationPage.Status.SUPERSEDED, RegulationPage.Status.REPEALED])
        .select_related("superseded_by")
    )
    marked, seen = [], set()
    for old in due:
        if old.translation_key in seen:
            continue  # its translations are marked with it
        seen.add(old.translation_key)
        if supersede(old, old.superseded_by, today=today):
            marked.append(old)
    return marked


def posts_still_linked(old_pages=None):
    """Links of live posts that still point at a superseded (or to-be-superseded) regulation."""
    links = PostRegulationLink.objects.filter(regulation__superseded_by__isnull=False)
    if old_pages is not None:
        links = links.filter(regulation__in=old_pages)
    return links.select_related(
        "page", "regulation", "regulation__superseded_by", "chapter", "article"
    ).order_by("regulation__title", "page__title", "sort_order")
