"""Question import benchmark: a 10,000-question Excel file through the portal's import, against openpyxl alone.

    .venv/bin/python bench/questions/bench_xlsx_import.py                       # SQLite (throwaway test database)
    tests/tools/with_postgres.sh .venv/bin/python bench/questions/bench_xlsx_import.py   # PostgreSQL

**File.** ``--questions`` rows (10,000 by default) in the project's Excel template
(``quizzes.importers.xlsx``: header 题型, 题干, 选项A…选项H, 答案, 解析, 难度, 知识点, 标签), written with openpyxl:
a realistic mix of single choice (40 %), multiple choice (20 %), true/false (20 %), fill-in (10 %),
ordering (5 %) and short answer (5 %), Chinese stems and options of ordinary length, an explanation on
every question, a difficulty, a knowledge point citing a regulation article (《电子银行业务管理办法》第N条) and
two tags. Fixed seed: the same file every run.

**Measured, in this one process** (each the median of ``--repeat`` runs except the write):

* the floor — reading the same bytes with openpyxl alone: ``load_workbook(read_only=True, data_only=True)``
  and ``iter_rows(values_only=True)`` over every cell;
* the parse — ``quizzes.importers.parse_questions(data, "xlsx")``: openpyxl plus header mapping, per-cell
  cleaning (Traditional → Simplified, noise), answer-key checks;
* the preview — ``quizzes.services.imports.plan_import``: the parse plus content validation and duplicate
  detection against the (empty) bank: what the admin's preview costs;
* the import — ``apply_import`` into a new bank on the throwaway database: preview + the all-or-nothing
  write (questions, versions, tags, knowledge-point links, log entries, import record).

Each is printed in seconds, per 1,000 questions, and as a multiple of the openpyxl floor.

**Isolated** (``--isolated``; ``--sizes 10000,50000`` by default): for each size the file is written to a
temp dir and two fresh processes measure, each with its peak resident memory (``ru_maxrss`` growth over
the process's state after Django and the throwaway database are set up):

* the floor — openpyxl's read-only read of every cell of the file (its memory in a process of its own; its
  time also in the pipeline's process just before and just after the pipeline, whose mean is the ratios'
  baseline, so that a machine busy with other work skews both sides alike);
* the admin's pipeline — ``stage_import`` (the upload guard, the ONE parse, the plan, stored in the staging
  table: what the upload and preview step does) then ``confirm_staged`` (the stored plan re-checked against
  the bank and written, never re-parsed); the preview page between them (``plan_staged``: the stored plan
  read back and re-checked against the bank, the first 2,000 items kept) is timed on its own line and in
  the user's whole path (upload → preview page → confirm). The follow-up work is enqueued, as on production's database
  queue (a recording task backend); the worker's share — the queued search indexing — is then run and
  timed on its own line, outside the import's figure.

``BENCH_TRACEMALLOC=1`` also traces the pipeline's Python allocations (``tracemalloc`` peak of the upload and
of the confirm, which leaves out SQLite's own pages: the throwaway SQLite database lives in the process, so its
``ru_maxrss`` includes the stored questions; on PostgreSQL it does not). Tracing slows the run: read its
memory, not its times.

Targets (issue 19): the pipeline ≤ 3× the floor's time, peak ≤ 300 MB.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

SUBJECTS = """网上银行 手机银行 电话银行 企业网银 个人网银 POS收单 ATM自助设备 助农取款 借记卡 公务卡 数字证书 动态口令
内管系统 客户服务中心 特约商户 重要空白凭证 反洗钱 风险提示 面签 电话核实 对账 日终轧账 密钥 UKEY""".split()
ACTIONS = """办理开户签约 变更签约信息 注销 挂失 重置密码 查询交易明细 受理投诉 上报差错 核对账务 审核资料 登记台账
调整限额 归档资料 复核授权 装机测试 巡检 培训操作员""".split()
POSTS = "柜员 综合业务岗 综合技术岗 运营主管 网点负责人 业务管理岗 风险管理监控岗 客服代表".split()
TAGS = "电子银行 柜面业务 风险防控 内部控制 客户服务 POS ATM 银行卡 合规".split()
NUMERALS = "一 二 三 四 五 六 七 八 九 十 十一 十二 十三 十四 十五 十六 十七 十八 十九 二十".split()
TYPES = ["单选"] * 8 + ["多选"] * 4 + ["判断"] * 4 + ["填空"] * 2 + ["排序"] + ["简答"]


def sentence(rng: random.Random, n: int) -> str:
    parts = []
    for _ in range(n):
        parts.append(f"{rng.choice(POSTS)}为客户{rng.choice(ACTIONS)}{rng.choice(SUBJECTS)}业务时")
    return "，".join(parts)


def build_rows(count: int, seed: int = 20260301) -> list[list]:
    """Rows in the template's column order (题型, 题干, 选项A…H, 答案, 解析, 难度, 知识点, 标签)."""
    rng = random.Random(seed)
    rows = []
    for n in range(1, count + 1):
        kind = rng.choice(TYPES)
        subject, action = rng.choice(SUBJECTS), rng.choice(ACTIONS)
        options: list[str | None] = [None] * 8
        if kind in ("单选", "多选", "排序"):
            k = rng.choice([4, 4, 4, 5]) if kind != "排序" else 4
            for i in range(k):
                options[i] = f"{rng.choice(POSTS)}{rng.choice(ACTIONS)}{rng.choice(SUBJECTS)}（{i + 1}）"
            if kind == "单选":
                answer = "ABCDE"[rng.randrange(k)]
            elif kind == "多选":
                answer = "".join(sorted(rng.sample("ABCDE"[:k], rng.randint(2, k))))
            else:
                answer = "".join(rng.sample("ABCD", 4))
            stem = f"第{n}题：{sentence(rng, 2)}，下列做法正确的是（ ）"
        elif kind == "判断":
            stem = f"第{n}题：{sentence(rng, 2)}，应当由{rng.choice(POSTS)}{action}。"
            answer = rng.choice(["对", "错"])
        elif kind == "填空":
            stem = f"第{n}题：{subject}业务{action}应在（ ）个工作日内完成，并由（ ）复核。"
            answer = f"{rng.randint(1, 10)}|{rng.choice(POSTS)}/主管"
        else:
            stem = f"第{n}题：简述{subject}业务{action}的主要控制要点。"
            answer = f"{sentence(rng, 3)}，须双人复核并登记。"
        explanation = f"依据《电子银行业务管理办法》第{rng.choice(NUMERALS)}条，{sentence(rng, 1)}须落实岗位分离。"
        knowledge = f"《电子银行业务管理办法》第{rng.choice(NUMERALS)}条"
        tags = ",".join(rng.sample(TAGS, 2))
        rows.append([kind, stem, *options, answer, explanation, rng.randint(1, 5), knowledge, tags])
    return rows


def build_workbook(count: int) -> bytes:
    from openpyxl import Workbook

    from quizzes.importers.xlsx import SHEET_TITLE, TEMPLATE_HEADERS

    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET_TITLE)
    sheet.append(TEMPLATE_HEADERS)
    for row in build_rows(count):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def openpyxl_floor(data: bytes) -> int:
    """Read every cell with openpyxl alone (what any import must at least pay)."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    cells = 0
    try:
        for row in book.worksheets[0].iter_rows(values_only=True):
            cells += sum(1 for value in row if value is not None)
    finally:
        book.close()
    return cells


def timed(function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - started, result


def median_time(repeat: int, function, *args, **kwargs):
    runs = [timed(function, *args, **kwargs) for _ in range(repeat)]
    return statistics.median(t for t, _ in runs), runs[-1][1]


def _rss_mib() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def isolated_case(case: str, path: str) -> dict:
    """One measurement in this (fresh) process; printed as JSON for the parent."""

    import django
    from django.conf import settings

    # The request enqueues its follow-up work (search indexing) on a queue, as production's database queue
    # does; the worker's share is then run and timed apart, after the request.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    django.setup()
    data = Path(path).read_bytes()
    if case == "floor":
        base = _rss_mib()
        seconds, cells = timed(openpyxl_floor, data)
        return {"seconds": seconds, "peak_mib": _rss_mib() - base, "cells": cells}
    from django.db import connection
    from django_tasks import default_task_backend

    from portal.core.models import StagedUpload
    from quizzes.models import Question
    from quizzes.services.imports import confirm_staged, plan_staged, stage_import

    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.create(username="bench-examiner")
        # the floor again, in this process, just before and just after: the ratios do not depend on how
        # busy the machine was while the other process ran
        floor_before, _cells = timed(openpyxl_floor, data)
        traced = os.environ.get("BENCH_TRACEMALLOC") == "1"
        if traced:  # Python's own allocations only (not SQLite's pages): slower, its times are not the figures
            import tracemalloc

            tracemalloc.start()
        base = _rss_mib()
        stage_s, staged = timed(stage_import, data, file_name="bench.xlsx", fmt="xlsx",
                                bank_path="基准/导入测试", user=user)
        stage_peak = _rss_mib() - base
        traced_mib = {}
        if traced:
            traced_mib["stage"] = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.reset_peak()
        if staged.issue_count:
            raise SystemExit(f"the generated file has {staged.issue_count} errors")
        staged = StagedUpload.objects.get(pk=staged.pk)  # the preview page finds the row afresh
        preview_s, preview = timed(plan_staged, staged)
        if not preview.ok or preview.counts["create"] != staged.plan["question_count"]:
            raise SystemExit(f"unexpected preview: {preview.counts}")
        del preview
        staged = StagedUpload.objects.get(pk=staged.pk)  # the confirm request finds the row afresh
        confirm_s, outcome = timed(confirm_staged, staged, user=user)
        peak = _rss_mib() - base
        if traced:
            traced_mib["confirm"] = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
        stored = Question.objects.filter(bank=outcome.bank).count()
        floor_after, _cells = timed(openpyxl_floor, data)
        queued = list(default_task_backend.results)
        started = time.perf_counter()
        for result in queued:
            result.task.call(*result.args, **result.kwargs)
        worker_s = time.perf_counter() - started
        return {"stage": stage_s, "preview": preview_s, "confirm": confirm_s, "seconds": stage_s + confirm_s,
                "path": stage_s + preview_s + confirm_s, "peak_mib": peak,
                "stage_peak_mib": stage_peak, "stored": stored, "tasks": len(queued), "worker": worker_s,
                "plan_kib": _staged_kib(staged), "floor": (floor_before + floor_after) / 2, "traced": traced_mib}
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def _staged_kib(staged) -> float:
    """The staged plan's size as stored (JSON, every chunk)."""
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    from portal.core import staging

    size = len(json.dumps(staged.plan, cls=DjangoJSONEncoder).encode())
    for rows in getattr(staging, "stored_chunks", lambda staged: [])(staged):
        size += len(json.dumps(rows, cls=DjangoJSONEncoder).encode())
    return size / 1024


def isolated(sizes: list[int]) -> None:
    import json
    import subprocess
    import tempfile

    import django

    django.setup()
    lines = []
    for questions in sizes:
        with tempfile.TemporaryDirectory(prefix="bench-questions-") as tmp:
            path = Path(tmp) / "questions.xlsx"
            build_s, data = timed(build_workbook, questions)
            path.write_bytes(data)
            print(f"Generated {questions:,} questions in the Excel template: {len(data) / 1e6:.1f} MB "
                  f"in {build_s:.1f} s", flush=True)
            results = {}
            for case in ("floor", "pipeline"):
                done = subprocess.run([sys.executable, __file__, "--case", case, "--file", str(path)],
                                      capture_output=True, text=True, check=False, env=os.environ.copy())
                if done.returncode:
                    raise SystemExit(f"{case} failed:\n{done.stderr[-3000:]}")
                results[case] = json.loads(done.stdout.strip().splitlines()[-1])
        floor, pipeline = results["floor"], results["pipeline"]
        f = pipeline["floor"]
        start = len(lines)
        lines += [
            f"\n{questions:,} questions, {floor['cells']:,} non-empty cells; the floor's memory in its own process, "
            f"its time also in the pipeline's (before and after it: the mean is the ratios' baseline)",
            f"{'':46} {'seconds':>8} {'× openpyxl':>11} {'peak MiB':>9}",
            f"{'openpyxl alone (read_only), own process':46} {floor['seconds']:8.2f} "
            f"{floor['seconds'] / f:11.2f} {floor['peak_mib']:9.1f}",
            f"{'openpyxl alone, in the pipeline process':46} {f:8.2f} {1:11.2f}",
            f"{'upload + preview: guard, parse once, plan, stage':46} {pipeline['stage']:8.2f} "
            f"{pipeline['stage'] / f:11.2f} {pipeline['stage_peak_mib']:9.1f}",
            f"{'preview page: stored plan re-read, re-checked':46} {pipeline['preview']:8.2f} "
            f"{pipeline['preview'] / f:11.2f}",
            f"{'confirm: stored plan + database write':46} {pipeline['confirm']:8.2f} "
            f"{pipeline['confirm'] / f:11.2f}",
            f"{'the import (upload + confirm)':46} {pipeline['seconds']:8.2f} "
            f"{pipeline['seconds'] / f:11.2f} {pipeline['peak_mib']:9.1f}",
            f"{'the whole path (upload, preview page, confirm)':46} {pipeline['path']:8.2f} "
            f"{pipeline['path'] / f:11.2f}",
            f"{'worker: the queued search indexing':46} {pipeline['worker']:8.2f} "
            f"{pipeline['worker'] / f:11.2f}",
            f"stored {pipeline['stored']:,} questions; {pipeline['tasks']} indexing tasks queued; staged plan "
            f"{pipeline['plan_kib'] / 1024:.1f} MiB of JSON",
        ]
        if pipeline["traced"]:
            lines.append("tracemalloc peak (Python objects only; with tracing on, the times above are slower): "
                         + ", ".join(f"{k} {v:.1f} MiB" for k, v in pipeline["traced"].items()))
        print("\n".join(lines[start:]), flush=True)
    print("\n== summary ==" + "\n".join(lines))
    print(f"\ntargets (issue 19): the import ≤ 3× openpyxl, peak ≤ 300 MB; peak = ru_maxrss growth over the "
          f"process after setup; Python {sys.version.split()[0]}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of the floor, parse and preview (median kept)")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the import (the write)")
    parser.add_argument("--isolated", action="store_true", help="floor and pipeline in fresh processes, with peak memory")
    parser.add_argument("--sizes", default="10000,50000", help="--isolated: the file sizes, comma-separated")
    parser.add_argument("--case", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        import json

        print(json.dumps(isolated_case(args.case, args.file)))
        return
    if args.isolated:
        isolated([int(n) for n in args.sizes.split(",")])
        return

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from quizzes.importers import parse_questions
    from quizzes.models import Question, QuestionVersion
    from quizzes.services.imports import apply_import, plan_import

    print(f"Setting up a test database on {connection.vendor} …", flush=True)
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        build_s, data = timed(build_workbook, args.questions)
        print(f"Generated {args.questions:,} questions in the Excel template: {len(data) / 1e6:.1f} MB "
              f"in {build_s:.1f} s", flush=True)

        floor_s, cells = median_time(args.repeat, openpyxl_floor, data)
        parse_s, result = median_time(args.repeat, parse_questions, data, "xlsx")
        if result.errors:
            raise SystemExit(f"the generated file has errors: {result.errors[:3]}")
        plan_s, plan = median_time(args.repeat, plan_import, data, "xlsx", "基准/导入测试")
        if not plan.ok or plan.counts["create"] != args.questions:
            raise SystemExit(f"unexpected preview: {plan.counts}, {plan.errors[:3]}")

        if args.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.enable()
        import_s, outcome = timed(apply_import, data, "xlsx", "基准/导入测试", file_name="bench.xlsx")
        if args.profile:
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
        stored = Question.objects.filter(bank=outcome.bank).count()
        versions = QuestionVersion.objects.filter(question__bank=outcome.bank).count()
        assert stored == versions == args.questions, (stored, versions)

        per_k = 1000 / args.questions
        print(f"\n{args.questions:,} questions, {cells:,} non-empty cells; median of {args.repeat} runs "
              f"(the import: one run)")
        print(f"{'':34} {'seconds':>8} {'ms / 1,000 q':>13} {'× openpyxl':>11}")
        for label, seconds in (
            ("openpyxl alone (read_only)", floor_s),
            ("parse (importer)", parse_s),
            ("preview (parse + validate)", plan_s),
            ("import (preview + database write)", import_s),
        ):
            print(f"{label:34} {seconds:8.2f} {seconds * 1000 * per_k:13.0f} {seconds / floor_s:11.1f}")
        print(f"\nstored {stored:,} questions and versions; database {connection.vendor}; "
              f"Python {sys.version.split()[0]}; settings {settings.SETTINGS_MODULE}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
