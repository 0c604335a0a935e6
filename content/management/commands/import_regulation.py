"""python manage.py import_regulation FILE [--dry-run] [--json] [--parent INDEX] [--publish] [--title T] [--user U]

Parses a regulation's plain text (UTF-8; a GB18030/GBK file is read with a note on stderr) and creates the
regulation under a regulation index, or updates the one with the same 文号 there (articles matched by number,
so their identities survive). All or nothing (content.services.regulation_import): any error writes nothing
and exits non-zero.

``--dry-run --json`` writes nothing and prints exactly the parser's JSON on stdout
({"title", "document_number", "effective_date", "chapters", "sections", "articles", "errors"}); notes and
the summary go to stderr. With ``--parent`` a dry run also checks the target (an existing 文号 elsewhere …).
``FILE`` may be ``-`` for standard input. ``--parent`` is a page id or a slug path such as
``national-regulations`` or ``home/national-regulations`` (in the Chinese site when the slug path is in
both languages; ``home-en/…`` for the English one).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from content.models import RegulationIndexPage
from content.models.mixins import default_language_code
from content.regulations.numerals import format_ordinal
from content.services.regulation_import import (
    REMOVE,
    RegulationImportPlan,
    RegulationImportRejected,
    apply_regulation_import,
    plan_regulation_import,
)


def resolve_index(value: str) -> RegulationIndexPage:
    """A regulation index by page id or by slug path (``national-regulations``, ``home/national-regulations``)."""
    value = (value or "").strip()
    if value.isdigit():
        page = RegulationIndexPage.objects.filter(pk=int(value)).first()
        if page is None:
            raise CommandError(f"--parent {value}: there is no regulation index with this id")
        return page
    slugs = [s for s in value.strip("/").split("/") if s]
    if not slugs:
        raise CommandError("--parent: give the regulation index's id or slug path")
    suffix = "/" + "/".join(slugs) + "/"
    exact = list(RegulationIndexPage.objects.filter(url_path=suffix))
    candidates = exact or list(RegulationIndexPage.objects.filter(url_path__endswith=suffix).select_related("locale"))
    if len(candidates) > 1:
        default = [p for p in candidates if p.locale.language_code == default_language_code()]
        candidates = default if len(default) == 1 else candidates
    if not candidates:
        raise CommandError(f"--parent {value}: no regulation index has this slug path")
    if len(candidates) > 1:
        paths = ", ".join(p.url_path.strip("/") for p in candidates)
        raise CommandError(f"--parent {value} is ambiguous: {paths}")
    return candidates[0]


class Command(BaseCommand):
    help = "Import a regulation's text as a regulation page (all or nothing; --dry-run to preview)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the regulation's plain text (UTF-8), or - for standard input")
        parser.add_argument("--dry-run", action="store_true", help="parse and report; write nothing")
        parser.add_argument("--json", action="store_true", help="print the parse result as JSON")
        parser.add_argument("--parent", help="the regulation index: page id or slug path (required to import)")
        parser.add_argument("--publish", action="store_true", help="publish the page (default: save a draft)")
        parser.add_argument("--title", help="the title, when the text has none (or to override it)")
        parser.add_argument("--user", help="username recorded as the author of the page and its revision")

    def handle(self, *args, **options):
        file, as_json = options["file"], options["json"]
        data = self._read(file)
        parent = resolve_index(options["parent"]) if options["parent"] else None
        user = self._user(options["user"])
        title = options["title"]

        if options["dry_run"]:
            plan = plan_regulation_import(data, parent=parent, title=title, user=user, publish=options["publish"])
            self._report(plan, as_json=as_json)
            self._summary(plan, dry_run=True)
            if not plan.ok:
                raise CommandError(f"{len(plan.errors)} error(s) in {file}; nothing would be imported", returncode=1)
            return
        if parent is None:
            raise CommandError("--parent is required to import (the regulation index); or use --dry-run")
        try:
            outcome = apply_regulation_import(
                data, parent=parent, title=title, user=user, publish=options["publish"],
                file_name=Path(file).name if file != "-" else "",
            )
        except RegulationImportRejected as rejected:
            self._report(rejected.plan, as_json=as_json)
            raise CommandError(f"{len(rejected.plan.errors)} error(s) in {file}; nothing was imported", returncode=1)
        self._report(outcome.plan, as_json=as_json)
        page = outcome.page
        verb = "Created" if outcome.created else "Updated"
        state = "published" if outcome.published else "as a draft"
        self.stderr.write(
            f"{verb} 《{page.title}》 (page {page.pk}) under {parent.title} {state}: "
            f"edit at {reverse('wagtailadmin_pages:edit', args=[page.pk])}"
        )

    def _read(self, file: str) -> bytes:
        if file == "-":
            return sys.stdin.buffer.read()
        try:
            return Path(file).read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror or exc}")

    def _user(self, username: str | None):
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"--user {username}: no such user")
        return user

    def _report(self, plan: RegulationImportPlan, *, as_json: bool) -> None:
        for note in plan.notes:
            self.stderr.write(f"note: {note}")
        if as_json:
            self.stdout.write(json.dumps(plan.to_json_dict(), ensure_ascii=False, indent=2))
            return
        parsed = plan.parsed
        self.stdout.write(f"title: {parsed.title or '—'}")
        self.stdout.write(f"document number: {parsed.document_number or '—'}")
        self.stdout.write(f"issuer: {parsed.issuer or '—'}")
        for label, value in (("adopted", parsed.adopted_date), ("promulgated", parsed.promulgated_date),
                             ("effective", parsed.effective_date)):
            self.stdout.write(f"{label}: {value.isoformat() if value else '—'}")
        sections = {}
        for s in parsed.sections:
            sections.setdefault(s.chapter or None, []).append(s)
        chapters = {c.number: c for c in parsed.chapters}
        shown_chapter, shown_section = object(), object()
        for article in parsed.articles:
            if article.chapter != shown_chapter:
                shown_chapter, shown_section = article.chapter, object()
                if article.chapter in chapters:
                    self.stdout.write(f"{format_ordinal(article.chapter, '章')} {chapters[article.chapter].title}")
            if article.section != shown_section:
                shown_section = article.section
                for s in sections.get(article.chapter, []):
                    if s.number == article.section:
                        self.stdout.write(f"  {format_ordinal(s.number, '节')} {s.title}")
            first_line = article.text.split("\n", 1)[0]
            self.stdout.write(f"    line {article.line:>5}  {format_ordinal(article.number)} {first_line[:50]}")
        for error in plan.errors:
            self.stdout.write(f"ERROR line {error.line}: {error.message}")

    def _summary(self, plan: RegulationImportPlan, *, dry_run: bool) -> None:
        parsed = plan.parsed
        what = (f"{len(parsed.chapters)} chapters, {len(parsed.sections)} sections, "
                f"{len(parsed.articles)} articles, {len(plan.errors)} errors")
        if plan.parent is None:
            self.stderr.write(f"Dry run ({what}). Nothing written.")
            return
        c = plan.counts
        target = (f"update 《{plan.existing.title}》 (page {plan.existing.pk})" if plan.existing is not None
                  else f"create a regulation under {plan.parent.title}")
        removed = f" (removing articles {', '.join(map(str, plan.removed_articles))})" if c[REMOVE] else ""
        self.stderr.write(
            f"Dry run ({what}): would {target}: {c['create']} new, {c['update']} changed, "
            f"{c['unchanged']} unchanged, {c[REMOVE]} removed articles{removed}. Nothing written."
        )
