"""Exam-day benchmark: simulated candidates across two gunicorn servers on one PostgreSQL (issue 19.2).

    tests/tools/with_postgres.sh .venv/bin/python bench/exams/run_bench.py                    # 1,000 candidates
    tests/tools/with_postgres.sh .venv/bin/python bench/exams/run_bench.py --candidates 100   # a quick run

In one run, on one throwaway database (``tests/tools/with_postgres.sh``), two gunicorn servers (``bench.exams.settings``:
base settings with production's shared ``DatabaseCache``, sync workers), every request sent to one of them at random
as a load balancer would:

1. **baseline** — every candidate posts ``--answers`` JSON bodies to ``/bench/bare/`` (a bare Django JSON endpoint on
   the same stack: session, authentication, CSRF, no exam work), spawned and paced exactly as the exam below;
2. **exam day** — the sitting's close is set ``--minutes`` ahead (every attempt's deadline), then
   * the start wave: every candidate starts within ``--spawn-seconds`` (a 100-question paper drawn and frozen each)
     and loads the paper;
   * the answers: ``--answers`` saves each, ``--think`` seconds apart (± half), a reload of the paper every
     ``--reload-every`` answers;
   * the hand-in wave: each candidate waits for the deadline and hands in within the last ``--hand-in-window``
     seconds before it; one in ``--abandon-every`` closes the browser instead, and after the deadline the real
     sweep (``manage.py exams_close_overdue``, the scheduler's minute job) hands those papers in.

Locust (library API, headless, ``locust_driver.py`` in its own process) drives both phases. The script prints
p50/p95/p99 and throughput (each endpoint over its own first-to-last-request window) of start, paper load, save,
reload and hand-in beside the bare endpoint, the ratios against the targets (save throughput ≥ 0.7× bare, save
p95 ≤ 1.5× bare p95, start p95 ≤ 3× bare p95), answers sent / acknowledged / refused after the deadline / stored
(on the papers and as "save" evidence), attempts final, and the machine's load. Exit status 1 when an
acknowledged answer is not stored, an attempt is not final, or a request failed.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.exams.settings"
PYTHON = sys.executable
BIN = Path(PYTHON).parent

QUESTION_MIX = [("single", 60), ("multiple", 20), ("true_false", 15), ("fill_blank", 5)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def setup_database(users: int) -> dict:
    """Migrate, then create the bank, the blueprint, an open sitting and ``users`` signed-in candidates."""
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    if connection.vendor != "postgresql":
        raise SystemExit("run this under tests/tools/with_postgres.sh (PostgreSQL is the stack being measured)")
    print("Migrating the throwaway database …", flush=True)
    call_command("migrate", verbosity=0, interactive=False, skip_checks=True)
    call_command("createcachetable", verbosity=0)

    from portal.people.models import Employee, OrgUnit
    from quizzes.exams.models import BlueprintSection, ExamBlueprint, Sitting
    from quizzes.models import QuestionStatus
    from quizzes.services.banks import resolve_bank
    from quizzes.services.questions import QuestionContent, create_question

    bank, _ = resolve_bank("压力测试/电子银行")
    for qtype, count in QUESTION_MIX:
        for n in range(count + 10):
            fields = {"type": qtype, "stem": f"压测{qtype}题{n}：电子银行业务的正确做法是（ ）", "difficulty": 3,
                      "explanation": "依据电子银行业务管理办法。"}
            if qtype == "fill_blank":
                fields["blanks"] = [["网银", "网上银行"]]
            elif qtype == "true_false":
                fields.update(options=["对", "错"], correct=[n % 2])
            else:
                fields.update(options=[f"做法{c}{n}" for c in "甲乙丙丁"],
                              correct=[0, 1] if qtype == "multiple" else [n % 4])
            create_question(bank, QuestionContent(**fields), status=QuestionStatus.ACTIVE)
    blueprint = ExamBlueprint.objects.create(code="BENCH", title="压力测试考试", multiple_choice_scoring="partial")
    for order, (qtype, count) in enumerate(QUESTION_MIX):
        BlueprintSection.objects.create(blueprint=blueprint, title=f"第{order + 1}部分", bank=bank, question_type=qtype,
                                        count=count, points=1, sort_order=order)
    now = timezone.now()
    sitting = Sitting.objects.create(blueprint=blueprint, title="压力测试场次", opens_at=now - timezone.timedelta(hours=1),
                                     closes_at=now + timezone.timedelta(hours=6), time_limit_minutes=240,
                                     pass_mark=60)
    unit = OrgUnit.add_root(code="BENCH", name="压测机构", kind=OrgUnit.Kind.BRANCH)
    sitting.eligible_units.set([unit])

    User = get_user_model()
    accounts = User.objects.bulk_create([User(username=f"bench{n:05d}", password="!") for n in range(users)])
    Employee.objects.bulk_create([
        Employee(user=user, employee_number=f"B{n:05d}", name=f"考生{n}", org_unit=unit)
        for n, user in enumerate(accounts)
    ])
    credentials = []
    for user in accounts:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "portal.accounts.backends.LocalAccountBackend"  # one of AUTHENTICATION_BACKENDS
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        credentials.append({"session": session.session_key, "csrf": secrets.token_hex(16)})
    # A database in service has its planner statistics (autovacuum); freshly filled tables have none, and the
    # planner then takes every table for one row (the pool query ran nested loops of sequential scans: 11 ms).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    connection.close()
    return {"sitting": sitting.pk, "users": credentials}


def stored_answers(sitting_id: int) -> dict:
    from django.db import connection

    from quizzes.exams.models import Attempt, AttemptEvent, AttemptItem, AttemptStatus, EventKind

    result = {
        "attempts": Attempt.objects.filter(sitting_id=sitting_id).count(),
        "attempts_final": Attempt.objects.filter(sitting_id=sitting_id, status=AttemptStatus.FINAL).count(),
        "answers_on_papers": AttemptItem.objects.filter(attempt__sitting_id=sitting_id, response__isnull=False).count(),
        "save_events": AttemptEvent.objects.filter(attempt__sitting_id=sitting_id, kind=EventKind.SAVE).count(),
    }
    connection.close()
    return result


def start_gunicorn(port: int, workers: int, log: Path) -> subprocess.Popen:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.exams.settings", "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [str(BIN / "gunicorn"), "portal.wsgi:application", "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
         "--backlog", "4096", "--timeout", "300", "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True,
    )


def wait_up(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit(f"gunicorn did not come up; see {log}")


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def run_phase(mode: str, servers: list[str], args, credentials: Path, deadline: float = 0.0) -> dict:
    env = {**os.environ, "BENCH_CREDENTIALS": str(credentials), "BENCH_MODE": mode, "BENCH_SERVERS": ",".join(servers),
           "BENCH_ANSWERS": str(args.answers), "BENCH_THINK": str(args.think),
           "BENCH_RELOAD_EVERY": str(args.reload_every), "BENCH_DEADLINE": str(deadline),
           "BENCH_HAND_IN_WINDOW": str(args.hand_in_window), "BENCH_ABANDON_EVERY": str(args.abandon_every)}
    print(f"Phase {mode}: {args.candidates} candidates × {args.answers} requests, spawned over "
          f"{args.spawn_seconds:.0f} s, {args.think} s apart · load {load()} …", flush=True)
    done = subprocess.run(
        [PYTHON, str(Path(__file__).with_name("locust_driver.py")), "--users", str(args.candidates),
         "--spawn-rate", str(args.candidates / args.spawn_seconds)],
        env=env, capture_output=True, text=True, timeout=4 * 3600,
    )
    if done.returncode != 0:
        print(done.stderr[-3000:], file=sys.stderr)
        raise SystemExit(f"locust phase {mode} failed")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["load_after"] = load()
    return result


def set_close(sitting_id: int, closes_at) -> None:
    from django.db import connection

    from quizzes.exams.models import Sitting

    Sitting.objects.filter(pk=sitting_id).update(closes_at=closes_at)
    connection.close()


def sweep() -> tuple[float, str]:
    """The real overdue sweep: the management command the scheduler runs every minute."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.exams.settings", "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    done = subprocess.run([PYTHON, str(ROOT / "manage.py"), "exams_close_overdue"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        print(done.stderr[-3000:], file=sys.stderr)
        raise SystemExit("the overdue sweep failed")
    return time.perf_counter() - started, done.stdout.strip()


def row(label, entry):
    return (f"  {label:<30} {entry['requests']:>8} {entry['failures']:>6} {entry['p50_ms']:>8.0f} "
            f"{entry['p95_ms']:>8.0f} {entry['p99_ms']:>8.0f} {entry['rps']:>8.1f}")


def ratio_line(label, value, target, better_high: bool) -> str:
    met = value >= target if better_high else value <= target
    sign = "≥" if better_high else "≤"
    return f"  {label:<44} {value:>6.2f}×   target {sign} {target}×   {'met' if met else 'NOT met'}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--candidates", type=int, default=1000)
    parser.add_argument("--answers", type=int, default=30, help="answers saved per candidate (of 100 questions)")
    parser.add_argument("--think", type=float, default=6.0, help="seconds between a candidate's answers (± half)")
    parser.add_argument("--reload-every", type=int, default=10, help="reload the paper after this many answers")
    parser.add_argument("--spawn-seconds", type=float, default=60.0, help="the start wave's length")
    parser.add_argument("--minutes", type=int, default=0,
                        help="from the exam phase's start to the deadline (default: the wave, the answers at "
                             "their pace and a 90 s margin)")
    parser.add_argument("--hand-in-window", type=float, default=20.0)
    parser.add_argument("--abandon-every", type=int, default=10, help="one candidate in N never hands in")
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1, help="per server")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="exam-bench-"))
    setup = setup_database(args.candidates)
    credentials = workdir / "credentials.json"
    credentials.write_text(json.dumps(setup), encoding="utf-8")
    ports = [free_port(), free_port()]
    logs = [workdir / f"gunicorn-{name}.log" for name in "ab"]
    print(f"Two gunicorns with {args.workers} sync workers each on 127.0.0.1:{ports[0]} and :{ports[1]} …", flush=True)
    servers = [start_gunicorn(port, args.workers, log) for port, log in zip(ports, logs, strict=True)]
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for port, process, log in zip(ports, servers, logs, strict=True):
            wait_up(port, process, log)
        load_before = load()
        bare = run_phase("bare", urls, args, credentials)
        minutes = args.minutes or math.ceil((args.spawn_seconds + args.answers * args.think * 1.5 + 90) / 60)
        from django.utils import timezone

        closes_at = timezone.now() + timezone.timedelta(minutes=minutes)
        set_close(setup["sitting"], closes_at)
        print(f"Deadline (the sitting's close) in {minutes} min: {closes_at:%H:%M:%S} UTC", flush=True)
        exam = run_phase("exam", urls, args, credentials, deadline=closes_at.timestamp())
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
        for server in servers:
            server.wait(timeout=60)
    if time.time() < closes_at.timestamp() + 1:
        time.sleep(closes_at.timestamp() + 1 - time.time())
    sweep_seconds, sweep_output = sweep()
    stored = stored_answers(setup["sitting"])

    from django.db import connection

    stats, base = exam["stats"], bare["stats"].get("bare")
    print()
    print(f"Exam-day benchmark · PostgreSQL {connection.pg_version // 10000} · 2 gunicorns × {args.workers} sync "
          f"workers · {os.cpu_count()} cores · {args.candidates} candidates × {args.answers} answers, "
          f"{args.think} s apart, start wave {args.spawn_seconds:.0f} s")
    print(f"  machine load (1/5/15 min): before {load_before} · after baseline {bare['load_after']} · "
          f"after exam day {exam['load_after']}")
    print(f"  {'endpoint':<30} {'requests':>8} {'fails':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>8}")
    if base is None:
        print("  the baseline made no request:", bare["errors"])
        sys.exit(1)
    print(row("bare JSON endpoint (baseline)", base))
    for name, label in (("start", "start (draw 100, freeze)"), ("load paper", "load the paper"),
                        ("save", "save an answer"), ("reload", "reload the paper"), ("hand in", "hand in (mark, final)")):
        if name in stats:
            print(row(label, stats[name]))
    print(f"  phase wall time: baseline {bare['elapsed_s']:.0f} s, exam day {exam['elapsed_s']:.0f} s "
          f"(save window {stats.get('save', {}).get('window_s', 0):.0f} s, baseline window {base['window_s']:.0f} s)")
    print(f"  overdue sweep after the deadline: {sweep_output} ({sweep_seconds:.1f} s, incl. Django start-up)")
    if "save" in stats:
        save = stats["save"]
        print(ratio_line("save throughput / bare throughput", save["rps"] / base["rps"], 0.7, True))
        print(ratio_line("save p95 / bare p95", save["p95_ms"] / base["p95_ms"], 1.5, False))
    if "start" in stats:
        print(ratio_line("start p95 / bare p95", stats["start"]["p95_ms"] / base["p95_ms"], 3, False))
    acknowledged = exam["answers_acknowledged"]
    lost = acknowledged - stored["save_events"]
    print(f"  answers sent {exam['answers_sent']} · acknowledged {acknowledged} · refused after the deadline "
          f"{exam['answers_refused']} · stored on papers {stored['answers_on_papers']} · save events "
          f"{stored['save_events']} · lost {lost}")
    print(f"  handed in by candidates {exam['handed_in']} · abandoned {exam['abandoned']} · attempts final "
          f"{stored['attempts_final']}/{stored['attempts']} (of {args.candidates} candidates)")
    failures = sum(e["failures"] for e in stats.values()) + base["failures"]
    for error in bare["errors"] + exam["errors"]:
        print("  error:", error)
    ok = (lost == 0 and stored["answers_on_papers"] == acknowledged and not failures
          and stored["attempts_final"] == stored["attempts"] == args.candidates)
    print("  0 lost, every attempt final, no failed request: " + ("yes" if ok else "NO"))
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
