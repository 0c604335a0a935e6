"""Importing a regulation's plain text as a RegulationPage: parse → plan (writes nothing) → apply.

One service behind ``manage.py import_regulation`` and the admin's "paste the text → preview → create".
Both steps parse the same text with :mod:`content.regulations.parser` and plan the same way, so what was
previewed is what gets written; applying re-plans inside its transaction and refuses the whole import when
anything is wrong (parser errors, an unusable parent, a 文号 that already belongs to a regulation elsewhere,
missing permissions). Nothing is written on refusal.

* **Create or update.** A regulation whose 文号 (document number) is already held by a regulation under the
  chosen index, in the index's language, is *updated*: its chapters, sections and articles are matched by
  number (``RegulationPage.set_body_from_parsed``), so article identities — primary key and ``key``, what
  posts, procedure steps, questions and acknowledgements point to — survive. Articles whose number is no
  longer in the text are removed (links to them are cleared); the plan lists them. Otherwise a new page is
  created under the index.
* **Draft or published.** By default the import is saved as a draft revision (a new page is not live; a
  live page keeps its published version until someone publishes the draft); ``publish=True`` publishes it.
* **Encodings.** Text is UTF-8 (with or without BOM; UTF-16 with BOM). A file that is not UTF-8 but decodes
  as GB18030 (GBK, what Windows Notepad saves in Chinese) is read as GB18030 and the plan carries a
  note saying so; anything else — binary, images, Word files, undecodable bytes — is refused by the parser
  with a clear error on line 1.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.coreutils import find_available_slug
from wagtail.models import Page

from content.audit_actions import IMPORT_REGULATION
from content.models import RegulationIndexPage, RegulationPage
from content.regulations.parser import (
    ParsedArticle,
    ParsedChapter,
    ParsedRegulation,
    ParsedSection,
    parse_regulation,
    parse_regulation_bytes,
)
from portal.core import audit, uploads
from portal.core.imports import ImportRejected, Issue

IMPORT_ACTION = IMPORT_REGULATION

CREATE = "create"
UPDATE = "update"
UNCHANGED = "unchanged"
REMOVE = "remove"

MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # a regulation of several hundred articles is well under 1 MB


RegulationImportRejected = ImportRejected  # the text (or the target) has errors; nothing was written
STAGED_KIND = "content.regulation"


@dataclass
class ArticleChange:
    number: int
    action: str  # create | update | unchanged | remove
    existing_id: int | None = None


@dataclass
class RegulationImportPlan:
    """What importing the text would do. Writes nothing."""

    parsed: ParsedRegulation
    text: str  # the decoded text (what the confirm step re-parses); "" when the input could not be decoded
    parent: RegulationIndexPage | None = None
    existing: RegulationPage | None = None  # the regulation with the same 文号 under ``parent``
    publish: bool = False
    notes: list[str] = field(default_factory=list)  # not errors: e.g. "read as GB18030"
    extra_errors: list[Issue] = field(default_factory=list)
    article_changes: list[ArticleChange] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        return sorted(self.parsed.errors + self.extra_errors, key=lambda e: e.line)

    @property
    def issues(self) -> list[Issue]:
        return self.errors

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_stored(self) -> dict:
        """What the staging table keeps: the parsed structure (never parsed again), the decoded text, the
        notes, and the target the uploader chose."""
        parsed = asdict(self.parsed)
        parsed["errors"] = [e.to_json_dict() for e in self.parsed.errors]
        return {
            "parsed": parsed,
            "text": self.text,
            "notes": [str(n) for n in self.notes],
            "parent": self.parent.pk if self.parent is not None else None,
            "publish": self.publish,
        }

    @property
    def action(self) -> str:
        return UPDATE if self.existing is not None else CREATE

    def count(self, action: str) -> int:
        return sum(1 for change in self.article_changes if change.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {action: self.count(action) for action in (CREATE, UPDATE, UNCHANGED, REMOVE)}

    @property
    def removed_articles(self) -> list[int]:
        return [change.number for change in self.article_changes if change.action == REMOVE]

    def to_json_dict(self) -> dict:
        """The parser's JSON shape (``ParsedRegulation.to_json_dict``) with every error of the plan."""
        data = self.parsed.to_json_dict()
        data["errors"] = [{"line": e.line, "message": e.message} for e in self.errors]
        return data


@dataclass
class RegulationImportOutcome:
    plan: RegulationImportPlan
    page: RegulationPage
    created: bool
    published: bool

    @property
    def summary(self) -> dict:
        return {"page": self.page.pk, "created": self.created, "published": self.published, **self.plan.counts}


# ------------------------------------------------------------------------------------------- reading


def read_source(source: str | bytes, *, title: str | None = None) -> tuple[ParsedRegulation, str, list[str]]:
    """Parse pasted text (str) or file bytes. Returns (parsed, decoded text, notes).

    Bytes go through the parser's own checks (binary, UTF-16, UTF-8); a file the parser refuses only
    because it is not UTF-8 is decoded as GB18030 when that works, with a note.
    """
    title = (title or "").strip() or None
    if isinstance(source, str):
        return parse_regulation(source, title=title), source, []
    data = bytes(source)
    parsed = parse_regulation_bytes(data, title=title)
    if [e.code for e in parsed.errors] == ["not_utf8"]:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:  # the parser tried GB18030 already; keep its error
            return parsed, "", []
        note = _("The file is not UTF-8: it was read as GB18030 (GBK). Check the Chinese text in the preview.")
        return parse_regulation(text, title=title), text, [note]
    if parsed.errors and any(e.code in ("binary", "not_text", "not_utf8") for e in parsed.errors):
        return parsed, "", []
    return parsed, _decode(data), []


def _decode(data: bytes) -> str:
    if uploads.is_utf16(data):
        return data.decode("utf-16")
    return data.decode("utf-8-sig")


# ------------------------------------------------------------------------------------------- planning


def find_existing(parsed: ParsedRegulation, parent: RegulationIndexPage) -> tuple[RegulationPage | None, str]:
    """The regulation under ``parent`` with the parsed 文号 (None and "" when there is none).

    The second value is an error message when the 文号 cannot be used: it belongs to a regulation under
    another index, or to several regulations.
    """
    number = (parsed.document_number or "").strip()
    if not number:
        return None, ""
    same = list(
        RegulationPage.objects.filter(locale_id=parent.locale_id, document_number=number).order_by("pk")
    )
    if not same:
        return None, ""
    here = [page for page in same if page.path.startswith(parent.path) and page.depth == parent.depth + 1]
    if len(same) == 1 and here:
        return here[0], ""
    if len(same) > 1:
        return None, _("Several regulations already have the document number %(number)s: %(titles)s.") % {
            "number": number,
            "titles": "、".join(f"《{page.title}》" for page in same),
        }
    other_parent = same[0].get_parent()
    return None, _(
        "The document number %(number)s belongs to 《%(title)s》 under “%(index)s”: choose that index to update it."
    ) % {"number": number, "title": same[0].title, "index": other_parent.title if other_parent else "?"}


def _line_of(text: str, needle: str | None) -> int:
    """The 1-based line where ``needle`` (blanks ignored) first appears in ``text``; 1 if nowhere."""
    if text and needle:
        compact = "".join(needle.split())
        for number, line in enumerate(text.splitlines(), start=1):
            if compact in "".join(line.split()):
                return number
    return 1


def _field_length_errors(parsed: ParsedRegulation, text: str) -> list[Issue]:
    limits = (
        ("title", _("title"), RegulationPage._meta.get_field("title").max_length),
        ("document_number", _("document number"), RegulationPage._meta.get_field("document_number").max_length),
        ("issuer", _("issuer"), RegulationPage._meta.get_field("issuer").max_length),
    )
    errors = []
    for name, label, limit in limits:
        value = getattr(parsed, name, None) or ""
        if len(value) > limit:
            errors.append(
                Issue(
                    _line_of(text, value[:20]),
                    _("The %(field)s is longer than %(limit)s characters.") % {"field": label, "limit": limit},
                    "too_long",
                )
            )
    return errors


def _article_changes(parsed: ParsedRegulation, base: RegulationPage | None) -> list[ArticleChange]:
    old = {a.number: a for a in base.articles.all()} if base is not None else {}
    changes = []
    for article in parsed.articles:
        row = old.get(article.number)
        if row is None:
            changes.append(ArticleChange(article.number, CREATE))
        elif (row.text, row.chapter_number, row.section_number) == (
            article.text,
            article.chapter or None,
            article.section or None,
        ):
            changes.append(ArticleChange(article.number, UNCHANGED, row.pk))
        else:
            changes.append(ArticleChange(article.number, UPDATE, row.pk))
    numbers = {a.number for a in parsed.articles}
    changes.extend(ArticleChange(n, REMOVE, row.pk) for n, row in sorted(old.items()) if n not in numbers)
    return changes


def _permission_errors(plan: RegulationImportPlan, user) -> list[Issue]:
    if user is None:  # management commands run as the operator of the server
        return []
    parent = plan.parent
    errors = []
    parent_perms = parent.permissions_for_user(user)
    if plan.existing is None:
        if not parent_perms.can_add_subpage():
            errors.append(Issue(1, _("You may not add regulations under “%(index)s”.") % {"index": parent.title},
                                     "permission"))
        elif plan.publish and not parent_perms.can_publish_subpage():
            errors.append(Issue(1, _("You may not publish regulations under “%(index)s”: import it as a "
                                          "draft.") % {"index": parent.title}, "permission"))
        return errors
    page_perms = plan.existing.permissions_for_user(user)
    line = _line_of(plan.text, plan.parsed.document_number)
    if not page_perms.can_edit():
        errors.append(Issue(line, _("You may not change 《%(title)s》.") % {"title": plan.existing.title},
                                 "permission"))
    elif plan.publish and not page_perms.can_publish():
        errors.append(Issue(line, _("You may not publish 《%(title)s》: import it as a draft.")
                                 % {"title": plan.existing.title}, "permission"))
    lock = plan.existing.get_lock()
    if lock is not None and lock.for_user(user):
        errors.append(Issue(line, _("《%(title)s》 is locked.") % {"title": plan.existing.title}, "locked"))
    return errors


def plan_regulation_import(
    source: str | bytes,
    *,
    parent: Page | None = None,
    title: str | None = None,
    user=None,
    publish: bool = False,
) -> RegulationImportPlan:
    """Parse ``source`` (pasted text or file bytes) and work out what importing it would do. Writes nothing.

    Without ``parent`` only the text is checked (``--dry-run`` without ``--parent``). With ``user`` the
    plan also reports what that user may not do (add under the index, change or publish the regulation).
    """
    parsed, text, notes = read_source(source, title=title)
    return plan_parsed(parsed, text, notes, parent=parent, user=user, publish=publish)


def parsed_from_stored(stored: dict) -> ParsedRegulation:
    """The parsed regulation as the staging table kept it."""
    data = dict(stored)
    for name in ("adopted_date", "promulgated_date", "effective_date"):
        value = data.get(name)
        data[name] = date.fromisoformat(value) if isinstance(value, str) and value else (value or None)
    data["chapters"] = [ParsedChapter(**c) for c in data.get("chapters", [])]
    data["sections"] = [ParsedSection(**c) for c in data.get("sections", [])]
    data["articles"] = [ParsedArticle(**c) for c in data.get("articles", [])]
    data["errors"] = [Issue.from_json_dict(e) for e in data.get("errors", [])]
    return ParsedRegulation(**data)


def plan_from_stored(stored: dict, *, user=None) -> RegulationImportPlan:
    """A staged upload's plan, re-checked against the pages as they are now; the parser is not called."""
    parent = Page.objects.filter(pk=stored.get("parent")).first() if stored.get("parent") else None
    plan = plan_parsed(
        parsed_from_stored(stored["parsed"]), stored.get("text", ""), list(stored.get("notes", [])),
        parent=parent, user=user, publish=bool(stored.get("publish")),
    )
    if parent is None and stored.get("parent"):
        plan.extra_errors.append(Issue(1, _("The regulation index no longer exists."), "parent"))
    return plan


def plan_parsed(
    parsed: ParsedRegulation, text: str, notes: list[str], *, parent: Page | None = None, user=None,
    publish: bool = False,
) -> RegulationImportPlan:
    """What importing an already parsed regulation would do (no parsing). Writes nothing."""
    plan = RegulationImportPlan(parsed=parsed, text=text, notes=notes, publish=publish)
    plan.extra_errors.extend(_field_length_errors(parsed, text))
    if parent is None:
        plan.article_changes = _article_changes(parsed, None)
        return plan
    parent = parent.specific
    if not isinstance(parent, RegulationIndexPage):
        plan.extra_errors.append(
            Issue(1, _("“%(title)s” is not a regulation index.") % {"title": parent.title}, "parent")
        )
        return plan
    plan.parent = parent
    existing, problem = find_existing(parsed, parent)
    if problem:
        plan.extra_errors.append(Issue(_line_of(text, parsed.document_number), problem, "document_number"))
    plan.existing = existing
    base = existing.get_latest_revision_as_object() if existing is not None else None
    plan.article_changes = _article_changes(parsed, base)
    plan.extra_errors.extend(_permission_errors(plan, user))
    return plan


# ------------------------------------------------------------------------------------------- applying


def can_import_under(user, parent: Page) -> bool:
    """May ``user`` add regulations under the regulation index ``parent`` (Editors, Administrators)?"""
    return bool(user and user.is_authenticated and parent.permissions_for_user(user).can_add_subpage())


def indexes_for(user):
    """The regulation indexes ``user`` may import under (add pages below), by language then title."""
    from wagtail.permission_policies.pages import PagePermissionPolicy

    allowed = PagePermissionPolicy().instances_user_has_permission_for(user, "add")
    return (
        RegulationIndexPage.objects.filter(pk__in=allowed.values("pk"))
        .select_related("locale")
        .order_by("locale__language_code", "path")
    )


def apply_regulation_import(
    source: str | bytes,
    *,
    parent: Page,
    title: str | None = None,
    user=None,
    publish: bool = False,
    file_name: str = "",
) -> RegulationImportOutcome:
    """Create (or update, by 文号) the regulation under ``parent``: all or nothing, in one transaction.

    Raises :class:`RegulationImportRejected` (nothing written) when the plan has any error.
    """
    with transaction.atomic():
        # one import at a time under an index, so two imports of the same 文号 cannot both create a page
        locked_parent = Page.objects.select_for_update().filter(pk=parent.pk).first()
        if locked_parent is None:
            raise RegulationImportRejected(_missing_parent_plan(source, title))
        plan = plan_regulation_import(source, parent=locked_parent, title=title, user=user, publish=publish)
        return apply_plan(plan, user=user, file_name=file_name)


def apply_stored(stored: dict, *, user=None, file_name: str = "") -> RegulationImportOutcome:
    """Write a staged upload's stored plan (re-checked against the pages, never re-parsed), all or nothing."""
    with transaction.atomic():
        locked_parent = Page.objects.select_for_update().filter(pk=stored.get("parent")).first()
        plan = plan_from_stored(stored, user=user)
        if locked_parent is None and not plan.errors:
            plan.extra_errors.append(Issue(1, _("The regulation index no longer exists."), "parent"))
        return apply_plan(plan, user=user, file_name=file_name)


def apply_plan(plan: RegulationImportPlan, *, user=None, file_name: str = "") -> RegulationImportOutcome:
    """Write a plan: create or update the page, save (and publish) a revision, log the import."""
    publish = plan.publish
    with transaction.atomic():
        if not plan.ok:
            raise RegulationImportRejected(plan)
        try:
            page, created = _write(plan, user)
            revision = page.save_revision(user=user, log_action=not created)
            if publish:
                revision.publish(user=user)
        except ValidationError as exc:
            plan.extra_errors.extend(Issue(1, message, "invalid") for message in exc.messages)
            raise RegulationImportRejected(plan) from exc
        counts = plan.counts
        audit.record(
            page,
            IMPORT_REGULATION,
            acting_user=user,
            data={
                "file": file_name,
                "created": created,
                "published": bool(publish),
                "articles": len(plan.parsed.articles),
                "articles_created": counts[CREATE],
                "articles_updated": counts[UPDATE],
                "articles_removed": counts[REMOVE],
            },
        )
    page = RegulationPage.objects.get(pk=page.pk)
    return RegulationImportOutcome(plan=plan, page=page, created=created, published=bool(publish))


def _missing_parent_plan(source, title) -> RegulationImportPlan:
    plan = plan_regulation_import(source, title=title)
    plan.extra_errors.append(Issue(1, _("The regulation index no longer exists."), "parent"))
    return plan


def _write(plan: RegulationImportPlan, user) -> tuple[RegulationPage, bool]:
    parsed, parent = plan.parsed, plan.parent
    if plan.existing is not None:
        page = plan.existing.get_latest_revision_as_object()
        if page.live and not page.has_unpublished_changes and hasattr(page, "material_change"):
            # a new draft of a published page starts as "not a material change", as the page editor's
            # form starts it (content.acknowledgements.page_fields.MaterialChangeFormMixin)
            page.material_change = False
            page.change_summary = ""
        page.set_body_from_parsed(parsed, update_header=True)
        return page, False
    slug = slugify(parsed.title, allow_unicode=True)[:80].strip("-") or "regulation"
    page = RegulationPage(
        title=parsed.title,
        slug=find_available_slug(parent, slug),
        locale_id=parent.locale_id,
        owner=user,
        live=False,
    )
    page.set_body_from_parsed(parsed, update_header=True)
    parent.add_child(instance=page)
    return page, True
