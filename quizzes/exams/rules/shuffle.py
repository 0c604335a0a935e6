"""The per-candidate order of questions and options, reproducible from the attempt's seed.

``rng(seed, salt…)`` gives an independent, deterministic random stream for each use (the draw, each
section's question order, each question's option order), so the same seed always builds the same paper.
A candidate's browser only ever sees *display* positions of options; answers are stored against the
original indices (``to_original``) and shown back in display positions (``to_display``).
"""

from __future__ import annotations

import hashlib
import random
import secrets

from .scoring import MATCHING, TEXT_TYPES, TRUE_FALSE


def new_seed() -> str:
    return secrets.token_hex(16)


def rng(seed: str, *salt) -> random.Random:
    material = "\x1f".join([seed, *map(str, salt)]).encode("utf-8")
    return random.Random(int.from_bytes(hashlib.sha256(material).digest()[:8], "big"))


def shuffled(items: list, seed: str, *salt) -> list:
    items = list(items)
    rng(seed, *salt).shuffle(items)
    return items


def option_order(qtype: str, option_count: int, seed: str, question_id: int, *, shuffle: bool = True) -> list[int]:
    """Original option indices in display order. True/false keeps 对 before 错; text answers have none."""
    if qtype in TEXT_TYPES or option_count <= 0:
        return []
    order = list(range(option_count))
    if shuffle and qtype != TRUE_FALSE:
        rng(seed, "options", question_id).shuffle(order)
    return order


def to_original(qtype: str, response, order: list[int]):
    """A response given in display positions, as original option indices (text answers pass through)."""
    if response is None or qtype in TEXT_TYPES or not order:
        return response
    if qtype == MATCHING:  # per left-hand item, the answer chosen (None: none); the items keep their order
        return [None if i is None else order[i] for i in response]
    return [order[i] for i in response]


def to_display(qtype: str, response, order: list[int]):
    """A stored response (original indices) in the display positions the candidate saw."""
    if response is None or qtype in TEXT_TYPES or not order:
        return response
    position = {original: shown for shown, original in enumerate(order)}
    if qtype == MATCHING:
        return [position.get(i) for i in response]
    return [position[i] for i in response if i in position]
