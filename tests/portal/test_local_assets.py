"""A bank intranet cannot reach the internet: no template or stylesheet loads anything remote."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
REMOTE = re.compile(r"""(?:src|href|action|poster|data)\s*=\s*["']\s*(?:https?:)?//""", re.IGNORECASE)
CSS_REMOTE = re.compile(r"""(?:@import|url\()\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)


def _project_files(*patterns):
    for base in ("templates", "static", "content", "quizzes", "portal"):
        for pattern in patterns:
            yield from (path for path in (ROOT / base).rglob(pattern) if path.is_file())


def test_no_template_references_a_non_local_url():
    offenders = []
    for path in _project_files("*.html"):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if REMOTE.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert offenders == []


def test_no_stylesheet_or_script_loads_a_remote_resource():
    offenders = []
    for path in _project_files("*.css", "*.js"):
        text = path.read_text(encoding="utf-8")
        if CSS_REMOTE.search(text) or re.search(r"""import\s*\(?\s*["'](?:https?:)?//""", text):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_checker_flags_a_remote_script_tag():
    assert REMOTE.search('<script src="https://cdn.example.com/x.js"></script>')
    assert REMOTE.search("<link href='//fonts.example.com/css'>")
    assert not REMOTE.search('<a href="/zh-hans/">')


def test_wagtail_update_check_and_embeds_are_off():
    assert settings.WAGTAIL_ENABLE_UPDATE_CHECK is False
    assert settings.WAGTAILEMBEDS_FINDERS == []
