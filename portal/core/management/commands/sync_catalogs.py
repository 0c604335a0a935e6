"""Refresh the zh_Hans and en catalogs from the code and templates.

makemessages without fuzzy matching (a guessed translation is worse than none), then the English
catalog is filled with the English source strings (msgids are English) so it is complete by
construction. Untranslated Chinese entries are listed; translate them in locale/zh_Hans and run
`manage.py compilemessages`.
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


class Command(BaseCommand):
    help = "Extract messages for zh_Hans and en, fill the English catalog, list untranslated Chinese."

    def handle(self, *args, **options):
        locale_dir = Path(settings.BASE_DIR) / "locale"
        for domain in ("django", "djangojs"):
            if domain == "djangojs" and not any(Path(settings.BASE_DIR, "static").rglob("*.js")):
                continue
            call_command(
                MakeMessages(),
                locale=["zh_Hans", "en"],
                domain=domain,
                ignore_patterns=IGNORE,
                no_obsolete=True,
                add_location="file",
                verbosity=0,
            )
            en = polib.pofile(str(locale_dir / "en" / "LC_MESSAGES" / f"{domain}.po"))
            for entry in en:
                if entry.msgid_plural:
                    entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
                else:
                    entry.msgstr = entry.msgid
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
            _tidy_header(en, "en")
            en.save()
            zh = polib.pofile(str(locale_dir / "zh_Hans" / "LC_MESSAGES" / f"{domain}.po"))
            _tidy_header(zh, "zh_Hans")
            zh.save()
            missing = zh.untranslated_entries() + zh.fuzzy_entries()
            self.stdout.write(f"{domain}: {len(zh)} messages, {len(missing)} untranslated in zh_Hans")
            for entry in missing:
                self.stdout.write(f"  {entry.msgid!r}")
