"""Segregation of duties (岗位分离): which posts one person may not hold together.

A rule names a set of posts; any two members are incompatible ("六岗分离、不得兼任" makes fifteen pairs out
of six posts). Incompatibility is therefore symmetric by construction. Posts are any hashable identity
(the ORM layer passes page ids); rules are plain values. No database, no Django.

>>> six = Rule(id=1, name="六岗分离、不得兼任", members=frozenset({"录入", "复核", "授信审批"}))
>>> [c.rule.name for c in conflicts_for_assignment({"录入"}, "复核", [six])]
['六岗分离、不得兼任']
>>> conflicts_for_assignment({"录入"}, "柜员", [six])
[]
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from itertools import combinations


@dataclass(frozen=True)
class Rule:
    """A set of posts no two of which one person may hold."""

    id: Hashable
    name: str
    members: frozenset

    def forbids(self, a: Hashable, b: Hashable) -> bool:
        return a != b and a in self.members and b in self.members


@dataclass(frozen=True)
class Conflict:
    """Holding ``held`` and ``other`` together breaks ``rule``."""

    rule: Rule
    held: Hashable
    other: Hashable


def rules_forbidding(a: Hashable, b: Hashable, rules: Iterable[Rule]) -> list[Rule]:
    """The rules that make posts ``a`` and ``b`` incompatible (same answer for ``b``, ``a``)."""
    return [rule for rule in rules if rule.forbids(a, b)]


def incompatible_posts(post: Hashable, rules: Iterable[Rule]) -> dict[Hashable, list[Rule]]:
    """Every post incompatible with ``post``, with the rules that say so, in rule then member order."""
    result: dict[Hashable, list[Rule]] = {}
    for rule in rules:
        if post not in rule.members:
            continue
        for other in sorted(rule.members, key=str):
            if other != post:
                result.setdefault(other, []).append(rule)
    return result


def conflicts_for_assignment(held: Iterable[Hashable], new: Hashable, rules: Iterable[Rule]) -> list[Conflict]:
    """Why a person holding ``held`` may not also take ``new`` (empty list: they may)."""
    rules = list(rules)
    conflicts = []
    for post in held:
        if post == new:
            continue
        for rule in rules_forbidding(post, new, rules):
            conflicts.append(Conflict(rule=rule, held=post, other=new))
    return conflicts


def violations(held: Iterable[Hashable], rules: Iterable[Rule]) -> list[Conflict]:
    """Every pair of posts in ``held`` that a rule forbids (for audits of existing assignments)."""
    rules = list(rules)
    posts = sorted(set(held), key=str)
    return [
        Conflict(rule=rule, held=a, other=b)
        for a, b in combinations(posts, 2)
        for rule in rules_forbidding(a, b, rules)
    ]
