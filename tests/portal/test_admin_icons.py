"""Every icon the portal names in its admin code and templates is one Wagtail can draw (an unknown name draws
nothing: a blank where a menu, header or button icon should be)."""

from __future__ import annotations

import re
from pathlib import Path

from wagtail.admin.icons import get_icons

ROOT = Path(__file__).resolve().parents[2]
PYTHON = re.compile(r"""\b(?:icon|icon_name|header_icon|menu_icon)\s*=\s*["']([a-z0-9-]+)["']""")
TEMPLATE = re.compile(r"""{%\s*icon\s+name=["']([a-z0-9-]+)["']""")


def _named_icons() -> dict[str, str]:
    named = {}
    for package in ("portal", "content", "quizzes", "templates"):
        for path in (ROOT / package).rglob("*"):
            if path.suffix not in (".py", ".html") or "migrations" in path.parts:
                continue
            pattern = PYTHON if path.suffix == ".py" else TEMPLATE
            for name in pattern.findall(path.read_text(encoding="utf-8")):
                named.setdefault(name, str(path.relative_to(ROOT)))
    return named


def test_every_icon_the_admin_names_exists():
    available = set(re.findall(r'<symbol[^>]*\bid="icon-([a-z0-9-]+)"', get_icons()))
    assert "rotate" in available
    named = _named_icons()
    assert len(named) > 20
    assert {name: where for name, where in named.items() if name not in available} == {}
