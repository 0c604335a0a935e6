"""Paper sittings: the printed paper of each candidate, the answer sheet and the examiner's key.

Each candidate's paper is their own draw: ``build_items`` with a seed derived from the sitting, the
candidate and the site's secret (``paper_seed``), so the same candidate always gets the same paper and no
one can work out another candidate's paper from theirs. Every page carries the candidate number and a QR
code of ``sitting/candidate/seed-check`` that the examiner scans when entering the answers.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.utils import timezone

from content.models import PostAssignment
from portal.people.models import Employee

from .. import pdf
from ..models import SittingOverride
from ..rules import eligibility
from .papers import build_items
from .presentation import answer_text, key_view
from .sittings import audience_of

LETTERS = "ABCDEFGH"


def paper_seed(sitting, employee) -> str:
    material = f"paper\x1f{sitting.pk}\x1f{employee.pk}\x1f{settings.SECRET_KEY}".encode()
    return hashlib.sha256(material).hexdigest()[:32]


def candidates(sitting) -> list[Employee]:
    """The active employees in the sitting's audience (or with an override in force), by employee number.

    The same rule as ``sittings.is_eligible`` for one person (``eligibility.in_audience``), fed from four
    queries for everyone instead of six per employee (a sitting's page listed 10,000 employees with 60,000).
    """
    audience = audience_of(sitting)
    with_override = set(
        SittingOverride.objects.in_force().filter(sitting=sitting).values_list("employee_id", flat=True)
    )
    posts: dict[int, set[int]] = {}
    for employee_id, post_id in PostAssignment.objects.values_list("employee_id", "post_id"):
        posts.setdefault(employee_id, set()).add(post_id)
    people = Employee.objects.filter(is_active=True).select_related("org_unit").order_by("employee_number")
    return [
        e for e in people
        if eligibility.in_audience(
            eligibility.Person(e.pk, e.org_unit.path if e.org_unit_id else "", frozenset(posts.get(e.pk, ())),
                               active=e.is_active),
            audience,
            has_override=e.pk in with_override,
        )
    ]


def paper_items(sitting, employee):
    return build_items(sitting.blueprint, seed=paper_seed(sitting, employee), seen=set())


def _question_rows(items, *, with_key: bool) -> list[dict]:
    rows, section = [], None
    for item in items:
        version = item.version
        view = version.candidate_view("zh-hans")
        options = [view["options"][i] for i in item.option_order] if item.option_order else view["options"]
        row = {
            "position": item.position, "type": version.get_type_display(), "stem": view["stem"],
            "points": item.points, "options": [f"{LETTERS[i]}. {o}" for i, o in enumerate(options)],
            "prompts": view["prompts"], "unit": view["unit"], "blank_count": view["blank_count"],
            "text": version.type in ("short_answer",), "section": None,
        }
        if item.section_index != section:
            section = item.section_index
            row["section"] = item.section_title
        if with_key:
            key = key_view(version, language="zh-hans")
            row["key"] = (answer_text(version, list(version.correct), item.option_order)
                          if version.correct else "；".join(key["numeric"]) or "；".join(
                              " / ".join(b) for b in key["blanks"]) or key["model_answer"])
        rows.append(row)
    return rows


def _page(sitting, employee, *, with_key: bool) -> dict:
    items = paper_items(sitting, employee)
    seed = paper_seed(sitting, employee)
    code = f"PAPER/{sitting.pk}/{employee.employee_number}/{seed[:8]}"
    return {"employee": employee, "code": code, "qr": pdf.qr(code), "rows": _question_rows(items, with_key=with_key),
            "max_score": sum((i.points for i in items), 0), "count": len(items)}


def render_papers(sitting, employees, *, kind: str) -> bytes:
    """``kind``: "papers" (questions), "sheet" (answer sheet), "key" (the examiner's key)."""
    pages = [_page(sitting, e, with_key=kind == "key") for e in employees]
    return pdf.render(f"exams/pdf/paper_{kind}.html", {
        "sitting": sitting, "blueprint": sitting.blueprint, "pages": pages,
        "printed_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
    })
