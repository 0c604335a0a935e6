"""Public media through a view: Wagtail's images (``images/`` renditions and ``original_images/``) from the
default storage, for a server without a web server in front (``make run``). Nothing else under MEDIA_URL
is served here: documents go through Wagtail's document view (its collection privacy), private files
(certificates, archives) through their permission-checked views. Like the knowledge base the images need
a signed-in user unless ``PORTAL_PUBLIC_READING`` (portal.core.middleware)."""

from __future__ import annotations

import mimetypes
import posixpath

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

PUBLIC_FOLDERS = ("images", "original_images")


def _clean(path: str) -> str:
    name = posixpath.normpath(path).lstrip("/")
    if name.startswith("..") or "\x00" in name or name.split("/", 1)[0] not in PUBLIC_FOLDERS or "/" not in name:
        raise Http404
    return name


@require_safe
def image(request, path: str):
    name = _clean(path)
    try:
        handle = default_storage.open(name, "rb")
    except (FileNotFoundError, OSError, ValueError) as exc:
        raise Http404 from exc
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if not content_type.startswith("image/"):
        handle.close()
        raise Http404
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    # an image is never a document that runs script (an SVG opened on its own)
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    return response
