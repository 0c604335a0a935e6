"""Security middleware the portal adds on top of Django's and django-csp's.

- ``SecurityHeadersMiddleware``: Permissions-Policy (Django sets Referrer-Policy and X-Content-Type-Options
  through SECURE_REFERRER_POLICY and SECURE_CONTENT_TYPE_NOSNIFF).
- ``PortalCSPMiddleware``: django-csp with the strict portal policy everywhere and the admin policy under
  /admin/ (Wagtail's admin still writes a few inline scripts: inline panels, date widgets).
- ``ReadingRequiresLoginMiddleware``: the knowledge base (Wagtail pages), documents and search need a
  signed-in user unless ``PORTAL_PUBLIC_READING`` is on (Wagtail's images served by portal.core.media too). Certificate verification and /healthz are other
  views and stay public.
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from wagtail import views as wagtail_views
from wagtail.documents.views import serve as document_views

from portal.core import media

PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=(), interest-cohort=()"
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


def _admin_prefix() -> str:
    return "/admin/"


class PortalCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(_admin_prefix()) and parts.config is None:
            parts.config = getattr(settings, "PORTAL_ADMIN_CONTENT_SECURITY_POLICY", {}).get("DIRECTIVES")
        return parts


# Views that show the knowledge base's content (apps add theirs in ready(): the search page).
READING_VIEWS = {
    wagtail_views.serve,
    document_views.serve,
    document_views.authenticate_with_password,
    media.image,
}


def register_reading_view(view) -> None:
    """``view`` shows the knowledge base's content: it needs a signed-in reader unless reading is public."""
    READING_VIEWS.add(view)


class ReadingRequiresLoginMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(settings, "PORTAL_PUBLIC_READING", False):
            return None
        if request.user.is_authenticated:
            return None
        if getattr(view_func, "__wrapped__", view_func) in READING_VIEWS or view_func in READING_VIEWS:
            return redirect_to_login(request.get_full_path())
        return None
