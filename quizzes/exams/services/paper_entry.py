"""Entering a paper sitting's answers with 双人复核, then scoring them as an ordinary attempt.

``enter_answers`` stores one examiner's copy of a candidate's answer sheet (checked against that candidate's
printed paper: every answer must fit its question). When two *different* examiners have entered exactly the
same answers, ``confirm`` writes the attempt (the same draw as the printed paper, status handed in), marks it
with the pure scoring rules and hands it to the usual grading queue, results and teller grading. Answers
that differ are named by question number and nothing is scored until they agree.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from portal.core import audit

from ..models import Attempt, AttemptItem, AttemptStatus, EventKind, PaperEntry, SubmitReason
from ..rules import paper as paper_rules
from ..rules import shuffle
from ..rules.scoring import clean_for
from . import scoring
from .attempts import CODE_ALPHABET
from .errors import ExamError
from .paper import paper_items, paper_seed


@dataclass
class EntryOutcome:
    status: str  # "waiting" (first entry), "mismatch", "confirmed", "already_scored"
    differences: list[int] = field(default_factory=list)
    attempt: Attempt | None = None


def read_sheet(sitting, employee, texts: dict) -> dict[str, object]:
    """The answers as entered ({position: text}) in stored shape (display positions); ValueError per position."""
    items = {item.position: item for item in paper_items(sitting, employee)}
    answers, problems = {}, []
    for key, text in texts.items():
        position = int(key) if str(key).isdigit() else None
        item = items.get(position)
        if item is None:
            problems.append(str(key))
            continue
        try:
            response = clean_for(item.version, paper_rules.read(item.version.type, str(text or "")[:5000]))
        except ValueError:
            problems.append(str(position))
            continue
        answers[str(position)] = response
    if problems:
        raise ValueError(problems)
    return answers


def enter_answers(sitting, employee, texts: dict, *, acting_user, now=None) -> EntryOutcome:
    now = now or timezone.now()
    if not acting_user.has_perm("exams.enter_paper_answers"):
        raise ExamError("not_allowed", status=403)
    answers = read_sheet(sitting, employee, texts)
    with transaction.atomic():
        entries = list(PaperEntry.objects.select_for_update().filter(sitting=sitting, employee=employee))
        if any(e.attempt_id for e in entries):
            return EntryOutcome("already_scored", attempt=next(e.attempt for e in entries if e.attempt_id))
        mine = next((e for e in entries if e.examiner_id == acting_user.pk), None)
        if mine is None:
            mine = PaperEntry.objects.create(sitting=sitting, employee=employee, examiner=acting_user, answers=answers,
                                             entered_at=now)
        else:
            mine.answers, mine.entered_at = answers, now
            mine.save(update_fields=["answers", "entered_at"])
        others = [e for e in entries if e.examiner_id != acting_user.pk]
        if not others:
            return EntryOutcome("waiting")
        other = others[-1]
        differences = differing_positions(other.answers, answers)
        if differences:
            return EntryOutcome("mismatch", differences)
        attempt = _score(sitting, employee, answers, examiners=[other.examiner, acting_user], now=now)
        PaperEntry.objects.filter(pk__in=[mine.pk, other.pk]).update(attempt=attempt)
    return EntryOutcome("confirmed", attempt=attempt)


def differing_positions(first: dict, second: dict) -> list[int]:
    positions = set(first) | set(second)
    return sorted(int(p) for p in positions if first.get(p) != second.get(p))


def _score(sitting, employee, answers: dict, *, examiners, now) -> Attempt:
    seed = paper_seed(sitting, employee)
    items = paper_items(sitting, employee)
    attempt = Attempt.objects.create(
        sitting=sitting, employee=employee,
        number=Attempt.objects.filter(sitting=sitting, employee=employee).count() + 1,
        seed=seed, candidate_code="".join(secrets.choice(CODE_ALPHABET) for _ in range(8)),
        language=sitting.language, started_at=now, deadline=now, submitted_at=now,
        submit_reason=SubmitReason.PAPER, status=AttemptStatus.SUBMITTED,
        max_score=sum((item.points for item in items), 0),
    )
    for item in items:
        item.attempt = attempt
        response = answers.get(str(item.position))
        item.response = shuffle.to_original(item.version.type, response, item.option_order)
        item.answered_at = now if response is not None else None
    AttemptItem.objects.bulk_create(items)
    audit.record(attempt, EventKind.SUBMIT, at=now, acting_user=examiners[-1], data={
        "paper": True, "entered_by": [e.get_username() for e in examiners], "seed": seed,
        "versions": [item.version_id for item in items]})
    saved = list(attempt.items.select_related("version", "key_version"))
    scoring.mark_items(attempt, saved)
    return scoring.refresh(attempt, now=now, acting_user=examiners[-1])
