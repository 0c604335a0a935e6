"""The progress bar of backup and restore: bytes copied (and files), drawn once the total is known.

On a terminal one line redrawn in place; otherwise (logs, cron mail) a line every 10 %.
"""

from __future__ import annotations

import time

MB = 1024 * 1024


class Progress:
    def __init__(self, stream, enabled: bool = True, width: int = 30, label: str = ""):
        self.stream, self.enabled, self.width, self.label = stream, enabled, width, label
        self.total_bytes = self.total_files = self.bytes = self.files = 0
        self.started = None
        self._last_tenth, self._ended = -1, False
        self.tty = hasattr(stream, "isatty") and stream.isatty()

    def start(self, total_bytes: int, total_files: int) -> None:
        self.total_bytes, self.total_files = max(total_bytes, 1), total_files
        self.started = time.monotonic()
        self._draw()

    def advance(self, nbytes: int = 0, files: int = 0) -> None:
        self.bytes += nbytes
        self.files += files
        self._draw()

    def _draw(self) -> None:
        if not self.enabled or self.started is None:
            return
        fraction = min(self.bytes / self.total_bytes, 1.0)
        text = (f"{self.label} {fraction:6.1%} {self.bytes / MB:,.1f}/{self.total_bytes / MB:,.1f} MB, "
                f"{self.files}/{self.total_files} files")
        if self.tty:
            filled = int(self.width * fraction)
            self.stream.write(f"\r[{'#' * filled}{'-' * (self.width - filled)}] {text}")
            self.stream.flush()
        elif int(fraction * 10) > self._last_tenth or (self.files == self.total_files and not self._ended):
            self._last_tenth = int(fraction * 10)
            self._ended = self.files == self.total_files
            self.stream.write(text + "\n")

    def finish(self) -> None:
        if self.enabled and self.tty and self.started is not None:
            self.stream.write("\n")
            self.started = None
