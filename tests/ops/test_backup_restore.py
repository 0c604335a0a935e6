"""backup → restore into a fresh database and file store loses nothing; tampered archives are refused."""

from __future__ import annotations

import io
import json
import tarfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import CommandError, call_command

from portal.ops.archive import ArchiveError, check_archive, table_counts
from quizzes.exams.models import Attempt
from tests.ops.conftest import manage

pytestmark = pytest.mark.django_db(transaction=True)


def _restore_script(env, code: str):
    """Run Python inside a process configured for the restored target; returns its stdout."""
    return manage(env, "shell", "-c", code).stdout


@pytest.fixture
def archive(tmp_path, issued_certificate):
    storages["default"].save("documents/规章.txt", ContentFile("第一条 内容".encode()))
    out = tmp_path / "portal.tar"
    call_command("backup", str(out), "--no-progress", stdout=io.StringIO())
    return out


def test_restore_reproduces_every_row_count_and_file_hash(archive, fresh_target):
    manifest = check_archive(archive)
    result = manage(fresh_target, "restore", str(archive), "--no-progress")
    assert "every SHA-256 checked" in result.stdout
    restored = json.loads(_restore_script(fresh_target, (
        "import json, hashlib\n"
        "from portal.ops.archive import table_counts, storage_files\n"
        "from django.core.files.storage import storages\n"
        "files = {s: {n: hashlib.sha256(storages[s].open(n).read()).hexdigest() for n in storage_files(storages[s])}"
        " for s in ('default', 'private')}\n"
        "print(json.dumps({'tables': table_counts(), 'files': files}))")).strip().splitlines()[-1])
    assert (restored["tables"], restored["files"]) == (manifest.tables, manifest.files)


def test_certificate_issued_before_backup_still_verifies_after_restore(archive, fresh_target, issued_certificate):
    manage(fresh_target, "restore", str(archive), "--no-progress")
    out = _restore_script(fresh_target, (
        "from django.test import Client\n"
        f"r = Client().get('/en/verify/{issued_certificate.token}/')\n"
        "print(r.status_code, 'Valid' in r.content.decode())\n"
        "from django.core.management import call_command\n"
        "call_command('verify_records')\n"))
    assert "200 True" in out and "all records verified" in out


def test_restore_refuses_a_target_that_holds_data(archive):
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive), "--no-progress", stdout=io.StringIO())


def _rewrite(archive, tmp_path, change):
    bad = tmp_path / "bad.tar"
    with tarfile.open(archive) as src, tarfile.open(bad, "w") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            data = change(member.name, data)
            if data is None:
                continue
            member.size = len(data)
            dst.addfile(member, io.BytesIO(data))
    return bad


def test_archive_with_one_changed_byte_is_refused_naming_the_file(archive, tmp_path, issued_certificate):
    with tarfile.open(archive) as tar:
        pdf = next(n for n in tar.getnames() if n.endswith(issued_certificate.pdf.name))

    def flip(name, data):
        return (data[:100] + bytes([data[100] ^ 1]) + data[101:]) if name == pdf else data

    with pytest.raises(ArchiveError, match=f"hash mismatch.*{pdf}"):
        check_archive(_rewrite(archive, tmp_path, flip))


def test_archive_missing_a_file_is_refused_naming_it(archive, tmp_path, fresh_target):
    missing = "files/default/documents/规章.txt"
    bad = _rewrite(archive, tmp_path, lambda name, data: None if name == missing else data)
    result = manage(fresh_target, "restore", str(bad), "--no-progress", check=False)
    assert result.returncode != 0 and f"missing from the archive: {missing}" in result.stderr


def test_attempt_answers_and_score_survive_backup_and_restore(tmp_path, fresh_target, handed_in_attempt):
    before = list(Attempt.objects.filter(pk=handed_in_attempt.pk).values("score", "status"))
    answers = sorted(handed_in_attempt.items.values_list("version_id", "response"), key=str)
    out = tmp_path / "a.tar"
    call_command("backup", str(out), "--no-progress", stdout=io.StringIO())
    manage(fresh_target, "restore", str(out), "--no-progress")
    restored = _restore_script(fresh_target, (
        "from quizzes.exams.models import Attempt\n"
        f"a = Attempt.objects.get(pk={handed_in_attempt.pk})\n"
        "print(repr((list(Attempt.objects.filter(pk=a.pk).values('score', 'status')),"
        " sorted(a.items.values_list('version_id', 'response'), key=str))))"))
    assert restored.strip().splitlines()[-1] == repr((before, answers))


def test_manifest_counts_every_table(archive):
    assert check_archive(archive).tables == table_counts()
