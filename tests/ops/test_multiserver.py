"""Two app servers, a task worker and the scheduler behave like one portal (PostgreSQL only).

The harness starts, on loopback, exactly the processes docs/DEPLOYMENT.md runs under systemd:
``gunicorn portal.wsgi`` twice (servers A and B on two free ports), ``manage.py db_worker`` and
``manage.py run_scheduler`` (shorter polling intervals than in production, so that the test is fast), all on
the test run's PostgreSQL database and on one MEDIA_ROOT / PRIVATE_MEDIA_ROOT under a temporary directory,
with production's settings (tests/ops/multiserver_settings.py says the few loopback differences). The
test process writes its data straight into the same database (a transactional test: every row is committed).

One HTTP client stands for one browser behind the load balancer: its cookies go to both servers, so each
step may land on either. Nothing may depend on one process's memory: sessions (signed in on A, used and
ended on B), cache (the verification rate limit counts hits on both), locks and ordering of answers (a stale
save on A after a newer one on B), files (PDFs the worker renders, sent through B), tasks (queued by A, run by
the worker), the scheduler (a scheduled version published by it, not by a web process).
"""

from __future__ import annotations

import datetime
import hashlib
import importlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from portal.ops.models import JobRun
from portal.people.roles import EMPLOYEE, HR
from quizzes.certification.models import Certificate, CertificateBatch
from quizzes.exams.models import Attempt, AttemptStatus
from tests.factories.certification import TheoryResultFactory
from tests.factories.content import regulation_index, simple_regulation
from tests.factories.exams import machine_marked_exam
from tests.factories.people import PASSWORD, EmployeeFactory, user_with_role

pytestmark = pytest.mark.django_db(transaction=True)

BASE_DIR = Path(settings.BASE_DIR)
BIN = Path(sys.executable).parent
STARTUP_TIMEOUT = 90
WAIT_TIMEOUT = 40
# portal.settings.production's cache (that module needs its environment to import)
PRODUCTION_CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "portal_cache"}}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(condition, what: str, timeout: float = WAIT_TIMEOUT, every: float = 0.25, logs=lambda: ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out waiting for {what}\n{logs()}")


class Portal:
    """The running processes and where they keep their files; ``a`` and ``b`` are the two servers' URLs."""

    def __init__(self, tmp: Path, env: dict):
        self.tmp, self.env = tmp, env
        self.media, self.private = Path(env["MEDIA_ROOT"]), Path(env["PRIVATE_MEDIA_ROOT"])
        self.procs: dict[str, subprocess.Popen] = {}
        self.a = self.b = ""

    def start(self, name: str, args: list[str]) -> None:
        log = (self.tmp / f"{name}.log").open("wb")
        self.procs[name] = subprocess.Popen(args, cwd=BASE_DIR, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                            start_new_session=True)

    def logs(self) -> str:
        return "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')[-3000:]}" for p in self.tmp.glob("*.log"))

    def alive(self) -> None:
        dead = {n: p.returncode for n, p in self.procs.items() if p.poll() is not None}
        assert not dead, f"processes ended: {dead}\n{self.logs()}"

    def stop(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs.values():
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)


def ensure_site_tree():
    """The page tree the data migrations create, rebuilt when an earlier transactional test flushed it."""
    from django.apps import apps
    from wagtail.models import Collection, Locale, Page

    from content.models import HomePage

    if HomePage.objects.exists():
        return
    for code in ("zh-hans", "en"):
        Locale.objects.get_or_create(language_code=code)
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(instance=Page(title="Root", slug="root", live=True))
    if not Collection.objects.filter(depth=1).exists():
        Collection.add_root(name="Root")
    importlib.import_module("content.migrations.0002_create_home_pages").create_home_pages(apps, None)


@pytest.fixture
def portal(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("several app servers need a database server: runs in the PostgreSQL run of make test")
    ensure_site_tree()
    db = connection.settings_dict
    tmp = Path(tempfile.mkdtemp(prefix="portal-multiserver-"))
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST", "MEDIA_", "PRIVATE_"))},
        "DJANGO_SETTINGS_MODULE": "tests.ops.multiserver_settings",
        "PYTHONPATH": str(BASE_DIR),
        "SECRET_KEY": "multi-server-test-" + os.urandom(16).hex(),
        "ALLOWED_HOSTS": "127.0.0.1",
        # the test run's own database (pytest-django's test_<name>), where the test commits its rows
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "DB_CONN_MAX_AGE": "60",
        "MEDIA_ROOT": str(tmp / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp / "private"),
        "PORTAL_PRIVATE_FILES_ACCEL_PREFIX": "/internal-private/",
        "PORTAL_BASE_URL": "http://127.0.0.1",
        "PORTAL_TEST_MAIL_DIR": str(tmp / "mail"),
    }
    running = Portal(tmp, env)
    try:
        # per release (docs/DEPLOYMENT.md): createcachetable, for production's cache, here in-process
        with override_settings(CACHES=PRODUCTION_CACHES):
            call_command("createcachetable")
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM portal_cache")
        ports = free_port(), free_port()
        for name, port in zip("ab", ports, strict=True):
            running.start(f"gunicorn-{name}", [str(BIN / "gunicorn"), "portal.wsgi", "--bind", f"127.0.0.1:{port}",
                                               "--workers", "1", "--timeout", "60", "--access-logfile", "-"])
        running.start("worker", [str(BIN / "python"), "manage.py", "db_worker", "--interval", "0.2",
                                 "--no-startup-delay"])
        running.start("scheduler", [str(BIN / "python"), "manage.py", "run_scheduler", "--interval", "0.5"])
        running.a, running.b = (f"http://127.0.0.1:{p}" for p in ports)

        def healthy():
            running.alive()
            try:
                return all(requests.get(f"{url}/healthz", timeout=20).status_code == 200
                           for url in (running.a, running.b))
            except requests.RequestException:  # not listening yet, or still loading
                return False

        # production settings require a fresh scheduler run: both servers healthy means it has run
        wait_for(healthy, "both servers to answer /healthz with 200", timeout=STARTUP_TIMEOUT, every=0.5,
                 logs=running.logs)
        yield running
    finally:
        running.stop()
        shutil.rmtree(tmp, ignore_errors=True)


class Browser(requests.Session):
    """One user's browser behind the load balancer: the same cookies whichever server answers."""

    def csrf(self) -> str:
        return self.cookies["csrftoken"]

    def sign_in(self, server: str, username: str) -> None:
        self.get(f"{server}/zh-hans/accounts/login/", timeout=10).raise_for_status()
        response = self.post(f"{server}/zh-hans/accounts/login/", timeout=10, allow_redirects=False,
                             data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": self.csrf()})
        assert response.status_code == 302, response.text[:2000]

    def api(self, server: str, path: str, body: dict | None = None):
        url = f"{server}/zh-hans/exams/api/{path}"
        if body is None:
            return self.get(url, timeout=10)
        return self.post(url, json=body, headers={"X-CSRFToken": self.csrf()}, timeout=10)


def test_two_app_servers_a_worker_and_the_scheduler_behave_like_one_portal(portal):
    # --- the data, committed by the test process
    candidate = user_with_role(EMPLOYEE, username="multi_cand", employee=True).employee
    sitting, _ = machine_marked_exam(employees=[candidate], count=3)
    hr = user_with_role(HR, username="multi_hr")
    holders = [TheoryResultFactory(employee=EmployeeFactory(employee_number=f"M{n:04d}"), sitting_id=9901).employee
               for n in range(3)]
    page = simple_regulation(regulation_index(), title="柜面业务管理办法")
    go_live = timezone.now() + datetime.timedelta(seconds=2)
    page.title, page.go_live_at = "柜面业务管理办法（修订）", go_live
    scheduled = page.save_revision(user=hr)
    scheduled.publish()  # approved for its go-live time: scheduled, not live
    assert type(page).objects.get(pk=page.pk).title == "柜面业务管理办法"  # not live before its time

    # --- HR queues a bulk issue on A; the web process only enqueues it, the worker renders the PDFs
    hr_browser = Browser()
    hr_browser.sign_in(portal.a, "multi_hr")
    hr_browser.get(f"{portal.a}/admin/certification/bulk-issue/", timeout=10).raise_for_status()
    queued = hr_browser.post(f"{portal.a}/admin/certification/bulk-issue/", timeout=10, allow_redirects=False,
                             data={"sitting_id": "9901", "csrfmiddlewaretoken": hr_browser.csrf()})
    assert queued.status_code == 302, queued.text[:2000]
    batch = CertificateBatch.objects.get()

    # --- one candidate across both servers: start on A, save on B, reload on A, hand in on B
    browser = Browser()
    browser.sign_in(portal.a, "multi_cand")
    browser.get(f"{portal.b}/zh-hans/exams/sittings/{sitting.pk}/", timeout=10).raise_for_status()
    started = browser.post(f"{portal.a}/zh-hans/exams/sittings/{sitting.pk}/", timeout=10, allow_redirects=False,
                           data={"csrfmiddlewaretoken": browser.csrf()})
    assert started.status_code == 302, started.text[:2000]
    attempt = Attempt.objects.get(employee=candidate)
    assert started.headers["Location"].endswith(f"/exams/attempts/{attempt.pk}/")
    saved = browser.api(portal.b, f"attempts/{attempt.pk}/answers/1/", {"response": [0], "seq": 2}).json()
    assert saved["saved"] is True
    stale = browser.api(portal.a, f"attempts/{attempt.pk}/answers/1/", {"response": [1], "seq": 1}).json()
    assert stale["saved"] is False  # the newer save on B wins: the order lives in the database, not in A
    browser.api(portal.a, f"attempts/{attempt.pk}/answers/2/", {"response": [1], "seq": 1}).raise_for_status()
    assert browser.get(f"{portal.a}/zh-hans/exams/attempts/{attempt.pk}/", timeout=10).status_code == 200
    paper = browser.api(portal.a, f"attempts/{attempt.pk}/").json()
    assert [(q["position"], q["response"]) for q in paper["questions"][:2]] == [(1, [0]), (2, [1])]
    handed_in = browser.api(portal.b, f"attempts/{attempt.pk}/submit/", {})
    assert handed_in.json()["status"] == AttemptStatus.FINAL, handed_in.text  # machine-marked: final at once
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.FINAL and attempt.score is not None
    assert browser.api(portal.a, f"attempts/{attempt.pk}/answers/3/", {"response": [0], "seq": 1}).status_code >= 400

    # --- sessions: signing out on B ends the session on A too
    browser.post(f"{portal.b}/zh-hans/accounts/logout/", data={"csrfmiddlewaretoken": browser.csrf()}, timeout=10)
    assert browser.api(portal.a, f"attempts/{attempt.pk}/").status_code == 401

    # --- the worker rendered every PDF; B sends each one through the proxy's private location
    def finished():
        portal.alive()
        status = hr_browser.get(f"{portal.b}/admin/certification/bulk-issue/{batch.pk}/status/", timeout=10).json()
        return status if status["done"] else None

    status = wait_for(finished, "the worker to finish the bulk issue")
    assert (status["status"], status["issued"], status["failed"]) == (CertificateBatch.Status.FINISHED, 3, 0)
    task = DBTaskResult.objects.get(task_path__endswith="bulk_issue_task")
    assert task.worker_ids  # taken by the db_worker process, not run inside the web server
    certificates = Certificate.objects.filter(batch=batch).order_by("serial")
    assert sorted(c.holder_id for c in certificates) == sorted(e.pk for e in holders)
    for certificate in certificates:
        sent = hr_browser.get(f"{portal.b}/zh-hans/certification/certificates/{certificate.serial}/pdf/", timeout=10)
        assert sent.status_code == 200 and sent.headers["X-Accel-Redirect"] == f"/internal-private/{certificate.pdf.name}"
        on_disk = (portal.private / certificate.pdf.name).read_bytes()
        assert on_disk.startswith(b"%PDF") and hashlib.sha256(on_disk).hexdigest() == certificate.content_hash

    # --- cache: the verification rate limit (4 a minute) counts the hits of both servers together
    anonymous = requests.Session()
    token = certificates[0].token
    codes = [anonymous.get(f"{server}/zh-hans/verify/{token}/", timeout=10).status_code
             for server in (portal.a, portal.b, portal.a, portal.b, portal.a)]
    assert codes == [200, 200, 200, 200, 429]

    # --- the scheduler (not a web server) publishes the scheduled version once its time has come
    wait_for(lambda: timezone.now() > go_live, "the go-live time", every=0.1)
    JobRun.objects.filter(name="publish_scheduled").update(next_due=timezone.now())  # its minute has passed
    wait_for(lambda: type(page).objects.get(pk=page.pk).live_revision_id == scheduled.pk,
             "the scheduler to publish the scheduled version")
    assert type(page).objects.get(pk=page.pk).title == "柜面业务管理办法（修订）"
    published_url = type(page).objects.get(pk=page.pk).url
    assert "柜面业务管理办法（修订）" in hr_browser.get(f"{portal.b}{published_url}", timeout=10).text
    assert JobRun.objects.get(name="publish_scheduled").runs >= 2
    portal.alive()
