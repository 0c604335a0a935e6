"""Which questions each section of a paper gets.

Every section is a number of *slots* and a *pool* of question ids that may fill them (a fixed section's
pool is exactly its questions). A question may appear once per paper, so sections whose pools overlap
compete for questions; a plain "k from each pool" can fail where an assignment exists. ``assign`` finds
one whenever it exists (augmenting paths, as in bipartite matching) and otherwise reports, per section,
how many slots could not be filled — the same computation is the blueprint's feasibility check.

Each slot tries its pool in the section's preference order: questions the candidate has not seen in
earlier attempts first, then the seen ones, each group in the order of the attempt's random stream; so
the draw is random, prefers unseen questions, and is reproducible from the seed.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class SectionNeed:
    index: int
    count: int
    pool: tuple[int, ...]
    fixed: bool = False


@dataclass(frozen=True)
class Shortfall:
    index: int
    needed: int
    available: int  # questions in the section's pool
    supplied: int  # slots a complete assignment could fill


class InfeasibleDraw(Exception):
    def __init__(self, shortfalls: list[Shortfall]):
        super().__init__(", ".join(f"section {s.index}: {s.supplied}/{s.needed}" for s in shortfalls))
        self.shortfalls = shortfalls


def preference_order(pool: Iterable[int], seen: set[int], rand: random.Random | None) -> list[int]:
    """Unseen questions first, then seen ones; each group shuffled by ``rand`` (or by id without it)."""
    unseen = sorted(q for q in pool if q not in seen)
    already = sorted(q for q in pool if q in seen)
    if rand is not None:
        rand.shuffle(unseen)
        rand.shuffle(already)
    return unseen + already


def _augment(slot, orders, slot_section, owner, holds) -> bool:
    """Give ``slot`` a question, moving others along a shortest augmenting path if needed."""
    reached_from: dict[int, tuple] = {}
    queue = deque([slot])
    visited = {slot}
    while queue:
        current = queue.popleft()
        for question in orders[slot_section[current]]:
            if question in reached_from:
                continue
            reached_from[question] = current
            holder = owner.get(question)
            if holder is None:
                while True:  # walk the path back, shifting each slot to the question that reached it
                    taker = reached_from[question]
                    released = holds.get(taker)
                    owner[question], holds[taker] = taker, question
                    if taker == slot:
                        return True
                    question = released
            if holder not in visited:
                visited.add(holder)
                queue.append(holder)
    return False


def assign(sections: list[SectionNeed], *, seen: set[int] | None = None, rand: random.Random | None = None,
           strict: bool = True) -> dict[int, list[int]]:
    """Question ids per section index, in preference order; InfeasibleDraw when ``strict`` and short."""
    seen = seen or set()
    orders = {s.index: preference_order(s.pool, seen, rand) for s in sections}
    slots, slot_section = [], {}
    # Fixed sections first: they have no choice, so they claim their questions before any draw does.
    for section in sorted(sections, key=lambda s: (not s.fixed, s.index)):
        for n in range(section.count):
            slot = (section.index, n)
            slots.append(slot)
            slot_section[slot] = section.index
    owner: dict[int, tuple] = {}
    holds: dict[tuple, int] = {}
    for slot in slots:
        _augment(slot, orders, slot_section, owner, holds)
    result: dict[int, list[int]] = {s.index: [] for s in sections}
    for slot in slots:
        if slot in holds:
            result[slot[0]].append(holds[slot])
    shortfalls = [
        Shortfall(s.index, s.count, len(set(s.pool)), len(result[s.index]))
        for s in sections
        if len(result[s.index]) < s.count
    ]
    if shortfalls and strict:
        raise InfeasibleDraw(shortfalls)
    return result


def feasibility(sections: list[SectionNeed]) -> list[Shortfall]:
    """The sections a paper could not fill (empty: every candidate can get a full paper)."""
    result = assign(sections, strict=False)
    return [
        Shortfall(s.index, s.count, len(set(s.pool)), len(result[s.index]))
        for s in sections
        if len(result[s.index]) < s.count
    ]
