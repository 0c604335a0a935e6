"""Words for the rules' codes: requirement labels, reasons something is missing, result descriptions.

The rules speak in keys ("skill:3") and reason codes ("too_many_errors"); this module renders them in the
active language for the person's page, HR's views and the exports.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import GradeAward, GradeLevel, SkillResult, TheoryResult
from .rules import grades as rules
from .sources import prerequisite_key, skill_key, theory_key


def _number(value) -> str:
    text = f"{value:f}" if hasattr(value, "as_tuple") else str(value)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _day(value) -> str:
    if isinstance(value, str):
        return value
    return date_format(value, "DATE_FORMAT") if value else ""


def requirement_labels(level: GradeLevel) -> dict[str, str]:
    """Requirement key → label, for every requirement of ``level``."""
    labels = {}
    for r in level.theory_requirements.all():
        labels[theory_key(r)] = _("Theory exam %(exam)s: score at least %(min)s") % {
            "exam": r.exam_name or r.exam_code,
            "min": _number(r.min_score),
        }
    for r in level.skill_requirements.select_related("test_type"):
        test = r.test_type
        if test.duration_minutes:
            label = _("%(test)s: at least %(min)s %(unit)s in %(minutes)s minutes") % {
                "test": test.display_name,
                "min": _number(r.min_value),
                "unit": test.display_unit,
                "minutes": test.duration_minutes,
            }
        else:
            label = _("%(test)s: at least %(min)s %(unit)s") % {
                "test": test.display_name,
                "min": _number(r.min_value),
                "unit": test.display_unit,
            }
        if r.max_errors is not None:
            label += ngettext(", at most %(errors)s error", ", at most %(errors)s errors", r.max_errors) % {
                "errors": r.max_errors
            }
        labels[skill_key(r)] = label
    if level.prerequisite_id:
        if level.prerequisite_months:
            labels[prerequisite_key(level)] = _("Hold %(grade)s for at least %(months)s months") % {
                "grade": level.prerequisite.display_name,
                "months": level.prerequisite_months,
            }
        else:
            labels[prerequisite_key(level)] = _("Hold %(grade)s") % {"grade": level.prerequisite.display_name}
    return labels


def reason_text(missing: dict) -> str:
    reason = missing.get("reason")
    if reason == rules.NO_RESULT:
        return _("No result yet.")
    if reason == rules.SCORE_TOO_LOW:
        return _("Best score %(score)s, at least %(min)s needed.") % {
            "score": missing.get("score"),
            "min": _number(missing.get("min_score")),
        }
    if reason == rules.BELOW_THRESHOLD:
        return _("Best result %(value)s, at least %(min)s needed.") % {
            "value": _number(missing.get("value")),
            "min": _number(missing.get("min_value")),
        }
    if reason == rules.TOO_MANY_ERRORS:
        return ngettext(
            "Fast enough, but with %(errors)s error (at most %(max)s allowed).",
            "Fast enough, but with %(errors)s errors (at most %(max)s allowed).",
            missing.get("errors") or 0,
        ) % {
            "errors": missing.get("errors"),
            "max": missing.get("max_errors"),
        }
    if reason == rules.AWAITING_CONFIRMATION:
        return _("A result is awaiting confirmation by a second examiner.")
    if reason == rules.RESULTS_TOO_OLD:
        return _("The qualifying result of %(date)s is too old to count.") % {"date": _day(missing.get("taken_on"))}
    if reason == rules.PREREQUISITE_NOT_HELD:
        return _("The prerequisite grade is not held.")
    if reason == rules.PREREQUISITE_TOO_RECENT:
        return _("Held since %(since)s; eligible from %(eligible)s.") % {
            "since": _day(missing.get("held_since")),
            "eligible": _day(missing.get("eligible_on")),
        }
    return str(reason or "")


def result_text(ref: str | None) -> str:
    """A short description of the result a trace entry cites ("theory_result:12" …)."""
    if not ref or ":" not in ref:
        return ""
    kind, _sep, pk = ref.partition(":")
    if kind == "theory_result":
        result = TheoryResult.objects.filter(pk=pk).first()
        if result:
            return _("%(exam)s, %(date)s: %(score)s") % {
                "exam": result.display_title,
                "date": _day(result.taken_at.date()),
                "score": _number(result.score),
            }
    elif kind == "skill_result":
        result = SkillResult.objects.filter(pk=pk).select_related("test_type").first()
        if result:
            return _("%(test)s, %(date)s: %(value)s %(unit)s, %(errors)s errors") % {
                "test": result.test_type.display_name,
                "date": _day(result.taken_on),
                "value": _number(result.value),
                "unit": result.test_type.display_unit,
                "errors": result.errors,
            }
    elif kind == "award":
        award = GradeAward.objects.filter(pk=pk).select_related("level").first()
        if award:
            return _("%(grade)s since %(date)s") % {"grade": award.level.display_name, "date": _day(award.awarded_on)}
    return ref


@dataclass
class Line:
    requirement: str
    label: str
    met: bool
    result: str
    note: str


def evaluation_lines(level: GradeLevel, evaluation: rules.Evaluation) -> list[Line]:
    """One line per requirement, in the level's order, met or not."""
    labels = requirement_labels(level)
    met = {m.requirement: m for m in evaluation.met}
    missing = {m["requirement"]: m for m in evaluation.missing_list()}
    lines = []
    for key, label in labels.items():
        if key in met:
            lines.append(Line(key, label, True, result_text(met[key].result), ""))
        elif key in missing:
            entry = missing[key]
            lines.append(Line(key, label, False, result_text(entry.get("best_result")), reason_text(entry)))
    return lines


def trace_lines(award: GradeAward) -> list[Line]:
    """The stored trace of an award, described (labels come from the level snapshot when present)."""
    labels = award.level_snapshot.get("labels", {}) if award.level_snapshot else {}
    return [
        Line(entry["requirement"], labels.get(entry["requirement"], entry["requirement"]), True,
             result_text(entry.get("result")), "")
        for entry in award.trace
    ]
