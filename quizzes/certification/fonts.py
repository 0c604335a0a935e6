"""The fonts certificates are printed with, prepared once per installation in a cache directory.

Debian's Noto CJK fonts are TrueType *collections* whose first face is the Japanese one, and WeasyPrint's
``@font-face`` always loads face 0. So the Simplified-Chinese face named in ``PORTAL_CERTIFICATE_FONTS`` is
copied into a standalone font (raw tables, ~0.5 s, no outline parsing): the **full** font, 65,000 glyphs.

Subsetting that 24 MB font for each PDF costs ~20 ms even with HarfBuzz, most of a certificate's render
time. So a **common** font is cut from it once: every character of GB 2312 plus Latin, punctuation and
full-width forms (~7,700 characters, 2.5 MB). The certificate stylesheet names the common font first and the
full font second; Pango takes each character from the first font that has it, so a name with a rarer
character (喆, 堃, 赟 …) is still printed from the full font — only that certificate pays for the bigger
subset. Nothing is ever missing: ``missing_glyphs`` checks the full font's coverage before issue.
``PORTAL_CERTIFICATE_COMMON_FONT = False`` prints everything from the full font.

The common font is cut with HarfBuzz's subsetter (libharfbuzz-subset0, the library WeasyPrint itself
needs to be fast) through ctypes in well under a second; without it, fontTools does the same in ~10 s, once.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import hashlib
import logging
import os
import re
import threading
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)

NOTO_DIR = Path("/usr/share/fonts/opentype/noto")
DEFAULT_FONTS = {"regular": (str(NOTO_DIR / "NotoSerifCJK-Regular.ttc"), "Noto Serif CJK SC")}
COMMON_VERSION = 2  # bump when the common character set changes
COMMON_FAMILY = "CertificateCommon"
# Layout tables a certificate does not need (horizontal CJK text, no ligatures): dropping them makes the
# common font smaller and its per-PDF subsetting faster. WeasyPrint drops GSUB/GPOS from PDFs anyway.
DROP_TABLES = ("GSUB", "GPOS", "BASE", "JSTF", "VORG", "vhea", "vmtx")
HB_SUBSET_SETS_DROP_TABLE_TAG = 3
FULL_FAMILY = "CertificateFull"
BATCH_FAMILY = "CertificateBatch"
BATCH_BASICS = "0123456789年月日号第期级：:，,。.·-–（）()《》“”"

_lock = threading.Lock()


class CertificateFontError(ImproperlyConfigured):
    pass


def cache_dir() -> Path:
    configured = getattr(settings, "PORTAL_CERTIFICATE_FONT_CACHE", "")
    return Path(configured) if configured else Path(settings.BASE_DIR) / "var" / "fonts"


def configured_fonts() -> dict[str, tuple[str, str]]:
    return {**DEFAULT_FONTS, **getattr(settings, "PORTAL_CERTIFICATE_FONTS", {})}


def _atomic_write(target: Path, write) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f"{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    write(temporary)
    os.replace(temporary, target)


def _face_names(font) -> set[str]:
    return {value for name_id in (1, 4, 6, 16) if (value := font["name"].getDebugName(name_id))}


def standalone_face(path: str, face_name: str) -> Path:
    """A single-face font file for ``face_name`` (the file itself unless it is a collection)."""
    source = Path(path)
    if not source.exists():
        raise CertificateFontError(
            f"Certificate font {source} is missing (install fonts-noto-cjk or set PORTAL_CERTIFICATE_FONTS)."
        )
    if source.suffix.lower() not in {".ttc", ".otc"}:
        return source
    stat = source.stat()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", face_name).strip("-")
    target = cache_dir() / f"{source.stem}-{slug}-{stat.st_size}-{int(stat.st_mtime)}.otf"
    if target.exists():
        return target
    from fontTools.ttLib import TTCollection, TTFont

    with _lock:
        if not target.exists():
            collection = TTCollection(str(source), lazy=True)
            index = next((i for i, font in enumerate(collection.fonts) if face_name in _face_names(font)), None)
            if index is None:
                raise CertificateFontError(f"No face named {face_name!r} in {source}.")
            _atomic_write(
                target, lambda tmp: TTFont(str(source), fontNumber=index, lazy=True).save(str(tmp), reorderTables=False)
            )
    return target


def common_codepoints() -> list[int]:
    """GB 2312 and the Latin, punctuation, CJK-symbol and full-width ranges a certificate uses."""
    points = set(range(0x20, 0x7F)) | set(range(0xA0, 0x250)) | set(range(0x2000, 0x2070))
    points |= set(range(0x2100, 0x2200)) | set(range(0x3000, 0x3040)) | set(range(0xFF00, 0xFFF0))
    for code in range(0x2E80, 0xA000):
        try:
            chr(code).encode("gb2312")
        except UnicodeEncodeError:
            continue
        points.add(code)
    return sorted(points)


def _hb_library():
    for name in ("libharfbuzz-subset.so.0", ctypes.util.find_library("harfbuzz-subset")):
        if not name:
            continue
        try:
            return ctypes.CDLL(name)
        except OSError:
            continue
    return None


def _subset_with_harfbuzz(source: Path, target: Path, codepoints: list[int]) -> bool:
    hb = _hb_library()
    if hb is None or not hasattr(hb, "hb_subset_input_unicode_set"):
        return False
    vp, uint = ctypes.c_void_p, ctypes.c_uint
    hb.hb_blob_create_from_file.restype = vp
    hb.hb_blob_create_from_file.argtypes = [ctypes.c_char_p]
    hb.hb_face_create.restype = vp
    hb.hb_face_create.argtypes = [vp, uint]
    hb.hb_subset_input_create_or_fail.restype = vp
    hb.hb_subset_input_unicode_set.restype = vp
    hb.hb_subset_input_unicode_set.argtypes = [vp]
    hb.hb_set_add.argtypes = [vp, ctypes.c_uint32]
    hb.hb_subset_input_set.restype = vp
    hb.hb_subset_input_set.argtypes = [vp, ctypes.c_int]
    hb.hb_subset_or_fail.restype = vp
    hb.hb_subset_or_fail.argtypes = [vp, vp]
    hb.hb_face_reference_blob.restype = vp
    hb.hb_face_reference_blob.argtypes = [vp]
    hb.hb_blob_get_data.restype = ctypes.POINTER(ctypes.c_char)
    hb.hb_blob_get_data.argtypes = [vp, ctypes.POINTER(uint)]
    for name in ("hb_blob_destroy", "hb_face_destroy", "hb_subset_input_destroy"):
        getattr(hb, name).argtypes = [vp]
    blob = hb.hb_blob_create_from_file(str(source).encode())
    face = hb.hb_face_create(blob, 0)
    subset_input = hb.hb_subset_input_create_or_fail()
    result = blob_out = None
    try:
        if not subset_input:
            return False
        unicodes = hb.hb_subset_input_unicode_set(subset_input)
        for code in codepoints:
            hb.hb_set_add(unicodes, code)
        drop = hb.hb_subset_input_set(subset_input, HB_SUBSET_SETS_DROP_TABLE_TAG)
        for tag in DROP_TABLES:
            hb.hb_set_add(drop, int.from_bytes(tag.encode("ascii"), "big"))
        result = hb.hb_subset_or_fail(face, subset_input)
        if not result:
            return False
        blob_out = hb.hb_face_reference_blob(result)
        length = uint(0)
        data = hb.hb_blob_get_data(blob_out, ctypes.byref(length))
        if not length.value:
            return False
        payload = ctypes.string_at(data, length.value)
        _atomic_write(target, lambda tmp: tmp.write_bytes(payload))
        return True
    finally:
        if blob_out:
            hb.hb_blob_destroy(blob_out)
        if result:
            hb.hb_face_destroy(result)
        if subset_input:
            hb.hb_subset_input_destroy(subset_input)
        hb.hb_face_destroy(face)
        hb.hb_blob_destroy(blob)


def _subset_with_fonttools(source: Path, target: Path, codepoints: list[int]) -> None:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.drop_tables += list(DROP_TABLES)
    font = TTFont(str(source))
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)
    _atomic_write(target, lambda tmp: font.save(str(tmp)))


def common_subset(full: Path) -> Path:
    """The common-characters cut of ``full`` (cached)."""
    stat = full.stat()
    target = cache_dir() / f"{full.stem}-common{COMMON_VERSION}-{stat.st_size}.otf"
    if target.exists():
        return target
    with _lock:
        if not target.exists():
            codepoints = common_codepoints()
            if not _subset_with_harfbuzz(full, target, codepoints):
                logger.warning("libharfbuzz-subset unavailable: cutting the common certificate font with fontTools")
                _subset_with_fonttools(full, target, codepoints)
    return target


@functools.cache
def font_stack() -> tuple[dict, ...]:
    """The @font-face sources in the order the stylesheet lists them: common first, then full, per weight."""
    use_common = getattr(settings, "PORTAL_CERTIFICATE_COMMON_FONT", True)
    faces = []
    for weight, (path, face_name) in configured_fonts().items():
        full = standalone_face(path, face_name)
        if use_common:
            faces.append({"family": COMMON_FAMILY, "weight": weight, "path": common_subset(full)})
        faces.append({"family": FULL_FAMILY, "weight": weight, "path": full})
    return tuple(faces)


def batch_faces(text: str) -> tuple[dict, ...]:
    """A tiny font per weight holding just the characters of ``text``, for one bulk run.

    Cut from the full font with HarfBuzz (a few milliseconds for a few hundred characters): each of the
    run's PDFs then subsets a 60 kB font instead of the 2.5 MB common one, which is a tenth of a bulk
    certificate's render time and halves its PDF. The stylesheet still lists the common and full fonts
    after it, so a character the batch font lacks is printed from them. Empty without HarfBuzz (the
    fontTools fallback would cost more than it saves). ``discard_batch`` removes the files.
    """
    codepoints = sorted({ord(ch) for ch in text + BATCH_BASICS if not ch.isspace()} | set(range(0x20, 0x7F)))
    digest = hashlib.sha256(",".join(map(str, codepoints)).encode()).hexdigest()[:16]
    faces = []
    for face in font_stack():
        if face["family"] != FULL_FAMILY:
            continue
        target = batch_dir() / f"{face['path'].stem}-{digest}.otf"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() and not _subset_with_harfbuzz(face["path"], target, codepoints):
            discard_batch(tuple(faces))
            return ()
        faces.append({"family": BATCH_FAMILY, "weight": face["weight"], "path": target})
    return tuple(faces)


def discard_batch(faces: tuple[dict, ...]) -> None:
    for face in faces:
        face["path"].unlink(missing_ok=True)


def batch_dir() -> Path:
    return cache_dir() / "batch"


def is_batch_font(path: Path) -> bool:
    """True for a font ``batch_faces`` cut (the stylesheet of a bulk run may load it)."""
    return path.suffix == ".otf" and path.resolve().parent == batch_dir().resolve()


@functools.cache
def covered_codepoints() -> frozenset[int]:
    from fontTools.ttLib import TTFont

    covered: set[int] = set()
    for face in font_stack():
        covered |= set(TTFont(str(face["path"]), lazy=True)["cmap"].getBestCmap())
    return frozenset(covered)


def missing_glyphs(text: str) -> list[str]:
    """Characters of ``text`` no certificate font can draw (they would print as empty boxes)."""
    covered = covered_codepoints()
    return sorted({ch for ch in text if not ch.isspace() and ord(ch) not in covered})


def reset() -> None:
    font_stack.cache_clear()
    covered_codepoints.cache_clear()
