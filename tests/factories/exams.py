"""Factories for the exam engine: blueprints with sections, sittings, overrides, and ready-made exams."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from quizzes.exams.models import BlueprintSection, ExamBlueprint, Sitting, SittingOverride
from quizzes.models import QuestionType
from quizzes.services.questions import QuestionContent
from tests.factories.people import EmployeeFactory
from tests.factories.quizzes import QuestionBankFactory, make_question, single_choice


class ExamBlueprintFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExamBlueprint
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"EXAM-{n}")
    title = factory.Sequence(lambda n: f"电子银行业务知识考试{n}")
    title_en = factory.Sequence(lambda n: f"E-banking knowledge exam {n}")
    shuffle_questions = True
    shuffle_options = True


def add_section(blueprint, *, title="一、单项选择题", bank=None, category=None, count=5, points="2", fixed=(),
                **kwargs) -> BlueprintSection:
    """A draw section (from ``bank`` or ``category``) or, with ``fixed=[questions]``, a fixed one."""
    order = blueprint.sections.count()
    section = BlueprintSection(
        blueprint=blueprint, title=title, bank=bank, category=category, count=count, points=Decimal(points),
        source="fixed" if fixed else "draw", sort_order=order, **kwargs,
    )
    section.save()
    if fixed:
        section.fixed_questions.set(list(fixed))
        section.save()
    return section


class SittingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sitting
        skip_postgeneration_save = True

    blueprint = factory.SubFactory(ExamBlueprintFactory)
    title = factory.Sequence(lambda n: f"第{n}场")
    title_en = factory.Sequence(lambda n: f"Sitting {n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(hours=3))
    time_limit_minutes = 60
    attempts_allowed = 1
    pass_mark = Decimal("6")

    @factory.post_generation
    def employees(self, create, extracted, **kwargs):
        if create and extracted:
            self.eligible_employees.set(extracted)


class SittingOverrideFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SittingOverride

    sitting = factory.SubFactory(SittingFactory)
    employee = factory.SubFactory(EmployeeFactory)
    extra_minutes = 15
    reason = "视力障碍，按人事部安排延时。"


def all_type_contents() -> dict[str, QuestionContent]:
    """One question of every type, by type, with distinctive keys and explanations."""
    return {
        QuestionType.SINGLE: single_choice("网银盾遗失后客户应首先（ ）", options=["挂失", "等待", "重装", "报警"],
                                           correct=[0], explanation="解析：先挂失，依据第十条。"),
        QuestionType.MULTIPLE: QuestionContent(
            type=QuestionType.MULTIPLE, stem="六岗分离包括下列哪些岗位（ ）", options=["录入", "复核", "授信审批", "营销"],
            correct=[0, 1, 2], explanation="解析：六岗分离不得兼任。"),
        QuestionType.TRUE_FALSE: QuestionContent(
            type=QuestionType.TRUE_FALSE, stem="电子银行中心属于省联社前台部门。", options=["对", "错"], correct=[1],
            explanation="解析：属于中台部门。"),
        QuestionType.ORDERING: QuestionContent(
            type=QuestionType.ORDERING, stem="请排列开户步骤", options=["审核资料", "客户申请", "录入系统", "复核"],
            correct=[1, 0, 2, 3], explanation="解析：先申请后审核。"),
        QuestionType.FILL_BLANK: QuestionContent(
            type=QuestionType.FILL_BLANK, stem="通过互联网办理业务的渠道称为（ ），手机办理的称为（ ）。",
            blanks=[["网上银行", "网银"], ["手机银行"]], explanation="解析：渠道名称。"),
        QuestionType.SHORT_ANSWER: QuestionContent(
            type=QuestionType.SHORT_ANSWER, stem="简述电子银行风险的主要类型。", model_answer="操作风险、信用风险、法律风险",
            marking_guide="答出其中任意3点得满分", explanation="解析：见第二章。"),
    }


def exam_with_all_types(*, employees=(), points="2", shuffle=True, **sitting_kwargs):
    """A sitting whose paper has exactly one fixed question of each type (in type order), and its questions.

    Returns (sitting, {type: question}).
    """
    bank = QuestionBankFactory()
    questions = {qtype: make_question(bank, content) for qtype, content in all_type_contents().items()}
    blueprint = ExamBlueprintFactory(shuffle_questions=shuffle, shuffle_options=shuffle)
    add_section(blueprint, title="一、客观题", fixed=[questions[t] for t in list(questions)[:-1]], points=points)
    add_section(blueprint, title="二、简答题", fixed=[questions[QuestionType.SHORT_ANSWER]], points=points)
    sitting = SittingFactory(blueprint=blueprint, employees=list(employees), **sitting_kwargs)
    return sitting, questions


def machine_marked_exam(*, employees=(), count=5, points="2", **sitting_kwargs):
    """A sitting drawing ``count`` single-choice questions from a bank of ``count`` (no manual grading)."""
    bank = QuestionBankFactory()
    questions = [make_question(bank) for _ in range(count)]
    blueprint = ExamBlueprintFactory()
    add_section(blueprint, bank=bank, count=count, points=points)
    sitting = SittingFactory(blueprint=blueprint, employees=list(employees), **sitting_kwargs)
    return sitting, questions


def matching_content() -> QuestionContent:
    return QuestionContent(type=QuestionType.MATCHING, stem="将业务与办理柜台配对。",
                           prompts=["个人开户", "对公结算", "外币兑换"],
                           options=["对私柜台", "对公柜台", "外汇柜台", "理财柜台"], correct=[0, 1, 2])


def numerical_content() -> QuestionContent:
    return QuestionContent(type=QuestionType.NUMERICAL, stem="10,000 元一年期存款，年利率 1.5%，到期利息为多少元？",
                           numeric=[{"value": "150", "tolerance": "0.01", "fraction": "1"}], unit="元")


def matching_numerical_exam(*, employees=(), points="2", **sitting_kwargs):
    """A sitting of one matching and one numerical question (fixed, in that order, nothing shuffled)."""
    bank = QuestionBankFactory()
    questions = [make_question(bank, matching_content()), make_question(bank, numerical_content())]
    blueprint = ExamBlueprintFactory(shuffle_questions=False, shuffle_options=False)
    add_section(blueprint, title="一、配对与计算", fixed=questions, points=points)
    sitting = SittingFactory(blueprint=blueprint, employees=list(employees), **sitting_kwargs)
    return sitting, questions
