"""Entering a paper sitting's answers with 双人复核, then scoring them as an ordinary attempt.

``enter_answers`` stores one examiner's copy of a candidate's answer sheet (checked against that candidate's
printed paper: every answer must fit its question). When two *different* examiners have entered exactly the
same answers, ``confirm`` writes the attempt (the same draw as the printed paper, status handed in), marks it
with the pure scoring rules and hands it to the usual grading queue, results and teller grading. Answers
that differ are named by question number and nothing is scored until they agree.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.core import audit, staging
from portal.core.imports import ImportRejected, Issue
from portal.core.models import StagedUpload

from ..models import (
    Attempt,
    AttemptItem,
    AttemptStatus,
    EventKind,
    PaperEntry,
    Sitting,
    SubmitReason,
)
from ..rules import paper as paper_rules
from ..rules import paper_responses as responses
from ..rules import shuffle
from ..rules.scoring import clean_for
from . import scoring
from .attempts import CODE_ALPHABET
from .errors import ExamError
from .paper import candidates, paper_items, paper_seed


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


def enter_answers(sitting, employee, texts: dict, *, acting_user, now=None, imported_from: str = "") -> EntryOutcome:
    now = now or timezone.now()
    if not acting_user.has_perm("exams.enter_paper_answers"):
        raise ExamError("not_allowed", status=403)
    answers = read_sheet(sitting, employee, texts)
    return _store(sitting, employee, answers, acting_user=acting_user, now=now, imported_from=imported_from)


def confirm_imported(sitting, employee, *, acting_user, now=None) -> EntryOutcome:
    """The second examiner confirms another examiner's *imported* answers after checking them against the sheets.

    Typed entries stay blind (the second examiner types the sheet again); an import (a mark reader's or a
    colleague's file) may be confirmed as it stands, which counts as the second entry of 双人复核.
    """
    now = now or timezone.now()
    if not acting_user.has_perm("exams.enter_paper_answers"):
        raise ExamError("not_allowed", status=403)
    entries = list(PaperEntry.objects.filter(sitting=sitting, employee=employee))
    imported = [e for e in entries if e.imported_from and e.examiner_id != acting_user.pk]
    if not imported or any(e.examiner_id == acting_user.pk for e in entries):
        raise ExamError("nothing_to_confirm", status=409)
    return _store(sitting, employee, dict(imported[-1].answers), acting_user=acting_user, now=now, imported_from="")


def _store(sitting, employee, answers: dict, *, acting_user, now, imported_from: str) -> EntryOutcome:
    with transaction.atomic():
        entries = list(PaperEntry.objects.select_for_update().filter(sitting=sitting, employee=employee))
        if any(e.attempt_id for e in entries):
            return EntryOutcome("already_scored", attempt=next(e.attempt for e in entries if e.attempt_id))
        mine = next((e for e in entries if e.examiner_id == acting_user.pk), None)
        if mine is None:
            mine = PaperEntry.objects.create(sitting=sitting, employee=employee, examiner=acting_user, answers=answers,
                                             entered_at=now, imported_from=imported_from[:255])
        else:
            mine.answers, mine.entered_at, mine.imported_from = answers, now, imported_from[:255]
            mine.save(update_fields=["answers", "entered_at", "imported_from"])
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


# ------------------------------------------------------------------------- an Excel of responses


HINTS = {
    "true_false": gettext_lazy("对 or 错"),
    "matching": gettext_lazy("one option letter per item, - for none"),
    "blanks": gettext_lazy("the blanks separated by |"),
    "text": gettext_lazy("as written"),
    "letters": gettext_lazy("option letters such as B or ACD"),
}


STAGED_KIND = "exams.paper_responses"  # portal.core.models.StagedUpload.kind


@dataclass
class ImportRow:
    employee: object
    line: int
    answered: int
    outcome: EntryOutcome | None = None


@dataclass
class ResponsesImport:
    """The plan of an Excel of responses for a sitting: one row per candidate found, or the issues (per line).

    ``candidates`` holds the answers as read: the staged plan keeps them, so confirming enters what the
    preview showed without reading the file again.
    """

    file_name: str
    digest: str
    layout: str
    rows: list[ImportRow]
    errors: list[Issue]
    candidates: list[responses.CandidateAnswers] = field(default_factory=list)
    read_errors: list[Issue] = field(default_factory=list)  # the sheet's own (the rest come from the check)
    sitting_id: int | None = None
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    @property
    def issues(self) -> list[Issue]:
        return self.errors

    @property
    def counts(self) -> dict[str, int]:
        return {"candidates": len(self.rows)}

    @property
    def summary(self) -> dict[str, int]:
        """After applying: how many papers were scored, wait for a second examiner or differ."""
        counts = {"confirmed": 0, "waiting": 0, "mismatch": 0}
        for row in self.rows:
            if row.outcome is not None:
                counts[row.outcome.status] = counts.get(row.outcome.status, 0) + 1
        return counts

    def to_stored(self) -> dict:
        return {
            "sitting": self.sitting_id, "file_name": self.file_name, "digest": self.digest, "layout": self.layout,
            "candidates": [{"employee_number": c.employee_number, "line": c.line, "answers": c.answers,
                            "lines": c.lines} for c in self.candidates],
            "errors": [e.to_json_dict() for e in self.errors],
            "read_errors": [e.to_json_dict() for e in self.read_errors],
        }


def preview_import(sitting, data: bytes, *, acting_user, file_name: str = "") -> ResponsesImport:
    """Read and check the whole file against every candidate's printed paper; writes nothing."""
    _may_import(acting_user)
    sheet = responses.read_responses(data)
    return check_sheet(sitting, sheet, file_name=file_name, digest=hashlib.sha256(data or b"").hexdigest())


def check_sheet(sitting, sheet: responses.ResponsesSheet, *, file_name: str, digest: str,
                against_papers: bool = True) -> ResponsesImport:
    """The plan of a read sheet: every answer checked against its candidate's printed paper (reads only).
    ``against_papers=False`` only finds the candidates (an applied plan, shown as it was imported)."""
    result = ResponsesImport(file_name[:120], digest, sheet.layout, [], list(sheet.errors),
                             candidates=list(sheet.candidates), read_errors=list(sheet.errors),
                             sitting_id=sitting.pk)
    if sheet.errors:
        return result
    people = {e.employee_number: e for e in candidates(sitting)}
    scored = set(PaperEntry.objects.filter(sitting=sitting, attempt__isnull=False).values_list("employee_id",
                                                                                               flat=True))
    for candidate in sheet.candidates:
        number = candidate.employee_number
        employee = people.get(number)
        if employee is None:
            result.errors.append(Issue(candidate.line, _("%(number)s is not a candidate of this sitting.")
                                       % {"number": number}, "responses.not_a_candidate"))
            continue
        if not against_papers:
            result.rows.append(ImportRow(employee, candidate.line, sum(1 for t in candidate.answers.values() if t)))
            continue
        if employee.pk in scored:
            result.errors.append(Issue(candidate.line, _("The paper of %(number)s is already scored.")
                                       % {"number": number}, "responses.already_scored"))
            continue
        items = {str(item.position): item for item in paper_items(sitting, employee)}
        for position, text in candidate.answers.items():
            line = candidate.lines[position]
            item = items.get(position)
            if item is None:
                result.errors.append(Issue(line, _("The paper of %(number)s has no question %(position)s.")
                                           % {"position": position, "number": number}, "responses.no_such_question"))
                continue
            try:
                clean_for(item.version, paper_rules.read(item.version.type, text))
            except ValueError:
                result.errors.append(Issue(line, _("“%(text)s” does not fit question %(position)s of %(number)s "
                                                   "(%(type)s: %(hint)s).") % {
                    "text": text[:40], "position": position, "number": number,
                    "type": item.version.get_type_display(), "hint": HINTS[paper_rules.hint_kind(item.version.type)]},
                    "responses.does_not_fit"))
        answered = sum(1 for text in candidate.answers.values() if text)
        result.rows.append(ImportRow(employee, candidate.line, answered))
    result.errors.sort(key=lambda e: e.line or 0)
    return result


def plan_from_stored(sitting, stored: dict, *, recheck: bool = True) -> ResponsesImport:
    """A staged plan, re-checked against the sitting's papers as they are now (the file is not read again);
    ``recheck=False`` for one already applied (its papers are scored now: it is shown as it was)."""
    if stored.get("sitting") != sitting.pk:
        raise ExamError("not_allowed", status=403)
    sheet = responses.ResponsesSheet(
        stored.get("layout", ""),
        [responses.CandidateAnswers(c["employee_number"], c["line"], dict(c["answers"]), dict(c["lines"]))
         for c in stored.get("candidates", [])],
        [Issue.from_json_dict(e) for e in stored.get("read_errors", [])],
    )
    return check_sheet(sitting, sheet, file_name=stored.get("file_name", ""), digest=stored.get("digest", ""),
                       against_papers=recheck)


def apply_plan(sitting, result: ResponsesImport, *, acting_user, now=None) -> ResponsesImport:
    """All or nothing: any issue raises ImportRejected and writes nothing; else one entry per candidate by
    ``acting_user`` (the first or the second of 双人复核), scored where another examiner's entry agrees."""
    _may_import(acting_user)
    now = now or timezone.now()
    if not result.ok:
        raise ImportRejected(result)
    answers = {c.employee_number: c.answers for c in result.candidates}
    source = f"{result.file_name} · sha256:{result.digest[:16]}"
    with transaction.atomic():
        for row in result.rows:
            texts = answers[row.employee.employee_number]
            row.outcome = enter_answers(sitting, row.employee, texts, acting_user=acting_user, now=now,
                                        imported_from=source)
            if row.outcome.status == "already_scored":  # scored by someone else since the check
                raise ExamError("changed_meanwhile", status=409)
        audit.record(sitting, "exams.sitting.paper_import", acting_user=acting_user, data={
            "file": result.file_name, "sha256": result.digest, "layout": result.layout,
            "outcomes": {r.employee.employee_number: r.outcome.status for r in result.rows}})
    result.applied = True
    return result


def apply_import(sitting, data: bytes, *, acting_user, file_name: str = "", now=None) -> ResponsesImport:
    """Check and apply a file in one go (the admin stages it first): a plan with issues is returned unapplied."""
    result = preview_import(sitting, data, acting_user=acting_user, file_name=file_name)
    if not result.ok:
        return result
    return apply_plan(sitting, result, acting_user=acting_user, now=now)


def stage_import(sitting, data: bytes, *, acting_user, file_name: str = "") -> StagedUpload:
    """Read the file ONCE and keep it with its plan (portal.core.staging) until its uploader confirms."""
    result = preview_import(sitting, data, acting_user=acting_user, file_name=file_name)
    return staging.stage(kind=STAGED_KIND, user=acting_user, plan=result, data=data,
                         file_name=file_name or "responses.xlsx", options={"sitting": sitting.pk})


def confirm_staged(staged: StagedUpload, *, acting_user, now=None) -> ResponsesImport:
    """Apply a staged upload's stored plan once, by the examiner who uploaded it (the entries are theirs);
    raises ImportRejected (nothing written) when the plan has issues now."""
    _may_import(acting_user)
    if staged.kind != STAGED_KIND or staged.uploaded_by_id != acting_user.pk:
        raise ExamError("not_allowed", status=403)
    sitting = Sitting.objects.get(pk=staged.options.get("sitting"))
    return staging.confirm(staged, apply=lambda locked: apply_plan(
        sitting, plan_from_stored(sitting, locked.plan), acting_user=acting_user, now=now))


def _may_import(acting_user) -> None:
    if not acting_user.has_perm("exams.enter_paper_answers"):
        raise ExamError("not_allowed", status=403)
