"""Demo exams: one blueprint (电子银行业务知识考试), an open sitting for the demo employees, and every bank
with questions opened for practice; and three quarterly quizzes already sat (10, 6 and 2 months before the
day of the load, so always inside the dashboards' last 12 months): most demo employees took each, answering
through the same services a candidate's browser calls, right or wrong by a fixed per-person pattern, so the
pass rates by unit and post and the weak-knowledge-point heat map have figures. Idempotent, and built from whatever active questions exist (the
demo banks come from ``quizzes.demo.loader``); with no questions it does nothing.

Called by ``manage.py load_demo`` as ``quizzes.exams.demo.load_exams(data_dir, stdout)``.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from portal.people.models import Employee, OrgUnit
from quizzes.models import Question, QuestionBank, QuestionCategory, QuestionStatus, QuestionType

from .models import BlueprintSection, CountingPolicy, ExamBlueprint, PracticeBank, ReviewPolicy, Sitting
from .rules.shuffle import to_display
from .services import attempts as attempt_service
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


QUIZ_CODE = "EB-QUARTERLY"
# the quarterly quiz: machine-marked only, so every attempt is final when handed in
QUIZ_SECTIONS = [
    (QuestionType.SINGLE, "一、单项选择题", "I. Single choice", 6, "10"),
    (QuestionType.MULTIPLE, "二、多项选择题", "II. Multiple choice", 2, "10"),
    (QuestionType.TRUE_FALSE, "三、判断题", "III. True or false", 2, "10"),
]
# (months before the load, title, English title)
PAST_QUIZZES = [
    (10, "电子银行业务季度测验（第一次）", "E-banking quarterly quiz (1st)"),
    (6, "电子银行业务季度测验（第二次）", "E-banking quarterly quiz (2nd)"),
    (2, "电子银行业务季度测验（第三次）", "E-banking quarterly quiz (3rd)"),
]


def _blueprint(code, title, title_en, sections, source, pool, **extra):
    blueprint = ExamBlueprint.objects.filter(code=code).first()
    if blueprint is None:
        blueprint = ExamBlueprint.objects.create(code=code, title=title, title_en=title_en, **extra)
        order = 0
        for qtype, section_title, section_title_en, wanted, points in sections:
            count = min(wanted, pool.filter(current_version__type=qtype).count())
            if not count:
                continue
            BlueprintSection.objects.create(
                blueprint=blueprint, title=section_title, title_en=section_title_en, question_type=qtype,
                count=count, points=Decimal(points), sort_order=order, **source,
            )
            order += 1
    return blueprint


def _answer(item, right: bool):
    """The response (in the positions the candidate saw) to a choice item, right or wrong."""
    key = list(item.version.correct or [])
    options = len(item.version.options or []) or 2
    if not right:
        if item.version.type == QuestionType.MULTIPLE:
            key = key[:1] if len(key) > 1 else [(key[0] + 1) % options if key else 0]
        else:
            key = [((key[0] if key else 0) + 1) % options]
    return to_display(item.version.type, key, item.option_order)


def _sit(sitting, employee, at: datetime.datetime, ability: float, number: int) -> None:
    """One candidate takes the quiz at ``at`` and hands it in twenty minutes later."""
    attempt = attempt_service.start_attempt(sitting, employee, now=at)
    done = at + datetime.timedelta(minutes=20)
    for item in attempt.items.select_related("version").order_by("position"):
        # a question's difficulty follows its knowledge point, so the heat map has light and dark cells
        difficulty = (item.version.question_id % 5) * 0.08
        right = random.Random(f"{employee.employee_number}-{number}-{item.position}").random() < ability - difficulty
        attempt_service.save_answer(attempt.pk, employee, item.position, _answer(item, right), now=done)
    attempt_service.submit_attempt(attempt.pk, employee, now=done)


def _months_before(now: datetime.datetime, months: int) -> datetime.datetime:
    year, month = divmod(now.year * 12 + now.month - 1 - months, 12)
    return now.replace(year=year, month=month + 1, day=min(now.day, 28))


def load_past_quizzes(source, pool, now: datetime.datetime) -> int:
    """The three quarterly quizzes already sat (see the module's docstring); returns the attempts made."""
    blueprint = _blueprint(QUIZ_CODE, "电子银行业务季度测验", "E-banking quarterly quiz", QUIZ_SECTIONS, source, pool)
    report = check_feasibility(blueprint)
    if not report.ok or not report.question_count:
        return 0
    candidates = list(Employee.objects.filter(is_active=True).order_by("employee_number"))
    made = 0
    for number, (months, title, title_en) in enumerate(PAST_QUIZZES, start=1):
        if Sitting.objects.filter(blueprint=blueprint, title=title).exists():
            continue
        opens = _months_before(now, months).replace(hour=9, minute=0, second=0, microsecond=0)
        sitting = Sitting.objects.create(
            blueprint=blueprint, title=title, title_en=title_en, opens_at=opens,
            closes_at=opens + datetime.timedelta(days=3), time_limit_minutes=30, attempts_allowed=1,
            pass_mark=(report.max_score * Decimal("0.6")).quantize(Decimal("1")),
            counting_policy=CountingPolicy.HIGHEST, review_policy=ReviewPolicy.IMMEDIATE,
        )
        sitting.eligible_units.set(OrgUnit.get_root_nodes())
        for n, employee in enumerate(candidates):
            if (n + number) % 6 == 0:
                continue  # a few miss each quiz
            ability = 0.55 + (n % 7) * 0.07 + number * 0.03  # people differ; later quizzes go a little better
            _sit(sitting, employee, opens + datetime.timedelta(hours=1 + n % 6), ability, number)
            made += 1
    return made


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
    quizzed = load_past_quizzes(source, pool, timezone.now())
    summary = (f"Exams: blueprint {blueprint.code} ({report.question_count} questions, {report.max_score} points), "
               f"sitting “{sitting.title}”, {opened} banks newly opened for practice, "
               f"{quizzed} quarterly quiz attempts handed in")
    return summary
