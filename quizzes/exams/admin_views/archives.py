"""Admin views of sitting archives: write the archive of a closed sitting (POST) and download a file.

Both need ``exams.archive_sitting``; files are streamed from the private storage, never linked directly.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from ..models import Sitting, SittingArchive
from ..services import archives
from ..services.errors import ExamError

PERMISSION = "exams.archive_sitting"


def _check(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


@require_POST
def archive_create(request, pk: int):
    _check(request)
    sitting = get_object_or_404(Sitting, pk=pk)
    try:
        archive = archives.archive_sitting(sitting, acting_user=request.user)
    except ExamError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{archive.name} · SHA-256 {archive.sha256}")
    return redirect(reverse("exams_sittings:inspect", args=[sitting.pk]))


@require_GET
@never_cache
def archive_download(request, pk: int):
    _check(request)
    archive = get_object_or_404(SittingArchive, pk=pk)
    content_type = "application/zip" if archive.name.endswith(".zip") else "application/pdf"
    response = FileResponse(archives.open_archive(archive), as_attachment=True, filename=archive.name,
                            content_type=content_type)
    response["X-Content-SHA256"] = archive.sha256
    return response


urlpatterns = [
    path("exams/sittings/<int:pk>/archive/", archive_create, name="exams_archive_create"),
    path("exams/archives/<int:pk>/download/", archive_download, name="exams_archive_download"),
]
