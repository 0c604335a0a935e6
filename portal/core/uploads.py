"""The one guarded way in for every uploaded file: question files, HR's employee workbook, regulation text.

Everything an upload goes through before any parser sees it, in one place:

* **Name.** :func:`safe_name` refuses a name that carries a path (``../``, ``\\``, a drive letter), a NUL or
  a control character, and keeps at most 255 characters. Stored files are never named after it.
* **Size.** The stream is read with a cap (``MAX_BYTES`` + 1 bytes at most): a larger file is refused
  without being held in memory whole.
* **Type.** :func:`sniff` reads the real type from the bytes (zip central directory, magic numbers, NUL
  bytes) and :func:`receive` refuses a file whose extension says otherwise (a PDF called ``.xlsx``, a
  workbook called ``.txt``) or whose type the import does not take.
* **Zip-based files (xlsx, docx).** :func:`check_zip` reads only the central directory and refuses, before
  anything is decompressed, too many entries, an entry or a whole archive whose uncompressed size is too
  many times its compressed size, and a total uncompressed size over the limit. Python's ``zipfile`` never
  inflates an entry past the size its directory declares (it stops there and fails the CRC), so the
  declared sizes checked here bound what any later reader — openpyxl included — can inflate.
* **Rows.** :func:`xlsx_rows` and :func:`csv_rows` stream rows (openpyxl's read-only reader, ``csv``) and
  refuse a sheet with too many rows or columns or a cell longer than the limit, as soon as it is reached.

Every refusal is an :class:`UploadRefused` (a ``ValidationError``, so a form shows it on the file field)
whose translated message names the limit. Limits are ``settings.PORTAL_UPLOADS`` (see :data:`DEFAULTS`);
an import may pass its own lower ones. No ORM, no HTTP here.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MiB = 1024 * 1024

DEFAULTS = {
    "MAX_BYTES": 20 * MiB,  # any upload
    "ZIP_MAX_ENTRIES": 2000,  # parts in an xlsx/docx (a workbook has a few dozen)
    "ZIP_MAX_ENTRY_RATIO": 100,  # uncompressed / compressed, per part larger than ZIP_RATIO_FLOOR
    "ZIP_MAX_TOTAL_RATIO": 50,  # the same over the whole archive
    "ZIP_RATIO_FLOOR": 1 * MiB,  # parts smaller than this may compress as well as they like
    "ZIP_MAX_UNCOMPRESSED": 256 * MiB,  # all parts together, inflated
    "MAX_ROWS": 60_000,  # rows of a sheet or CSV file (header included)
    "MAX_COLUMNS": 200,
    "MAX_CELL_CHARS": 32_767,  # Excel's own limit for a cell
    "MAX_TEXT_CHARS": 5_000_000,  # a text file, decoded
}

XLSX = "xlsx"
DOCX = "docx"
ZIP = "zip"
XLS = "xls"  # Office 97–2003 (OLE compound file): .xls, .doc
PDF = "pdf"
IMAGE = "image"
RTF = "rtf"
TEXT = "text"
BINARY = "binary"
EMPTY = "empty"

EXTENSIONS = {
    ".xlsx": XLSX,
    ".docx": DOCX,
    ".zip": ZIP,
    ".xls": XLS,
    ".doc": XLS,
    ".pdf": PDF,
    ".png": IMAGE,
    ".jpg": IMAGE,
    ".jpeg": IMAGE,
    ".gif": IMAGE,
    ".rtf": RTF,
    ".txt": TEXT,
    ".csv": TEXT,
    ".gift": TEXT,
    ".md": TEXT,
    ".text": TEXT,
}

_MAGIC = (
    (b"%PDF", PDF),
    (b"\xd0\xcf\x11\xe0", XLS),
    (b"\x89PNG", IMAGE),
    (b"\xff\xd8\xff", IMAGE),
    (b"GIF8", IMAGE),
    (b"{\\rtf", RTF),
)
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_TEXT_BOMS = (b"\xef\xbb\xbf", *UTF16_BOMS)
ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")  # a local file header; an empty archive's end record


#: every code an :class:`UploadRefused` carries (an import's issue may carry one of these)
REFUSAL_CODES = frozenset({
    "unsafe_name", "max_bytes", "empty", "lying_extension", "wrong_type", "bad_zip", "unreadable", "no_sheet",
    "zip_max_entries", "zip_encrypted", "zip_entry_ratio", "zip_max_uncompressed", "zip_total_ratio",
    "max_rows", "max_columns", "max_cell_chars", "max_text_chars",
})


def kind_label(kind: str) -> str:
    """How a type is named to the person who uploaded the file."""
    return {
        XLSX: _("an Excel workbook (.xlsx)"),
        DOCX: _("a Word document (.docx)"),
        ZIP: _("a ZIP archive"),
        XLS: _("an old Office 97–2003 file (.xls/.doc)"),
        PDF: _("a PDF document"),
        IMAGE: _("an image"),
        RTF: _("an RTF document"),
        TEXT: _("a text file"),
        BINARY: _("a binary file"),
        EMPTY: _("an empty file"),
    }.get(kind, kind)


def limit(name: str, override: int | None = None) -> int:
    """The limit ``name`` (settings.PORTAL_UPLOADS, else DEFAULTS); ``override`` when given."""
    if override is not None:
        return override
    return int(getattr(settings, "PORTAL_UPLOADS", {}).get(name, DEFAULTS[name]))


class UploadRefused(ValidationError):
    """The upload was refused before any parser saw it; ``code`` names the limit or check, the message says
    what it is (translated). ``line`` is the row that broke a row limit, when there is one."""

    def __init__(self, message: str, code: str, line: int | None = None):
        super().__init__(message, code=code)
        self.line = line

    def __str__(self) -> str:
        return self.message


def _size(n: int) -> str:
    if n >= MiB:
        return _("%(n)s MB") % {"n": f"{n / MiB:.0f}" if n % MiB == 0 else f"{n / MiB:.1f}"}
    return _("%(n)s KB") % {"n": max(1, n // 1024)}


# --------------------------------------------------------------------------- names, size, type

_DRIVE = re.compile(r"^[A-Za-z]:")


def safe_name(name: str) -> str:
    """The uploaded file's name, refused when it tries to be a path or carries control characters."""
    name = unicodedata.normalize("NFC", str(name or "")).strip()
    if not name:
        return "upload"
    parts = re.split(r"[\\/]", name)
    if len(parts) > 1 or ".." in parts or _DRIVE.match(name) or name in (".", ".."):
        raise UploadRefused(
            _("The file name “%(name)s” contains a path; upload the file under a plain name.") % {"name": name[:80]},
            code="unsafe_name",
        )
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in name):
        raise UploadRefused(
            _("The file name contains control characters; rename the file and upload it again."), code="unsafe_name"
        )
    return name.lstrip(".")[:255] or "upload"


def read_capped(upload, max_bytes: int | None = None) -> bytes:
    """The upload's bytes, refused beyond ``max_bytes`` without reading more than one byte past it."""
    cap = limit("MAX_BYTES", max_bytes)
    declared = getattr(upload, "size", None)
    if declared is not None and declared > cap:
        raise _too_large(declared, cap)
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(cap + 1) if hasattr(upload, "read") else bytes(upload)
    if len(data) > cap:
        raise _too_large(len(data), cap)
    return bytes(data)


def _too_large(size: int, cap: int) -> UploadRefused:
    return UploadRefused(
        _("The file is too large (%(size)s); the limit is %(limit)s.") % {"size": _size(size), "limit": _size(cap)},
        code="max_bytes",
    )


def sniff(data: bytes) -> str:
    """The real type of ``data`` from its bytes (never from a name)."""
    if not data:
        return EMPTY
    if data.startswith(ZIP_SIGNATURES):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())  # the central directory only
        except (zipfile.BadZipFile, ValueError, OSError):
            return BINARY
        if "xl/workbook.xml" in names:
            return XLSX
        if "word/document.xml" in names:
            return DOCX
        return ZIP
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if data.startswith(_TEXT_BOMS):
        return TEXT
    head = data[:65536]
    if b"\x00" in head:
        return BINARY
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return BINARY if controls > len(head) // 100 + 5 else TEXT


def is_utf16(data: bytes) -> bool:
    """True when a text file starts with a UTF-16 byte-order mark (Windows Notepad's "Unicode")."""
    return data.startswith(UTF16_BOMS)


def is_damaged_zip(data: bytes) -> bool:
    """True when ``data`` starts like a zip (an xlsx, a docx) but its directory cannot be read: a damaged or
    truncated workbook, which :func:`sniff` can only call a binary file."""
    return data.startswith(ZIP_SIGNATURES) and sniff(data) == BINARY


def unreadable_xlsx() -> UploadRefused:
    """The refusal for a workbook that zip or XML damage keeps from being read."""
    return UploadRefused(
        _("The file could not be read as an Excel workbook (.xlsx); it may be damaged or in another format."),
        code="unreadable",
    )


def check_zip(data: bytes, **overrides) -> None:
    """Refuse a zip (xlsx, docx) that would inflate beyond the limits — from its directory, before reading."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise UploadRefused(_("The file is damaged: it is not a readable ZIP-based document."), code="bad_zip") from exc
    with archive:
        entries = archive.infolist()
        max_entries = limit("ZIP_MAX_ENTRIES", overrides.get("max_entries"))
        if len(entries) > max_entries:
            raise UploadRefused(
                _("The file holds %(count)s parts; the limit is %(limit)s.") % {"count": len(entries), "limit": max_entries},
                code="zip_max_entries",
            )
        entry_ratio = limit("ZIP_MAX_ENTRY_RATIO", overrides.get("max_entry_ratio"))
        total_ratio = limit("ZIP_MAX_TOTAL_RATIO", overrides.get("max_total_ratio"))
        floor = limit("ZIP_RATIO_FLOOR", overrides.get("ratio_floor"))
        max_total = limit("ZIP_MAX_UNCOMPRESSED", overrides.get("max_uncompressed"))
        total = compressed = 0
        for entry in entries:
            if entry.flag_bits & 0x1:
                raise UploadRefused(_("The file is encrypted; upload it without a password."), code="zip_encrypted")
            total += entry.file_size
            compressed += entry.compress_size
            if entry.file_size > floor and entry.file_size > entry_ratio * max(entry.compress_size, 1):
                raise UploadRefused(
                    _(
                        "The file is refused as a possible zip bomb: its part %(part)s expands %(ratio)s times; "
                        "the limit is %(limit)s times."
                    )
                    % {"part": entry.filename[:80], "ratio": entry.file_size // max(entry.compress_size, 1),
                       "limit": entry_ratio},
                    code="zip_entry_ratio",
                )
        if total > max_total:
            raise UploadRefused(
                _("The file expands to %(size)s when unpacked; the limit is %(limit)s.")
                % {"size": _size(total), "limit": _size(max_total)},
                code="zip_max_uncompressed",
            )
        if total > floor and total > total_ratio * max(compressed, 1):
            raise UploadRefused(
                _("The file is refused as a possible zip bomb: it expands %(ratio)s times; the limit is %(limit)s times.")
                % {"ratio": total // max(compressed, 1), "limit": total_ratio},
                code="zip_total_ratio",
            )


def check_kind(data: bytes, accept: Sequence[str], *, name: str = "", **overrides) -> str:
    """The sniffed type of ``data``, refused unless it is one of ``accept`` and agrees with ``name``'s
    extension; zip-based types are checked for bombs."""
    kind = sniff(data)
    if kind == EMPTY:
        raise UploadRefused(_("The file is empty."), code="empty")
    extension = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    claimed = EXTENSIONS.get(extension)
    if claimed is not None and claimed != kind:
        raise UploadRefused(
            _("The file is called “%(name)s” but its content is %(kind)s, not %(claimed)s.")
            % {"name": name[:80], "kind": kind_label(kind), "claimed": kind_label(claimed)},
            code="lying_extension",
        )
    if kind not in accept:
        raise UploadRefused(
            _("The file is %(kind)s; this import takes %(accepted)s.")
            % {"kind": kind_label(kind), "accepted": _(" or ").join(str(kind_label(k)) for k in accept)},
            code="wrong_type",
        )
    if kind in (XLSX, DOCX, ZIP):
        check_zip(data, **overrides)
    return kind


@dataclass(frozen=True)
class Upload:
    """A file that passed the guard: its safe name, bytes and real type."""

    name: str
    data: bytes
    kind: str

    @property
    def size(self) -> int:
        return len(self.data)


def receive(upload, accept: Sequence[str], *, max_bytes: int | None = None, **overrides) -> Upload:
    """Take an uploaded file (a Django ``UploadedFile`` or anything with ``name`` and ``read``) through every
    check: name, size, real type against the extension and ``accept``, zip limits. Raises UploadRefused."""
    name = safe_name(getattr(upload, "name", "") or "")
    data = read_capped(upload, max_bytes)
    kind = check_kind(data, accept, name=name, **overrides)
    return Upload(name=name, data=data, kind=kind)


# --------------------------------------------------------------------------- rows


def _row_limits(overrides) -> tuple[int, int, int]:
    return (
        limit("MAX_ROWS", overrides.get("max_rows")),
        limit("MAX_COLUMNS", overrides.get("max_columns")),
        limit("MAX_CELL_CHARS", overrides.get("max_cell_chars")),
    )


def _check_row(number: int, row: tuple, max_rows: int, max_columns: int, max_cell: int) -> tuple:
    if number > max_rows:
        raise UploadRefused(
            _("The sheet has more than %(limit)s rows; split it into several files.") % {"limit": max_rows},
            code="max_rows", line=number,
        )
    end = len(row)
    while end and (row[end - 1] is None or row[end - 1] == ""):
        end -= 1
    if end > max_columns:
        raise UploadRefused(
            _("Row %(row)s has %(count)s columns; the limit is %(limit)s.")
            % {"row": number, "count": end, "limit": max_columns},
            code="max_columns", line=number,
        )
    for value in row[:end]:
        if isinstance(value, str) and len(value) > max_cell:
            raise UploadRefused(
                _("Row %(row)s has a cell of %(count)s characters; the limit is %(limit)s.")
                % {"row": number, "count": len(value), "limit": max_cell},
                code="max_cell_chars", line=number,
            )
    return row[:end] if end < len(row) else row


def xlsx_rows(data: bytes, *, sheet_title: str | None = None, **overrides) -> Iterator[tuple[int, tuple]]:
    """(row number, values) of one worksheet, streamed by openpyxl's read-only reader, blank rows skipped.

    The worksheet is the one titled ``sheet_title`` when there is one, else the first. The archive is
    checked (:func:`check_zip`) before openpyxl opens it; rows, columns and cell lengths are checked as
    they stream. Raises UploadRefused.
    """
    check_zip(data, **overrides)
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # zip or XML damage: a refusal, never a server error
        raise unreadable_xlsx() from exc
    max_rows, max_columns, max_cell = _row_limits(overrides)
    try:
        if not workbook.sheetnames:
            raise UploadRefused(_("The workbook has no worksheet."), code="no_sheet")
        sheet = workbook[sheet_title] if sheet_title and sheet_title in workbook.sheetnames else workbook.worksheets[0]
        sheet.reset_dimensions()  # the declared dimension may lie; read what is there
        try:
            for number, row in enumerate(sheet.iter_rows(values_only=True), 1):
                row = _check_row(number, row, max_rows, max_columns, max_cell)
                if row:
                    yield number, row
        except UploadRefused:
            raise
        except Exception as exc:  # XML damage inside the sheet
            raise unreadable_xlsx() from exc
    finally:
        workbook.close()


def csv_rows(text: str, **overrides) -> Iterator[tuple[int, tuple]]:
    """(row number, values) of a CSV text, with the same limits as :func:`xlsx_rows`."""
    max_rows, max_columns, max_cell = _row_limits(overrides)
    csv.field_size_limit(max(max_cell + 1, 1024))
    reader = csv.reader(io.StringIO(text))
    try:
        for number, row in enumerate(reader, 1):
            row = _check_row(number, tuple(row), max_rows, max_columns, max_cell)
            if row:
                yield number, row
    except csv.Error as exc:
        raise UploadRefused(
            _("Row %(row)s has a cell longer than the limit of %(limit)s characters, or is not valid CSV.")
            % {"row": reader.line_num, "limit": max_cell},
            code="max_cell_chars", line=reader.line_num,
        ) from exc


def check_text(text: str, *, max_chars: int | None = None) -> str:
    """A decoded text, refused beyond ``MAX_TEXT_CHARS`` characters."""
    cap = limit("MAX_TEXT_CHARS", max_chars)
    if len(text) > cap:
        raise UploadRefused(
            _("The text has %(count)s characters; the limit is %(limit)s.") % {"count": len(text), "limit": cap},
            code="max_text_chars",
        )
    return text
