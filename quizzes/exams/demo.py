"""Demo exams: one blueprint (电子银行业务知识考试), an open sitting for the demo employees, and every bank
with questions opened for practice. Idempotent, and built from whatever active questions exist (the
demo banks come from ``quizzes.demo.loader``); with no questions it does nothing.

Called by ``manage.py load_demo`` as ``quizzes.exams.demo.load_exams(data_dir, stdout)``.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from portal.people.models import OrgUnit
from quizzes.models import Question, QuestionBank, QuestionCategory, QuestionStatus, QuestionType

from .models import BlueprintSection, CountingPolicy, ExamBlueprint, PracticeBank, ReviewPolicy, Sitting
from .services.papers import check_feasibility

BLUEPRINT_CODE = "EB-KNOWLEDGE"
SITTING_TITLE = "电子银行业务知识考试（2026年第一期）"

# (type, title, English title, wanted questions, points each): a 100-point paper when the banks allow it.
SECTIONS = [
    (QuestionType.SINGLE, "一、单项选择题", "I. Single choice", 20, "2"),
    (QuestionType.MULTIPLE, "二、多项选择题", "II. Multiple choice", 10, "3"),
    (QuestionType.TRUE_FALSE, "三、判断题", "III. True or false", 10, "1"),
    (QuestionType.FILL_BLANK, "四、填空题", "IV. Fill in the blanks", 5, "2"),
    (QuestionType.SHORT_ANSWER, "五、简答题", "V. Short answer", 2, "5"),
]


def _source():
    """Draw from the 电子银行 category when it has questions, else from the bank with the most."""
    category = QuestionCategory.objects.filter(name="电子银行").first()
    if category is not None and Question.objects.active().in_category(category).exists():
        return {"category": category}, Question.objects.active().in_category(category)
    bank = (QuestionBank.objects.annotate(n=Count("questions", filter=Q(questions__status=QuestionStatus.ACTIVE)))
            .filter(n__gt=0).order_by("-n").first())
    if bank is None:
        return None, Question.objects.none()
    return {"bank": bank}, Question.objects.active().filter(bank=bank)


def _write(stdout, text):
    if stdout is not None:
        stdout.write(text)


@transaction.atomic
def load_exams(data_dir=None, stdout=None) -> str:
    source, pool = _source()
    if source is None:
        _write(stdout, "Exams: no active questions, no demo exam.")
        return ""
    opened = 0
    for bank in QuestionBank.objects.filter(questions__status=QuestionStatus.ACTIVE).distinct():
        _practice, created = PracticeBank.objects.get_or_create(bank=bank, defaults={"is_open": True})
        opened += int(created)

    blueprint = ExamBlueprint.objects.filter(code=BLUEPRINT_CODE).first()
    if blueprint is None:
        blueprint = ExamBlueprint.objects.create(
            code=BLUEPRINT_CODE, title="电子银行业务知识考试", title_en="E-banking business knowledge exam",
            instructions="本试卷满分以页面显示为准。请独立作答，答案随答随存；到时自动交卷。",
            instructions_en="Answer on your own; each answer is saved as you give it and the paper is handed in "
                            "automatically when the time is up.",
            multiple_choice_scoring="partial",
        )
        order = 0
        for qtype, title, title_en, wanted, points in SECTIONS:
            available = pool.filter(current_version__type=qtype).count()
            count = min(wanted, available)
            if not count:
                continue
            BlueprintSection.objects.create(
                blueprint=blueprint, title=title, title_en=title_en, question_type=qtype, count=count,
                points=Decimal(points), sort_order=order, **source,
            )
            order += 1
    report = check_feasibility(blueprint)
    if not report.ok or not report.question_count:
        _write(stdout, f"Exams: blueprint {BLUEPRINT_CODE} cannot be supplied: {report.problems}")
        return ""

    sitting = Sitting.objects.filter(blueprint=blueprint, title=SITTING_TITLE).first()
    if sitting is None:
        now = timezone.now().replace(second=0, microsecond=0)
        sitting = Sitting.objects.create(
            blueprint=blueprint, title=SITTING_TITLE, title_en="E-banking knowledge exam (2026, round 1)",
            opens_at=now - datetime.timedelta(days=1), closes_at=now + datetime.timedelta(days=60),
            time_limit_minutes=60, attempts_allowed=2, cooldown_minutes=30,
            pass_mark=(report.max_score * Decimal("0.6")).quantize(Decimal("1")),
            counting_policy=CountingPolicy.HIGHEST, review_policy=ReviewPolicy.IMMEDIATE,
        )
        sitting.eligible_units.set(OrgUnit.get_root_nodes())
    summary = (f"Exams: blueprint {blueprint.code} ({report.question_count} questions, {report.max_score} points), "
               f"sitting “{sitting.title}”, {opened} banks newly opened for practice")
    return summary
