"""Staff-facing views: "My tasks" and the "I have read and understood" button (thin: the services decide)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page

from content.services.post_details import locale_id_for, localize
from portal.core.my_tasks import sections as task_sections

from .models import Acknowledgement
from .rules import due as due_rules
from .services import acknowledging


@dataclass
class TaskItem:
    acknowledgement: Acknowledgement
    page: Page  # the rule in the reader's language when there is a live translation
    days_left: int

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def days_overdue(self) -> int:
        return -self.days_left


@login_required
def my_tasks(request):
    """The signed-in employee's rules to read and acknowledge (overdue first) and what they confirmed, then
    the sections other apps add (exams to take, certificates to renew: ``portal.core.my_tasks``)."""
    employee = getattr(request.user, "employee", None)
    today = timezone.localdate()
    items, done, sections = [], [], []
    if employee is not None:
        sections = task_sections(employee, timezone.now())
        pending = list(acknowledging.pending_for(employee))
        done = list(
            Acknowledgement.objects.filter(employee=employee, status=Acknowledgement.Status.ACKNOWLEDGED)
            .select_related("round", "round__page")
            .order_by("-acknowledged_at")[:20]
        )
        pages = localize([a.round.page for a in pending + done], Page, locale_id_for(get_language()))
        items = [
            TaskItem(a, pages.get(a.round.page_id) or a.round.page, due_rules.days_left(a.due_on, today))
            for a in pending
        ]
        done = [(a, pages.get(a.round.page_id) or a.round.page) for a in done]
    return render(
        request,
        "acknowledgements/my_tasks.html",
        {
            "employee": employee,
            "items": items,
            "overdue_count": sum(1 for i in items if i.overdue),
            "done": done,
            "sections": sections,
        },
    )


def _next_url(request, page) -> str:
    candidate = request.POST.get("next", "")
    if candidate and url_has_allowed_host_and_scheme(candidate, {request.get_host()}, request.is_secure()):
        return candidate
    return page.get_url(request) or "/"


@login_required
@require_POST
def acknowledge(request, page_id: int):
    """Record that the signed-in employee has read and understood the live version of a rule."""
    employee = getattr(request.user, "employee", None)
    if employee is None:
        raise PermissionDenied(_("Your account is not linked to an employee record."))
    page = get_object_or_404(Page, pk=page_id).specific
    try:
        revision_id = int(request.POST.get("revision", ""))
    except ValueError:
        return HttpResponseBadRequest(_("Which version did you read? The form is missing it."))
    try:
        outcome = acknowledging.acknowledge(employee, page, revision_id, acting_user=request.user)
    except acknowledging.AcknowledgementRefused as refusal:
        if refusal.code != acknowledging.NOT_LIVE:
            raise PermissionDenied(refusal.message) from refusal
        messages.error(
            request, _("A newer version has been published meanwhile: please read it and acknowledge again.")
        )
        return redirect(_next_url(request, page))
    when = formats.date_format(timezone.localtime(outcome.acknowledged_at), "DATETIME_FORMAT")
    if outcome.created:
        messages.success(
            request,
            _("Thank you. Your acknowledgement of “%(title)s” was recorded on %(when)s.")
            % {"title": page.title, "when": when},
        )
    else:
        messages.info(request, _("You already acknowledged this version on %(when)s.") % {"when": when})
    return redirect(_next_url(request, page))
