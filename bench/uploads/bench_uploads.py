"""Upload guard benchmark: a zip bomb and a legitimate 10,000-row workbook through ``portal.core.uploads``,
against openpyxl's read-only reader on the legitimate file, each in its own subprocess.

    .venv/bin/python bench/uploads/bench_uploads.py [--rows 10000] [--bomb-mib 1024] [--unguarded]

**Files** (built once, in a temp dir): a *bomb* — a real .xlsx whose first sheet inflates to ``--bomb-mib``
MiB (1 GiB by default) of repeated rows in a file of about 1 MB, the shape of issue 13's report; and a
*legitimate* workbook of ``--rows`` rows in the question template's columns (bench/questions' generator).

**Measured**, each case in a fresh Python process (so one case's memory cannot hide in another's):

* ``openpyxl`` — ``load_workbook(read_only=True, data_only=True)`` + ``iter_rows(values_only=True)`` over
  the legitimate file: the baseline;
* ``guard: legitimate`` — ``uploads.receive`` (name, size, sniff, zip directory checks) then every row
  through ``uploads.xlsx_rows`` (row, column, cell-length limits);
* ``guard: bomb`` — the same on the bomb: refused from the zip directory, before anything is inflated;
* ``openpyxl: bomb`` (only with ``--unguarded``; slow and heavy) — what reading the bomb without the guard
  costs.

Each prints wall time and CPU time (first pass), the peak of Python allocations during the case
(``tracemalloc``, a second pass, untimed), the process's resident high-water mark (``ru_maxrss``, which
includes Django), and CPU time and peak memory as multiples of the openpyxl baseline of the same run.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
MiB = 1024 * 1024


def build_bomb(path: Path, inflated_mib: int) -> None:
    """A real workbook (openpyxl's own parts) whose sheet1.xml is ``inflated_mib`` MiB of repeated rows."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["题型", "题干", "答案"])
    honest = io.BytesIO()
    book.save(honest)
    source = zipfile.ZipFile(honest)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                bomb.writestr(info.filename, source.read(info.filename))
        row = b'<row><c t="inlineStr"><is><t>' + "单选".encode() * 300 + b"</t></is></c></row>"
        block = row * 4096
        with bomb.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                       b'spreadsheetml/2006/main"><sheetData>')
            for _block in range(inflated_mib * MiB // len(block)):
                part.write(block)
            part.write(b"</sheetData></worksheet>")


def build_legitimate(path: Path, rows: int) -> None:
    sys.path.insert(0, str(ROOT / "bench" / "questions"))
    import django

    django.setup()
    from bench_xlsx_import import build_workbook

    path.write_bytes(build_workbook(rows))


# ------------------------------------------------------------------------------ one case, in a child


def run_case(case: str, path: str) -> dict:
    import django

    django.setup()
    from portal.core import uploads

    class File(io.BytesIO):
        name = Path(path).name

    data_on_disk = Path(path).read_bytes()

    def work() -> tuple[str, int]:
        rows = 0
        if case.startswith("openpyxl"):
            import openpyxl

            book = openpyxl.load_workbook(io.BytesIO(data_on_disk), read_only=True, data_only=True)
            for _row in book.worksheets[0].iter_rows(values_only=True):
                rows += 1
            book.close()
            return "read", rows
        try:
            upload = uploads.receive(File(data_on_disk), (uploads.XLSX,))
            for _number, _row in uploads.xlsx_rows(upload.data):
                rows += 1
        except uploads.UploadRefused as refused:
            return f"refused ({refused.code}): {refused.message}", rows
        return "read", rows

    wall, cpu = time.perf_counter(), time.process_time()
    outcome, rows = work()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    # the peak, in a second pass under tracemalloc (it slows the work down, so it is not timed)
    tracemalloc.start()
    work()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"wall": wall, "cpu": cpu, "peak_mib": peak / MiB, "rows": rows, "outcome": outcome,
            "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def in_child(case: str, path: Path, timeout: int) -> dict:
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--case", case, "--file", str(path)],
            capture_output=True, text=True, timeout=timeout, check=False,
        )
    except subprocess.TimeoutExpired:
        return {"wall": time.perf_counter() - started, "cpu": float("nan"), "peak_mib": float("nan"), "rows": 0,
                "outcome": f"stopped after {timeout} s"}
    if done.returncode != 0:
        return {"wall": float("nan"), "cpu": float("nan"), "peak_mib": float("nan"), "rows": 0,
                "outcome": f"failed: {done.stderr.strip().splitlines()[-1:]}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--bomb-mib", type=int, default=1024)
    parser.add_argument("--unguarded", action="store_true", help="also read the bomb with openpyxl alone (slow)")
    parser.add_argument("--timeout", type=int, default=1800, help="seconds per case")
    parser.add_argument("--case")
    parser.add_argument("--file")
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case, args.file)))
        return

    with tempfile.TemporaryDirectory(prefix="bench-uploads-") as tmp:
        bomb, legitimate = Path(tmp) / "bomb.xlsx", Path(tmp) / "legitimate.xlsx"
        build_bomb(bomb, args.bomb_mib)
        build_legitimate(legitimate, args.rows)
        inflated = sum(i.file_size for i in zipfile.ZipFile(bomb).infolist())
        print(f"bomb: {bomb.stat().st_size / MiB:.2f} MiB on disk, {inflated / MiB:,.0f} MiB inflated; "
              f"legitimate: {args.rows:,} rows, {legitimate.stat().st_size / MiB:.2f} MiB", flush=True)
        cases = [("openpyxl (read_only), legitimate", "openpyxl", legitimate),
                 ("guard: legitimate", "guard", legitimate),
                 ("guard: bomb", "guard", bomb)]
        if args.unguarded:
            cases.append(("openpyxl (read_only), bomb", "openpyxl-bomb", bomb))
        results = [(label, in_child(case, path, timeout=args.timeout)) for label, case, path in cases]
    base = results[0][1]
    print(f"\n{'case':34} {'wall s':>8} {'cpu s':>7} {'peak MiB':>9} {'RSS MiB':>8} {'rows':>7} {'× cpu':>6} "
          f"{'× mem':>6}  outcome")
    for label, r in results:
        ratio_t = r["cpu"] / base["cpu"] if base["cpu"] else float("nan")
        ratio_m = r["peak_mib"] / base["peak_mib"] if base["peak_mib"] else float("nan")
        print(f"{label:34} {r['wall']:8.3f} {r['cpu']:7.3f} {r['peak_mib']:9.1f} {r.get('rss_mib', 0):8.0f} "
              f"{r['rows']:7,} {ratio_t:6.2f} {ratio_m:6.2f}  {r['outcome'][:120]}")
    print(f"\nPython {sys.version.split()[0]}; each case in its own process; peak = tracemalloc peak of the case "
          "(Python allocations, second pass); RSS = the process's high-water mark incl. Django; ratios against "
          "openpyxl on the legitimate file (CPU time: the machine is shared)")


if __name__ == "__main__":
    main()
