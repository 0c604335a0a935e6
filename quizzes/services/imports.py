"""Importing a question file into a bank: a preview that writes nothing, then an all-or-nothing apply.

Both steps parse the same bytes with ``quizzes.importers.parse_questions`` and plan the same way, so
what the examiner confirmed is what gets written. A plan is refused as a whole when anything is wrong:
a parser error, a question whose content breaks the bank's rules, an unusable bank path. Questions
whose stem and options are already in the bank (or earlier in the same file) are *duplicates*: they
are skipped, or — with ``on_duplicate="update"`` — applied to the existing question through the
versioning rule (a new version only where the content changed).

Fields a file format cannot carry (the English version; a marking guide or difficulty the file leaves
out) are kept from the existing question when it is updated, never wiped.
"""

from __future__ import annotations

import hashlib
import itertools
import uuid
from dataclasses import dataclass, field, fields

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from taggit.models import Tag
from wagtail.log_actions import get_active_log_context

from content.models import PostPage, ProcedurePage, RegulationArticle
from portal.core import audit, bulk, imports, staging
from portal.core.imports import Issue
from portal.core.models import StagedUpload
from portal.search import signals, tasks
from quizzes.audit_actions import CREATE_QUESTION, IMPORT_QUESTIONS
from quizzes.importers import (
    FORMATS,
    ParsedDescription,
    ParsedQuestion,
    ParseResult,
    parse_questions,
    stream_questions,
)
from quizzes.models import (
    OPTION_LETTERS,
    Question,
    QuestionBank,
    QuestionImport,
    QuestionStatus,
    QuestionTag,
    QuestionType,
    QuestionVersion,
    question_label,
)
from quizzes.question_types import OPTION_TYPES
from quizzes.services import knowledge
from quizzes.services.banks import find_bank, resolve_bank, split_bank_path
from quizzes.services.questions import QuestionContent, revise_question

SKIP = "skip"
UPDATE = "update"
ON_DUPLICATE = (SKIP, UPDATE)

CREATE = "create"
UNCHANGED = "unchanged"


ImportRejected = imports.ImportRejected  # the file has errors; nothing was written (``plan`` holds them)
STAGED_KIND = "quizzes.questions"


@dataclass
class ImportItem:
    """One parsed question and what applying the import would do with it."""

    question: ParsedQuestion
    action: str  # create | update | unchanged | skip
    existing_id: int | None = None  # the bank's question it duplicates
    duplicate_of_line: int | None = None  # the earlier line of the same file it duplicates
    content: QuestionContent | None = None
    stem_key: str = ""  # the duplicate key of its content (worked out once, when it is planned)

    @property
    def is_duplicate(self) -> bool:
        return self.existing_id is not None or self.duplicate_of_line is not None

    @property
    def type_display(self) -> str:
        """The question type in the reader's language (单选题…), never the parser's code."""
        try:
            return str(QuestionType(self.question.type).label)
        except ValueError:
            return self.question.type

    @property
    def correct_display(self) -> str:
        """The key as the preview shows it: letters, 对/错, blank answers or the model answer."""
        q = self.question
        if q.type == "true_false" and q.correct:
            return q.options[q.correct[0]] if 0 <= q.correct[0] < len(q.options) else "?"
        if q.type in OPTION_TYPES:
            return "".join(OPTION_LETTERS[i] if 0 <= i < len(OPTION_LETTERS) else "?" for i in q.correct)
        if q.type == "fill_blank":
            return " | ".join(" / ".join(b) for b in q.blanks)
        return q.model_answer or ""


@dataclass
class ImportPlan:
    """What an import would do: the parse result, the bank's side of it, and every error."""

    fmt: str
    bank_path: str
    on_duplicate: str
    result: ParseResult
    items: list[ImportItem] = field(default_factory=list)
    extra_errors: list[Issue] = field(default_factory=list)
    bank: QuestionBank | None = None
    tallies: dict[str, int] | None = None  # the counts of a plan applied chunk by chunk (``items`` not kept)

    @property
    def errors(self) -> list[Issue]:
        return sorted(self.result.errors + self.extra_errors, key=lambda e: e.line)

    @property
    def issues(self) -> list[Issue]:
        return self.errors

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, action: str) -> int:
        return sum(1 for item in self.items if item.action == action)

    def to_stored(self) -> dict:
        """The parse result, kept in the staging table so that confirming never parses the file again; the
        questions themselves are kept in bounded chunks (``StagedChunk``, written by :func:`stage_import`)."""
        return {
            "fmt": self.fmt,
            "bank_path": self.bank_path,
            "on_duplicate": self.on_duplicate,
            "errors": [e.to_json_dict() for e in self.result.errors],
            # GIFT description items (instructions, a case): few, kept with the plan for the confirm
            "descriptions": [{f.name: getattr(d, f.name) for f in fields(d)} for d in self.result.descriptions],
            "question_count": sum(self.tallies.values()) if self.tallies is not None else len(self.result.questions),
        }

    @property
    def counts(self) -> dict[str, int]:
        if self.tallies is not None:
            return dict(self.tallies)
        return {action: self.count(action) for action in (CREATE, UPDATE, UNCHANGED, SKIP)}

    @property
    def duplicates(self) -> list[ImportItem]:
        return [item for item in self.items if item.is_duplicate]

    def to_json_dict(self) -> dict:
        """The parser's JSON shape ({"questions": […], "errors": […]}) with this plan's errors."""
        return {
            "questions": [item.question.to_json_dict() for item in self.items],
            "errors": [e.to_json_dict() for e in self.errors],
        }


@dataclass
class ImportOutcome:
    plan: ImportPlan
    bank: QuestionBank
    bank_created: bool
    record: QuestionImport
    question_ids: list[int]

    @property
    def counts(self) -> dict[str, int]:
        return self.plan.counts

    @property
    def summary(self) -> dict:
        return {**self.record.summary, "import_id": self.record.pk, "bank_id": self.bank.pk}


_PARSED_FIELDS = tuple(f.name for f in fields(ParsedQuestion))


def _stored_question(question: ParsedQuestion) -> dict:
    """A parsed question as the staging table keeps it (``ParsedQuestion(**row)`` reads it back): its
    fields as they are (strings, numbers, lists of them), written out as JSON at once, never deep-copied
    as ``dataclasses.asdict`` would."""
    return {name: getattr(question, name) for name in _PARSED_FIELDS}


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _merge_for_update(parsed: ParsedQuestion, current: QuestionVersion) -> QuestionContent:
    content = QuestionContent.from_parsed(parsed)
    content.stem_en = current.stem_en
    content.options_en = list(current.options_en) if len(current.options_en) == len(content.options) else []
    content.explanation_en = current.explanation_en
    if parsed.difficulty is None:
        content.difficulty = current.difficulty
    if not getattr(parsed, "marking_guide", None):
        content.marking_guide = current.marking_guide
    return content


def _plan_items(
    questions: list[ParsedQuestion], existing: dict[str, Question], on_duplicate: str, *,
    seen_in_file: dict[str, tuple[int, int | None]] | None = None, keep_content: bool = True,
):
    """Decide create/update/unchanged/skip for each parsed question, in file order.

    ``seen_in_file`` (stem key → the first line with it and the bank question it duplicates) carries on
    from earlier chunks of the same file; ``keep_content=False`` leaves ``content`` off the items of a plan
    that is only previewed or stored, never written from.
    """
    items: list[ImportItem] = []
    errors: list[Issue] = []
    seen = {} if seen_in_file is None else seen_in_file
    for parsed in questions:
        content = QuestionContent.from_parsed(parsed)
        key = content.stem_key
        earlier = seen.get(key)
        bank_question = existing.get(key)
        item = ImportItem(question=parsed, action=CREATE, content=content, stem_key=key)
        if earlier is not None:
            item.duplicate_of_line, item.existing_id = earlier
            item.action = UPDATE if on_duplicate == UPDATE else SKIP
        elif bank_question is not None:
            item.existing_id = bank_question.pk
            if on_duplicate == UPDATE:
                item.content = _merge_for_update(parsed, bank_question.current_version)
                item.action = UNCHANGED if item.content.same_as(bank_question.current_version) else UPDATE
            else:
                item.action = SKIP
        for name, message in content.errors():
            errors.append(Issue(parsed.line, message, f"question.invalid_{name}"))
        seen.setdefault(key, (parsed.line, item.existing_id))
        if not keep_content:
            item.content = None
        items.append(item)
    return items, errors


def plan_import(data: bytes, fmt: str, bank_path: str, *, on_duplicate: str = SKIP,
                keep_content: bool = True) -> ImportPlan:
    """Parse ``data`` and work out what importing it into ``bank_path`` would do. Writes nothing."""
    if on_duplicate not in ON_DUPLICATE:
        raise ValueError(f"on_duplicate must be one of {ON_DUPLICATE}, not {on_duplicate!r}")
    return plan_parsed(parse_questions(data, fmt), fmt, bank_path, on_duplicate=on_duplicate,
                       keep_content=keep_content)


def plan_parsed(result: ParseResult, fmt: str, bank_path: str, *, on_duplicate: str = SKIP,
                keep_content: bool = True) -> ImportPlan:
    """The plan of an already parsed file against the bank as it is now (no parsing). Writes nothing."""
    plan = ImportPlan(fmt=fmt, bank_path=bank_path, on_duplicate=on_duplicate, result=result)
    existing = _find_bank(plan)
    plan.items, content_problems = _plan_items(result.questions, existing, on_duplicate, keep_content=keep_content)
    plan.extra_errors.extend(content_problems)
    if not result.questions and not result.errors:
        plan.extra_errors.append(Issue(1, _("The file holds no questions."), "import.no_questions"))
    return plan


def _find_bank(plan: ImportPlan) -> dict[str, Question]:
    """Set ``plan.bank`` (or its path's errors); the bank's questions by stem key."""
    try:
        split_bank_path(plan.bank_path)
        plan.bank = find_bank(plan.bank_path)
    except ValidationError as exc:
        plan.extra_errors.extend(Issue(0, message, "import.bank_path") for message in exc.messages)
    existing: dict[str, Question] = {}
    if plan.bank is not None:
        for question in plan.bank.questions.select_related("current_version"):
            existing.setdefault(question.stem_key, question)
    return existing


def plan_from_stored(stored: dict, chunks=(), *, keep_content: bool = True,
                     keep_items: int | None = None) -> ImportPlan:
    """The staged plan rebuilt from the staging table (the plan and its ``chunks`` of questions) and
    re-checked against the bank; the parser is not called.

    With ``keep_items`` (the preview) the chunks are planned one at a time and only the first
    ``keep_items`` items are kept: the counts and the errors are the whole file's.
    """
    errors = [Issue.from_json_dict(e) for e in stored.get("errors", [])]
    fmt, bank_path, on_duplicate = stored["fmt"], stored["bank_path"], stored.get("on_duplicate", SKIP)
    legacy = stored.get("questions")  # staged before the questions were kept in chunks
    if keep_items is None:
        rows = [*(legacy or []), *(row for chunk in chunks for row in chunk)]
        result = ParseResult(questions=[ParsedQuestion(**q) for q in rows], errors=errors)
        return plan_parsed(result, fmt, bank_path, on_duplicate=on_duplicate, keep_content=keep_content)
    plan = ImportPlan(fmt=fmt, bank_path=bank_path, on_duplicate=on_duplicate, result=ParseResult([], errors),
                      tallies=dict.fromkeys((CREATE, UPDATE, UNCHANGED, SKIP), 0))
    existing = _find_bank(plan)
    seen_in_file: dict[str, tuple[int, int | None]] = {}
    for rows in itertools.chain([legacy] if legacy else [], chunks):
        items = _plan_chunk(plan, [ParsedQuestion(**q) for q in rows], existing, seen_in_file,
                            keep_content=keep_content)
        plan.items.extend(items[: max(keep_items - len(plan.items), 0)])
    _check_not_empty(plan)
    return plan


def _plan_chunk(plan: ImportPlan, questions: list[ParsedQuestion], existing, seen_in_file, *,
                keep_content: bool) -> list[ImportItem]:
    """Plan one chunk of a streamed plan: its content errors and counts go into ``plan``."""
    items, problems = _plan_items(questions, existing, plan.on_duplicate, seen_in_file=seen_in_file,
                                  keep_content=keep_content)
    plan.extra_errors.extend(problems)
    for item in items:
        plan.tallies[item.action] += 1
    return items


def _check_not_empty(plan: ImportPlan) -> None:
    if not sum(plan.counts.values()) and not plan.result.errors:
        plan.extra_errors.append(Issue(1, _("The file holds no questions."), "import.no_questions"))


@transaction.atomic
def apply_import(
    data: bytes,
    fmt: str,
    bank_path: str,
    *,
    on_duplicate: str = SKIP,
    user=None,
    activate: bool = True,
    file_name: str = "",
    record: QuestionImport | None = None,
) -> ImportOutcome:
    """Import ``data`` into the bank at ``bank_path`` (created with its categories as needed).

    All or nothing: raises :class:`ImportRejected` (nothing written) when the plan has any error.
    """
    plan = plan_import(data, fmt, bank_path, on_duplicate=on_duplicate)
    return apply_plan(plan, data=data, user=user, activate=activate, file_name=file_name, record=record)


@transaction.atomic
def apply_plan(
    plan: ImportPlan, *, data: bytes = b"", user=None, activate: bool = True, file_name: str = "",
    record: QuestionImport | None = None,
) -> ImportOutcome:
    """Write a plan (parsed once, at upload or just now), all or nothing; the record of the import keeps
    the file. Raises :class:`ImportRejected` when the plan has any error."""
    if not plan.ok:
        raise ImportRejected(plan)
    bank, bank_created = resolve_bank(plan.bank_path)
    writer = _Writer(bank, user=user, activate=activate, source=file_name or "")
    writer.write(plan.items)
    descriptions = _add_descriptions(bank, plan.result.descriptions)
    return _finish(plan, writer, bank_created=bank_created, questions=len(plan.items), descriptions=descriptions,
                   data=data, file_name=file_name, activate=activate, record=record)


def _finish(plan: ImportPlan, writer: _Writer, *, bank_created: bool, questions: int, descriptions: int,
            data: bytes, file_name: str, activate: bool, record: QuestionImport | None) -> ImportOutcome:
    """The import's record and audit row, and its search indexing queued for after the commit."""
    user, bank = writer.user, writer.bank
    summary = {**plan.counts, "questions": questions, "bank_created": bank_created, "descriptions": descriptions}
    if record is None:
        record = QuestionImport(
            file_name=file_name or "", file_format=plan.fmt, data=data, sha256=file_digest(data),
            bank_path=plan.bank_path, on_duplicate=plan.on_duplicate, activate=activate, uploaded_by=user,
        )
    record.status = QuestionImport.Status.APPLIED
    record.summary = summary
    record.applied_at = timezone.now()
    record.save()
    audit.record(bank, IMPORT_QUESTIONS, acting_user=user,
                 data={"file": file_name, "format": plan.fmt, "import_id": record.pk, **summary})
    _index_after_commit(writer.touched)
    return ImportOutcome(plan=plan, bank=bank, bank_created=bank_created, record=record,
                         question_ids=writer.touched)


def _add_descriptions(bank: QuestionBank, descriptions) -> int:
    """GIFT description items (instructions, a case) go into the bank's description, each once."""
    added = []
    for d in descriptions:
        text = f"{d.name}: {d.text}" if d.name else d.text
        if text not in bank.description and text not in added:
            added.append(text)
    if added:
        bank.description = "\n\n".join([p for p in [bank.description.strip(), *added] if p])
        bank.save(update_fields=["description"])
    return len(added)


INDEX_BATCH = 1000  # question ids per search-indexing task


def _index_after_commit(question_ids: list[int]) -> None:
    """Once the import has committed, index its created and updated questions for search.

    New questions are written with ``bulk_create``, which sends no ``post_save``: the search signals
    (:mod:`portal.search.signals`) never see them. The same task those signals enqueue is enqueued here,
    through the same helper (it honours ``PORTAL_SEARCH["AUTO_UPDATE"]`` and never lets a failure to
    enqueue break the import), in batches so that no task carries an unbounded list. Nothing is
    enqueued when the import rolls back.
    """
    ids = list(dict.fromkeys(question_ids))
    if not ids or not apps.is_installed("portal.search"):
        return

    def enqueue():

        for start in range(0, len(ids), INDEX_BATCH):
            signals.enqueue(tasks.index_questions, ids[start : start + INDEX_BATCH])

    transaction.on_commit(enqueue)


def _add_references(question: Question, references: list[str]) -> None:
    known = question.knowledge_point_ref_list
    new = [r.strip() for r in references if r and r.strip() and r.strip() not in known]
    if new:
        question.knowledge_point_refs = "\n".join(known + new)
        question.save(update_fields=["knowledge_point_refs", "updated_at"])
    knowledge.link_references(question, references)


WRITE_CHUNK = 1000  # questions created per round (and per UPDATE of their current version)
_QUESTION_COLUMNS = ("bank_id", "status", "stem_key", "source_file", "source_section", "source_number",
                     "knowledge_point_refs", "created_by_id")
_CONTENT_FIELDS = tuple(f.name for f in fields(QuestionContent))  # a version's content columns
_VERSION_COLUMNS = ("question_id", "number", "created_by_id", "change_note", "frozen_at", *_CONTENT_FIELDS)


@dataclass
class _KnownQuestion:
    pk: int


@dataclass
class _BankQuestions:
    """Stem key → the bank's question, for planning a chunk: a skipped duplicate needs only its id, an
    update its current version (read when a key matches, never the whole bank's questions)."""

    by_key: dict[str, int]
    with_version: bool

    def get(self, key: str):
        pk = self.by_key.get(key)
        if pk is None:
            return None
        if not self.with_version:
            return _KnownQuestion(pk)
        return Question.objects.select_related("current_version").get(pk=pk)


class _Writer:
    """Writes an import's items into one bank, a bounded chunk at a time, in file order within a chunk:
    its new questions in a few bulk statements, then its updates through the versioning rule.

    Same result as ``create_question`` one by one for a new question: version 1 (frozen when active),
    tags, knowledge-point links and a ``quizzes.question.create`` log entry (all of an import's entries
    share one log context). What is looked up once per import (the bank's questions by stem key, the
    bank's path, tags, knowledge-point references) is kept here across chunks.
    """

    def __init__(self, bank: QuestionBank, *, user, activate: bool, source: str):
        self.bank, self.user, self.source = bank, user, source
        self.status = QuestionStatus.ACTIVE if activate else QuestionStatus.DRAFT
        self.now = timezone.now()
        self.note = _("Imported from %(file)s") % {"file": source} if source else ""
        self.update_note = _("Updated from %(file)s") % {"file": source} if source else _("Updated by import")
        self.log_uuid = get_active_log_context().uuid or uuid.uuid4()
        self.bank_path = bank.full_path  # a query (the category's ancestors): once, not once per question
        self.by_key: dict[str, int] = {}
        for key, pk in bank.questions.values_list("stem_key", "pk"):
            self.by_key.setdefault(key, pk)
        self.tags: dict[str, Tag] = {}
        self.references: dict[str, object] = {}
        self.touched: list[int] = []

    def existing(self, on_duplicate: str) -> _BankQuestions:
        """The bank's questions by stem key, as ``_plan_items`` reads them (loaded only when matched)."""
        return _BankQuestions(self.by_key, with_version=on_duplicate == UPDATE)

    def write(self, items: list[ImportItem]) -> None:
        """Every new question of ``items`` first, then every update (in file order)."""
        created = [item for item in items if item.action == CREATE]
        for start in range(0, len(created), WRITE_CHUNK):
            self.create(created[start : start + WRITE_CHUNK])
        for item in items:
            if item.action == UPDATE:
                self.update(item)

    def create(self, items: list[ImportItem]) -> None:
        """The new questions of ``items``: their rows, versions, tags, links and log entries in lean multi-row
        INSERTs (``portal.core.bulk``: no model instance per row, no signal, as ``bulk_create``)."""
        if not items:
            return
        user_id = getattr(self.user, "pk", None)
        ids = bulk.insert(Question, _QUESTION_COLUMNS, (
            (self.bank.pk, self.status, item.stem_key, self.source, item.question.section or "",
             item.question.number,
             "\n".join(r.strip() for r in item.question.knowledge_points if r and r.strip()), user_id)
            for item in items
        ), returning=True)
        frozen_at = self.now if self.status == QuestionStatus.ACTIVE else None
        bulk.insert(QuestionVersion, _VERSION_COLUMNS, (
            (pk, 1, user_id, self.note, frozen_at, *(getattr(item.content, name) for name in _CONTENT_FIELDS))
            for pk, item in zip(ids, items, strict=True)
        ))
        # each new question's current version is its version 1: one UPDATE, no row-by-row CASE; the chunk's
        # questions are the bank's questions in their id range without a current version (no list of ids)
        first = QuestionVersion.objects.filter(question=OuterRef("pk"), number=1).values("pk")[:1]
        Question.objects.filter(bank=self.bank, pk__range=(min(ids), max(ids)), current_version=None).update(
            current_version=Subquery(first))
        _add_tags(ids, [item.question.tags for item in items], self.tags)
        _link_knowledge(ids, [item.question.knowledge_points for item in items], self.references)
        self._log_created(ids, [item.content.stem for item in items])
        for pk, item in zip(ids, items, strict=True):
            self.by_key.setdefault(item.stem_key, pk)
        self.touched.extend(ids)

    def update(self, item: ImportItem) -> None:
        parsed = item.question
        question = Question.objects.select_related("current_version").get(
            pk=self.by_key[item.stem_key or QuestionContent.from_parsed(parsed).stem_key])
        content = _merge_for_update(parsed, question.current_version)
        revise_question(question, content, acting_user=self.user, change_note=self.update_note)
        if parsed.tags:
            question.tags.add(*parsed.tags)
        _add_references(question, parsed.knowledge_points)
        self.touched.append(question.pk)

    def _log_created(self, ids: list[int], stems: list[str]) -> None:
        data = {"version": 1, "bank": self.bank_path, "status": self.status, "import": True}
        audit.record_many(Question, ((pk, question_label(pk, stem)) for pk, stem in zip(ids, stems, strict=True)),
                          CREATE_QUESTION, acting_user=self.user, timestamp=self.now, uuid=self.log_uuid,
                          content_changed=True, data=data)


def _add_tags(question_ids: list[int], tag_lists: list[list[str]], known: dict[str, Tag]) -> None:
    """The questions' tags (``known``: tags already looked up by name, filled in as they are)."""
    names = {t.strip() for tags in tag_lists for t in tags if t and t.strip()}
    missing = names - set(known)
    if missing:
        known.update({tag.name: tag for tag in Tag.objects.filter(name__in=missing)})
        for name in sorted(missing - set(known)):
            known[name], _created = Tag.objects.get_or_create(name=name)
    bulk.insert(QuestionTag, ("content_object_id", "tag_id"), (
        (pk, known[name].pk)
        for pk, names_of in zip(question_ids, tag_lists, strict=True)
        for name in dict.fromkeys(t.strip() for t in names_of if t and t.strip())
    ))


def _link_knowledge(question_ids: list[int], reference_lists: list[list[str]], resolved: dict) -> None:
    """The questions' knowledge-point links (``resolved``: reference → its article, procedure or post)."""
    through = {
        RegulationArticle: (Question.regulation_articles.through, "regulationarticle_id"),
        ProcedurePage: (Question.procedures.through, "procedurepage_id"),
        PostPage: (Question.posts.through, "postpage_id"),
    }
    rows: dict[type, list] = {model: [] for model, _t in through.values()}
    for pk, references in zip(question_ids, reference_lists, strict=True):
        seen = set()
        for reference in references:
            if reference not in resolved:
                resolved[reference] = knowledge.resolve_reference(reference)
            target = resolved[reference]
            if target is None or (type(target), target.pk) in seen:
                continue
            seen.add((type(target), target.pk))
            model, _column = through[type(target)]
            rows[model].append((pk, target.pk))
    for model, column in through.values():
        if rows[model]:
            bulk.insert(model, ("question_id", column), rows[model])


# ------------------------------------------------------------------------------ staged uploads


@transaction.atomic
def stage_import(
    data: bytes, *, file_name: str, fmt: str, bank_path: str, on_duplicate: str = SKIP,
    activate: bool = True, user=None,
) -> StagedUpload:
    """Parse an uploaded (guarded) file ONCE and keep it, with its plan, until the examiner confirms.

    The questions are planned and stored a chunk at a time as the file is read (``stream_questions``):
    what is kept is the plan's counts and errors, never every parsed question at once.
    """
    if fmt not in FORMATS:
        raise ValidationError(_("Unknown format “%(fmt)s”.") % {"fmt": fmt})
    if on_duplicate not in ON_DUPLICATE:
        raise ValueError(f"on_duplicate must be one of {ON_DUPLICATE}, not {on_duplicate!r}")
    result, questions = stream_questions(data, fmt)
    plan = ImportPlan(fmt=fmt, bank_path=bank_path, on_duplicate=on_duplicate, result=result,
                      tallies=dict.fromkeys((CREATE, UPDATE, UNCHANGED, SKIP), 0))
    existing = _find_bank(plan)
    staged = staging.stage(
        kind=STAGED_KIND, user=user, plan=plan, data=data, file_name=file_name,
        options={"activate": activate, "bank_path": bank_path, "fmt": fmt, "on_duplicate": on_duplicate},
        chunks=_planned_chunks(plan, questions, existing),
    )
    if result.refused:  # refused part-way (a row limit …): no question counts, as the whole parse returns none
        staged.chunks.all().delete()
    return staged


def _planned_chunks(plan: ImportPlan, questions, existing: dict[str, Question]):
    """Plan the streamed questions a chunk at a time (counts and content errors into ``plan``) and hand
    each chunk over for storing as it is done."""
    seen_in_file: dict[str, tuple[int, int | None]] = {}
    chunk: list[ParsedQuestion] = []
    for question in questions:
        chunk.append(question)
        if len(chunk) == staging.CHUNK_ROWS:
            _plan_chunk(plan, chunk, existing, seen_in_file, keep_content=False)
            yield [_stored_question(q) for q in chunk]
            chunk = []
    if chunk:
        _plan_chunk(plan, chunk, existing, seen_in_file, keep_content=False)
        yield [_stored_question(q) for q in chunk]
    if plan.result.refused:
        plan.tallies = dict.fromkeys(plan.tallies, 0)
        plan.extra_errors = [e for e in plan.extra_errors if e.code == "import.bank_path"]
    _check_not_empty(plan)


PREVIEW_ITEMS = 2000  # items a preview keeps (its counts and errors are always the whole file's)


def plan_staged(staged: StagedUpload, *, keep_items: int | None = PREVIEW_ITEMS) -> ImportPlan:
    """The preview of a staged upload: its stored plan, re-checked against the bank (no parsing), read a
    chunk at a time; the first ``keep_items`` items are kept."""
    return plan_from_stored(staged.plan, staging.stored_chunks(staged), keep_content=False, keep_items=keep_items)


def confirm_staged(staged: StagedUpload, *, user=None) -> ImportOutcome:
    """Apply a staged upload's STORED plan (never what the browser sent back, never a second parse).

    Refused when it was already applied; when the plan has errors the staged upload is marked rejected,
    nothing else is written, and :class:`ImportRejected` is raised.
    """

    return staging.confirm(staged, apply=lambda locked: confirm_apply(locked, user=user))


class _Stale(Exception):
    """The stored plan no longer applies as it stands (a bank path, a question's content): roll back."""


def confirm_apply(locked: StagedUpload, *, user=None) -> ImportOutcome:
    """Inside ``staging.confirm``: write the locked staged upload's stored plan, one stored chunk at a time
    (re-checked against the bank as it is reached: the whole plan is never in memory at once).

    All or nothing: the first error rolls the chunks already written back, and :class:`ImportRejected`
    carries the whole plan re-checked against the bank as it was, as the preview shows it.
    """
    stored = dict(locked.plan)
    if "questions" in stored:  # staged before the questions were kept in chunks
        return apply_plan(plan_from_stored(stored), data=bytes(locked.data), user=user,
                          activate=bool(locked.options.get("activate", True)), file_name=locked.file_name)
    try:
        with transaction.atomic():
            return _apply_chunks(locked, stored, user=user)
    except _Stale:
        raise ImportRejected(plan_from_stored(stored, staging.stored_chunks(locked), keep_content=False,
                                              keep_items=PREVIEW_ITEMS)) from None


def _apply_chunks(locked: StagedUpload, stored: dict, *, user) -> ImportOutcome:
    fmt, bank_path = stored["fmt"], stored["bank_path"]
    on_duplicate = stored.get("on_duplicate", SKIP)
    if stored.get("errors"):
        raise _Stale
    try:
        split_bank_path(bank_path)
        find_bank(bank_path)
    except ValidationError:
        raise _Stale from None
    activate = bool(locked.options.get("activate", True))
    bank, bank_created = resolve_bank(bank_path)
    writer = _Writer(bank, user=user, activate=activate, source=locked.file_name or "")
    tallies = dict.fromkeys((CREATE, UPDATE, UNCHANGED, SKIP), 0)
    seen_in_file: dict[str, tuple[int, int | None]] = {}
    total = 0
    for rows in staging.stored_chunks(locked):
        questions = [ParsedQuestion(**row) for row in rows]
        items, problems = _plan_items(questions, writer.existing(on_duplicate), on_duplicate,
                                      seen_in_file=seen_in_file)
        if problems:
            raise _Stale
        writer.write(items)
        for item in items:
            tallies[item.action] += 1
        total += len(items)
    if not total:
        raise _Stale
    plan = ImportPlan(fmt=fmt, bank_path=bank_path, on_duplicate=on_duplicate, result=ParseResult([], []),
                      bank=bank, tallies=tallies)
    descriptions = _add_descriptions(bank, [ParsedDescription(**d) for d in stored.get("descriptions", [])])
    return _finish(plan, writer, bank_created=bank_created, questions=total, descriptions=descriptions,
                   data=bytes(locked.data), file_name=locked.file_name, activate=activate, record=None)
