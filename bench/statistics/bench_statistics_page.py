"""The examiner's statistics page for a sitting of 500 simulated attempts × 50 items, against numpy.

    .venv/bin/python bench/statistics/bench_statistics_page.py [--candidates 500] [--items 50] [--repeat 5]
    tests/tools/with_postgres.sh .venv/bin/python bench/statistics/bench_statistics_page.py

In a throwaway test database: one sitting of ``--items`` single-choice questions, ``--candidates`` employees who
start, answer (the simulated Rasch-like choices of bench_statistics.py, the first item miskeyed) and hand in
through the exam services. Then it times, in the same run:
  - the background computation (``services.statistics.compute``: the matrix query and the plain-Python rules);
  - the statistics page as an examiner sees it after that computation (GET, figures from the cache), median;
  - numpy computing the same figures from the same matrix (the baseline of bench_statistics.py).
Target (issue #15): the page renders in under 1 s after its background computation.
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
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

import bench_statistics as sim  # noqa: E402

TARGET_S = 1.0


def build(candidates: int, items: int):
    """The sitting, with every simulated attempt handed in; returns (sitting, examiner, scores, choices, keys)."""
    from django.utils import timezone

    from portal.people.roles import EXAMINER
    from quizzes.exams.models import AttemptItem
    from quizzes.exams.services import attempts
    from tests.factories.exams import machine_marked_exam
    from tests.factories.people import EmployeeFactory, user_with_role

    scores, choices, keys = sim.simulate(candidates, items)
    people = [EmployeeFactory() for _ in range(candidates)]
    sitting, questions = machine_marked_exam(employees=people, count=items, points="1")
    index = {q.pk: i for i, q in enumerate(questions)}
    now = timezone.now()
    for c, person in enumerate(people):
        attempt = attempts.start_attempt(sitting, person, now=now)
        answered = []
        for item in attempt.items.select_related("version"):
            i = index[item.version.question_id]
            option = (choices[c][i][0] - keys[i][0] + 1) % sim.OPTIONS  # the questions' key is option 1
            item.response = [option]  # stored in original option indices
            item.response_seq = 1
            item.answered_at = now
            answered.append(item)
        AttemptItem.objects.bulk_update(answered, ["response", "response_seq", "answered_at"])
        attempts.submit_attempt(attempt.pk, person, now=now)
        if (c + 1) % 100 == 0:
            print(f"  {c + 1} attempts handed in", flush=True)
    return sitting, user_with_role(EXAMINER, username="bench_examiner"), scores, choices, keys


def timed(fn, repeat):
    runs, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=500)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings, setup_test_environment
    from django.urls import reverse

    from quizzes.exams.services import statistics as stats
    from quizzes.exams.services.statistics_page import cached

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    print(f"Setting up a test database on {connection.vendor}; {args.candidates} attempts × {args.items} items …",
          flush=True)
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        with override_settings(ALLOWED_HOSTS=["*"]):
            started = time.perf_counter()
            sitting, examiner, scores, choices, keys = build(args.candidates, args.items)
            print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)

            compute_s, data = timed(lambda: stats.compute(sitting), args.repeat)
            cache.clear()
            cached(sitting)  # the background task (in-process backend) fills the cache
            client = Client()
            client.force_login(examiner)
            url = reverse("exams_statistics:sitting", args=[sitting.pk])
            client.get(url)  # templates and translations warm
            with CaptureQueriesContext(connection) as ctx:
                page_s, response = timed(lambda: client.get(url), args.repeat)
            queries = len(ctx.captured_queries) // args.repeat
            max_marks = [1.0] * args.items
            numpy_s, ref = timed(lambda: sim.with_numpy(scores, choices, keys, max_marks), args.repeat)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    ok = response.status_code == 200 and data["n"] == args.candidates
    agree = sim.agree(data["alpha"], ref["alpha"]) and sim.agree(data["sem"], ref["sem"])
    print()
    print(f"Statistics page, {args.candidates} attempts × {args.items} items on {connection.vendor}, "
          f"median of {args.repeat}")
    print(f"{'':44}{'seconds':>10}{'× numpy':>10}")
    print(f"{'numpy, the same figures (baseline)':44}{numpy_s:10.4f}{1:10.1f}")
    print(f"{'background computation (query + rules)':44}{compute_s:10.4f}{compute_s / numpy_s:10.1f}")
    print(f"{'page after the computation (GET, cached)':44}{page_s:10.4f}{page_s / numpy_s:10.1f}")
    print(f"page: HTTP {response.status_code}, {len(response.content) // 1024} KiB, {queries} queries; "
          f"target < {TARGET_S:.1f} s: {'met' if page_s < TARGET_S else 'NOT met'}")
    print(f"α = {data['alpha']:.4f} (numpy {ref['alpha']:.4f}), SEM = {data['sem']:.3f}: "
          f"{'agree' if agree else 'DISAGREE'}")
    print(f"load: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if not (ok and agree):
        sys.exit(1)


if __name__ == "__main__":
    main()
