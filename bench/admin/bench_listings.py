"""Staff pages benchmark: every admin listing (index) and inspect page each staff role reaches, on the demo
and on a scaled data set, with median time and query count per page.

    .venv/bin/python bench/admin/bench_listings.py                 # SQLite (throwaway test database)
    tests/tools/with_postgres.sh .venv/bin/python bench/admin/bench_listings.py

The pages are found from the URL configuration, not listed by hand: every admin URL whose name ends in
``index`` (a ModelViewSet's or snippet's listing, Wagtail's own listings) and takes no argument, and every
``inspect`` URL with the row of its model that has the most children (``inspect_row``: the sitting with the
most attempts), chosen on the demo and measured again on the scaled data. Each role's demo login
(``manage.py load_demo``) requests each page; pages that answer other than 200 (the role does not reach them)
are left out. Then the data set is scaled (``--employees``, ``--attempts``, ``--questions``: rows cloned
from the demo's with ``bulk_create``) and every page measured again. Flags: median > 300 ms, > 40 queries,
or more queries on the scaled data than on the demo (a count that grows with the table's size). Each page's
queries are captured after clearing the connection's log, which keeps 9,000 at most. The baseline of each
page is its own demo figure in the same run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

LIMIT_MS = 300
LIMIT_QUERIES = 40


def admin_pages():
    """[(label, url name, model or None, kind)] of every argument-less admin index and every inspect view."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found = []

    def walk(patterns, namespace, prefix):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = f"{namespace}:{p.namespace}" if p.namespace and namespace else (p.namespace or namespace)
                walk(p.url_patterns, ns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern) and p.name:
                full = f"{namespace}:{p.name}" if namespace else p.name
                route = prefix + str(p.pattern)
                if not route.startswith("admin/"):
                    continue
                initkwargs = getattr(p.callback, "view_initkwargs", {}) or {}
                model = initkwargs.get("model")
                if p.name.endswith("index") and not p.pattern.regex.groupindex and "<" not in str(p.pattern):
                    found.append((full, full, None, "index"))
                elif p.name.endswith("inspect") and model is not None:
                    found.append((full, full, model, "inspect"))

    walk(get_resolver().url_patterns, "", "")
    seen, unique = set(), []
    for item in found:
        if item[1] not in seen:
            seen.add(item[1])
            unique.append(item)
    return unique


def measure(client, url: str, repeat: int):
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    timings, queries, status = [], 0, None
    for _ in range(repeat):
        # The connection keeps its last 9,000 queries only (``queries_limit``): once the log is full (the
        # scaling step alone fills it) a capture's start and end indexes are both 9,000 and it reads 0.
        reset_queries()
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(url)
            if getattr(response, "streaming", False):
                b"".join(response.streaming_content)
            timings.append(time.perf_counter() - started)
        status = response.status_code
        queries = len(ctx.captured_queries)
        if status != 200:
            break
    return status, statistics.median(timings) * 1000, queries


def staff_logins():
    from django.contrib.auth import get_user_model

    from portal.people.roles import ADMIN_ACCESS, ALL_ROLES

    User = get_user_model()
    logins = []
    for role in ALL_ROLES:
        user = User.objects.filter(groups__name=role, is_active=True).order_by("pk").first()
        if user is not None and user.has_perm(ADMIN_ACCESS):
            logins.append((role, user))
    superuser = User.objects.filter(is_superuser=True).order_by("pk").first()
    if superuser is not None:
        logins.append(("superuser", superuser))
    return logins


def inspect_row(model):
    """The row with the most rows in the model's largest one-to-many relation (the sitting with the most
    attempts), the first row when it has none: the scaling step clones the demo's rows with their parents, so
    the row chosen on the demo is the one whose page the scaled data weighs on."""
    from django.db.models import Count

    rows = model._default_manager.order_by("pk")
    relations = [r for r in model._meta.related_objects if r.one_to_many and not r.hidden]
    sizes = [(r.related_model._default_manager.count(), r) for r in relations]
    largest = max(sizes, key=lambda pair: pair[0], default=(0, None))
    if largest[0]:
        return rows.annotate(bench_related=Count(largest[1].name)).order_by("-bench_related", "pk").first()
    return rows.first()


def urls_for(pages):
    """[(label, url)]: each index, and each inspect page of its model's ``inspect_row`` (chosen once, on the
    demo, and measured again on the scaled data)."""
    from django.urls import NoReverseMatch, reverse

    out = []
    for label, name, model, kind in pages:
        try:
            if kind == "index":
                out.append((label, reverse(name)))
            else:
                row = inspect_row(model)
                if row is not None:
                    out.append((label, reverse(name, args=[row.pk])))
        except NoReverseMatch:
            continue
    return out


def run_all(logins, urls, repeat):
    from django.test import Client

    results = {}
    for role, user in logins:
        client = Client()
        client.force_login(user)
        for label, url in urls:
            status, ms, queries = measure(client, url, repeat)
            if status == 200:
                results[(role, label)] = (ms, queries)
    return results


def _clone(model, count: int, vary, batch: int = 2000) -> int:
    """Bulk-insert ``count`` copies of the model's first rows, ``vary(obj, n)`` making each one unique."""
    templates = list(model._default_manager.order_by("pk")[:50])
    if not templates:
        return 0
    made = 0
    while made < count:
        rows = []
        for n in range(made, min(count, made + batch)):
            source = templates[n % len(templates)]
            obj = model()
            for field in model._meta.concrete_fields:
                if not field.primary_key:
                    setattr(obj, field.attname, getattr(source, field.attname))
            vary(obj, n)
            rows.append(obj)
        model._default_manager.bulk_create(rows)
        made += len(rows)
    return made


def scale(employees: int, attempts: int, questions: int) -> dict:
    from django.contrib.auth import get_user_model

    from portal.people.models import Employee
    from quizzes.exams.models import Attempt
    from quizzes.models import Question

    User = get_user_model()
    made = {}
    start = User.objects.count()
    users = User.objects.bulk_create(
        [User(username=f"scale{start + n:06d}", email=f"scale{start + n}@bank.example") for n in range(employees)],
        batch_size=2000,
    )
    unit_ids = list(Employee.objects.values_list("org_unit_id", flat=True).distinct()[:50])
    new_employees = Employee.objects.bulk_create(
        [Employee(user=u, employee_number=f"S{n:06d}", name=f"测试员工{n}", org_unit_id=unit_ids[n % len(unit_ids)])
         for n, u in enumerate(users)],
        batch_size=2000,
    )
    made["employees"] = len(new_employees)
    employee_ids = [e.pk for e in new_employees]

    def vary_attempt(obj, n):
        obj.employee_id = employee_ids[n % len(employee_ids)]
        obj.number = 1 + n // len(employee_ids)

    made["attempts"] = _clone(Attempt, attempts, vary_attempt)

    unique_chars = [f.attname for f in Question._meta.concrete_fields
                    if f.unique and not f.primary_key and f.get_internal_type() in ("CharField", "SlugField")]

    def vary_question(obj, n):
        for name in unique_chars:
            setattr(obj, name, f"{getattr(obj, name)}-s{n}"[:Question._meta.get_field(name).max_length])
        if hasattr(obj, "translation_key"):
            import uuid

            obj.translation_key = uuid.uuid4()

    made["questions"] = _clone(Question, questions, vary_question)
    return made


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--attempts", type=int, default=100_000)
    parser.add_argument("--questions", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", default="", help="measure only the pages whose URL name contains this")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import override_settings, setup_test_environment

    setup_test_environment()
    print(f"Setting up a test database on {connection.vendor} and loading the demo …", flush=True)
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        with override_settings(ALLOWED_HOSTS=["*"]):
            call_command("load_demo", stdout=open(os.devnull, "w"))
            pages = [p for p in admin_pages() if args.only in p[1]]
            logins = staff_logins()
            print(f"{len(pages)} admin pages, {len(logins)} staff logins; measuring the demo …", flush=True)
            urls = urls_for(pages)
            demo = run_all(logins, urls, args.repeat)
            print("Scaling the data set …", flush=True)
            started = time.perf_counter()
            made = scale(args.employees, args.attempts, args.questions)
            print(f"  added {made} in {time.perf_counter() - started:.0f} s; measuring again …", flush=True)
            scaled = run_all(logins, urls, args.repeat)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    print()
    print(f"Admin pages on {connection.vendor}; load average {os.getloadavg()[0]:.2f} (1 min); "
          f"scaled data set adds {made}")
    header = (f"{'role':20} {'page':58} {'demo ms':>8} {'q':>4} {'scaled ms':>9} {'q':>4} {'ratio':>6}  flags")
    print(header)
    print("-" * len(header))
    flagged = 0
    for key in sorted(set(demo) | set(scaled)):
        role, label = key
        d_ms, d_q = demo.get(key, (float("nan"), -1))
        s_ms, s_q = scaled.get(key, (float("nan"), -1))
        flags = []
        if max(d_ms, s_ms) > LIMIT_MS:
            flags.append(f">{LIMIT_MS}ms")
        if max(d_q, s_q) > LIMIT_QUERIES:
            flags.append(f">{LIMIT_QUERIES}q")
        if d_q >= 0 and s_q > d_q:
            flags.append("queries grow")
        flagged += bool(flags)
        ratio = s_ms / d_ms if d_ms else float("nan")
        print(f"{role[:20]:20} {label[:58]:58} {d_ms:8.0f} {d_q:4d} {s_ms:9.0f} {s_q:4d} {ratio:6.2f}  {' '.join(flags)}")
    print()
    print(f"{flagged} of {len(set(demo) | set(scaled))} role × page rows flagged "
          f"(median > {LIMIT_MS} ms, > {LIMIT_QUERIES} queries, or queries growing with the data)")


if __name__ == "__main__":
    main()
