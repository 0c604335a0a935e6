"""Practice with immediate feedback, and the wrong-answer notebook (错题本)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Count, Q

from portal.core import audit
from quizzes.models import Question, QuestionStatus, QuestionType, QuestionVersion

from .. import clock
from ..models import (
    Attempt,
    EventKind,
    NotebookEntry,
    PracticeAnswer,
    PracticeBank,
    ReviewPolicy,
)
from ..rules import draw, shuffle
from ..rules.scoring import Key, clean_for, is_correct
from .errors import ExamError
from .presentation import key_view, knowledge_links, question_view

BATCH_SIZE = 10


def ensure_open(employee, *, acting_user=None, ip=None, where: str = "", now=None) -> None:
    """Practice and the notebook are closed while ``employee`` has an attempt in progress (any sitting):
    a second tab must not turn practice into a key for the exam. The try is recorded on the attempt."""
    now = now or clock.now()
    attempt = (
        Attempt.objects.running(now).filter(employee=employee)
        .order_by("-pk").only("pk").first()
    )
    if attempt is not None:
        audit.record(attempt, EventKind.PRACTICE_REFUSED, at=now, acting_user=acting_user, ip_address=ip, data={"where": where[:20]})
        raise ExamError("practice_closed", status=403)


def practicable():
    """Practice banks trainees may drill: open, and not in an exam-only bank (every list, page and API uses this)."""
    return PracticeBank.objects.filter(is_open=True, bank__exam_only=False)


def open_bank(bank_id: int) -> PracticeBank:
    """The practice bank of ``bank_id`` if it may be drilled; ExamError 404 otherwise (closed, exam only, none)."""
    found = practicable().select_related("bank").filter(bank_id=bank_id).first()
    if found is None:
        raise ExamError("bad_bank", status=404)
    return found


def open_banks():
    return (
        practicable()
        .select_related("bank__category")
        .annotate(active_count=Count("bank__questions", filter=Q(bank__questions__status=QuestionStatus.ACTIVE)))
        .order_by("bank__category__path", "bank__name")
    )


def batch(practice_bank: PracticeBank, employee, *, count: int = BATCH_SIZE, seed: str | None = None,
          language: str = "zh-hans") -> list[dict]:
    """``count`` questions of the bank, those the trainee has not yet answered right coming first."""
    pool = list(
        Question.objects.active().filter(bank=practice_bank.bank, current_version__isnull=False)
        .values_list("pk", flat=True)
    )
    return draw_from(pool, employee, count=count, seed=seed, salt="practice", language=language)


def draw_from(pool: list[int], employee, *, count: int, seed: str | None, salt: str, language: str) -> list[dict]:
    """``count`` of the question ids ``pool`` as candidate views, those the trainee has not answered right first."""
    mastered = set(
        PracticeAnswer.objects.filter(employee=employee, correct=True, question_id__in=pool)
        .values_list("question_id", flat=True)
    )
    order = draw.preference_order(pool, mastered, shuffle.rng(seed or shuffle.new_seed(), salt))
    chosen = order[:count]
    questions = Question.objects.filter(pk__in=chosen).select_related("current_version").in_bulk()
    return [question_view(questions[pk].current_version, language=language) for pk in chosen]


def notebook_entries(employee):
    return (
        NotebookEntry.objects.filter(employee=employee, cleared_at__isnull=True, question__bank__exam_only=False)
        .select_related("question__current_version", "version", "question__bank")
        .order_by("-last_wrong_at")
    )


def notebook_batch(employee, *, language: str = "zh-hans") -> list[dict]:
    views = []
    for entry in notebook_entries(employee):
        version = _practice_version(entry)
        views.append(question_view(version, language=language))
    return views


def _practice_version(entry: NotebookEntry) -> QuestionVersion:
    """Drill the question as it now is when it is still active (a corrected key counts), else as it was."""
    current = entry.question.current_version
    if entry.question.status == QuestionStatus.ACTIVE and current is not None:
        return current
    return entry.version


def _allowed_version(employee, version_id: int) -> tuple[QuestionVersion, bool]:
    """(the version, whether it comes from the notebook); ExamError when the trainee may not drill it."""
    version = QuestionVersion.objects.select_related("question__bank").filter(pk=version_id).first()
    if version is None or version.question.bank.exam_only:
        raise ExamError("bad_question", status=404)
    entry = NotebookEntry.objects.filter(employee=employee, question_id=version.question_id,
                                         cleared_at__isnull=True).select_related("question").first()
    if entry is not None and _practice_version(entry).pk == version.pk:
        return version, True
    question = version.question
    is_open = practicable().filter(bank_id=question.bank_id).exists()
    if is_open and question.status == QuestionStatus.ACTIVE and question.current_version_id == version.pk:
        return version, False
    raise ExamError("bad_question", status=404)


def check_answer(employee, version_id: int, response, *, now=None, language: str = "zh-hans") -> dict:
    """Mark one practice answer and say what was right, why, and where the rule is written."""
    now = now or clock.now()
    version, in_notebook = _allowed_version(employee, version_id)
    try:
        cleaned = clean_for(version, response)
    except ValueError:
        raise ExamError("bad_answer", status=400)
    if cleaned is None:  # nothing chosen or typed: ask for an answer, never count it wrong
        raise ExamError("no_answer", status=400)
    correct = is_correct(Key.of(version), cleaned)
    with transaction.atomic():
        PracticeAnswer.objects.create(employee=employee, question_id=version.question_id, version=version,
                                      response=cleaned, correct=correct, from_notebook=in_notebook)
        if correct is False:
            _note_mistake(employee, version, cleaned, now=now, source=NotebookEntry.Source.PRACTICE)
        elif correct is True and in_notebook:
            NotebookEntry.objects.filter(employee=employee, question_id=version.question_id).update(cleared_at=now)
    return {
        "version_id": version.pk,
        "correct": correct,
        "self_check": version.type == QuestionType.SHORT_ANSWER,
        "cleared": bool(correct and in_notebook),
        "key": key_view(version, language=language),
        "links": knowledge_links(version.question),
    }


def _note_mistake(employee, version, response, *, now, source) -> NotebookEntry:
    entry, created = NotebookEntry.objects.select_for_update().get_or_create(
        employee=employee, question_id=version.question_id,
        defaults={"version": version, "source": source, "last_response": response, "last_wrong_at": now},
    )
    if not created:
        entry.version = version
        entry.wrong_count += 1
        entry.last_response = response
        entry.last_wrong_at = now
        entry.cleared_at = None
        entry.save(update_fields=["version", "wrong_count", "last_response", "last_wrong_at", "cleared_at"])
    return entry


def add_exam_mistakes(attempt, items, *, now) -> int:
    """Wrong answers of an exam whose review shows the key at once go into the candidate's notebook."""
    if attempt.sitting.review_policy != ReviewPolicy.IMMEDIATE:
        return 0
    exam_only = set(Question.objects.filter(pk__in={item.version.question_id for item in items},
                                            bank__exam_only=True).values_list("pk", flat=True))
    wrong = [item for item in items
             if item.version.type != QuestionType.SHORT_ANSWER and item.score is not None and item.score < item.points
             and item.version.question_id not in exam_only]  # exam-only questions are never drilled
    if not wrong:
        return 0
    try:
        with transaction.atomic():
            _note_mistakes(attempt.employee, wrong, now=now)
    except IntegrityError:  # a practice answer added one of them meanwhile: one at a time, as practice does
        for item in wrong:
            _note_mistake(attempt.employee, item.version, item.response, now=now, source=NotebookEntry.Source.EXAM)
    return len(wrong)


def _note_mistakes(employee, items, *, now) -> None:
    """``_note_mistake`` for many wrong answers at once: one locking read, one UPDATE, one INSERT."""
    by_question = {item.version.question_id: item for item in items}
    existing = {entry.question_id: entry for entry in NotebookEntry.objects.select_for_update().filter(
        employee=employee, question_id__in=by_question)}
    for question_id, entry in existing.items():
        item = by_question[question_id]
        entry.version = item.version
        entry.wrong_count += 1
        entry.last_response = item.response
        entry.last_wrong_at = now
        entry.cleared_at = None
    if existing:
        NotebookEntry.objects.bulk_update(existing.values(),
                                          ["version", "wrong_count", "last_response", "last_wrong_at", "cleared_at"])
    NotebookEntry.objects.bulk_create([
        NotebookEntry(employee=employee, question_id=question_id, version=item.version,
                      source=NotebookEntry.Source.EXAM, last_response=item.response, last_wrong_at=now)
        for question_id, item in by_question.items() if question_id not in existing
    ])
