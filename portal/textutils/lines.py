"""Plain text as the portal stores and compares it, whatever sent it.

A browser submits a textarea's line breaks as CR LF, a pasted text may carry trailing spaces or blank lines
between paragraphs, an importer writes LF. ``normalise_lines`` gives one form: LF line breaks, no trailing
spaces on a line, no blank lines, no leading or trailing whitespace. Paragraphs (款) and items (项) stay on
their own lines, so the structure of an article survives; only what a reader cannot see goes.
"""

from __future__ import annotations

import unicodedata


def normalise_lines(text: str | None) -> str:
    text = unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").replace("\r", "\n")
    lines = (line.strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
