"""Backup and restore benchmark: ``manage.py backup`` / ``manage.py restore`` against the database tools alone.

    .venv/bin/python bench/ops/bench_ops.py                                     # SQLite
    tests/tools/with_postgres.sh .venv/bin/python bench/ops/bench_ops.py        # PostgreSQL (DATABASE_URL)
    .venv/bin/python bench/ops/bench_ops.py --sets demo                         # one data set only

Two data sets, each in a database of its own under a temporary directory (removed at the end):

* **demo** — ``manage.py load_demo`` (what ``make run`` serves), with its files.
* **large** — 10,000 employees (with their user accounts), one 10-question sitting that each of them took:
  10,000 attempts and 100,000 answers, written with bulk inserts; plus 1,000 certificate-sized files of
  64 KiB and one 64 MiB document in the file stores (the streaming case: the backup's memory must not grow
  with it).

For each set, in the same run, on the same machine:

* **ours** — ``manage.py backup ARCHIVE`` and ``manage.py restore ARCHIVE`` into an empty database and empty
  file stores, run as an operator runs them (a fresh process each: Django's start-up is included; restore
  includes checking every SHA-256 and ``migrate``).
* **baseline** — the database tool alone: ``sqlite3 SRC ".backup OUT"`` / ``sqlite3 NEW ".restore OUT"``,
  or ``pg_dump --format=custom`` / ``createdb`` + ``pg_restore``; and ``tar`` of the two file stores, which
  the database tools leave out.

Printed: seconds, archive size, peak memory (max RSS of the process) and the ratios ours / database tool
and ours / (database tool + tar).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable
MB = 1024 * 1024
EMPLOYEES, QUESTIONS = 10_000, 10


# --------------------------------------------------------------------------------------------- filling


def fill(kind: str) -> None:
    """Runs in a child process whose environment points at the source database and file stores."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if kind == "demo":
        call_command("load_demo", stdout=open(os.devnull, "w"))
        return
    fill_large()


def fill_large() -> None:
    import datetime
    from decimal import Decimal

    from django.contrib.auth import get_user_model
    from django.core.files import File
    from django.core.files.base import ContentFile
    from django.core.files.storage import storages
    from django.db import transaction
    from django.utils import timezone

    from portal.people.models import Employee, OrgUnit
    from quizzes.exams.models import Attempt, AttemptItem, AttemptStatus
    from tests.factories.exams import machine_marked_exam

    with transaction.atomic():
        head = OrgUnit.add_root(code="HO", name="省联社", name_en="Provincial union", kind=OrgUnit.Kind.HEAD_OFFICE)
        outlets = []
        for b in range(1, 11):
            branch = OrgUnit.objects.get(pk=head.pk).add_child(code=f"BR{b:02d}", name=f"第{b}支行",
                                                               name_en=f"Branch {b}", kind=OrgUnit.Kind.BRANCH)
            outlets.append(OrgUnit.objects.get(pk=branch.pk).add_child(
                code=f"BR{b:02d}-01", name=f"第{b}支行营业部", name_en=f"Branch {b} counter",
                kind=OrgUnit.Kind.OUTLET))
        User = get_user_model()
        users = User.objects.bulk_create(
            [User(username=f"e{n:05d}", email=f"e{n:05d}@bank.example") for n in range(EMPLOYEES)], batch_size=2000)
        employees = Employee.objects.bulk_create(
            [Employee(user=u, employee_number=f"E{n:05d}", name=f"员工{n:05d}", org_unit=outlets[n % 10])
             for n, u in enumerate(users)], batch_size=2000)
        sitting, questions = machine_marked_exam(count=QUESTIONS)
        versions = [q.current_version for q in questions]
        now = timezone.now()
        attempts = Attempt.objects.bulk_create(
            [Attempt(sitting=sitting, employee=e, number=1, status=AttemptStatus.FINAL, seed=f"{e.pk:032x}",
                     candidate_code=f"C{e.pk:07d}", started_at=now - datetime.timedelta(hours=1),
                     deadline=now, submitted_at=now, finalised_at=now, score=Decimal("14"),
                     max_score=Decimal(2 * QUESTIONS), passed=False)
             for e in employees], batch_size=2000)
        items = (AttemptItem(attempt=a, position=p + 1, section_index=0, section_title="一、单项选择题",
                             version=versions[p], points=Decimal("2"),
                             option_order=[0, 1, 2, 3], response=[(a.pk + p) % 4], response_seq=1,
                             answered_at=now, score=Decimal("2") if (a.pk + p) % 4 == 0 else Decimal("0"))
                 for a in attempts for p in range(QUESTIONS))
        AttemptItem.objects.bulk_create(items, batch_size=5000)
    private, default = storages["private"], storages["default"]
    for n in range(1000):
        private.save(f"certificates/bench/{n:04d}.pdf", ContentFile(b"%PDF-1.7\n" + os.urandom(64 * 1024 - 9)))
    with tempfile.TemporaryFile() as big:
        for _ in range(64):
            big.write(os.urandom(MB))
        big.seek(0)
        default.save("documents/bench/large-archive.zip", File(big, name="large-archive.zip"))


# --------------------------------------------------------------------------------------------- measuring


def run(args: list[str], env: dict | None = None) -> tuple[float, int]:
    """Seconds and peak memory (MiB) of one process."""
    started = time.monotonic()
    proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.monotonic() - started
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(args[:4])} failed:\n{err[-3000:]}")
    return elapsed, usage.ru_maxrss // 1024


def size(path: Path) -> int:
    return path.stat().st_size if path.is_file() else sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


class Postgres:
    def __init__(self, url: str):
        self.url = urlparse(url)
        self.args = ["-h", self.url.hostname, "-p", str(self.url.port or 5432), "-U", self.url.username]

    def db_url(self, name: str) -> str:
        return f"postgres://{self.url.username}@{self.url.hostname}:{self.url.port or 5432}/{name}"

    def create(self, name: str, template: str | None = None) -> None:
        subprocess.run(["createdb", *self.args, *(["-T", template] if template else []), name], check=True)

    def drop(self, name: str) -> None:
        subprocess.run(["dropdb", *self.args, "--if-exists", "--force", name], check=True)


def measure(kind: str, tmp: Path, pg: Postgres | None) -> dict:
    work = tmp / kind
    work.mkdir()
    for store in ("src-media", "src-private"):
        (work / store).mkdir()  # a data set without files still has (empty) file stores
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(DJANGO_SETTINGS_MODULE="portal.settings.test", PYTHONPATH=str(ROOT),
               MEDIA_ROOT=str(work / "src-media"), PRIVATE_MEDIA_ROOT=str(work / "src-private"))
    target = dict(env, MEDIA_ROOT=str(work / "new-media"), PRIVATE_MEDIA_ROOT=str(work / "new-private"))
    if pg:
        src, new, base_new = f"bench_{kind}_src", f"bench_{kind}_new", f"bench_{kind}_base"
        for name in (src, new, base_new):
            pg.drop(name)
        pg.create(src)
        env["DATABASE_URL"], target["DATABASE_URL"] = pg.db_url(src), pg.db_url(new)
    else:
        src_file = work / "src.sqlite3"
        env["DATABASE_URL"], target["DATABASE_URL"] = f"sqlite:///{src_file}", f"sqlite:///{work / 'new.sqlite3'}"
    started = time.monotonic()
    run([PY, __file__, "--fill", kind], env)
    filled = time.monotonic() - started
    manage = [PY, str(ROOT / "manage.py")]
    out = {"kind": kind, "fill_s": filled, "files_bytes": size(work / "src-media") + size(work / "src-private")}

    # Django's own start-up (settings, apps, Wagtail), which every management command pays before it works
    out["startup"] = run([*manage, "shell", "-c", "pass"], env)
    archive = work / "portal.tar"
    out["ours_backup"] = run([*manage, "backup", str(archive), "--no-progress"], env)
    out["ours_size"] = size(archive)
    if pg:
        dump = work / "base.dump"
        out["base_backup"] = run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", *pg.args,
                                  "-f", str(dump), src])
    else:
        dump = work / "base.sqlite3"
        out["base_backup"] = run(["sqlite3", str(src_file), f".backup '{dump}'"])
    out["base_size"] = size(dump)
    files_tar = work / "files.tar"
    out["tar_backup"] = run(["tar", "-cf", str(files_tar), "-C", str(work), "src-media", "src-private"])
    out["tar_size"] = size(files_tar)

    if pg:
        pg.create(new)
    out["ours_restore"] = run([*manage, "restore", str(archive), "--no-progress"], target)
    if pg:
        t0 = time.monotonic()
        pg.create(base_new)
        created = time.monotonic() - t0
        secs, rss = run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", *pg.args,
                         "-d", base_new, str(dump)])
        out["base_restore"] = (secs + created, rss)
    else:
        out["base_restore"] = run(["sqlite3", str(work / "base-new.sqlite3"), f".restore '{dump}'"])
    untar = work / "untar"
    untar.mkdir()
    out["tar_restore"] = run(["tar", "-xf", str(files_tar), "-C", str(untar)])
    if pg:
        for name in (src, new, base_new):
            pg.drop(name)
    return out


def report(vendor: str, rows: list[dict]) -> None:
    tool = "pg_dump/pg_restore" if vendor == "postgresql" else "sqlite3 .backup/.restore"
    print(f"\nBackup and restore on {vendor} (baseline: {tool} alone; + tar of the file stores)")
    head = (f"{'data set':<8} {'step':<8} {'ours s':>8} {'ours MiB RSS':>12} {'db tool s':>9} {'db+tar s':>9} "
            f"{'ours/db':>8} {'ours/(db+tar)':>13} {'ours-startup s':>14}")
    print(head)
    print("-" * len(head))
    for r in rows:
        for step in ("backup", "restore"):
            ours, rss = r[f"ours_{step}"]
            base, tar = r[f"base_{step}"][0], r[f"tar_{step}"][0]
            print(f"{r['kind']:<8} {step:<8} {ours:8.2f} {rss:12d} {base:9.2f} {base + tar:9.2f} "
                  f"{ours / base:7.1f}x {ours / (base + tar):12.1f}x {ours - r['startup'][0]:14.2f}")
    print()
    for r in rows:
        print(f"{r['kind']}: Django start-up alone (manage.py shell -c pass) {r['startup'][0]:.2f} s, "
              f"{r['startup'][1]} MiB RSS")
        print(f"{r['kind']}: archive {r['ours_size'] / MB:,.1f} MiB = database dump {r['base_size'] / MB:,.1f} MiB "
              f"+ files {r['files_bytes'] / MB:,.1f} MiB (tar {r['tar_size'] / MB:,.1f} MiB); ratio archive/(dump+tar) "
              f"{r['ours_size'] / (r['base_size'] + r['tar_size']):.2f}; data set filled in {r['fill_s']:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", default="large,demo")
    parser.add_argument("--fill", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.fill:
        fill(options.fill)
        return
    url = os.environ.get("DATABASE_URL", "")
    pg = Postgres(url) if url.startswith("postgres") else None
    tmp = Path(tempfile.mkdtemp(prefix="portal-bench-ops-"))
    rows = []
    try:
        for kind in options.sets.split(","):
            rows.append(measure(kind, tmp, pg))
            report("postgresql" if pg else "sqlite", rows[-1:])  # each set as soon as it is measured
            sys.stdout.flush()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if len(rows) > 1:
        report("postgresql" if pg else "sqlite", rows)


if __name__ == "__main__":
    main()
