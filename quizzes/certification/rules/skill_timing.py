"""Impossible timings in a keystroke timeline, flagged for the invigilator (never scored automatically).

The browser reports events with its own millisecond clock; the server adds the time each batch arrived.
Both are looked at, because a forged client clock is easy and the server's is not:

* ``fast_keys``   — many key intervals below a human limit (default 20 ms between two key presses);
* ``burst``       — more committed characters inside a short window than a person types (an input method
  commits a phrase at once, so the default allows 25 characters per second);
* ``server_rate`` — a batch whose new characters arrived faster than ``max_chars_per_second`` by the
  server's clock;
* ``unexplained_text`` — the answer holds more characters than the recorded key and input events inserted
  (text put in by a script or a tool, not typed);
* ``clock_skew``  — the browser's timeline claims more time than passed on the server;
* ``blocked_input`` — paste, drag-and-drop or autofill was tried (and refused);
* ``focus_lost``  — the candidate left the test's window.
"""

from __future__ import annotations

from dataclasses import dataclass

KEY, INPUT, COMPOSE, PASTE, DROP, AUTOFILL, BLUR, FOCUS = (
    "key", "input", "compose", "paste", "drop", "autofill", "blur", "focus")
EVENT_KINDS = (KEY, INPUT, COMPOSE, PASTE, DROP, AUTOFILL, BLUR, FOCUS)


@dataclass(frozen=True)
class Limits:
    min_key_interval_ms: int = 20
    fast_key_count: int = 10  # at least this many too-fast intervals …
    fast_key_share: float = 0.10  # … and at least this share of all intervals
    burst_window_ms: int = 1000
    burst_chars: int = 25
    max_chars_per_second: float = 15.0
    server_rate_min_chars: int = 20  # batches gaining fewer characters are not judged
    unexplained_tolerance: int = 3
    skew_tolerance_seconds: float = 5.0


@dataclass(frozen=True)
class Event:
    t: int  # browser milliseconds since the attempt's page first loaded the test
    kind: str
    n: int = 0  # characters inserted (input, compose)


@dataclass(frozen=True)
class Batch:
    server_seconds: float  # seconds after the attempt started, by the server's clock
    chars: int  # length of the committed answer after this batch


def _flag(code, count, **detail):
    return {"code": code, "count": count, **detail}


def timing_flags(events: list[Event], batches: list[Batch], *, final_chars: int, elapsed_seconds: float,
                 limits: Limits = Limits()) -> list[dict]:
    flags = []
    keys = sorted(e.t for e in events if e.kind == KEY)
    intervals = [b - a for a, b in zip(keys, keys[1:], strict=False)]
    fast = sum(1 for i in intervals if i < limits.min_key_interval_ms)
    if intervals and fast >= limits.fast_key_count and fast / len(intervals) >= limits.fast_key_share:
        flags.append(_flag("fast_keys", fast, intervals=len(intervals), limit_ms=limits.min_key_interval_ms))

    commits = sorted((e.t, e.n) for e in events if e.kind in (INPUT, COMPOSE) and e.n > 0)
    worst, start, inside = 0, 0, 0
    for t, n in commits:  # sliding window over commit times
        inside += n
        while commits[start][0] < t - limits.burst_window_ms:
            inside -= commits[start][1]
            start += 1
        worst = max(worst, inside)
    if worst >= limits.burst_chars:
        flags.append(_flag("burst", worst, window_ms=limits.burst_window_ms))

    fastest, previous_time, previous_chars, too_fast = 0.0, 0.0, 0, 0
    for batch in sorted(batches, key=lambda b: b.server_seconds):
        gained = batch.chars - previous_chars
        seconds = batch.server_seconds - previous_time
        if gained >= limits.server_rate_min_chars:
            rate = gained / seconds if seconds > 0 else float("inf")
            if rate > limits.max_chars_per_second:
                too_fast += 1
                fastest = max(fastest, rate)
        previous_time, previous_chars = batch.server_seconds, batch.chars
    if too_fast:
        flags.append(_flag("server_rate", too_fast, chars_per_second=round(min(fastest, 9999.0), 1)))

    inserted = sum(e.n for e in events if e.kind in (INPUT, COMPOSE))
    if final_chars > inserted + limits.unexplained_tolerance:
        flags.append(_flag("unexplained_text", final_chars - inserted, recorded=inserted))

    if events:
        span = (max(e.t for e in events) - min(e.t for e in events)) / 1000
        if span > elapsed_seconds + limits.skew_tolerance_seconds:
            flags.append(_flag("clock_skew", 1, browser_seconds=round(span, 1),
                               server_seconds=round(elapsed_seconds, 1)))

    blocked = sum(1 for e in events if e.kind in (PASTE, DROP, AUTOFILL))
    if blocked:
        flags.append(_flag("blocked_input", blocked))
    left = sum(1 for e in events if e.kind == BLUR)
    if left:
        flags.append(_flag("focus_lost", left))
    return flags
