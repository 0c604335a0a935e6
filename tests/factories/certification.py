"""Factories for grades and certificates: skill tests, schemes, levels, results, awards."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from quizzes.certification.models import (
    GradeLevel,
    GradeScheme,
    SkillRequirement,
    SkillResult,
    SkillTestType,
    TheoryRequirement,
    TheoryResult,
)
from tests.factories.people import EmployeeFactory, UserFactory


class SkillTestTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SkillTestType
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"skill-{n}")
    name = factory.Sequence(lambda n: f"技能{n}")
    name_en = factory.Sequence(lambda n: f"Skill {n}")
    unit = "张"
    unit_en = "notes"
    duration_minutes = 10


class GradeSchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GradeScheme
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"scheme-{n}")
    name = "柜员等级"
    name_en = "Teller grades"


class GradeLevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GradeLevel

    scheme = factory.SubFactory(GradeSchemeFactory)
    code = factory.Sequence(lambda n: f"L{n}")
    name = factory.Sequence(lambda n: f"等级{n}")
    name_en = factory.Sequence(lambda n: f"Level {n}")
    order = factory.Sequence(lambda n: n + 1)
    validity_months = 36


class TheoryRequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TheoryRequirement

    level = factory.SubFactory(GradeLevelFactory)
    exam_code = "TELLER-T1"
    min_score = Decimal("60")


class SkillRequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SkillRequirement

    level = factory.SubFactory(GradeLevelFactory)
    test_type = factory.SubFactory(SkillTestTypeFactory)
    min_value = Decimal("800")
    max_errors = 1


class TheoryResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TheoryResult

    employee = factory.SubFactory(EmployeeFactory)
    exam_code = "TELLER-T1"
    exam_title = "初级柜员理论考试"
    exam_title_en = "Junior teller theory exam"
    score = Decimal("85")
    max_score = Decimal("100")
    passed = True
    taken_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=3))
    sitting_id = None


class SkillResultFactory(factory.django.DjangoModelFactory):
    """A skill result; confirmed by a second examiner unless status=PENDING is passed."""

    class Meta:
        model = SkillResult

    employee = factory.SubFactory(EmployeeFactory)
    test_type = factory.SubFactory(SkillTestTypeFactory)
    value = Decimal("900")
    errors = 0
    taken_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=2))
    entered_by = factory.SubFactory(UserFactory)
    status = SkillResult.Status.CONFIRMED
    confirmed_by = factory.Maybe(
        factory.LazyAttribute(lambda r: r.status == SkillResult.Status.CONFIRMED),
        yes_declaration=factory.SubFactory(UserFactory),
        no_declaration=None,
    )
    confirmed_at = factory.Maybe(
        factory.LazyAttribute(lambda r: r.status == SkillResult.Status.CONFIRMED),
        yes_declaration=factory.LazyFunction(timezone.now),
        no_declaration=None,
    )
