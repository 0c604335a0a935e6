"""Private files: stored in ``storages["private"]`` (never under MEDIA_URL) and handed out only by views
that have checked the permission first.

In production the web server sends the bytes: with ``PORTAL_PRIVATE_FILES_ACCEL_PREFIX`` set (e.g.
``/_private/``, an nginx ``internal`` location aliased to PRIVATE_MEDIA_ROOT) the view answers with an empty
body and ``X-Accel-Redirect``; otherwise the file is streamed from the storage.
"""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.http import FileResponse, HttpResponse


class PrivateFileSystemStorage(FileSystemStorage):
    """A file system storage with no public URL: asking for one is a programming error."""

    def url(self, name):
        raise ValueError("A private file has no public URL; serve it through a permission-checked view.")


def private_storage():
    """The private storage (a callable, so that FileFields and migrations name it, not its settings)."""
    return storages["private"]


def serve(field_file, *, filename: str, content_type: str = "application/octet-stream",
          as_attachment: bool = False) -> HttpResponse:
    """The response for a private file the caller has already been allowed to read."""
    prefix = getattr(settings, "PORTAL_PRIVATE_FILES_ACCEL_PREFIX", "")
    disposition = "attachment" if as_attachment else "inline"
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(field_file.name)
        response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(filename)}"
    else:
        field_file.open("rb")
        response = FileResponse(field_file, content_type=content_type, filename=filename, as_attachment=as_attachment)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
