"""The notification centre: the signed-in user's own notices, marked read by POST."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import kinds, services

PER_PAGE = 30


@login_required
def notice_list(request):
    notices = services.for_user(request.user)
    if request.GET.get("show") == "unread":
        notices = notices.unread()
    page = Paginator(notices, PER_PAGE).get_page(request.GET.get("page"))
    items = [
        {"notice": n, "headline": kinds.headline(n), "detail": kinds.detail(n), "url": kinds.url(n)}
        for n in page.object_list
    ]
    return render(request, "notifications/list.html", {
        "page_obj": page, "items": items, "show": request.GET.get("show", ""),
        "unread_total": services.unread_count(request.user),
    })


def _next(request, fallback: str) -> str:
    candidate = request.POST.get("next", "")
    if candidate and url_has_allowed_host_and_scheme(candidate, {request.get_host()}, request.is_secure()):
        return candidate
    return fallback


@login_required
@require_POST
def mark_read(request, pk: int):
    """Mark one of the user's own notices read, then go to its target (``open=1``) or back to the list."""
    notice = services.for_user(request.user).filter(pk=pk).first()
    if notice is None:
        raise Http404
    services.mark_read(request.user, pk)
    if request.POST.get("open") and kinds.url(notice):
        return redirect(kinds.url(notice))
    return redirect(_next(request, "notifications:list"))


@login_required
@require_POST
def mark_all_read(request):
    services.mark_all_read(request.user)
    return redirect(_next(request, "notifications:list"))
