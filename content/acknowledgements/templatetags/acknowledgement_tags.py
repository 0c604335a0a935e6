"""The read-and-acknowledge panel and the supersession banners on regulation and procedure pages."""

from __future__ import annotations

from django import template
from django.utils import timezone

from content.models.mixins import default_language_code

register = template.Library()


def _employee(request):
    if request is None or getattr(request, "is_preview", False) or not request.user.is_authenticated:
        return None
    return getattr(request.user, "employee", None)


@register.inclusion_tag("acknowledgements/includes/panel.html", takes_context=True)
def acknowledgement_panel(context, page):
    """For a signed-in employee: the pending request for this rule with what changed since the version they
    last acknowledged, and the "I have read and understood" button; or when they acknowledged it. Costs no
    query for anonymous readers."""
    from ..rules import due as due_rules
    from ..services import acknowledging, versions

    request = context.get("request")
    result = {"request": request, "page": page, "pending": None, "last": None}
    employee = _employee(request)
    if employee is None or not getattr(page, "live", False):
        return result
    source = page.source_page
    source = page if source.pk == page.pk else source.specific
    pending = acknowledging.pending_for_page(employee, source)
    if pending is None:
        result["last"] = acknowledging.last_acknowledged(employee, source)
        return result
    days_left = due_rules.days_left(pending.due_on, timezone.localdate())
    result.update(
        pending=pending,
        round=pending.round,
        source=source,
        revision_id=source.live_revision_id,
        changes=versions.changes_for_reader(employee, source, pending.round),
        days_left=days_left,
        days_overdue=-days_left,
        overdue=days_left < 0,
        shown_in_source_language=source.pk != page.pk,
        source_language=default_language_code(),
        next=request.get_full_path(),
    )
    return result


@register.inclusion_tag("acknowledgements/includes/supersession_notices.html")
def supersession_notices(page, notices=()):
    """ "Supersedes …" on the new regulation; "to be superseded on … by …" on the old one until then."""
    replaces = None
    old = getattr(page, "supersedes_regulation", None)
    if old is not None:
        replaces = old.get_translation_or_none(page.locale) or old
        if not replaces.live:
            replaces = None
    upcoming = [n for n in notices if n.get("kind") == "to_be_superseded"]
    return {"replaces": replaces, "upcoming": upcoming[0] if upcoming else None}


@register.inclusion_tag("acknowledgements/includes/nav_item.html", takes_context=True)
def my_tasks_nav_item(context):
    """The "My tasks" link of the main navigation, for signed-in users (no query)."""
    request = context.get("request")
    return {"show": request is not None and request.user.is_authenticated}


@register.simple_tag
def approval_outlook(task_state, form=None):
    """For the approval dialog: start ``form`` from the version under review and say what approving it
    leads to (when it goes live, how many post holders are asked to acknowledge)."""
    from ..services import review

    if form is not None and hasattr(form, "prefill"):
        form.prefill(task_state.revision.as_object())
    return review.outlook(task_state.revision)
