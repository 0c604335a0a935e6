"""The unread count for the header badge (one COUNT query for signed-in users, none for others)."""

from . import services


def notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": services.unread_count(user)}
