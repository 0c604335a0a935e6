"""Run the locust users headless from this script (locust's library API) and print their figures as JSON.

    BENCH_CREDENTIALS=… BENCH_SERVERS=http://127.0.0.1:A,http://127.0.0.1:B BENCH_MODE=exam|bare \
        python bench/exams/locust_driver.py --users 1000 --spawn-rate 20

Runs in its own process because locust patches the standard library with gevent on import.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import gevent  # noqa: E402
import locustfile  # noqa: E402
from locust.env import Environment  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--spawn-rate", type=float, default=50)
    parser.add_argument("--timeout", type=float, default=3600, help="stop after this many seconds whatever happens")
    args = parser.parse_args()

    env = Environment(user_classes=[locustfile.Candidate], host=locustfile.SERVERS[0])
    runner = env.create_local_runner()
    started = time.perf_counter()
    runner.start(args.users, spawn_rate=args.spawn_rate)
    while locustfile.FINISHED["users"] < args.users and time.perf_counter() - started < args.timeout:
        gevent.sleep(0.2)
    elapsed = time.perf_counter() - started
    runner.quit()
    figures = {}
    for (name, _method), entry in env.stats.entries.items():
        figures[name] = {
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "p50_ms": entry.get_response_time_percentile(0.5),
            "p95_ms": entry.get_response_time_percentile(0.95),
            "p99_ms": entry.get_response_time_percentile(0.99),
            "max_ms": entry.max_response_time,
            # over the endpoint's own window (first to last request), not the whole phase's waiting
            "rps": entry.num_requests / max(entry.last_request_timestamp - entry.start_time, 1e-3),
            "window_s": entry.last_request_timestamp - entry.start_time,
        }
    errors = [f"{e.method} {e.name}: {e.error} ×{e.occurrences}" for e in env.stats.errors.values()]
    print(json.dumps({"elapsed_s": elapsed, **{k: v for k, v in locustfile.FINISHED.items() if k != "errors"},
                      "stats": figures, "errors": errors[:20]}))


if __name__ == "__main__":
    main()
