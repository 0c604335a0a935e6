"""Exam PDFs (attempt archives, printed papers, answer sheets, keys) with WeasyPrint, A4 portrait.

Fonts come from the certificate code (``quizzes.certification.fonts``): the same embedded CJK faces declared
by ``@font-face`` rules on local files, so a PDF never depends on fontconfig. The URL fetcher serves only
``data:`` URIs and those font files: nothing is fetched from anywhere else.
"""

from __future__ import annotations

import atexit
import threading
from pathlib import Path
from urllib.request import url2pathname

from django.template.loader import render_to_string

from quizzes.certification import fonts
from quizzes.certification.pdf import qr_data_uri

STYLESHEET = "exams/pdf/exam.css"
_local = threading.local()


def _fetcher():
    from weasyprint.urls import URLFetcher

    allowed = {face["path"].resolve() for face in fonts.font_stack()}

    class LocalFontsOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith("file://") and Path(url2pathname(url[7:].split("?")[0])).resolve() in allowed:
                return super().fetch(url, headers)
            raise ValueError(f"exam PDFs may not load {url}")

    return LocalFontsOnly(allowed_protocols={"file", "data"})


def _font_config():
    from weasyprint.text.fonts import FontConfiguration

    config = getattr(_local, "font_config", None)
    if config is None:
        config = _local.font_config = FontConfiguration()
    return config


def _stylesheet():
    from weasyprint import CSS

    sheet = getattr(_local, "stylesheet", None)
    if sheet is None:
        faces = [{**face, "url": face["path"].as_uri()} for face in fonts.font_stack()]
        css = render_to_string(STYLESHEET, {"font_faces": faces,
                                            "families": [fonts.COMMON_FAMILY, fonts.FULL_FAMILY]})
        sheet = _local.stylesheet = CSS(string=css, font_config=_font_config(), url_fetcher=_fetcher())
    return sheet


def render(template: str, context: dict) -> bytes:
    """The PDF bytes of an exam template (``templates/exams/pdf/…``)."""
    from weasyprint import HTML

    html = HTML(string=render_to_string(template, context), url_fetcher=_fetcher())
    return html.write_pdf(stylesheets=[_stylesheet()], font_config=_font_config())


def qr(text: str) -> str:
    return qr_data_uri(text)


@atexit.register
def _release_at_exit() -> None:
    # FontConfiguration removes its temporary folder in __del__, which fails noisily during interpreter
    # shutdown; release it while the interpreter is still whole (as quizzes.certification.pdf does).
    _local.__dict__.clear()
