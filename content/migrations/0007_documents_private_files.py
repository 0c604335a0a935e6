"""Wagtail documents become private files: move each existing file from MEDIA_ROOT/documents/ (served under
/media/) to PRIVATE_MEDIA_ROOT/documents/, where the default storage (portal.core.private_files.MediaStorage) now
keeps them. The names stay the same, so the rows do not change. Idempotent; a file already moved is left alone."""

import os
import shutil

from django.core.files.storage import FileSystemStorage, storages
from django.db import migrations

from portal.core.private_files import MediaStorage


def move_documents_to_private(apps, schema_editor):
    storage = storages["default"]
    if not isinstance(storage, MediaStorage):
        return  # another storage (tests' in-memory one): nothing lives under MEDIA_ROOT
    public = FileSystemStorage(location=storage.location)
    Document = apps.get_model("wagtaildocs", "Document")
    for name in Document.objects.values_list("file", flat=True).iterator():
        if not name or not storage.is_private(name) or not public.exists(name):
            continue
        target = storage.path(name)
        if os.path.exists(target):
            continue
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.move(public.path(name), target)


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0006_evidence_users_protected"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(move_documents_to_private, migrations.RunPython.noop, elidable=True)]
