"""One archive holds the whole portal: the database, every stored file and a manifest.

Layout of the tar file::

    database/portal.sqlite3       SQLite through its online backup API   (or)
    database/portal.dump          PostgreSQL through ``pg_dump --format=custom``
    files/default/<name>          storages["default"] (MEDIA_ROOT: images, documents)
    files/private/<name>          storages["private"] (PRIVATE_MEDIA_ROOT: certificate PDFs, attempt archives)
    manifest.json                 time, code version, applied migrations, row count per table, SHA-256 per file

Both run while the portal serves: SQLite's backup API copies a consistent snapshot (the row counts are read
from the copy); ``pg_dump --snapshot`` dumps the repeatable-read snapshot that the backup's own transaction
exported and read its row counts in. Files are streamed through the storage API 1 MiB at a time and hashed
on the way (memory stays bounded, any storage backend works); the manifest comes last, with the hashes of
exactly the bytes archived. Restore streams the same way, checking every hash before it changes anything.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import storages
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

STORAGE_NAMES = ("default", "private")
FORMAT = 1


class ArchiveError(Exception):
    """The archive or the target refuses: the message names what is wrong."""


def code_version() -> str:
    try:
        return subprocess.run(
            ["git", "-C", str(settings.BASE_DIR), "describe", "--always", "--dirty"],
            capture_output=True, text=True, timeout=10, check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return os.environ.get("PORTAL_VERSION", "unknown")


def table_counts(conn=connection) -> dict[str, int]:
    with conn.cursor() as cursor:
        tables = sorted(conn.introspection.table_names(cursor))
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {conn.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def applied_migrations(conn=connection) -> list[str]:
    recorder = MigrationRecorder(conn)
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def _kept_by_another_storage(storage, name: str) -> bool:
    """Whether ``name`` in ``storage`` is the very file/directory another storage keeps there: the default
    storage keeps Wagtail documents (``documents/``) in PRIVATE_MEDIA_ROOT, the private storage's location, so
    the private storage must not list (back up, restore) them a second time."""
    default = storages["default"]
    if storage is default or not hasattr(default, "is_private") or not default.is_private(name):
        return False
    try:
        return os.path.realpath(default.path(name)) == os.path.realpath(storage.path(name))
    except NotImplementedError:  # a storage without paths (in memory) shares no directory
        return False


def storage_files(storage, path: str = "") -> list[str]:
    try:
        dirs, files = storage.listdir(path)
    except FileNotFoundError:  # a file store that was never written to
        return []
    if not path:
        dirs = [d for d in dirs if not _kept_by_another_storage(storage, d)]
        files = [f for f in files if not _kept_by_another_storage(storage, f)]
    names = [f"{path}/{f}" if path else f for f in files]
    for d in dirs:
        names += storage_files(storage, f"{path}/{d}" if path else d)
    return sorted(names)


CHUNK = 1 << 20  # files are copied and hashed 1 MiB at a time: memory stays bounded whatever their size


def sha256_stream(stream, on_chunk=None) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(CHUNK), b""):
        digest.update(chunk)
        if on_chunk:
            on_chunk(len(chunk))
    return digest.hexdigest()


class HashingReader:
    """Reads ``size`` bytes from ``stream`` for tarfile, hashing them and reporting progress on the way."""

    def __init__(self, stream, on_chunk=None):
        self.stream, self.on_chunk, self.digest = stream, on_chunk, hashlib.sha256()

    def read(self, size=-1):
        chunk = self.stream.read(size)
        self.digest.update(chunk)
        if self.on_chunk:
            self.on_chunk(len(chunk))
        return chunk


def pg_args(db: dict) -> tuple[list[str], dict]:
    args = ["-h", db.get("HOST") or "localhost", "-U", db.get("USER") or "postgres"]
    if db.get("PORT"):
        args += ["-p", str(db["PORT"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


@dataclass
class Snapshot:
    """The database file and what it holds (row count per table, applied migrations), taken together."""

    path: Path
    tables: dict[str, int]
    migrations: list[str]


def dump_sqlite(dest_dir: Path) -> Snapshot:
    """SQLite's online backup API: a consistent copy while others write; counts read from the copy."""
    target = dest_dir / "portal.sqlite3"
    connection.ensure_connection()
    out = sqlite3.connect(target)
    try:
        connection.connection.backup(out, pages=1024)
        tables = {t: out.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]
                  for (t,) in out.execute("SELECT name FROM sqlite_master WHERE type='table' "
                                          "AND name NOT LIKE 'sqlite_%'").fetchall()}
        migrations = sorted(f"{a}.{n}" for a, n in out.execute("SELECT app, name FROM django_migrations"))
    finally:
        out.close()
    return Snapshot(target, tables, migrations)


def dump_postgresql(dest_dir: Path) -> Snapshot:
    """``pg_dump --format=custom`` inside a repeatable-read snapshot that the counts are read in too, so that
    rows written while the backup runs are either in both the dump and the manifest or in neither."""
    target = dest_dir / "portal.dump"
    args, env = pg_args(connection.settings_dict)
    command = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", *args, "-f", str(target)]
    if connection.in_atomic_block:  # called inside a transaction (a test): no snapshot of our own to share
        subprocess.run([*command, connection.settings_dict["NAME"]], env=env, check=True)
        return Snapshot(target, table_counts(), applied_migrations())
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot_id = cursor.fetchone()[0]
        tables, migrations = table_counts(), applied_migrations()
        subprocess.run([*command, f"--snapshot={snapshot_id}", connection.settings_dict["NAME"]], env=env,
                       check=True)
    return Snapshot(target, tables, migrations)


def dump_database(dest_dir: Path) -> Snapshot:
    if connection.vendor == "sqlite":
        return dump_sqlite(dest_dir)
    if connection.vendor == "postgresql":
        return dump_postgresql(dest_dir)
    raise ArchiveError(f"backup does not support the {connection.vendor} database")


@dataclass
class Manifest:
    created_at: str
    code_version: str
    vendor: str
    database_file: str
    database_sha256: str
    migrations: list[str]
    tables: dict[str, int]
    files: dict[str, dict[str, str]] = field(default_factory=dict)  # storage -> {name: sha256}
    format: int = FORMAT
    sizes: dict[str, int] = field(default_factory=dict)  # archive member -> bytes (the progress bar's total)

    @classmethod
    def load(cls, data: dict) -> Manifest:
        return cls(**data)


def _tar_info(name: str, size: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, int(timezone.now().timestamp()), 0o640
    return info


def backup(output: Path, progress=None) -> Manifest:
    """Write the archive to ``output`` (atomically: a temporary file renamed at the end).

    Every file is streamed from its storage into the tar 1 MiB at a time and hashed on the way; nothing is
    held in memory whole. The manifest is written last, with the hashes of what was actually archived.
    """
    output = Path(output)
    with tempfile.TemporaryDirectory(prefix="portal-backup-") as tmp:
        snapshot = dump_database(Path(tmp))
        names = {s: storage_files(storages[s]) for s in STORAGE_NAMES}
        sizes = {f"files/{s}/{n}": storages[s].size(n) for s, ns in names.items() for n in ns}
        db_size = snapshot.path.stat().st_size
        if progress:
            progress.start(db_size + sum(sizes.values()), 1 + len(sizes))
        step = (lambda n: progress.advance(n)) if progress else None
        manifest = Manifest(
            created_at=timezone.now().isoformat(), code_version=code_version(), vendor=connection.vendor,
            database_file=f"database/{snapshot.path.name}", database_sha256="",
            migrations=snapshot.migrations, tables=dict(sorted(snapshot.tables.items())),
        )
        partial = output.with_name(output.name + ".partial")
        try:
            with tarfile.open(partial, "w") as tar:
                with snapshot.path.open("rb") as fh:
                    reader = HashingReader(fh, step)
                    tar.addfile(_tar_info(manifest.database_file, db_size), reader)
                manifest.database_sha256 = reader.digest.hexdigest()
                manifest.sizes[manifest.database_file] = db_size
                if progress:
                    progress.advance(files=1)
                snapshot.path.unlink()  # the dump is in the archive: free its space before the files are copied
                for storage_name, file_names in names.items():
                    storage = storages[storage_name]
                    manifest.files[storage_name] = {}
                    for name in file_names:
                        member = f"files/{storage_name}/{name}"
                        with storage.open(name, "rb") as fh:
                            reader = HashingReader(fh, step)
                            # tarfile copies exactly ``size`` bytes; a file that shrank meanwhile raises
                            tar.addfile(_tar_info(member, sizes[member]), reader)
                        manifest.files[storage_name][name] = reader.digest.hexdigest()
                        manifest.sizes[member] = sizes[member]
                        if progress:
                            progress.advance(files=1)
                body = json.dumps(manifest.__dict__, ensure_ascii=False, indent=1).encode()
                tar.addfile(_tar_info("manifest.json", len(body)), io.BytesIO(body))
            partial.replace(output)
        finally:
            partial.unlink(missing_ok=True)
    return manifest


def read_manifest(tar: tarfile.TarFile) -> Manifest:
    try:
        member = tar.getmember("manifest.json")
    except KeyError as exc:
        raise ArchiveError("the archive has no manifest.json") from exc
    return Manifest.load(json.loads(tar.extractfile(member).read()))


def check_archive(archive: Path, progress=None) -> Manifest:
    """Every hash in the manifest checked against the archive (streamed); ArchiveError naming the first bad
    entry. Nothing is changed anywhere before this has passed."""
    with tarfile.open(archive, "r") as tar:
        manifest = read_manifest(tar)
        members = {m.name: m for m in tar.getmembers() if m.isfile()}
        expected = {manifest.database_file: manifest.database_sha256}
        for storage_name, files in manifest.files.items():
            for name, digest in files.items():
                expected[f"files/{storage_name}/{name}"] = digest
        missing = [name for name in expected if name not in members]
        if missing:
            raise ArchiveError(f"missing from the archive: {missing[0]}")
        if progress:
            progress.start(sum(members[n].size for n in expected), len(expected))
        for name, digest in expected.items():
            found = sha256_stream(tar.extractfile(members[name]), progress.advance if progress else None)
            if progress:
                progress.advance(files=1)
            if found != digest:
                raise ArchiveError(f"hash mismatch (changed or damaged): {name}")
        extra = set(members) - set(expected) - {"manifest.json"}
        if extra:
            raise ArchiveError(f"not in the manifest: {sorted(extra)[0]}")
    return manifest


def target_is_empty() -> list[str]:
    """What already lives in the target: tables with rows, files in the storages (empty list: empty)."""
    found = []
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    if tables:
        counts = table_counts()
        found += [f"table {t} ({n} rows)" for t, n in counts.items() if n and t != "django_migrations"]
    for storage_name in STORAGE_NAMES:
        if storage_files(storages[storage_name]):
            found.append(f"files in the {storage_name} storage")
    return found


def clear_target() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA foreign_keys = OFF")
            for table in connection.introspection.table_names(cursor):
                cursor.execute(f'DROP TABLE "{table}"')
    for storage_name in STORAGE_NAMES:
        storage = storages[storage_name]
        for name in storage_files(storage):
            storage.delete(name)


def restore_database(db_path: Path) -> None:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        src = sqlite3.connect(db_path)
        try:
            src.backup(connection.connection)
        finally:
            src.close()
        return
    if connection.vendor == "postgresql":
        connection.close()
        args, env = pg_args(db)
        subprocess.run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", *args,
                        "-d", db["NAME"], str(db_path)], env=env, check=True)
        return
    raise ArchiveError(f"restore does not support the {connection.vendor} database")


@dataclass
class RestoreReport:
    manifest: Manifest
    tables: int
    rows: int
    files: dict[str, int]
    migrated: list[str]
    mismatched_counts: dict[str, tuple[int, int]]


def restore(archive: Path, *, force: bool = False, progress=None, check_progress=None) -> RestoreReport:
    """Check every hash, then load the database and copy every file into the (empty) storages, streaming."""
    archive = Path(archive)
    manifest = check_archive(archive, progress=check_progress)
    if manifest.vendor != connection.vendor:
        raise ArchiveError(f"the archive holds a {manifest.vendor} database; this portal uses {connection.vendor}")
    occupied = target_is_empty()
    if occupied and not force:
        raise ArchiveError("the target is not empty (use --force to replace it): " + "; ".join(occupied[:5]))
    if occupied or force:
        clear_target()
    with tempfile.TemporaryDirectory(prefix="portal-restore-") as tmp, tarfile.open(archive, "r") as tar:
        members = {m.name: m for m in tar.getmembers() if m.isfile()}
        if progress:
            progress.start(sum(m.size for n, m in members.items() if n != "manifest.json"), len(members) - 1)
        step = progress.advance if progress else None
        db_path = Path(tmp) / Path(manifest.database_file).name
        with tar.extractfile(manifest.database_file) as src, db_path.open("wb") as dst:
            digest = hashlib.sha256()
            for chunk in iter(lambda: src.read(CHUNK), b""):
                digest.update(chunk)
                dst.write(chunk)
                if step:
                    step(len(chunk))
        if digest.hexdigest() != manifest.database_sha256:  # the archive changed since it was checked
            raise ArchiveError(f"hash mismatch (changed or damaged): {manifest.database_file}")
        restore_database(db_path)
        db_path.unlink()
        if progress:
            progress.advance(files=1)
        restored = {}
        spool = Path(tmp) / "file"
        for storage_name, files in manifest.files.items():
            storage = storages[storage_name]
            for name, expected in files.items():
                member = f"files/{storage_name}/{name}"
                with tar.extractfile(member) as src, spool.open("wb") as dst:
                    digest = hashlib.sha256()
                    for chunk in iter(lambda: src.read(CHUNK), b""):
                        digest.update(chunk)
                        dst.write(chunk)
                        if step:
                            step(len(chunk))
                if digest.hexdigest() != expected:
                    raise ArchiveError(f"hash mismatch (changed or damaged): {member}")
                with spool.open("rb") as fh:
                    saved = storage.save(name, File(fh, name=name))
                if saved != name:
                    raise ArchiveError(f"the {storage_name} storage renamed {name} to {saved}")
                if progress:
                    progress.advance(files=1)
            restored[storage_name] = len(files)
    counts = table_counts()
    mismatched = {t: (n, counts.get(t, -1)) for t, n in manifest.tables.items() if counts.get(t) != n}
    return RestoreReport(manifest=manifest, tables=len(manifest.tables), rows=sum(manifest.tables.values()),
                         files=restored, migrated=[], mismatched_counts=mismatched)
