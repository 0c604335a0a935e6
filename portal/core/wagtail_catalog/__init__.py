"""The portal's zh_Hans translations of Wagtail's own admin strings that Wagtail leaves untranslated.

Its catalog (``zh_Hans/LC_MESSAGES/django.po`` beside this file) is in ``LOCALE_PATHS``; see the
``build_wagtail_catalog`` command. ``untranslated_admin_messages`` compares the packages' English catalogs
(every msgid they have) with their zh_Hans catalogs and this one.
"""

from __future__ import annotations

from pathlib import Path

import polib
import wagtail
import wagtail_localize

CATALOG = Path(__file__).parent / "zh_Hans" / "LC_MESSAGES" / "django.po"
# the packages whose screens staff use (the admin, users, snippets, documents, images, locales, localize)
PACKAGE_CATALOGS = [
    (Path(wagtail.__file__).parent, ["admin", ".", "users", "snippets", "documents", "images", "locales"]),
    (Path(wagtail_localize.__file__).parent, ["."]),
]


def _catalog(root: Path, app: str, language: str) -> Path:
    return root / app / "locale" / language / "LC_MESSAGES" / "django.po"


def untranslated_admin_messages() -> list[tuple[str | None, str]]:
    ours = {(e.msgctxt, e.msgid) for e in polib.pofile(str(CATALOG)).translated_entries()} if CATALOG.exists() else set()
    missing: list[tuple[str | None, str]] = []
    for root, apps in PACKAGE_CATALOGS:
        for app in apps:
            english = _catalog(root, app, "en")
            if not english.exists():
                continue
            theirs = {(e.msgctxt, e.msgid) for e in polib.pofile(str(_catalog(root, app, "zh_Hans"))).translated_entries()}
            for entry in polib.pofile(str(english)):
                key = (entry.msgctxt, entry.msgid)
                if not entry.obsolete and key not in theirs and key not in ours and key not in missing:
                    missing.append(key)
    return missing
