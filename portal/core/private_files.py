"""Private files: stored in ``storages["private"]`` (never under MEDIA_URL) and handed out only by views
that have checked the permission first.

Wagtail documents use the default storage, so the default storage is ``MediaStorage``: public files (images,
renditions) stay under MEDIA_ROOT / MEDIA_URL, while everything under ``documents/`` is kept in
PRIVATE_MEDIA_ROOT and has no URL. Wagtail then serves a document only through its view
(``WAGTAILDOCS_SERVE_METHOD = "serve_view"``), which checks the collection's privacy first and hands the file
over with ``wagtail.utils.sendfile``: ``SENDFILE_BACKEND = "portal.core.sendfile_accel"`` when the prefix below
is set, else streamed.

In production the web server sends the bytes: with ``PORTAL_PRIVATE_FILES_ACCEL_PREFIX`` set (e.g.
``/_private/``, an nginx ``internal`` location aliased to PRIVATE_MEDIA_ROOT) the view answers with an empty
body and ``X-Accel-Redirect``; otherwise the file is streamed from the storage.
"""

from __future__ import annotations

import os
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.http import FileResponse, HttpResponse


class PrivateFileSystemStorage(FileSystemStorage):
    """A file system storage with no public URL: asking for one is a programming error."""

    def url(self, name):
        raise ValueError("A private file has no public URL; serve it through a permission-checked view.")


class MediaStorage(FileSystemStorage):
    """MEDIA_ROOT for public files; names under a private prefix (Wagtail documents) live in PRIVATE_MEDIA_ROOT and
    have no public URL (``url`` raises NotImplementedError, which Wagtail's document view expects)."""

    private_prefixes = ("documents/",)

    def __init__(self, private_location=None, **kwargs):
        super().__init__(**kwargs)
        self._private_location = private_location

    @property
    def private_location(self) -> str:
        return str(self._private_location or settings.PRIVATE_MEDIA_ROOT)

    def is_private(self, name: str) -> bool:
        """Whether ``name`` (a file, or a directory such as ``documents``) lives in the private location."""
        return (str(name).replace("\\", "/").lstrip("/") + "/").startswith(self.private_prefixes)

    def listdir(self, path):
        """At the top, the private directories are listed too, so a walk (the backup) finds every file."""
        top = not str(path).strip("/")
        try:
            dirs, files = super().listdir(path)
        except FileNotFoundError:
            if not top:
                raise
            dirs, files = [], []
        if top:
            for prefix in self.private_prefixes:
                name = prefix.strip("/").split("/")[0]
                if name not in dirs and os.path.isdir(self.path(name)):
                    dirs.append(name)
        return dirs, files

    def _private(self) -> FileSystemStorage:
        return FileSystemStorage(location=self.private_location, file_permissions_mode=self.file_permissions_mode,
                                 directory_permissions_mode=self.directory_permissions_mode)

    def path(self, name):
        if self.is_private(name):
            return self._private().path(name)
        return super().path(name)

    def _save(self, name, content):
        if self.is_private(name):
            return self._private()._save(name, content)
        return super()._save(name, content)

    def url(self, name):
        if self.is_private(name):
            raise NotImplementedError("A private document has no public URL; Wagtail's serve view hands it out.")
        return super().url(name)


def private_storage():
    """The private storage (a callable, so that FileFields and migrations name it, not its settings)."""
    return storages["private"]


def accel_path(name: str) -> str:
    """The internal location the web server maps to PRIVATE_MEDIA_ROOT for ``name``."""
    prefix = getattr(settings, "PORTAL_PRIVATE_FILES_ACCEL_PREFIX", "")
    return prefix.rstrip("/") + "/" + quote(str(name).replace("\\", "/").lstrip("/"))


def serve(field_file, *, filename: str, content_type: str = "application/octet-stream",
          as_attachment: bool = False) -> HttpResponse:
    """The response for a private file the caller has already been allowed to read."""
    prefix = getattr(settings, "PORTAL_PRIVATE_FILES_ACCEL_PREFIX", "")
    disposition = "attachment" if as_attachment else "inline"
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = accel_path(field_file.name)
        response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(filename)}"
    else:
        field_file.open("rb")
        response = FileResponse(field_file, content_type=content_type, filename=filename, as_attachment=as_attachment)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
