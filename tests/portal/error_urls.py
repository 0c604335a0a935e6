"""The portal's URL map plus views that fail on purpose (for the error page tests only)."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from portal.urls import urlpatterns as portal_urlpatterns


def boom(request):
    raise RuntimeError("secret internals: /srv/portal/settings.py line 42")


def refused(request):
    raise PermissionDenied("exams.grade_attempt")


def suspicious(request):
    raise SuspiciousOperation("tampered header X-Internal")


urlpatterns = [
    path("test-errors/boom/", boom),
    path("test-errors/refused/", refused),
    path("test-errors/suspicious/", suspicious),
    *portal_urlpatterns,
]
