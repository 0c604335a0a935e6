"""Papers from blueprints: pools by category subtree, type, difficulty and tags; feasibility; the seeded draw."""

from decimal import Decimal

import pytest

from quizzes.exams.services import papers
from quizzes.models import QuestionStatus
from quizzes.services.questions import retire_question
from tests.factories.exams import ExamBlueprintFactory, add_section
from tests.factories.quizzes import QuestionBankFactory, QuestionCategoryFactory, make_question, single_choice

pytestmark = pytest.mark.django_db


def test_a_category_section_draws_from_its_sub_categories_too():
    parent = QuestionCategoryFactory(name="电子银行")
    child = QuestionCategoryFactory(name="网银", parent=parent)
    inside = make_question(QuestionBankFactory(category=child))
    outside = make_question(QuestionBankFactory())
    blueprint = ExamBlueprintFactory()
    section = add_section(blueprint, category=parent, count=1)
    pool = papers.section_pool(section)
    assert inside.pk in pool and outside.pk not in pool


def test_a_section_filters_by_difficulty_and_tags():
    bank = QuestionBankFactory()
    easy = make_question(bank, single_choice(difficulty=1), tags=["网银"])
    hard = make_question(bank, single_choice(difficulty=5), tags=["网银"])
    untagged = make_question(bank, single_choice(difficulty=1))
    section = add_section(ExamBlueprintFactory(), bank=bank, count=1, difficulty_min=1, difficulty_max=2, tags="网银，手机银行")
    assert papers.section_pool(section) == [easy.pk]
    assert hard.pk not in papers.section_pool(section) and untagged.pk not in papers.section_pool(section)


def test_draft_and_retired_questions_are_never_drawn():
    bank = QuestionBankFactory()
    active = make_question(bank)
    make_question(bank, status=QuestionStatus.DRAFT)
    retire_question(make_question(bank))
    assert papers.section_pool(add_section(ExamBlueprintFactory(), bank=bank, count=1)) == [active.pk]


def test_feasibility_says_which_section_the_bank_cannot_supply():
    bank = QuestionBankFactory()
    for _ in range(3):
        make_question(bank)
    blueprint = ExamBlueprintFactory()
    add_section(blueprint, title="一、单选", bank=bank, count=2)
    add_section(blueprint, title="二、单选", bank=bank, count=5)
    report = papers.check_feasibility(blueprint)
    assert not report.ok
    assert [(s.section.title, s.needed, s.supplied) for s in report.sections if not s.ok] == [("二、单选", 5, 1)]
    assert report.problems and report.problems[0].startswith("二、单选")


def test_feasibility_flags_a_fixed_question_that_was_retired():
    question = make_question()
    blueprint = ExamBlueprintFactory()
    add_section(blueprint, fixed=[question])
    retire_question(question)
    report = papers.check_feasibility(blueprint)
    assert not report.ok and f"#{question.pk}" in " ".join(report.problems)


def test_a_feasible_blueprint_reports_its_size_and_full_marks():
    bank = QuestionBankFactory()
    for _ in range(4):
        make_question(bank)
    blueprint = ExamBlueprintFactory()
    add_section(blueprint, bank=bank, count=4, points="2.5")
    report = papers.check_feasibility(blueprint)
    assert report.ok and report.question_count == 4 and report.max_score == Decimal("10")


def test_the_same_seed_builds_the_same_paper():
    bank = QuestionBankFactory()
    for _ in range(12):
        make_question(bank)
    blueprint = ExamBlueprintFactory()
    add_section(blueprint, bank=bank, count=6)

    def shape(items):
        return [(i.position, i.version_id, tuple(i.option_order)) for i in items]

    first = papers.build_items(blueprint, seed="a" * 32, seen=set())
    assert shape(first) == shape(papers.build_items(blueprint, seed="a" * 32, seen=set()))
    assert shape(first) != shape(papers.build_items(blueprint, seed="b" * 32, seen=set()))
