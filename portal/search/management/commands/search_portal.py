"""Search the portal from the command line, as the search page would.

    python manage.py search_portal "柜员 复核" [--lang zh-hans|en|all] [--type TYPE] [--user NAME] --json

``--json`` prints exactly {"total": int, "results": [{"title", "url", "type", "snippet"}]}; the snippet is
HTML-escaped text with the matched words in <mark>. Without ``--user`` the search sees what every
employee sees (no question banks); with it, what that user sees.
"""

import json

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from portal.search.documents import KIND_LABELS
from portal.search.service import run_search


class Command(BaseCommand):
    help = "Search the portal (same engine, ranking and rules as the search page)."

    def add_arguments(self, parser):
        languages = [code for code, _name in settings.LANGUAGES]
        parser.add_argument("query")
        parser.add_argument("--lang", choices=languages + ["all"], default=settings.LANGUAGE_CODE)
        parser.add_argument("--type", choices=sorted(KIND_LABELS), default=None)
        parser.add_argument("--department", default="", help="A department page's translation key.")
        parser.add_argument("--post", default="", help="A post page's translation key.")
        parser.add_argument("--status", choices=["in_force", "superseded"], default="")
        parser.add_argument("--user", default="", help="Search as this user (username).")
        parser.add_argument("--limit", type=int, default=20)
        parser.add_argument("--page", type=int, default=1)
        parser.add_argument("--json", action="store_true", help="Print JSON.")

    def handle(self, *args, **options):
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user {options['user']!r}")
        language = None if options["lang"] == "all" else options["lang"]
        with translation.override(language or settings.LANGUAGE_CODE):
            outcome = run_search(
                options["query"],
                user=user,
                language=language,
                kinds=(options["type"],) if options["type"] else (),
                department=options["department"],
                post=options["post"],
                status=options["status"],
                page=options["page"],
                page_size=max(1, min(options["limit"], 100)),
            )
            for message in outcome.messages:
                self.stderr.write(message)
            if options["json"]:
                self.stdout.write(json.dumps(outcome.as_json(), ensure_ascii=False))
                return
            self.stdout.write(f"{outcome.total} results ({outcome.engine or '-'})")
            for n, hit in enumerate(outcome.hits, start=(outcome.page - 1) * outcome.page_size + 1):
                self.stdout.write(f"{n:3}. [{hit.kind}] {hit.title}  {hit.url}")
                self.stdout.write(f"     {hit.snippet_text}")
            for suggestion in outcome.suggestions:
                self.stdout.write(f"  → {suggestion.label}")
