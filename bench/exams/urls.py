"""The portal's URLs plus ``/bench/bare/``: a bare Django JSON endpoint on the same stack (same middleware:
sessions, authentication, CSRF), the baseline the exam API's saves are measured against. Bench only."""

import json

from django.http import JsonResponse
from django.urls import path
from django.views.decorators.http import require_POST

from portal.urls import urlpatterns as portal_urlpatterns


@require_POST
def bare(request):
    """Parse the JSON body, look at the signed-in user (as every real endpoint does), answer JSON."""
    body = json.loads(request.body or b"{}")
    return JsonResponse({"ok": request.user.is_authenticated, "seq": body.get("seq")})


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), *portal_urlpatterns]
