"""Demo certification data for ``load_demo``: the teller grade scheme, post requirements, a few results.

* the default scheme (初级/中级/高级 柜员 with their theory exam and the four skill tests 点钞, 传票翻打,
  数字键盘录入, 汉字录入) from :mod:`quizzes.certification.defaults`;
* a ``PostCertificationRequirement`` for every certification the demo posts name (content/demo/data/
  posts.json), mapped to a grade or an exam code by ``quizzes/demo/data/certification.json``;
* practical skill results entered by one examiner and confirmed by another (双人复核) and theory results,
  through ``quizzes.certification.services.results`` — which then awards grades by the rules, so HR's
  register has one junior teller and one candidate short of the note-counting threshold.

Idempotent: rows are looked up by their natural keys and only missing ones are written.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model

from portal.people.models import Employee

CERTIFICATION_DATA = Path(settings.BASE_DIR) / "quizzes" / "demo" / "data" / "certification.json"


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
    entered = 0
    if entered_by is not None and confirmed_by is not None:
        for row in spec["skill_results"]:
            employee = employees[row["employee"]]
            taken_on = datetime.date.fromisoformat(row["taken_on"])
            exists = SkillResult.objects.filter(
                employee=employee, test_type=tests[row["test"]], taken_on=taken_on, session_label=row["session"]
            ).exists()
            if exists:
                continue
            result = enter_skill_result(
                employee=employee, test_type=tests[row["test"]], value=Decimal(str(row["value"])),
                errors=row["errors"], taken_on=taken_on, acting_user=entered_by, session_label=row["session"],
            )
            confirm_skill_result(result, acting_user=confirmed_by, evaluate=False)
            entered += 1
    for row in spec["theory_results"]:
        employee = employees[row["employee"]]
        taken_at = datetime.datetime.fromisoformat(row["taken_at"])
        if TheoryResult.objects.filter(employee=employee, exam_code=row["exam_code"], taken_at=taken_at).exists():
            continue
        record_theory_result(
            employee=employee, exam_code=row["exam_code"], exam_title=row["exam_title"],
            exam_title_en=row.get("exam_title_en", ""), score=row["score"], max_score=row.get("max_score"),
            passed=row["passed"], taken_at=taken_at, evaluate=True,
        )
        entered += 1
    awards = GradeAward.objects.filter(level__scheme=scheme).count()
    return (f"Certification: scheme {scheme.code} with {len(levels)} levels and {len(tests)} skill tests; "
            f"{requirements} post requirements; {entered} results recorded this run; {awards} grade awards")
