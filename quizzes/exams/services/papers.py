"""From a blueprint to a paper: each section's pool of questions, the feasibility check, and the draw.

The pools are read from the question bank (active questions only, by their current version); the
choosing itself is the pure rule in ``rules.draw`` and the order the pure rule in ``rules.shuffle``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import IntegerField, Value, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from quizzes.models import Question, QuestionStatus, QuestionVersion

from ..models import AttemptItem, BlueprintSection, ExamBlueprint
from ..rules import draw, shuffle
from . import memo


def sections_of(blueprint: ExamBlueprint) -> list[BlueprintSection]:
    """The blueprint's sections in order, with their fixed questions (read only when a section has some)."""
    sections = list(blueprint.sections.select_related("category", "bank").order_by("sort_order", "pk"))
    fixed = [section for section in sections if section.is_fixed]
    if fixed:
        prefetch_related_objects(fixed, "fixed_questions")
    return sections


def _pool_query(section: BlueprintSection):
    questions = Question.objects.active().filter(current_version__isnull=False)
    if section.bank_id:
        questions = questions.filter(bank_id=section.bank_id)
    if section.category_id:
        questions = questions.in_category(section.category)
    if section.question_type:
        questions = questions.of_type(section.question_type)
    questions = questions.with_difficulty(section.difficulty_min, section.difficulty_max)
    if section.tag_list:
        questions = questions.filter(tags__name__in=section.tag_list)
    return questions.order_by()


def section_pool(section: BlueprintSection) -> list[int]:
    """Ids of the active questions that may fill this section."""
    if section.is_fixed:
        return sorted(q.pk for q in section.fixed_questions.all() if q.status == QuestionStatus.ACTIVE)
    return sorted(set(_pool_query(section).values_list("pk", flat=True)))


def section_pools(sections: list[BlueprintSection]) -> list[dict[int, int]]:
    """Each section's pool as {question id: its current version id}, the drawn sections' in one query."""
    pools: list[dict[int, int]] = [{} for _section in sections]
    drawn = []
    for index, section in enumerate(sections):
        if section.is_fixed:
            pools[index] = {q.pk: q.current_version_id for q in section.fixed_questions.all()
                            if q.status == QuestionStatus.ACTIVE}
        else:
            drawn.append(_pool_query(section).annotate(section_index=Value(index, output_field=IntegerField()))
                         .values_list("section_index", "pk", "current_version_id"))
    if drawn:
        query = drawn[0].union(*drawn[1:], all=True) if len(drawn) > 1 else drawn[0]
        for index, question_id, version_id in query:
            pools[index][question_id] = version_id
    return pools


def section_needs(sections: list[BlueprintSection], pools: list[dict[int, int]] | None = None
                  ) -> list[draw.SectionNeed]:
    pools = pools if pools is not None else section_pools(sections)
    needs = []
    for index, section in enumerate(sections):
        pool = tuple(sorted(pools[index]))
        count = len(section.fixed_questions.all()) if section.is_fixed else section.count
        needs.append(draw.SectionNeed(index=index, count=count, pool=pool, fixed=section.is_fixed))
    return needs


# Frozen versions never change (``QuestionVersion``): the copies a process has read serve every later paper.
_VERSIONS = memo.Memo("exams:version:v1", 20000)


def versions_by_id(ids) -> dict[int, QuestionVersion]:
    """The versions ``ids``: frozen ones from the copies kept (``memo``), the others read in one query."""
    ids = set(ids)
    found = _VERSIONS.get_many(ids)
    missing = ids - found.keys()
    if missing:
        fresh = {version.pk: version for version in QuestionVersion.objects.filter(pk__in=missing)}
        _VERSIONS.set_many({pk: version for pk, version in fresh.items() if version.frozen_at is not None})
        found.update(fresh)
    return found


# ------------------------------------------------------------------------------- feasibility


@dataclass
class SectionReport:
    section: BlueprintSection
    needed: int
    available: int
    supplied: int
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.supplied >= self.needed and not self.problems


@dataclass
class FeasibilityReport:
    sections: list[SectionReport]
    max_score: Decimal
    question_count: int

    @property
    def ok(self) -> bool:
        return bool(self.sections) and all(s.ok for s in self.sections)

    @property
    def problems(self) -> list[str]:
        lines = []
        for report in self.sections:
            lines.extend(f"{report.section.display_title}: {p}" for p in report.problems)
        return lines


def check_feasibility(blueprint: ExamBlueprint) -> FeasibilityReport:
    """Whether the banks can supply every section of a paper, and if not, which section falls short."""
    sections = sections_of(blueprint)
    needs = section_needs(sections)
    shortfalls = {s.index: s for s in draw.feasibility(needs)}
    reports = []
    for need, section in zip(needs, sections, strict=True):
        short = shortfalls.get(need.index)
        supplied = short.supplied if short else need.count
        report = SectionReport(section, need.count, len(need.pool), supplied)
        if section.is_fixed:
            if not need.count:
                report.problems.append(_("No fixed questions are chosen."))
            inactive = [q.pk for q in section.fixed_questions.all() if q.status != QuestionStatus.ACTIVE]
            if inactive:
                report.problems.append(
                    _("Questions %(ids)s are not active.") % {"ids": ", ".join(f"#{pk}" for pk in inactive)}
                )
        if short and len(need.pool) < need.count:
            report.problems.append(
                _("needs %(needed)s questions but the bank has only %(available)s that match.")
                % {"needed": need.count, "available": len(need.pool)}
            )
        elif short:
            report.problems.append(
                _("needs %(needed)s questions; other sections draw from the same questions, so only %(supplied)s "
                  "are left for it.") % {"needed": need.count, "supplied": short.supplied}
            )
        reports.append(report)
    max_score = sum((s.points * n.count for s, n in zip(sections, needs, strict=True)), Decimal("0"))
    return FeasibilityReport(reports, max_score, sum(n.count for n in needs))


# ------------------------------------------------------------------------------- the draw


def seen_question_ids(employee) -> set[int]:
    """Questions this person was shown in any earlier attempt."""
    return set(
        AttemptItem.objects.filter(attempt__employee=employee).values_list("version__question_id", flat=True)
    )


def build_items(blueprint: ExamBlueprint, *, seed: str, seen: set[int]) -> list[AttemptItem]:
    """The unsaved items of a new paper: versions, positions, option orders and points.

    Raises ``draw.InfeasibleDraw`` when the banks cannot supply it.
    """
    sections = sections_of(blueprint)
    pools = section_pools(sections)
    needs = section_needs(sections, pools)
    assignment = draw.assign(needs, seen=seen, rand=shuffle.rng(seed, "draw"))
    # The chosen questions' current versions (read with the pools): the copies kept of frozen ones, the others in
    # one read.
    by_id = versions_by_id(pools[index][qid] for index, ids in assignment.items() for qid in ids)
    versions = {version.question_id: version for version in by_id.values()}
    unfrozen = [version.pk for version in versions.values() if version.frozen_at is None]
    if unfrozen:  # an active question's version is frozen; make sure of it, since an attempt now shows it
        QuestionVersion.objects.filter(pk__in=unfrozen, frozen_at__isnull=True).update(frozen_at=timezone.now())
    items, position = [], 0
    for index, section in enumerate(sections):
        ids = assignment[index]
        ids = shuffle.shuffled(sorted(ids), seed, "questions", index) if blueprint.shuffle_questions else sorted(ids)
        for qid in ids:
            version = versions[qid]
            position += 1
            items.append(AttemptItem(
                position=position,
                section_index=index,
                section_title=section.title,
                section_title_en=section.title_en,
                version=version,
                points=section.points,
                option_order=shuffle.option_order(
                    version.type, len(version.options), seed, qid, shuffle=blueprint.shuffle_options
                ),
            ))
    return items
