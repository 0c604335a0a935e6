"""Refresh the zh_Hans and en catalogs from the code and templates.

makemessages without fuzzy matching (a guessed translation is worse than none) writes each string to
the nearest catalog: an app with its own ``locale`` folder (search, certification, exams,
acknowledgements) keeps its strings there, everything else goes to the project's ``locale``. Every
English catalog is then filled with the English source strings (msgids are English), so it is complete
by construction. Untranslated Chinese entries are listed per catalog; translate them and run
`make messages`.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.core.management.commands import makemessages

IGNORE = [".venv", "var", "tests", "bench", "docs", "node_modules", "test-results"]


def _tidy_header(po: polib.POFile, language: str) -> None:
    po.metadata_is_fuzzy = False
    po.metadata.update(
        {
            "Project-Id-Version": "bank-portal",
            "Language": language,
            "Language-Team": language,
            "Last-Translator": "Portal team",
            "Content-Type": "text/plain; charset=UTF-8",
        }
    )


class MakeMessages(makemessages.Command):
    msgmerge_options = ["-q", "--backup=none", "--update", "--no-fuzzy-matching"]


def catalog_dirs() -> list[Path]:
    """The project catalog and every app's own ``locale`` folder (makemessages writes each app's strings there)."""
    base = Path(settings.BASE_DIR)
    found = sorted(p for p in base.glob("*/**/locale") if p.is_dir() and not set(p.parts) & set(IGNORE))
    return [base / "locale"] + found


def _fill_english(po: polib.POFile) -> None:
    for entry in po:
        if entry.msgid_plural:
            entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
        else:
            entry.msgstr = entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")


class Command(BaseCommand):
    help = "Extract messages for zh_Hans and en into every catalog, fill English, list untranslated Chinese."

    def handle(self, *args, **options):
        call_command(
            MakeMessages(),
            locale=["zh_Hans", "en"],
            domain="django",
            ignore_patterns=IGNORE,
            no_obsolete=True,
            add_location="file",
            verbosity=0,
        )
        for locale_dir in catalog_dirs():
            name = locale_dir.relative_to(settings.BASE_DIR)
            en = polib.pofile(str(locale_dir / "en" / "LC_MESSAGES" / "django.po"))
            _fill_english(en)
            _tidy_header(en, "en")
            en.save()
            zh = polib.pofile(str(locale_dir / "zh_Hans" / "LC_MESSAGES" / "django.po"))
            _tidy_header(zh, "zh_Hans")
            zh.save()
            missing = zh.untranslated_entries() + zh.fuzzy_entries()
            self.stdout.write(f"{name}: {len(zh)} messages, {len(missing)} untranslated in zh_Hans")
            for entry in missing:
                context = f" [{entry.msgctxt}]" if entry.msgctxt else ""
                self.stdout.write(f"  {entry.msgid!r}{context}")
