"""Why a sign-in was refused, in words that say what to do; the backends note it on the request.

Backends return None (so Django tries the next one and django-axes counts the failure) and call ``note``;
the sign-in form shows the most important reason noted. A wrong password or an unknown account gets the
generic message, never one of these.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

UNREACHABLE = "directory_unreachable"
NOT_AN_EMPLOYEE = "not_an_employee"
INACTIVE_EMPLOYEE = "inactive_employee"
DISABLED = "directory_disabled"
LINKED_ELSEWHERE = "linked_elsewhere"
LOCAL_PASSWORD_OFF = "local_password_off"

MESSAGES = {
    UNREACHABLE: _(
        "The bank's directory cannot be reached, so domain accounts cannot sign in right now. "
        "Try again in a few minutes; if it persists, call the IT service desk."
    ),
    NOT_AN_EMPLOYEE: _(
        "Your domain account is not linked to an employee in HR's register (employee number “%(number)s”). "
        "Ask HR to check that your employee number is registered, or IT to correct it in the directory."
    ),
    INACTIVE_EMPLOYEE: _(
        "HR's register shows employee %(number)s as no longer active, so the portal cannot be used. "
        "If this is wrong, ask HR to reactivate your record."
    ),
    DISABLED: _(
        "Your domain account is disabled or locked in the bank's directory. "
        "Call the IT service desk to have it re-enabled."
    ),
    LINKED_ELSEWHERE: _(
        "Employee %(number)s is already linked to another domain account. "
        "Call the IT service desk: two directory entries carry the same employee number."
    ),
    LOCAL_PASSWORD_OFF: _(
        "This portal signs staff in with their domain account: use your Windows / domain account name "
        "and password. Local passwords work only for break-glass accounts."
    ),
}
# The most important reason wins when several backends noted one.
PRIORITY = [UNREACHABLE, DISABLED, LINKED_ELSEWHERE, INACTIVE_EMPLOYEE, NOT_AN_EMPLOYEE, LOCAL_PASSWORD_OFF]

ATTRIBUTE = "_portal_sign_in_refusals"


def note(request, code: str, **params) -> None:
    if request is None:
        return
    refusals = getattr(request, ATTRIBUTE, None)
    if refusals is None:
        refusals = {}
        setattr(request, ATTRIBUTE, refusals)
    refusals.setdefault(code, params)


def message_for(request) -> str | None:
    """The sentence to show for the most important refusal noted on ``request``, if any."""
    refusals = getattr(request, ATTRIBUTE, None) or {}
    for code in PRIORITY:
        if code in refusals:
            return str(MESSAGES[code]) % refusals[code] if refusals[code] else str(MESSAGES[code])
    return None
