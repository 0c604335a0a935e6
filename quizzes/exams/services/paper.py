"""Paper sittings: the printed paper of each candidate, the answer sheet and the examiner's key.

Each candidate's paper is their own draw: ``build_items`` with a seed derived from the sitting, the
candidate and the site's secret (``paper_seed``), so the same candidate always gets the same paper and no
one can work out another candidate's paper from theirs. Every page carries the candidate number and a QR
code of ``sitting/candidate/seed-check`` that the examiner scans when entering the answers.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from content.models import PostAssignment
from portal.people.models import Employee

from .. import pdf
from ..models import SittingOverride
from .papers import build_items
from .presentation import answer_text, key_view

LETTERS = "ABCDEFGH"


def paper_seed(sitting, employee) -> str:
    material = f"paper\x1f{sitting.pk}\x1f{employee.pk}\x1f{settings.SECRET_KEY}".encode()
    return hashlib.sha256(material).hexdigest()[:32]


def candidate_queryset(sitting):
    """The active employees in the sitting's audience (or with an override in force), as one query.

    The SQL form of ``eligibility.in_audience`` (the rule ``sittings.is_eligible`` asks for one person): named
    people, holders of an eligible post, members of an eligible unit or of one of its sub-units (by tree path),
    people with an override in force. Each part is a subquery on the employee's key, so the rows are unique
    without DISTINCT and the count is one query however large the audience.
    """
    who = (
        Q(pk__in=sitting.eligible_employees.values("pk"))
        | Q(pk__in=PostAssignment.objects.filter(post__in=sitting.eligible_posts.values("pk")).values("employee_id"))
        | Q(pk__in=SittingOverride.objects.in_force().filter(sitting=sitting).values("employee_id"))
    )
    for path in sitting.eligible_units.values_list("path", flat=True):
        who |= Q(org_unit__path__startswith=path)
    return Employee.objects.filter(who, is_active=True)


def candidates(sitting) -> list[Employee]:
    """The sitting's candidates (``candidate_queryset``) by employee number, with their units."""
    return list(candidate_queryset(sitting).select_related("org_unit").order_by("employee_number"))


def is_candidate(sitting, employee) -> bool:
    return candidate_queryset(sitting).filter(pk=employee.pk).exists()


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
