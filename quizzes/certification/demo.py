"""Demo certification data for ``load_demo``: the teller grade scheme, post requirements, a few results.

* the default scheme (初级/中级/高级 柜员 with their theory exam and the four skill tests 点钞, 传票翻打,
  数字键盘录入, 汉字录入) from :mod:`quizzes.certification.defaults`;
* a ``PostCertificationRequirement`` for every certification the demo posts name (content/demo/data/
  posts.json), mapped to a grade or an exam code by ``quizzes/demo/data/certification.json``;
* practical skill results entered by one examiner and confirmed by another (双人复核) and theory results,
  through ``quizzes.certification.services.results`` — which then awards grades by the rules, so HR's
  register has one junior teller and one candidate short of the note-counting threshold.

Dates are relative to the day of the load: the data's test day (the earliest date in certification.json)
becomes 31 months ago, and grades are awarded by the rules a week after it, so the junior teller's
certificate (issued that day, valid 36 months) expires within the next 12 months and HR's chart of
certificates expiring has something to show whenever the demo is loaded.

Idempotent: rows are looked up by their natural keys (without the dates, which move with the day of the
load) and only missing ones are written.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from portal.people.models import Employee

CERTIFICATION_DATA = Path(settings.BASE_DIR) / "quizzes" / "demo" / "data" / "certification.json"


MONTHS_AGO = 31  # the demo's test day; grades are valid 36 months, so they expire within the next 12


def _shift(spec: dict, today: datetime.date) -> datetime.timedelta:
    """How far the data's dates move so that its earliest test day is ``MONTHS_AGO`` months before today."""
    days = [datetime.date.fromisoformat(r["taken_on"]) for r in spec["skill_results"]]
    days += [datetime.datetime.fromisoformat(r["taken_at"]).date() for r in spec["theory_results"]]
    year, month = divmod(today.year * 12 + today.month - 1 - MONTHS_AGO, 12)
    target = datetime.date(year, month + 1, min(today.day, 28))
    return target - min(days) if days else datetime.timedelta(0)


class DemoCertificationError(ValueError):
    """The certification data names something the rest of the demo does not have."""


def load_certification(data_dir, stdout=None) -> str:
    """Load the scheme, the post requirements and the demo results; returns a summary line."""

    from .defaults import load_skill_test_definitions, load_teller_scheme
    from .models import (
        GradeAward,
        GradeLevel,
        PostCertificationRequirement,
        SkillResult,
        SkillTestType,
        TheoryResult,
    )
    from .services.freezing import Subject
    from .services.grading import award_by_rules
    from .services.issuing import issue_certificate
    from .services.results import confirm_skill_result, enter_skill_result, record_theory_result

    spec = json.loads(CERTIFICATION_DATA.read_text(encoding="utf-8"))
    scheme = load_teller_scheme()
    load_skill_test_definitions()
    levels = {level.code: level for level in GradeLevel.objects.filter(scheme=scheme)}

    posts = json.loads((Path(data_dir) / "posts.json").read_text(encoding="utf-8"))["posts"]
    requirements = 0
    for post in posts:
        for name in post.get("certifications", []):
            mapping = spec["certifications"].get(name)
            if mapping is None:
                raise DemoCertificationError(f"post {post['code']}: no mapping for certification {name!r}")
            if mapping.get("level"):
                PostCertificationRequirement.objects.get_or_create(
                    post_code=post["code"], level=levels[mapping["level"]], exam_code="",
                    defaults={"note": name},
                )
            else:
                PostCertificationRequirement.objects.get_or_create(
                    post_code=post["code"], level=None, exam_code=mapping["exam_code"],
                    defaults={"note": mapping.get("note") or name},
                )
            requirements += 1

    users = get_user_model().objects
    entered_by = users.filter(username=spec["entered_by"]).first()
    confirmed_by = users.filter(username=spec["confirmed_by"]).first()
    employees = {e.employee_number: e for e in Employee.objects.all()}
    tests = {t.code: t for t in SkillTestType.objects.all()}
    shift = _shift(spec, timezone.localdate())
    entered = 0
    evaluated = set()
    if entered_by is not None and confirmed_by is not None:
        for row in spec["skill_results"]:
            employee = employees[row["employee"]]
            taken_on = datetime.date.fromisoformat(row["taken_on"]) + shift
            exists = SkillResult.objects.filter(
                employee=employee, test_type=tests[row["test"]], session_label=row["session"]
            ).exists()
            if exists:
                continue
            result = enter_skill_result(
                employee=employee, test_type=tests[row["test"]], value=Decimal(str(row["value"])),
                errors=row["errors"], taken_on=taken_on, acting_user=entered_by, session_label=row["session"],
            )
            confirm_skill_result(result, acting_user=confirmed_by, evaluate=False)
            evaluated.add((employee, taken_on))
            entered += 1
    for row in spec["theory_results"]:
        employee = employees[row["employee"]]
        taken_at = datetime.datetime.fromisoformat(row["taken_at"]) + shift
        if TheoryResult.objects.filter(employee=employee, exam_code=row["exam_code"]).exists():
            continue
        record_theory_result(
            employee=employee, exam_code=row["exam_code"], exam_title=row["exam_title"],
            exam_title_en=row.get("exam_title_en", ""), score=row["score"], max_score=row.get("max_score"),
            passed=row["passed"], taken_at=taken_at, evaluate=False,
        )
        evaluated.add((employee, timezone.localdate(taken_at)))
        entered += 1
    # the grades the rules give a week after the test day, each with its certificate issued that day
    issuer = users.filter(username=spec["confirmed_by"]).first()
    for employee in {e for e, _day in evaluated}:
        on = max(day for e, day in evaluated if e == employee) + datetime.timedelta(days=7)
        for award in award_by_rules(employee, on=on):
            issue_certificate(Subject.for_award(award), acting_user=issuer, on=on, check_permission=False)
    awards = GradeAward.objects.filter(level__scheme=scheme).count()
    return (f"Certification: scheme {scheme.code} with {len(levels)} levels and {len(tests)} skill tests; "
            f"{requirements} post requirements; {entered} results recorded this run; {awards} grade awards")
