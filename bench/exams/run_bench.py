"""Exam engine load benchmark: simulated candidates saving answers against gunicorn on PostgreSQL.

    tests/tools/with_postgres.sh .venv/bin/python bench/exams/run_bench.py            # 200 candidates × 100 answers
    tests/tools/with_postgres.sh .venv/bin/python bench/exams/run_bench.py --users 300 --workers 5

In one run, against one throwaway database and one gunicorn (``bench.exams.settings``, sync workers):

1. **baseline** — every candidate posts 100 JSON bodies to ``/bench/bare/``, a bare Django JSON endpoint on
   the same stack (same middleware: session, authentication, CSRF) that does no exam work;
2. **exam** — every candidate starts the sitting (a 100-question paper is drawn and frozen), loads it,
   saves one answer to each of the 100 questions through the candidate API, and hands the paper in.

Locust (library API, headless, ``locust_driver.py`` in its own process) drives both phases. The script
prints p50/p95 latency and throughput of the saves beside the bare endpoint's, and the number of answers
sent against the number stored in the database (answers on the papers and "save" events): they must be
equal. Exit status 1 when they are not, or when any request failed.
"""

from __future__ import annotations

import argparse
import json
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
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "portal.wsgi:application", "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
         "--backlog", "2048", "--timeout", "120", "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit(f"gunicorn did not come up; see {log}")


def run_phase(mode: str, port: int, users: int, saves: int, credentials: Path) -> dict:
    env = {**os.environ, "BENCH_CREDENTIALS": str(credentials), "BENCH_MODE": mode, "BENCH_SAVES": str(saves)}
    print(f"Phase {mode}: {users} simulated candidates × {saves} requests …", flush=True)
    done = subprocess.run(
        [PYTHON, str(Path(__file__).with_name("locust_driver.py")), "--host", f"http://127.0.0.1:{port}",
         "--users", str(users)],
        env=env, capture_output=True, text=True, timeout=1800,
    )
    if done.returncode != 0:
        print(done.stderr[-3000:], file=sys.stderr)
        raise SystemExit(f"locust phase {mode} failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


def row(label, entry):
    return (f"  {label:<34} {entry['requests']:>7} {entry['failures']:>6} {entry['p50_ms']:>8.0f} "
            f"{entry['p95_ms']:>8.0f} {entry['p99_ms']:>8.0f} {entry['rps']:>9.1f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--saves", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="exam-bench-"))
    setup = setup_database(args.users)
    credentials = workdir / "credentials.json"
    credentials.write_text(json.dumps(setup), encoding="utf-8")
    port = free_port()
    log = workdir / "gunicorn.log"
    print(f"gunicorn with {args.workers} sync workers on 127.0.0.1:{port} …", flush=True)
    server = start_gunicorn(port, args.workers, log)
    try:
        bare = run_phase("bare", port, args.users, args.saves, credentials)
        exam = run_phase("exam", port, args.users, args.saves, credentials)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    stored = stored_answers(setup["sitting"])

    from django.db import connection

    print()
    print(f"Exam engine benchmark · PostgreSQL {connection.pg_version // 10000} · gunicorn {args.workers} sync "
          f"workers · {os.cpu_count()} cores · {args.users} candidates × {args.saves} answers")
    print(f"  {'endpoint':<34} {'requests':>7} {'fails':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>9}")
    print(row("bare JSON endpoint (baseline)", bare["stats"]["bare"]))
    if "save" not in exam["stats"]:  # every start failed: say why instead of a KeyError
        print("  no answer was saved:", exam["stats"], exam["errors"])
        sys.exit(1)
    print(row("save an answer (exam API)", exam["stats"]["save"]))
    for name, label in (("start", "start an attempt (draw 100)"), ("paper", "load the paper"),
                        ("submit", "hand in (mark, record)")):
        if name in exam["stats"]:
            print(row(label, exam["stats"][name]))
    print(f"  phase wall time: baseline {bare['elapsed_s']:.1f} s, exam {exam['elapsed_s']:.1f} s")
    sent = exam["answers_sent"]
    print(f"  answers sent {sent} · acknowledged {exam['answers_acknowledged']} · stored on papers "
          f"{stored['answers_on_papers']} · save events {stored['save_events']} · attempts final "
          f"{stored['attempts_final']}/{stored['attempts']}")
    equal = sent == stored["answers_on_papers"] == stored["save_events"]
    print("  sent = stored: " + ("yes" if equal else "NO"))
    failures = sum(e["failures"] for e in exam["stats"].values()) + bare["stats"]["bare"]["failures"]
    for error in bare["errors"] + exam["errors"]:
        print("  error:", error)
    if not equal or failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
