"""A ``wagtail.utils.sendfile`` backend (``SENDFILE_BACKEND``) for production: the web server sends the file.

Wagtail's document view has checked the collection's privacy; this answers with an empty body and
``X-Accel-Redirect`` to the internal location (PORTAL_PRIVATE_FILES_ACCEL_PREFIX) aliased to PRIVATE_MEDIA_ROOT,
the same hand-over as ``portal.core.private_files.serve``. A path outside PRIVATE_MEDIA_ROOT is never handed over.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpResponse

from .private_files import accel_path


def sendfile(request, filename, mimetype="application/octet-stream", **kwargs):
    root = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    try:
        relative = Path(filename).resolve().relative_to(root)
    except ValueError:
        raise Http404("Not a private file.")
    response = HttpResponse(content_type=mimetype)
    response["X-Accel-Redirect"] = accel_path(relative.as_posix())
    response["Cache-Control"] = "private, no-store"
    return response
