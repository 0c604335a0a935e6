"""Sign-in page and the session calls of the idle-time-out warning."""

from django.conf import settings
from django.contrib.auth.views import LoginView
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from .backends import directory_enabled
from .forms import SignInForm
from .middleware import idle_seconds_left


class SignInView(LoginView):
    template_name = "account/login.html"
    authentication_form = SignInForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["directory_enabled"] = directory_enabled()
        return context


@never_cache
@require_GET
def session_status(request):
    """How long the session has left; does not count as activity."""
    if not request.user.is_authenticated:
        return JsonResponse({"authenticated": False, "remaining_seconds": 0})
    return JsonResponse({"authenticated": True, "remaining_seconds": idle_seconds_left(request)})


@never_cache
@require_POST
def session_keepalive(request):
    """"Stay signed in": the request itself is the activity (the middleware records it)."""
    if not request.user.is_authenticated:
        return JsonResponse({"authenticated": False, "remaining_seconds": 0}, status=401)
    return JsonResponse(
        {"authenticated": True, "remaining_seconds": settings.PORTAL_SESSION_IDLE_MINUTES * 60}
    )
