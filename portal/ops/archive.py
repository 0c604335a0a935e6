"""One archive holds the whole portal: the database, every stored file and a manifest.

Layout of the tar file::

    manifest.json                 time, code version, applied migrations, row count per table, SHA-256 per file
    database/portal.sqlite3       SQLite through its online backup API   (or)
    database/portal.dump          PostgreSQL through ``pg_dump --format=custom``
    files/default/<name>          storages["default"] (MEDIA_ROOT: images, documents)
    files/private/<name>          storages["private"] (PRIVATE_MEDIA_ROOT: certificate PDFs, attempt archives)

Both run while the portal serves: SQLite's backup API copies a consistent snapshot, ``pg_dump`` runs in one
repeatable-read transaction. Files are read through the storage API, so any storage backend works.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection
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


def storage_files(storage, path: str = "") -> list[str]:
    try:
        dirs, files = storage.listdir(path)
    except FileNotFoundError:  # a file store that was never written to
        return []
    names = [f"{path}/{f}" if path else f for f in files]
    for d in dirs:
        names += storage_files(storage, f"{path}/{d}" if path else d)
    return sorted(names)


def sha256_stream(stream) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(1 << 20), b""):
        digest.update(chunk)
    return digest.hexdigest()


def pg_args(db: dict) -> tuple[list[str], dict]:
    args = ["-h", db.get("HOST") or "localhost", "-U", db.get("USER") or "postgres"]
    if db.get("PORT"):
        args += ["-p", str(db["PORT"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def dump_database(dest_dir: Path) -> Path:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        target = dest_dir / "portal.sqlite3"
        connection.ensure_connection()
        out = sqlite3.connect(target)
        try:
            connection.connection.backup(out, pages=1024)
        finally:
            out.close()
        return target
    if connection.vendor == "postgresql":
        target = dest_dir / "portal.dump"
        args, env = pg_args(db)
        subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", *args,
                        "-f", str(target), db["NAME"]], env=env, check=True)
        return target
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

    @classmethod
    def load(cls, data: dict) -> Manifest:
        return cls(**data)


def backup(output: Path, progress=None) -> Manifest:
    """Write the archive to ``output`` (atomically: a temporary file renamed at the end)."""
    output = Path(output)
    with tempfile.TemporaryDirectory(prefix="portal-backup-") as tmp:
        tmp = Path(tmp)
        # Counts and migrations first: rows added while the dump runs are in the dump, never missing from it.
        migrations = applied_migrations()
        db_file = dump_database(tmp)
        if connection.vendor == "sqlite":
            snap = sqlite3.connect(db_file)
            try:
                tables = {t: snap.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]
                          for (t,) in snap.execute("SELECT name FROM sqlite_master WHERE type='table' "
                                                   "AND name NOT LIKE 'sqlite_%'")}
            finally:
                snap.close()
        else:
            tables = table_counts()
        names = {s: storage_files(storages[s]) for s in STORAGE_NAMES}
        total = sum(len(v) for v in names.values()) + 1
        if progress:
            progress.start(total)
        manifest = Manifest(
            created_at=timezone.now().isoformat(), code_version=code_version(), vendor=connection.vendor,
            database_file=f"database/{db_file.name}", database_sha256=sha256_stream(db_file.open("rb")),
            migrations=migrations, tables=dict(sorted(tables.items())),
        )
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w") as tar:
            tar.add(db_file, arcname=manifest.database_file)
            if progress:
                progress(1)
            for storage_name, file_names in names.items():
                storage = storages[storage_name]
                manifest.files[storage_name] = {}
                for name in file_names:
                    with storage.open(name, "rb") as fh:
                        data = fh.read()
                    manifest.files[storage_name][name] = hashlib.sha256(data).hexdigest()
                    info = tarfile.TarInfo(f"files/{storage_name}/{name}")
                    info.size = len(data)
                    info.mtime = int(timezone.now().timestamp())
                    tar.addfile(info, io.BytesIO(data))
                    if progress:
                        progress(1)
            body = json.dumps(manifest.__dict__, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(body)
            info.mtime = int(timezone.now().timestamp())
            tar.addfile(info, io.BytesIO(body))
        partial.replace(output)
    return manifest


def read_manifest(tar: tarfile.TarFile) -> Manifest:
    try:
        member = tar.getmember("manifest.json")
    except KeyError as exc:
        raise ArchiveError("the archive has no manifest.json") from exc
    return Manifest.load(json.loads(tar.extractfile(member).read()))


def check_archive(archive: Path) -> Manifest:
    """Every hash in the manifest checked against the archive; ArchiveError naming the first bad entry."""
    with tarfile.open(archive, "r") as tar:
        manifest = read_manifest(tar)
        members = {m.name: m for m in tar.getmembers() if m.isfile()}
        expected = {manifest.database_file: manifest.database_sha256}
        for storage_name, files in manifest.files.items():
            for name, digest in files.items():
                expected[f"files/{storage_name}/{name}"] = digest
        for name, digest in expected.items():
            if name not in members:
                raise ArchiveError(f"missing from the archive: {name}")
            if sha256_stream(tar.extractfile(members[name])) != digest:
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


def restore(archive: Path, *, force: bool = False, progress=None) -> RestoreReport:
    archive = Path(archive)
    manifest = check_archive(archive)
    if manifest.vendor != connection.vendor:
        raise ArchiveError(f"the archive holds a {manifest.vendor} database; this portal uses {connection.vendor}")
    occupied = target_is_empty()
    if occupied and not force:
        raise ArchiveError("the target is not empty (use --force to replace it): " + "; ".join(occupied[:5]))
    if occupied or force:
        clear_target()
    total = 1 + sum(len(v) for v in manifest.files.values())
    if progress:
        progress.start(total)
    with tempfile.TemporaryDirectory(prefix="portal-restore-") as tmp, tarfile.open(archive, "r") as tar:
        db_path = Path(tmp) / Path(manifest.database_file).name
        with tar.extractfile(manifest.database_file) as src, db_path.open("wb") as dst:
            shutil.copyfileobj(src, dst)
        restore_database(db_path)
        if progress:
            progress(1)
        restored = {}
        for storage_name, files in manifest.files.items():
            storage = storages[storage_name]
            for name, digest in files.items():
                data = tar.extractfile(f"files/{storage_name}/{name}").read()
                if hashlib.sha256(data).hexdigest() != digest:
                    raise ArchiveError(f"hash mismatch (changed or damaged): files/{storage_name}/{name}")
                saved = storage.save(name, ContentFile(data))
                if saved != name:
                    raise ArchiveError(f"the {storage_name} storage renamed {name} to {saved}")
                if progress:
                    progress(1)
            restored[storage_name] = len(files)
    counts = table_counts()
    mismatched = {t: (n, counts.get(t, -1)) for t, n in manifest.tables.items() if counts.get(t) != n}
    return RestoreReport(manifest=manifest, tables=len(manifest.tables), rows=sum(manifest.tables.values()),
                         files=restored, migrated=[], mismatched_counts=mismatched)
