"""Request helpers shared by the candidate's pages and the JSON API: the client's address, the sitting
password remembered per session, and the access guard every attempt call runs on the server."""

from __future__ import annotations

from portal.core import net

from .services.attempts import check_access

SESSION_KEY = "exams_unlocked_sittings"
EMPLOYEE_SESSION_KEY = "exams_employee"  # [user id, employee id]: the employee resolved once per session


def remember_employee(request, employee) -> None:
    """Remember the signed-in user's employee record in the session (the answer save and hand-in check it in
    their own statement)."""
    if request.session.get(EMPLOYEE_SESSION_KEY) != [request.user.pk, employee.pk]:
        request.session[EMPLOYEE_SESSION_KEY] = [request.user.pk, employee.pk]


def client_address(request) -> str:
    """The client's address, read by portal.core.net (trusted proxies, rightmost-first)."""
    return net.client_address(request)


def is_unlocked(request, sitting_id: int) -> bool:
    return sitting_id in request.session.get(SESSION_KEY, [])


def unlock(request, sitting_id: int) -> None:
    unlocked = list(request.session.get(SESSION_KEY, []))
    if sitting_id not in unlocked:
        unlocked.append(sitting_id)
        request.session[SESSION_KEY] = unlocked


def guard(request):
    """The access check for a call on an attempt: the room's network, and the password given in this session."""
    ip = client_address(request)

    def check(attempt):
        check_access(attempt.sitting, ip=ip, unlocked=is_unlocked(request, attempt.sitting_id))

    return check
