"""A candidate's weakest knowledge points, on plain numbers: no ORM.

Questions are tagged with knowledge points (``Question.knowledge_point_refs``, each reference linked where it
can be to a regulation article, a procedure or a post). ``weakest_points(marks)`` takes, per answered question,
its knowledge points and the marks scored out of the marks available, and ranks the knowledge points by the
share of the marks lost on them:

* ``loss_ratio`` = (Σ available − Σ scored) / Σ available over the questions tagged with the point; a question
  tagged with several points counts fully for each of them;
* a point is ranked only when at least ``min_questions`` questions (default 2) tested it: one wrong answer
  is no pattern, and only when it lost at least ``min_loss`` of its marks (default 0.5: half counts);
* questions worth nothing (available ≤ 0) and untagged questions are ignored;
* ties: the larger loss ratio first, then more marks lost, then more questions, then the point's text, so
  the order never depends on the input order;
* at most ``limit`` points (default 5) are returned.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MIN_QUESTIONS = 2
MIN_LOSS = 0.5
LIMIT = 5


@dataclass(frozen=True)
class QuestionMark:
    knowledge_points: Sequence[str]
    scored: float
    available: float


@dataclass(frozen=True)
class WeakPoint:
    knowledge_point: str
    questions: int
    scored: float
    available: float

    @property
    def lost(self) -> float:
        return self.available - self.scored

    @property
    def loss_ratio(self) -> float:
        return self.lost / self.available


def weakest_points(
    marks: Iterable[QuestionMark],
    *,
    min_questions: int = MIN_QUESTIONS,
    min_loss: float = MIN_LOSS,
    limit: int = LIMIT,
) -> list[WeakPoint]:
    totals: dict[str, list[float]] = {}
    for mark in marks:
        available = float(mark.available)
        if available <= 0:
            continue
        scored = min(max(float(mark.scored), 0.0), available)
        for point in dict.fromkeys(p.strip() for p in mark.knowledge_points if p and p.strip()):
            entry = totals.setdefault(point, [0, 0.0, 0.0])
            entry[0] += 1
            entry[1] += scored
            entry[2] += available
    points = [
        WeakPoint(point, int(count), scored, available)
        for point, (count, scored, available) in totals.items()
        if count >= min_questions
    ]
    points = [p for p in points if p.loss_ratio >= min_loss - 1e-12]
    points.sort(key=lambda p: (-p.loss_ratio, -p.lost, -p.questions, p.knowledge_point))
    return points[: max(0, limit)]
