"""A candidate's weakest knowledge points, leading back to the rules, and the drill on exactly those points.

The points come from final attempts whose review policy shows the candidate their answers
(``rules.review.visibility(...).answers``): a result page shows those of its attempt, My grades and
certificates those of the candidate's recent final attempts. Each question's knowledge points are its written
references (``Question.knowledge_point_refs``); ``rules.weak_points.weakest_points`` ranks them. Each point is
shown with what it names — a regulation article, a procedure or a post (its duties) — resolved by
``quizzes.services.knowledge.resolve_reference``, titled and linked in the reader's language (the page's
translation where one is live, else the Chinese original). Nothing here carries a question, a key or an
explanation.

The drill (``drill_batch``) draws only active questions of practicable banks (``practice.practicable``: never an
exam-only bank) tagged with those points; the points are always recomputed on the server from the
candidate's own attempts, so a crafted URL can only name an attempt id, and someone else's gives 404.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from wagtail.models import Locale

from content.models import PostPage, RegulationArticle
from portal.core.bilingual import in_language
from quizzes.models import Question
from quizzes.services import knowledge

from .. import clock
from ..models import Attempt, AttemptItem, AttemptStatus
from ..rules import review
from ..rules.weak_points import QuestionMark, WeakPoint, weakest_points
from .errors import ExamError
from .practice import BATCH_SIZE, draw_from, practicable
from .sittings import last_close

RECENT_ATTEMPTS = 10  # My grades: the points of the candidate's last ten reviewable final attempts
ARTICLE, PROCEDURE, POST = "article", "procedure", "post"


@dataclass
class RuleLink:
    kind: str  # ARTICLE, PROCEDURE or POST
    label: str
    url: str = ""


@dataclass
class WeakPointView:
    point: WeakPoint
    links: list[RuleLink] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.point.knowledge_point

    @property
    def percent_lost(self) -> int:
        return round(self.point.loss_ratio * 100)


def may_show(attempt: Attempt, *, now=None) -> bool:
    """Whether the review policy shows this attempt's details (its answers) to the candidate now."""
    if attempt.status != AttemptStatus.FINAL:
        return False
    sitting = attempt.sitting
    return review.visibility(sitting.review_policy, attempt.status, now or clock.now(), last_close(sitting)).answers


def reviewable_attempts(employee, *, now=None, limit: int = RECENT_ATTEMPTS) -> list[Attempt]:
    """The candidate's most recent final attempts whose details they may see."""
    now = now or clock.now()
    recent = (
        Attempt.objects.final().filter(employee=employee)
        .select_related("sitting").order_by("-submitted_at", "-pk")
    )
    found = []
    for attempt in recent[: limit * 3]:
        if may_show(attempt, now=now):
            found.append(attempt)
            if len(found) == limit:
                break
    return found


def _marks(attempts) -> list[QuestionMark]:
    items = (
        AttemptItem.objects.filter(attempt__in=attempts, score__isnull=False)
        .values_list("version__question__knowledge_point_refs", "score", "points")
    )
    return [
        QuestionMark(knowledge_points=[r.strip() for r in (refs or "").splitlines() if r.strip()],
                     scored=float(score), available=float(points))
        for refs, score, points in items
    ]


def _translation(page, language: str):
    """The live translation of ``page`` in ``language``'s locale, or None."""
    try:
        target = Locale.objects.get(language_code=language)
    except Locale.DoesNotExist:
        return None
    if page.locale_id == target.pk:
        return page
    return page.get_translations().filter(locale=target, live=True).first()


def _page_link(kind: str, page, language: str, anchor: str = "", prefix: str = "") -> RuleLink:
    translated = _translation(page, language)
    title = in_language(page.title, translated.title if translated else "", language)
    shown = translated or page
    url = (shown.url or "") if shown.live else ""
    return RuleLink(kind, f"{prefix}{title}" if prefix else title, f"{url}#{anchor}" if url and anchor else url)


def rule_links(reference: str, language: str) -> list[RuleLink]:
    """What a knowledge point names, titled and linked in ``language``."""
    target = knowledge.resolve_reference(reference)
    if target is None:
        return []
    if isinstance(target, RegulationArticle):
        link = _page_link(ARTICLE, target.page.specific, language, target.anchor)
        title = link.label
        link.label = f"《{title}》{target.label}"
        return [link]
    if isinstance(target, PostPage):
        return [_page_link(POST, target, language)]
    return [_page_link(PROCEDURE, target, language)]


def _views(points: list[WeakPoint], language: str) -> list[WeakPointView]:
    return [WeakPointView(point, rule_links(point.knowledge_point, language)) for point in points]


def for_attempt(attempt: Attempt, *, language: str, now=None) -> list[WeakPointView]:
    """The weakest points of one attempt; empty when its review policy does not show its details."""
    if not may_show(attempt, now=now):
        return []
    return _views(weakest_points(_marks([attempt])), language)


def for_employee(employee, *, language: str, now=None) -> list[WeakPointView]:
    """The weakest points over the candidate's recent reviewable final attempts."""
    attempts = reviewable_attempts(employee, now=now)
    if not attempts:
        return []
    return _views(weakest_points(_marks(attempts)), language)


def _points_of(employee, attempt_id: int | None, *, now=None) -> list[str]:
    """The names of the points a drill covers: the attempt's (the candidate's own only) or the recent ones."""
    if attempt_id is None:
        attempts = reviewable_attempts(employee, now=now)
    else:
        attempt = Attempt.objects.select_related("sitting").filter(pk=attempt_id, employee=employee).first()
        if attempt is None or not may_show(attempt, now=now):
            raise ExamError("not_yours", status=404)
        attempts = [attempt]
    return [p.knowledge_point for p in weakest_points(_marks(attempts))] if attempts else []


def drill_questions(points: list[str]):
    """Active questions of practicable banks tagged with one of ``points`` (exactly: a whole reference line)."""
    if not points:
        return Question.objects.none()
    wanted = set(points)
    contains = Q()
    for point in points:
        contains |= Q(knowledge_point_refs__contains=point)
    candidates = (
        Question.objects.active().filter(current_version__isnull=False,
                                         bank__in=practicable().values("bank_id")).filter(contains)
        .only("pk", "knowledge_point_refs")
    )
    return Question.objects.filter(pk__in=[q.pk for q in candidates if wanted & set(q.knowledge_point_ref_list)])


def drill_count(points: list[WeakPointView] | list[str]) -> int:
    names = [p.name if isinstance(p, WeakPointView) else p for p in points]
    return drill_questions(names).count()


def drill_batch(employee, attempt_id: int | None = None, *, count: int = BATCH_SIZE, seed: str | None = None,
                language: str = "zh-hans", now=None) -> list[dict]:
    """``count`` practice questions on the candidate's own weakest points (404 for someone else's attempt)."""
    pool = list(drill_questions(_points_of(employee, attempt_id, now=now)).values_list("pk", flat=True))
    return draw_from(pool, employee, count=count, seed=seed, salt="weak-points", language=language)
