"""Writing questions: create, revise (the versioning rule), activate, retire.

The versioning rule lives here and only here: a version that has gone live (``frozen_at`` set) is
never changed; revising a question whose current version is frozen writes version n+1 and moves
``current_version`` to it, so every attempt keeps pointing at the version it showed. A draft's
unfrozen version is edited in place (nobody can have seen it). Every change leaves a log entry
(``quizzes.question.*``) in Wagtail's audit log, shown on the question's history page.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.core import audit
from quizzes.audit_actions import (
    ACTIVATE_QUESTION,
    CREATE_QUESTION,
    EDIT_DRAFT,
    NEW_VERSION,
    QUESTION_TO_DRAFT,
    RETIRE_QUESTION,
)
from quizzes.models import (
    TRUE_FALSE_OPTIONS,
    Question,
    QuestionBank,
    QuestionStatus,
    QuestionType,
    QuestionVersion,
    content_errors,
    stem_key_for,
)

# The Chinese fields whose change leaves an existing English translation behind.
_CHINESE_FIELDS = ("stem", "options", "explanation")
_ENGLISH_FIELDS = ("stem_en", "options_en", "explanation_en")


@dataclass
class QuestionContent:
    """The content of one version, as the services take it (no database identity)."""

    type: str
    stem: str
    options: list[str] = field(default_factory=list)
    correct: list[int] = field(default_factory=list)
    blanks: list[list[str]] = field(default_factory=list)
    model_answer: str = ""
    marking_guide: str = ""
    explanation: str = ""
    difficulty: int = 3
    stem_en: str = ""
    options_en: list[str] = field(default_factory=list)
    explanation_en: str = ""
    original_text: str = ""
    prompts: list[str] = field(default_factory=list)
    prompts_en: list[str] = field(default_factory=list)
    weights: list[str] = field(default_factory=list)
    numeric: list[dict] = field(default_factory=list)
    unit: str = ""
    option_feedback: list = field(default_factory=list)
    title: str = ""
    text_format: str = ""

    @classmethod
    def from_parsed(cls, parsed) -> QuestionContent:
        """From an importer's ParsedQuestion (``quizzes.importers``)."""
        return cls(
            type=parsed.type,
            stem=parsed.stem,
            options=list(TRUE_FALSE_OPTIONS) if parsed.type == QuestionType.TRUE_FALSE else list(parsed.options),
            correct=list(parsed.correct),
            blanks=[list(b) for b in parsed.blanks] if parsed.type == QuestionType.FILL_BLANK else [],
            model_answer=parsed.model_answer or "",
            marking_guide=getattr(parsed, "marking_guide", None) or "",
            explanation=parsed.explanation or "",
            difficulty=parsed.difficulty or 3,
            original_text=getattr(parsed, "original_stem", None) or "",
            prompts=list(parsed.prompts),
            weights=list(parsed.weights),
            numeric=[dict(n) for n in parsed.numeric],
            unit=parsed.unit or "",
            option_feedback=list(parsed.option_feedback),
            title=parsed.name or "",
            text_format=parsed.text_format or "",
        )

    @classmethod
    def from_version(cls, version: QuestionVersion) -> QuestionContent:
        return cls(**version.content())

    def as_fields(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def errors(self) -> list[tuple[str, str]]:
        return content_errors(self.as_fields())

    def validate(self) -> None:
        problems: dict[str, list[str]] = {}
        for name, message in self.errors():
            problems.setdefault(name, []).append(message)
        if problems:
            raise ValidationError(problems)

    def same_as(self, version: QuestionVersion) -> bool:
        return self.as_fields() == version.content()

    @property
    def stem_key(self) -> str:
        return stem_key_for(self.stem, self.options)


def _english_outdated(content: QuestionContent, previous: QuestionVersion | None) -> bool:
    if previous is None:
        return False
    new, old = content.as_fields(), previous.content()
    has_english = any(new[name] for name in _ENGLISH_FIELDS)
    english_changed = any(new[name] != old[name] for name in _ENGLISH_FIELDS)
    chinese_changed = any(new[name] != old[name] for name in _CHINESE_FIELDS)
    if not has_english or english_changed:
        return False
    return chinese_changed or previous.english_outdated


@transaction.atomic
def create_question(
    bank: QuestionBank,
    content: QuestionContent,
    *,
    acting_user=None,
    status: str = QuestionStatus.DRAFT,
    tags: Iterable[str] = (),
    source_file: str = "",
    source_section: str = "",
    source_number: int | None = None,
    knowledge_point_refs: Iterable[str] = (),
    change_note: str = "",
    links: dict[str, Iterable] | None = None,
) -> Question:
    """A new question with version 1 (frozen at once when it is created active).

    ``links`` sets the question's many-to-many knowledge links by field name (``regulation_articles``,
    ``procedures``, ``posts``), as the admin's form gives them."""
    content.validate()
    question = Question.objects.create(
        bank=bank,
        status=QuestionStatus.DRAFT,
        stem_key=content.stem_key,
        source_file=source_file or "",
        source_section=source_section or "",
        source_number=source_number,
        knowledge_point_refs="\n".join(r.strip() for r in knowledge_point_refs if r and r.strip()),
        created_by=acting_user,
    )
    version = QuestionVersion.objects.create(
        question=question, number=1, created_by=acting_user, change_note=change_note, **content.as_fields()
    )
    question.current_version = version
    question.save(update_fields=["current_version", "updated_at"])
    tag_list = [t.strip() for t in tags if t and t.strip()]
    if tag_list:
        question.tags.add(*tag_list)
    for name, objects in (links or {}).items():
        if name not in ("regulation_articles", "procedures", "posts"):
            raise ValueError(f"Not a knowledge link of a question: {name!r}")
        getattr(question, name).set(objects)
    audit.record(question, CREATE_QUESTION, acting_user=acting_user, data={"version": 1, "bank": bank.full_path})
    if status == QuestionStatus.ACTIVE:
        question = activate_question(question, acting_user=acting_user)
    elif status == QuestionStatus.RETIRED:
        question = retire_question(question, acting_user=acting_user)
    return question


@transaction.atomic
def revise_question(
    question: Question, content: QuestionContent, *, acting_user=None, change_note: str = ""
) -> QuestionVersion:
    """Apply new content to a question; returns the version that is now current.

    Unchanged content changes nothing. A frozen current version is never touched: a new version is
    written (and frozen at once if the question is active). A draft's unfrozen version is updated.
    """
    content.validate()
    question = Question.objects.select_for_update().get(pk=question.pk)
    current = question.current_version
    if current is not None and content.same_as(current):
        return current
    english_outdated = _english_outdated(content, current)
    if current is None or current.is_frozen:
        number = (question.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = QuestionVersion.objects.create(
            question=question,
            number=number,
            created_by=acting_user,
            change_note=change_note,
            english_outdated=english_outdated,
            frozen_at=timezone.now() if question.status == QuestionStatus.ACTIVE else None,
            **content.as_fields(),
        )
        action = NEW_VERSION
    else:
        version = current
        for name, value in content.as_fields().items():
            setattr(version, name, value)
        version.english_outdated = english_outdated
        version.change_note = change_note or version.change_note
        version.save()
        action = EDIT_DRAFT
    question.current_version = version
    question.stem_key = content.stem_key
    question.save(update_fields=["current_version", "stem_key", "updated_at"])
    audit.record(question, action, acting_user=acting_user, data={
        "version": version.number, "previous_version": current.number if current else None, "note": change_note,
    })
    return version


@transaction.atomic
def activate_question(question: Question, *, acting_user=None) -> Question:
    """Make the question available to exams and practice; its current version freezes."""
    question = Question.objects.select_for_update(of=("self",)).select_related("current_version").get(pk=question.pk)
    version = question.current_version
    if version is None:
        raise ValidationError(_("This question has no content yet."))
    problems = content_errors(version.content())
    if problems:
        raise ValidationError([message for _name, message in problems])
    if not version.is_frozen:
        QuestionVersion.objects.filter(pk=version.pk).update(frozen_at=timezone.now())
    if question.status != QuestionStatus.ACTIVE:
        previous = question.status
        question.status = QuestionStatus.ACTIVE
        question.save(update_fields=["status", "updated_at"])
        audit.record(question, ACTIVATE_QUESTION, acting_user=acting_user,
                     data={"version": version.number, "previous_status": previous})
    question.current_version.refresh_from_db()
    return question


@transaction.atomic
def retire_question(question: Question, *, acting_user=None, reason: str = "") -> Question:
    """Take the question out of new exams and practice. Nothing is deleted; attempts keep their versions."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    if question.status != QuestionStatus.RETIRED:
        previous = question.status
        question.status = QuestionStatus.RETIRED
        question.save(update_fields=["status", "updated_at"])
        audit.record(question, RETIRE_QUESTION, acting_user=acting_user, data={"previous_status": previous, "reason": reason})
    return question


@transaction.atomic
def set_status(question: Question, status: str, *, acting_user=None) -> Question:
    """Move a question to ``status`` through the matching action (used by the admin form)."""
    if status == QuestionStatus.ACTIVE:
        return activate_question(question, acting_user=acting_user)
    if status == QuestionStatus.RETIRED:
        return retire_question(question, acting_user=acting_user)
    question = Question.objects.select_for_update().get(pk=question.pk)
    if question.status == QuestionStatus.ACTIVE:
        raise ValidationError(_("An active question cannot go back to draft; retire it instead."))
    if question.status != QuestionStatus.DRAFT:
        previous = question.status
        question.status = QuestionStatus.DRAFT
        question.save(update_fields=["status", "updated_at"])
        audit.record(question, QUESTION_TO_DRAFT, acting_user=acting_user, data={"previous_status": previous})
    return question
