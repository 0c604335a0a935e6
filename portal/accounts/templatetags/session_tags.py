from django import template
from django.conf import settings

register = template.Library()


@register.inclusion_tag("accounts/session_timeout.html", takes_context=True)
def session_timeout_widget(context, exam_mode=False):
    """The idle-time-out warning for signed-in users (nothing for visitors)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "show": bool(user is not None and user.is_authenticated),
        "idle_minutes": settings.PORTAL_SESSION_IDLE_MINUTES,
        "idle_seconds": settings.PORTAL_SESSION_IDLE_MINUTES * 60,
        "warning_seconds": settings.PORTAL_SESSION_WARNING_MINUTES * 60,
        "exam_mode": bool(exam_mode),
        "csrf_token": context.get("csrf_token"),
        "request": request,
    }
