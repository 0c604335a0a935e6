"""Check the zh_Hans catalog of Wagtail's and wagtail-localize's own strings that their packages leave
untranslated (``portal/core/wagtail_catalog``): list what a Wagtail upgrade added so it can be translated.

Django reads ``LOCALE_PATHS`` before the apps' catalogs, so these translations fill the gaps of the
packages' own zh_Hans catalogs without forking them. ``sync_catalogs`` does not touch this catalog (its
strings are not in the portal's code); ``tests/portal/test_admin_catalog.py`` keeps it complete.
"""

from django.core.management.base import BaseCommand

from portal.core.wagtail_catalog import untranslated_admin_messages


class Command(BaseCommand):
    help = "List Wagtail admin strings that neither Wagtail's nor the portal's zh_Hans catalog translates."

    def handle(self, *args, **options):
        missing = untranslated_admin_messages()
        for context, msgid in missing:
            self.stdout.write(f"{context + ' | ' if context else ''}{msgid}")
        self.stdout.write(f"{len(missing)} untranslated")
