"""Acknowledgement-round benchmark: opening a round for 10,000 employees, and its report.

    .venv/bin/python bench/acknowledgements/bench_open_round.py          # SQLite (in-memory test database)
    tests/tools/with_postgres.sh .venv/bin/python bench/acknowledgements/bench_open_round.py   # PostgreSQL

Everything runs in this one process against a throwaway test database:

* the bank: 10,000 active employees (with login users) in 30 outlets, holding five posts linked to one
  regulation (to the whole regulation, a chapter or an article), plus 2,000 employees holding an unlinked
  post and 500 inactive holders of linked posts — none of whom may be asked;
* **baseline** — a bare ``bulk_create`` of the same 10,000 ``Acknowledgement`` rows (measured in the same run,
  then deleted): the floor any implementation pays to write the rows;
* **open round (service)** — ``rounds.open_round``: the audience query, the rows, the audit entry;
* **publish, not material** — the same publication without a round: what Wagtail's publish (revision, page
  save, search indexing) costs by itself;
* **publish (first material version)** — a material revision published through Wagtail
  (``revision.publish()``): the publish itself, the signal and the round;
* **publish (next material version)** — the same again, which also replaces the open round (10,000 pending
  requests become "replaced");
* **report** — the round's admin report (totals, by org unit, first page of people) rendered for HR through
  the test client, with its query count, and the same with 10× fewer people (the count must not change).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

LIMIT_SECONDS = 2.0  # the whole worst case (a material publish replacing a round) for 50,000 employees


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def build_bank(employees: int, outsiders: int, inactive: int):
    """Org units, a regulation, five linked posts and one unlinked post, and their holders (bulk inserts)."""
    from django.contrib.auth import get_user_model

    from content.models import PostAssignment, PostPage
    from portal.people.models import Employee, OrgUnit
    from tests.factories import content as f

    head = OrgUnit.add_root(
        code="HO", name="省联社", name_en="Provincial union", kind=OrgUnit.Kind.HEAD_OFFICE
    )
    outlets = []
    for b in range(1, 4):
        branch = OrgUnit.objects.get(pk=head.pk).add_child(
            code=f"BR{b:02d}", name=f"第{b}支行", name_en=f"Branch {b}", kind=OrgUnit.Kind.BRANCH
        )
        for o in range(1, 11):
            outlets.append(
                OrgUnit.objects.get(pk=branch.pk).add_child(
                    code=f"BR{b:02d}-{o:02d}", name=f"第{b}支行第{o}网点", kind=OrgUnit.Kind.OUTLET
                )
            )

    index = f.regulation_index()
    regulation = f.simple_regulation(index, n_articles=40, title="电子银行业务管理办法")
    dept = f.department()
    posts = []
    for n in range(5):
        post = f.post(dept, title=f"网银岗位{n}", code=f"EB-{n}")
        if n == 0:
            f.link_regulation(post, regulation)
        elif n == 1:
            f.link_regulation(post, regulation, chapter=regulation.chapters.get(number=1))
        else:
            f.link_regulation(post, regulation, article=regulation.articles.get(number=n))
        posts.append(f.publish(post))
    unlinked = f.post(dept, title="保洁岗", code="CLEAN")

    User = get_user_model()
    total = employees + outsiders + inactive
    users = User.objects.bulk_create(
        [User(username=f"b{n:06d}", email=f"b{n:06d}@bank.example") for n in range(total)], batch_size=2000
    )
    people = Employee.objects.bulk_create(
        [
            Employee(
                user=user,
                employee_number=f"B{n:06d}",
                name=f"员工{n}",
                org_unit=outlets[n % len(outlets)],
                is_active=not (employees + outsiders <= n),
            )
            for n, user in enumerate(users)
        ],
        batch_size=2000,
    )
    assignments = []
    for n, person in enumerate(people):
        if n < employees or n >= employees + outsiders:
            assignments.append(PostAssignment(employee=person, post=posts[n % len(posts)]))
        else:
            assignments.append(PostAssignment(employee=person, post=unlinked))
    PostAssignment.objects.bulk_create(assignments, batch_size=2000)
    assert PostPage.objects.filter(pk__in=[p.pk for p in posts], live=True).count() == 5
    return regulation, people[:employees]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--outsiders", type=int, default=2_000)
    parser.add_argument("--inactive", type=int, default=500)
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of the baseline and the service (best kept)"
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse
    from django.utils import timezone

    from content.acknowledgements.models import Acknowledgement, AcknowledgementRound
    from content.acknowledgements.services import rounds
    from content.models import RegulationPage
    from portal.people.roles import HR
    from tests.factories import acknowledgements as af
    from tests.factories.people import user_with_role

    setup_test_environment()
    print(f"Setting up a test database on {connection.vendor} …", flush=True)
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        regulation, audience = build_bank(args.employees, args.outsiders, args.inactive)
        n = len(audience)
        print(
            f"{n:,} employees must read; {args.outsiders:,} hold an unlinked post; "
            f"{args.inactive} inactive.\n"
        )

        # baseline: the same rows, bare (best of three, each batch deleted again)
        page = RegulationPage.objects.get(pk=regulation.pk)
        now = timezone.now()
        baselines = []
        for _attempt in range(args.repeat):
            dummy = AcknowledgementRound.objects.create(
                page=page,
                revision=page.save_revision(),
                title="baseline",
                change_summary="-",
                due_days=14,
                due_on=timezone.localdate(),
            )
            rows = [
                Acknowledgement(round_id=dummy.pk, employee_id=e.pk, due_on=dummy.due_on, added_at=now)
                for e in audience
            ]
            seconds, _ = timed(
                lambda rows=rows: Acknowledgement.objects.bulk_create(rows, batch_size=2000)
            )
            baselines.append(seconds)
            dummy.delete()
        baseline = min(baselines)

        # the service (best of three, each on a new revision; the round is closed again afterwards)
        services = []
        for _attempt in range(args.repeat):
            revision = page.save_revision()
            seconds, round_ = timed(
                lambda revision=revision: rounds.open_round(page, revision, summary="基准测试")
            )
            assert round_.audience_size == n, (round_.audience_size, n)
            services.append(seconds)
            rounds.close_open_rounds(page, reason=AcknowledgementRound.CloseReason.REPLACED)
        service = min(services)

        plain, (page, _rev) = timed(lambda: af.publish_plain(page))
        assert not AcknowledgementRound.objects.filter(status=AcknowledgementRound.Status.OPEN).exists()
        first, (page, _rev, first_round) = timed(lambda: af.publish_material(page, summary="第一次修订"))
        assert first_round.audience_size == n
        second, (page, _rev, second_round) = timed(lambda: af.publish_material(page, summary="第二次修订"))
        assert second_round.audience_size == n
        replaced = Acknowledgement.objects.filter(
            round=first_round, status=Acknowledgement.Status.REPLACED
        ).count()
        assert replaced == n

        # report: HR opens the round's report
        hr = user_with_role(HR, username="bench_hr")
        client = Client()
        client.force_login(hr)
        url = reverse("acknowledgement_reports:round", args=[second_round.pk])
        client.get(url)  # warm up
        with CaptureQueriesContext(connection) as big:
            report_time, response = timed(lambda: client.get(url))
        assert response.status_code == 200

        # the same report with a tenth of the people: the query count must not change
        small_page = RegulationPage.objects.get(pk=page.pk)
        from content.models import PostAssignment

        keep = {e.pk for e in audience[: max(1, n // 10)]}
        PostAssignment.objects.filter(post__regulation_links__regulation=small_page).exclude(
            employee_id__in=keep
        ).delete()
        _p, _r, small_round = af.publish_material(small_page, summary="小规模")
        small_url = reverse("acknowledgement_reports:round", args=[small_round.pk])
        client.get(small_url)
        with CaptureQueriesContext(connection) as small:
            client.get(small_url)

        rows = [
            (f"baseline: bare bulk_create (best of {args.repeat})", baseline),
            (f"open_round service (best of {args.repeat})", service),
            ("publish, not material (Wagtail's own cost)", plain),
            ("publish material revision (1st round)", first),
            ("publish material revision (replaces round)", second),
        ]
        print(f"{'scenario':<48}{'total s':>10}{'µs/employee':>14}{'× baseline':>12}")
        for label, seconds in rows:
            print(f"{label:<48}{seconds:>10.3f}{seconds / n * 1e6:>14.1f}{seconds / baseline:>12.2f}")
        print(
            f"\nround report for {n:,} people: {report_time:.3f} s, {len(big.captured_queries)} queries "
            f"(for {small_round.audience_size:,} people: {len(small.captured_queries)} queries)"
        )
        worst = max(*services, first, second)
        verdict = "PASS" if worst < LIMIT_SECONDS else "FAIL"
        print(
            f"{verdict}: opening a round for {n:,} employees took at most {worst:.3f} s "
            f"(limit {LIMIT_SECONDS:.0f} s)"
        )
        if len(big.captured_queries) != len(small.captured_queries):
            print("FAIL: the report's query count depends on the number of people")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
