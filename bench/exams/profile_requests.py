"""Per-request cost of the exam day's calls beside the bare endpoint: SQL statements and CPU time (issue 19).

    tests/tools/with_postgres.sh .venv/bin/python bench/exams/profile_requests.py              # 30 candidates
    tests/tools/with_postgres.sh .venv/bin/python bench/exams/profile_requests.py --profile save

The same database, settings (``bench.exams.settings``: the shared ``DatabaseCache``, database sessions) and
middleware as the exam-day benchmark, one process, Django's test client with CSRF checks on (every request goes
through the whole handler and middleware stack). Each candidate starts, loads the paper, saves ``--answers``
answers, reloads and hands in; the bare endpoint gets as many posts. Printed per kind of request: statements
(median, max) and CPU milliseconds (median, mean; ``time.process_time`` of this process, so the database
server's own work is not in it — its statements are), the ratio of the CPU median to the bare one, and the median
wall time (with the database's time; this one does depend on the machine's load). The statements and CPU are
load-independent figures, unlike the benchmark's wall times. ``--profile KIND`` prints that kind's cProfile.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run_bench  # noqa: E402  (sets DJANGO_SETTINGS_MODULE, the path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--candidates", type=int, default=30)
    parser.add_argument("--answers", type=int, default=30)
    parser.add_argument("--profile", default="", help="print the cProfile of this kind (start, save, …)")
    parser.add_argument("--sql", default="", help="print the statements of one request of this kind")
    parser.add_argument("--dump", default="", help="with --profile: write the profile to this file (pstats)")
    parser.add_argument("--callees", default="", help="with --profile: print what these functions call")
    args = parser.parse_args()

    setup = run_bench.setup_database(args.candidates)

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from quizzes.exams.services import answers

    sitting = setup["sitting"]
    figures: dict[str, list[tuple[int, float]]] = {}
    walls: dict[str, list[float]] = {}
    profiles = {kind: cProfile.Profile(time.process_time) for kind in [args.profile] if kind}
    shown_sql: set[str] = set()

    def measure(kind, call):
        profile = profiles.get(kind)
        with CaptureQueriesContext(connection) as queries:
            started, wall = time.process_time(), time.perf_counter()
            if profile:
                profile.enable()
            response = call()
            if profile:
                profile.disable()
            cpu = time.process_time() - started
            wall = time.perf_counter() - wall
        if response.status_code >= 400 and not (kind == "save" and response.status_code == 409):
            raise SystemExit(f"{kind}: {response.status_code} {response.content[:300]!r}")
        figures.setdefault(kind, []).append((len(queries), cpu * 1000))
        walls.setdefault(kind, []).append(wall * 1000)
        if kind == args.sql and kind not in shown_sql:
            shown_sql.add(kind)
            print(f"--- the statements of one {kind}:")
            for query in queries.captured_queries:
                print(f"  {float(query['time']) * 1000:6.2f} ms ", query["sql"][:300])
        return response

    def sit(credential):
        answers._local.clear()  # each candidate as on a server that has not seen the paper (the other one started it)
        client = Client(enforce_csrf_checks=True, HTTP_X_CSRFTOKEN=credential["csrf"])
        client.cookies["sessionid"] = credential["session"]
        client.cookies["csrftoken"] = credential["csrf"]
        json_post = {"content_type": "application/json"}
        for seq in range(1, args.answers + 1):
            measure("bare", lambda seq=seq: client.post("/bench/bare/", json.dumps({"response": [0], "seq": seq}),
                                                        **json_post))
        started = measure("start", lambda: client.post(f"/zh-hans/exams/sittings/{sitting}/",
                                                       {"csrfmiddlewaretoken": credential["csrf"]}))
        base = started["Location"].replace("/exams/attempts/", "/exams/api/attempts/")
        paper = measure("load paper", lambda: client.get(base)).json()
        for seq, question in enumerate(paper["questions"][:args.answers], start=1):
            body = json.dumps({"response": [0] if question["type"] != "fill_blank" else ["网银"], "seq": seq})
            measure("save", lambda q=question, body=body: client.post(f"{base}answers/{q['position']}/", body,
                                                                     **json_post))
        measure("reload", lambda: client.get(base))
        measure("hand in", lambda: client.post(f"{base}submit/", "{}", **json_post))

    for credential in setup["users"]:
        sit(credential)

    print()
    print(f"Per-request cost · {args.candidates} candidates · {args.answers} answers each · bench.exams.settings "
          f"(DatabaseCache, database sessions) · PostgreSQL {connection.pg_version // 10000}")
    print(f"  {'request':<12} {'n':>6} {'SQL med':>8} {'SQL max':>8} {'CPU ms med':>11} {'CPU ms mean':>12} "
          f"{'× bare CPU':>11} {'wall ms med':>12}")
    bare_cpu = statistics.median(cpu for _n, cpu in figures["bare"])
    for kind in ("bare", "start", "load paper", "save", "reload", "hand in"):
        rows = figures[kind]
        cpu = statistics.median(c for _n, c in rows)
        print(f"  {kind:<12} {len(rows):>6} {statistics.median(n for n, _c in rows):>8.0f} "
              f"{max(n for n, _c in rows):>8} {cpu:>11.2f} {statistics.mean(c for _n, c in rows):>12.2f} "
              f"{cpu / bare_cpu:>10.2f}× {statistics.median(walls[kind]):>12.2f}")
    for kind, profile in profiles.items():
        if args.dump:
            profile.dump_stats(args.dump)
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(45)
        print(f"--- cProfile of {kind} (cumulative)")
        print(out.getvalue())
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(30)
        print(f"--- cProfile of {kind} (own time)")
        out2 = io.StringIO()
        pstats.Stats(profile, stream=out2).sort_stats("cumulative").print_callees(*args.callees.split(",") if args.callees else ["^$"])
        print(out2.getvalue()[-12000:])
        print(out.getvalue())


if __name__ == "__main__":
    main()
