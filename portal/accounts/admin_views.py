"""Administrator views in the Wagtail admin: locked sign-ins (with unlock) and break-glass accounts."""

from __future__ import annotations

from axes.models import AccessAttempt
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.models import ModelLogEntry

from . import services
from .models import BreakGlassAccount

UNLOCK_PERMISSION = "accounts.unlock_sign_in"
BREAK_GLASS_PERMISSION = "accounts.manage_break_glass"


def _require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


def locked_attempts():
    """(account, address) pairs locked now: at the failure limit within the cool-off."""
    queryset = AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
    if settings.AXES_COOLOFF_TIME:
        queryset = queryset.filter(attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME)
    return queryset.order_by("-attempt_time")


def locked_list(request):
    _require(request, UNLOCK_PERMISSION)
    attempts = list(locked_attempts()[:500])
    cooloff = settings.AXES_COOLOFF_TIME
    for attempt in attempts:
        attempt.unlocks_at = attempt.attempt_time + cooloff if cooloff else None
    history = ModelLogEntry.objects.filter(action__startswith="accounts.lockout.").select_related("user")[:50]
    return TemplateResponse(request, "accounts/admin/locked.html", {
        "attempts": attempts, "history": history, "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(cooloff.total_seconds() // 60) if cooloff else None,
    })


@require_POST
def unlock(request, pk: int):
    _require(request, UNLOCK_PERMISSION)
    attempt = get_object_or_404(AccessAttempt, pk=pk)
    services.unlock(attempt, acting_user=request.user)
    messages.success(request, _("Unlocked %(username)s from %(ip)s.") % {
        "username": attempt.username or "—", "ip": attempt.ip_address or "—"})
    return redirect("accounts_admin:locked")


class BreakGlassForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("Account name"), max_length=150)
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=300)

    def clean_username(self):
        User = get_user_model()
        user = User.objects.filter(username=self.cleaned_data["username"].strip()).first()
        if user is None:
            raise forms.ValidationError(_("There is no local account with this name."))
        if not user.has_usable_password():
            raise forms.ValidationError(
                _("This account has no local password; set one first, then mark it as break-glass."))
        self.user = user
        return user.username


def break_glass_list(request):
    _require(request, BREAK_GLASS_PERMISSION)
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.set_break_glass(form.user, reason=form.cleaned_data["reason"], acting_user=request.user)
        messages.success(request, _("%(username)s is now a break-glass account.") % {"username": form.user})
        return redirect("accounts_admin:break_glass")
    return TemplateResponse(request, "accounts/admin/break_glass.html", {
        "accounts": BreakGlassAccount.objects.select_related("user", "granted_by"), "form": form,
    })


@require_POST
def break_glass_clear(request, pk: int):
    _require(request, BREAK_GLASS_PERMISSION)
    account = get_object_or_404(BreakGlassAccount, pk=pk)
    services.clear_break_glass(account, acting_user=request.user)
    messages.success(request, _("%(username)s is no longer a break-glass account.") % {"username": account.user})
    return redirect("accounts_admin:break_glass")
