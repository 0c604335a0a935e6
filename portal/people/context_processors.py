"""Template context every page needs: the signed-in person's employee record and roles."""

from portal.people.roles import ROLE_LABELS


def portal(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    employee = getattr(user, "employee", None) if hasattr(user, "employee") else None
    role_names = [str(ROLE_LABELS[g.name]) for g in user.groups.all() if g.name in ROLE_LABELS]
    return {
        "current_employee": employee,
        "current_roles": role_names,
        "current_display_name": employee.name if employee else (user.get_full_name() or user.get_username()),
    }
