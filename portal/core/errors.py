"""The portal's own error pages: Django's handlers render templates/400.html, 403.html, 404.html and 500.html
(none shows a URL list, a traceback or an exception's text); a refused CSRF check renders 403_csrf.html
inside the site chrome (``CSRF_FAILURE_VIEW``), in the request's language, without Django's explanation
for developers."""

from __future__ import annotations

from django.shortcuts import render


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
