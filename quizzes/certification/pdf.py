"""Certificate PDFs with WeasyPrint: A4 landscape, Chinese and English, embedded CJK font, QR code, seal.

``render_certificate(frozen)`` is a pure function of the certificate's frozen data (plus the template,
stylesheet, fonts and images configured here): it never reads the database, so bulk issue can run it in
worker processes. The result is stored at issue and never re-rendered for that certificate.

Fonts (see ``fonts.py``) are declared with ``@font-face`` rules pointing at local files, so the PDF never
depends on what fontconfig would pick; WeasyPrint embeds a subset of each font it uses. Subsetting is fast
only with HarfBuzz's subsetter (libharfbuzz-subset0); without it WeasyPrint falls back to fontTools and
takes seconds per page (see bench/certificates).

Speed: one ``FontConfiguration`` and one parsed stylesheet per *process* are reused across documents
(WeasyPrint then registers each @font-face file once); the QR code is drawn as vector rectangles straight
from segno's matrix (``QRCodeImage``, no PNG to encode, decode and re-encode), and the seal's and
signature's PDF operators are recorded once per process and replayed on every page (``RecordedDrawing``). The state used to be per thread, so every request a threaded server
handed to a new thread (runserver, gunicorn's gthread workers, a task runner's threads) paid WeasyPrint's
set-up again (about half a second); renders now share it under one lock (WeasyPrint's Pango and fontconfig
objects are not safe to use from two threads at once, and rendering holds the GIL anyway). ``warm_up()``
pays the one-time cost (importing WeasyPrint, loading the fonts, parsing the stylesheet, one throw-away
render) ahead of the first certificate: render workers call it at start.

Bulk runs lay certificates out in groups (``render_certificates``): one HTML document with a page per
certificate, parsed (with expat: the template is well-formed XML), styled and laid out once, then each page
written as a PDF of its own with its own fonts subset and metadata — byte for byte the PDF that rendering
the certificate alone gives (tests/certification/test_pdf.py). Per certificate that saves about a quarter
of the CPU time (the per-document costs of WeasyPrint's cascade and layout set-up are paid once per group).

No network: the URL fetcher only serves ``data:`` URIs and the configured font and image files.
"""

from __future__ import annotations

import atexit
import copy
import hashlib
import os
import re
import threading
from pathlib import Path
from xml.etree import ElementTree

from django.conf import settings
from django.template.loader import render_to_string

from . import fonts

APP_STATIC = Path(__file__).resolve().parent / "static" / "certification"
TEMPLATE = "certification/pdf/certificate.html"
STYLESHEET = "certification/pdf/certificate.css"

class _State:
    """The process's WeasyPrint objects (formerly a ``threading.local``; the attribute names are kept)."""


_local = _State()
_render_lock = threading.RLock()


def _new_lock_in_child() -> None:
    # A process forked while another thread rendered would inherit the lock held forever.
    global _render_lock
    _render_lock = threading.RLock()


os.register_at_fork(after_in_child=_new_lock_in_child)


def seal_path() -> Path:
    return Path(getattr(settings, "PORTAL_CERTIFICATE_SEAL", "") or APP_STATIC / "seal.svg")


def signature_path() -> Path:
    return Path(getattr(settings, "PORTAL_CERTIFICATE_SIGNATURE", "") or APP_STATIC / "signature.svg")


def missing_glyphs(text: str) -> list[str]:
    return fonts.missing_glyphs(text)


def reset_caches() -> None:
    """Forget fonts and the process's WeasyPrint state (after a settings change)."""
    with _render_lock:
        fonts.reset()
        _local.__dict__.clear()


# --------------------------------------------------------------------------- WeasyPrint


def _allowed_files() -> set[Path]:
    font_files = [face["path"] for face in fonts.font_stack()]
    return {p.resolve() for p in (*font_files, seal_path(), signature_path())}


def _url_fetcher():
    from weasyprint.urls import URLFetcher

    allowed = _allowed_files()

    class LocalOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith("file://"):
                from urllib.request import url2pathname

                path = Path(url2pathname(url[len("file://"):].split("?")[0])).resolve()
                if path in allowed or fonts.is_batch_font(path):
                    return super().fetch(url, headers)
            raise ValueError(f"Certificate PDFs may not load {url}")

    return LocalOnlyFetcher(allowed_protocols={"file", "data"})


def _font_config():
    from weasyprint.text.fonts import FontConfiguration

    class ProcessFontConfiguration(FontConfiguration):
        """Removes its temporary font folder only in the process that created it.

        A render worker forked from this process inherits the object; without this guard the worker's copy
        would delete the folder the parent is still using when it is garbage-collected.
        """

        def __init__(self):
            super().__init__()
            self._owner_pid = os.getpid()

        def __del__(self):
            if os.getpid() == getattr(self, "_owner_pid", None):
                super().__del__()

    config = getattr(_local, "font_config", None)
    if config is None:
        config = _local.font_config = ProcessFontConfiguration()
    return config


# The QR code's data mask. Letting segno score all eight masks (ISO/IEC 18004's penalty rules, in pure
# Python) is a tenth of a bulk certificate's render time; every mask gives a valid code that every reader
# decodes (the mask number is in the code's format information), and for a random token the checkerboard
# mask 0 spreads dark and light modules evenly. tests/certification/test_pdf.py decodes printed codes.
QR_MASK = 0


def qr_data_uri(url: str) -> str:
    """The QR code as a PNG data URI, one pixel per module.

    The stylesheet scales it up with ``image-rendering: pixelated`` (PDF ``/Interpolate false``), so each
    module prints as a sharp square at any resolution, and the PNG costs next to nothing to encode.
    """
    import segno

    return segno.make(url, error="m", micro=False, mask=QR_MASK).png_data_uri(scale=1, border=0, dark="#111111")


class QRCodeImage:
    """A certificate's QR code as WeasyPrint draws it: one filled rectangle per run of dark modules.

    It replaces a PNG data URI that WeasyPrint fetched, decoded with Pillow and re-encoded into each PDF
    (with segno's PNG writer before it): drawn as vector rectangles the code costs a few operators, prints
    as sharp squares at any resolution, and reads the same (tests/certification/test_pdf.py decodes it).
    ``render_certificates`` puts it in WeasyPrint's image cache under the address the markup names
    (``qr_image_url``), for that layout only.
    """

    COLOUR = b"0.0667 0.0667 0.0667 rg"  # #111111

    def __init__(self, url: str):
        import segno

        matrix = segno.make(url, error="m", micro=False, mask=QR_MASK).matrix
        self.modules = len(matrix)
        runs = []
        for y, row in enumerate(matrix):
            x = 0
            while x < self.modules:
                if row[x]:
                    start = x
                    while x < self.modules and row[x]:
                        x += 1
                    runs.append(f"{start} {y} {x - start} 1 re")
                else:
                    x += 1
        self.operators = "\n".join(runs).encode()

    def get_intrinsic_size(self, image_resolution, font_size):
        return self.modules, self.modules, 1

    def draw(self, stream, concrete_width, concrete_height, style):
        # The page's coordinates run downwards from the top left corner, as the matrix's rows do.
        stream.transform(a=concrete_width / self.modules, d=concrete_height / self.modules)
        stream.stream.extend((self.COLOUR, self.operators, b"f"))


def qr_image_url(url: str) -> str:
    """The address the certificate markup gives its QR code (never fetched: see ``QRCodeImage``)."""
    return "data:,certificate-qr-" + hashlib.sha256(url.encode()).hexdigest()


def _stylesheet(batch_faces: tuple[dict, ...] = ()):
    """The certificate stylesheet, parsed once per thread and font set (it declares the @font-face rules).

    ``batch_faces`` (a bulk run's own small font, see ``fonts.batch_faces``) come first when given.
    """
    from weasyprint import CSS

    key = tuple(str(face["path"]) for face in batch_faces)
    sheets = _local.__dict__.setdefault("stylesheets", {})
    stylesheet = sheets.get(key)
    if stylesheet is None:
        faces = [{**face, "url": face["path"].as_uri()} for face in (*batch_faces, *fonts.font_stack())]
        families = [fonts.BATCH_FAMILY] if batch_faces else []
        css = render_to_string(
            STYLESHEET, {"font_faces": faces, "families": [*families, fonts.COMMON_FAMILY, fonts.FULL_FAMILY]}
        )
        if len(sheets) > 1:  # the default sheet and the current bulk run's; earlier runs' go
            sheets.clear()
        stylesheet = sheets[key] = CSS(string=css, font_config=_font_config(), url_fetcher=_fetcher())
    return stylesheet


def _image_cache() -> dict:
    """WeasyPrint's image cache, per process: the seal and signature are parsed once, not per PDF.

    Each PDF's QR code lands in it too, so it is emptied now and then to stay small; the seal and
    signature (with their recorded drawings, ``RecordedDrawing``) are put back.
    """
    cache = _local.__dict__.setdefault("image_cache", {})
    if len(cache) > 64:
        cache.clear()
        cache.update(_local.__dict__.get("recorded_images", {}))
    return cache


class RecordedDrawing:
    """An SVG image (the seal, the signature) whose PDF drawing operators are recorded once per size.

    WeasyPrint draws an SVG by walking its tree and parsing its paths again for every page, in Python: for
    the two small placeholder images that was a tenth of a certificate's render time, and a bank's real seal
    has many more paths. The operators an SVG draws depend only on the SVG and the size it is drawn at (the
    position is set by the transformation before it), so the first drawing at a size is recorded and each
    later page gets the same operators appended: the page's content is byte for byte what drawing it again
    writes. A drawing that adds anything but operators and opacity states to the page (a transparency group
    for ``opacity`` on an element, a gradient, a pattern, an embedded image or font) is drawn afresh every
    time, as before; the placeholder seal therefore uses ``fill-opacity`` and ``stroke-opacity``.
    """

    def __init__(self, image):
        self._image = image
        self._recorded: dict[tuple, tuple[list, dict] | None] = {}

    def __getattr__(self, name):
        return getattr(self._image, name)

    def draw(self, stream, concrete_width, concrete_height, style):
        key = (concrete_width, concrete_height, style["image_rendering"])
        recorded = self._recorded.get(key)
        if recorded is not None:
            operators, states = recorded
            stream.stream.extend(operators)
            ext_states = stream._resources["ExtGState"]
            for name, state in states.items():
                if name not in ext_states:
                    ext_states[name] = type(state)(state)
            return
        if key in self._recorded:  # seen before and not recordable
            self._image.draw(stream, concrete_width, concrete_height, style)
            return
        self._recorded[key] = self._record(stream, concrete_width, concrete_height, style)

    def _record(self, stream, concrete_width, concrete_height, style):
        resources = stream._resources
        start = len(stream.stream)
        before = {name: set(resources.get(name) or ()) for name in ("ExtGState", "XObject", "Pattern", "Shading")}
        fonts_before, images_before = len(stream._fonts), len(stream._images)
        self._image.draw(stream, concrete_width, concrete_height, style)
        operators = stream.stream[start:]
        added = {name: set(resources.get(name) or ()) - keys for name, keys in before.items()}
        if (
            len(stream.stream) < start
            or added["XObject"] or added["Pattern"] or added["Shading"]
            or len(stream._fonts) != fonts_before or len(stream._images) != images_before
            or not all(isinstance(op, (bytes, str)) for op in operators)
        ):
            return None
        content = b"\n".join(op.encode() if isinstance(op, str) else op for op in operators)
        if _NAMED_RESOURCE.search(content):  # a colour space, XObject, shading or font of the page
            return None
        ext_states = resources.get("ExtGState") or {}
        states = {}
        # In the order the drawing first used them, as drawing afresh adds them to the page's resources.
        for name in dict.fromkeys(match.decode() for match in _STATE_NAME.findall(content)):
            state = ext_states.get(name)
            if state is None or not all(isinstance(v, (int, float)) for v in state.values()):
                return None
            states[name] = state
        return list(operators), states


_STATE_NAME = re.compile(rb"/(\S+) gs\b")
_NAMED_RESOURCE = re.compile(rb"/\S+ (?:cs|CS|Do|sh|Tf)\b")


def _record_drawings(cache: dict, urls: tuple[str, ...]) -> None:
    """Wrap the cached SVG images at ``urls`` (loaded by a layout) in ``RecordedDrawing``, once."""
    from weasyprint.images import SVGImage

    recorded = _local.__dict__.setdefault("recorded_images", {})
    for url in urls:
        image = cache.get(url)
        if isinstance(image, SVGImage):
            cache[url] = recorded[url] = RecordedDrawing(image)


def _fetcher():
    fetcher = getattr(_local, "fetcher", None)
    if fetcher is None:
        fetcher = _local.fetcher = _url_fetcher()
    return fetcher


def _sheet(frozen: dict) -> dict:
    return {"c": frozen, "zh": frozen["texts"]["zh-hans"], "en": frozen["texts"]["en"],
            "qr_uri": qr_image_url(frozen["verify_url"])}


def render_html(frozen_list: list[dict]) -> str:
    """One HTML document with a page per certificate of ``frozen_list``."""
    context = {
        "sheets": [_sheet(frozen) for frozen in frozen_list],
        "seal_url": seal_path().resolve().as_uri(),
        "signature_url": signature_path().resolve().as_uri(),
    }
    return render_to_string(TEMPLATE, context)


def _metadata(frozen: dict, document_metadata):
    """The PDF's title, author and subject (its /Info): the certificate's own, whichever group it was laid out in."""
    metadata = copy.copy(document_metadata)
    zh, en = frozen["texts"]["zh-hans"], frozen["texts"]["en"]
    metadata.title = f"{zh['title']} {frozen['serial']}"
    metadata.authors = [zh["issuer"]]
    metadata.description = f"{en['title']} {frozen['serial']}"
    return metadata


# The few user-agent rules the certificate's markup needs. WeasyPrint's full HTML5 user-agent stylesheet
# (hundreds of selectors) is matched against every element of every document; the certificate uses a
# handful of elements, so matching this instead halves the style computation.
MINIMAL_UA = """
html, body, div, p, h1 { display: block }
head, title, meta, style, script { display: none }
br::before { content: "\\A"; white-space: pre-line }
"""


def _certificate_html_class():
    cls = getattr(_local, "html_class", None)
    if cls is None:
        import cssselect2
        from weasyprint import CSS, HTML

        ua = CSS(string=MINIMAL_UA)

        class CertificateHTML(HTML):
            """The certificate's markup, parsed with expat rather than WeasyPrint's pure-Python HTML5 parser.

            The template writes well-formed XML (every element closed), so the tree is the one the HTML5
            parser builds, at a twentieth of its cost (the parse was a twentieth of a bulk certificate's
            render). Markup expat refuses (a control character in a name, say) goes to the HTML5 parser.
            """

            def __init__(self, *, string, url_fetcher, base_url):
                try:
                    root = ElementTree.fromstring(string)
                except ElementTree.ParseError:
                    super().__init__(string=string, url_fetcher=url_fetcher, base_url=base_url)
                    return
                self.base_url = base_url
                self.url_fetcher = url_fetcher
                self.media_type = "print"
                self.wrapper_element = cssselect2.ElementWrapper.from_html_root(root, content_language=None)
                self.etree_element = self.wrapper_element.etree_element

            def _ua_stylesheets(self, forms=False):
                return [ua]

        cls = _local.html_class = CertificateHTML
    return cls


def render_certificate(frozen: dict, batch_faces: tuple[dict, ...] = ()) -> bytes:
    """The certificate's PDF bytes (one A4 landscape page). ``batch_faces``: a bulk run's own font."""
    return render_certificates([frozen], batch_faces)[0]


def render_certificates(frozen_list: list[dict], batch_faces: tuple[dict, ...] = ()) -> list[bytes]:
    """The PDFs of ``frozen_list``, in order, each a complete document of one page with its own fonts.

    The certificates are laid out as one WeasyPrint document (one HTML parse, one style and layout pass),
    and each page is then written as a PDF of its own (``Document.copy``): a bulk run pays the per-document
    costs once per group instead of once per certificate. Each PDF embeds the subset of only the glyphs its
    page prints, and carries its own certificate's metadata.
    """
    if not frozen_list:
        return []
    markup = render_html(frozen_list)
    with _render_lock:
        html_class = _certificate_html_class()
        html = html_class(string=markup, url_fetcher=_fetcher(), base_url=APP_STATIC.as_uri() + "/")
        options = {"stylesheets": [_stylesheet(batch_faces)], "cache": _image_cache()}
        codes = {qr_image_url(frozen["verify_url"]): QRCodeImage(frozen["verify_url"]) for frozen in frozen_list}
        options["cache"].update(codes)
        try:
            document = html.render(font_config=_font_config(), **options)
        finally:
            for url in codes:
                options["cache"].pop(url, None)
        _record_drawings(options["cache"], (seal_path().resolve().as_uri(), signature_path().resolve().as_uri()))
        if len(document.pages) != len(frozen_list):
            raise RuntimeError(f"{len(frozen_list)} certificates were laid out on {len(document.pages)} pages")
        pdfs = []
        for frozen, page in zip(frozen_list, document.pages, strict=True):
            single = document.copy([page])
            single.metadata = _metadata(frozen, document.metadata)
            pdfs.append(single.write_pdf(**options))
        return pdfs


WARM_UP_SAMPLE = {
    "verify_url": "https://portal.invalid/verify/warm-up/",
    "serial": "WARM-UP",
}


def warm_up() -> float:
    """Pay the process's one-time cost now (seconds taken): WeasyPrint imported, fonts prepared and
    registered, stylesheet parsed, one sample certificate rendered and thrown away (Pango loads the
    faces and HarfBuzz its tables on the first document). Safe to call again: later calls cost a render."""
    import time

    started = time.perf_counter()
    fonts.font_stack()
    fonts.covered_codepoints()
    render_certificate({**WARM_UP_SAMPLE, "texts": {"zh-hans": _SampleTexts(), "en": _SampleTexts()}})
    return time.perf_counter() - started


class _SampleTexts(dict):
    """Every text of the warm-up certificate: a few Chinese and Latin characters."""

    def __missing__(self, key):
        return "证书 Certificate 0123456789"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@atexit.register
def _release_at_exit() -> None:
    # WeasyPrint's FontConfiguration removes its temporary folder in __del__, which fails noisily if it
    # runs during interpreter shutdown; release it while the interpreter is still whole.
    if _render_lock.acquire(timeout=10):
        try:
            _local.__dict__.clear()
        finally:
            _render_lock.release()
