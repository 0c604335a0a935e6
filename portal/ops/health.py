"""What /healthz reports: each check returns (ok, details). Details never carry URLs, hosts or secrets."""

from __future__ import annotations

import datetime
import socket
import uuid
from urllib.parse import urlparse

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection, transaction
from django.utils import timezone

from portal.ops.scheduler import last_run

TIMEOUT = 2.0


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return True, {"vendor": connection.vendor}


def check_cache():
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "1", 30)
    ok = cache.get(key) == "1"
    cache.delete(key)
    return ok, {}


def check_tasks():
    backend = settings.TASKS["default"]["BACKEND"]
    if not backend.startswith("django_tasks_db"):
        return True, {"backend": "in-process"}
    from django_tasks_db.models import DBTaskResult  # noqa: PLC0415 (only with the database backend)

    ready = DBTaskResult.objects.ready()
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    age = (timezone.now() - oldest).total_seconds() if oldest else 0
    limit = getattr(settings, "OPS_TASK_BACKLOG_MAX_AGE", 900)
    return age <= limit, {"backend": "database", "ready": ready.count(), "oldest_seconds": int(age)}


def check_scheduler():
    last = last_run()
    stale_after = getattr(settings, "OPS_SCHEDULER_STALE_AFTER", 300)
    age = (timezone.now() - last).total_seconds() if last else None
    fresh = age is not None and age <= stale_after
    required = getattr(settings, "OPS_HEALTHZ_REQUIRE_SCHEDULER", False)
    return fresh or not required, {
        "last_run": last.isoformat() if last else None,
        "age_seconds": int(age) if age is not None else None,
        "fresh": fresh,
    }


def check_storages():
    details = {}
    ok = True
    for name in ("default", "private"):
        storage = storages[name]
        probe = f"healthz/{uuid.uuid4().hex}.txt"
        try:
            saved = storage.save(probe, ContentFile(b"ok"))
            storage.delete(saved)
            details[name] = "writable"
        except OSError as exc:
            ok = False
            details[name] = type(exc).__name__
    return ok, details


def _tcp(url: str, default_port: int) -> None:
    parsed = urlparse(url)
    with socket.create_connection((parsed.hostname, parsed.port or default_port), timeout=TIMEOUT):
        pass


def check_directory():
    uri = getattr(settings, "AUTH_LDAP_SERVER_URI", "")
    if not uri:
        return None
    first = uri.split()[0].split(",")[0]
    _tcp(first, 636 if first.startswith("ldaps") else 389)
    return True, {}


def check_elasticsearch():
    url = getattr(settings, "ELASTICSEARCH_URL", "")
    if not url:
        return None
    from elasticsearch import Elasticsearch  # noqa: PLC0415 (only when configured)

    client = Elasticsearch(url, request_timeout=TIMEOUT, max_retries=0)
    return bool(client.ping()), {}


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "tasks": check_tasks,
    "scheduler": check_scheduler,
    "files": check_storages,
    "directory": check_directory,
    "elasticsearch": check_elasticsearch,
}


# Checks that query the database run in a savepoint each: a failing one (say, the cache table missing) must
# not leave an enclosing transaction broken for the checks after it.
IN_SAVEPOINT = {"cache", "tasks", "scheduler"}


def report() -> tuple[bool, dict]:
    started = timezone.now()
    results, healthy = {}, True
    for name, check in CHECKS.items():
        try:
            if name in IN_SAVEPOINT:
                with transaction.atomic():
                    outcome = check()
            else:
                outcome = check()
        except Exception as exc:  # a check that raises is a component that is down
            outcome = (False, {"error": type(exc).__name__})
        if outcome is None:
            continue
        ok, details = outcome
        healthy &= ok
        results[name] = {"status": "ok" if ok else "down", **details}
    elapsed = timezone.now() - started
    return healthy, {
        "status": "ok" if healthy else "down",
        "checks": results,
        "time": started.isoformat(),
        "took_ms": int(elapsed / datetime.timedelta(milliseconds=1)),
    }
