"""backup streams, shows its progress, runs while the portal writes, and restore migrates an older archive forward."""

from __future__ import annotations

import io
import sqlite3
import subprocess
import tarfile
import threading
import time

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.db import OperationalError, connection

from portal.ops.archive import CHUNK, check_archive, pg_args
from portal.ops.models import JobRun
from tests.ops.conftest import manage

pytestmark = pytest.mark.django_db(transaction=True)


def test_backup_reads_every_file_in_bounded_chunks_never_whole(tmp_path, monkeypatch):
    storage = storages["default"]
    storage.save("documents/big.bin", ContentFile(b"x" * (3 * CHUNK + 17)))
    reads = []
    real_open = storage.open

    class Recording:
        def __init__(self, fh):
            self.fh = fh

        def read(self, size=-1):
            reads.append(size)
            return self.fh.read(size)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

    def recording_open(name, mode="rb"):
        return Recording(real_open(name, mode))

    monkeypatch.setattr(storage, "open", recording_open)
    call_command("backup", str(tmp_path / "p.tar"), "--no-progress", stdout=io.StringIO())
    assert reads and all(0 < size <= CHUNK for size in reads)
    assert "documents/big.bin" in check_archive(tmp_path / "p.tar").files["default"]


def test_backup_draws_a_progress_bar_up_to_every_byte_and_file(tmp_path, issued_certificate):
    err = io.StringIO()
    call_command("backup", str(tmp_path / "p.tar"), stdout=io.StringIO(), stderr=err)
    lines = err.getvalue().splitlines()
    files = 1 + sum(len(v) for v in check_archive(tmp_path / "p.tar").files.values())
    assert lines[0].startswith("backing up   0.0%") and lines[-1].startswith("backing up 100.0%")
    assert lines[-1].endswith(f"{files}/{files} files")


def _archived_rows(archive, tmp_path, table: str) -> int:
    """Rows of ``table`` in the database file inside the archive, read with the database's own tools."""
    with tarfile.open(archive) as tar:
        member = next(m for m in tar.getmembers() if m.name.startswith("database/"))
        tar.extract(member, tmp_path / "x", filter="data")
    path = tmp_path / "x" / member.name
    if connection.vendor == "sqlite":
        with sqlite3.connect(path) as db:
            return db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
    args, env = pg_args(connection.settings_dict)
    sql = subprocess.run(["pg_restore", "--data-only", f"--table={table}", "-f", "-", str(path)],
                         capture_output=True, text=True, check=True, env=env).stdout
    block = sql[sql.index("COPY "):]
    return block[: block.index("\\.")].count("\n") - 1


def test_backup_taken_while_rows_are_written_counts_exactly_what_it_holds(tmp_path):
    stop, written = threading.Event(), []

    def keep_writing():
        try:
            n = 0
            while not stop.is_set():
                try:
                    JobRun.objects.create(name=f"writer-{n}", next_due="2030-01-01T00:00:00Z")
                except OperationalError:  # SQLite: the database is busy with the backup's read for a moment
                    continue
                written.append(n)
                n += 1
        finally:
            connection.close()

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        while len(written) < 5:
            time.sleep(0.01)
        call_command("backup", str(tmp_path / "live.tar"), "--no-progress", stdout=io.StringIO())
    finally:
        stop.set()
        writer.join(timeout=30)
    manifest = check_archive(tmp_path / "live.tar")
    in_archive = _archived_rows(tmp_path / "live.tar", tmp_path, "ops_jobrun")
    assert 5 <= manifest.tables["ops_jobrun"] == in_archive <= len(written)


@pytest.fixture
def older_schema():
    """The portal one migration behind (the scheduler's tables not created yet), put back afterwards."""
    call_command("migrate", "ops", "zero", verbosity=0)
    yield
    call_command("migrate", "ops", verbosity=0)


def test_restore_of_an_older_archive_migrates_it_forward(tmp_path, older_schema, fresh_target):
    call_command("backup", str(tmp_path / "old.tar"), "--no-progress", stdout=io.StringIO())
    assert "ops.0001_scheduler_state" not in check_archive(tmp_path / "old.tar").migrations
    result = manage(fresh_target, "restore", str(tmp_path / "old.tar"), "--no-progress")
    assert "migrated forward: ops.0001_scheduler_state" in result.stdout
    out = manage(fresh_target, "shell", "-c", "from portal.ops.models import JobRun; print(JobRun.objects.count())")
    assert out.stdout.strip().splitlines()[-1] == "0"
