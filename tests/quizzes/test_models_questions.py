"""QuestionVersion and Question: immutability, the candidate view, content rules, queries."""

import pytest

from quizzes.models import (
    FrozenVersionError,
    Question,
    QuestionStatus,
    QuestionType,
    QuestionVersion,
    stem_key_for,
)
from quizzes.services.questions import QuestionContent
from tests.factories.quizzes import (
    QuestionBankFactory,
    QuestionCategoryFactory,
    make_question,
    sample_contents,
)

pytestmark = pytest.mark.django_db


def test_candidate_view_holds_stem_and_options_but_no_key_or_explanation():
    question = make_question()
    view = question.current_version.candidate_view()
    assert set(view) == {"version_id", "question_id", "type", "stem", "options", "blank_count",
                         "prompts", "unit"}
    assert view["options"] == question.current_version.options
    flat = repr(view)
    assert question.current_version.explanation not in flat
    assert "correct" not in flat


def test_candidate_view_of_a_fill_in_gives_the_number_of_blanks_not_the_answers():
    content = next(c for c in sample_contents() if c.type == QuestionType.FILL_BLANK)
    version = make_question(content=content).current_version
    view = version.candidate_view()
    assert view["blank_count"] == 2
    assert "网上银行" not in repr(view)


def test_candidate_view_in_english_uses_the_english_text_where_written():
    content = sample_contents()[0]
    content.stem_en = "What should the customer do first?"
    content.options_en = ["A1", "B1", "C1", "D1"]
    version = make_question(content=content).current_version
    assert version.candidate_view("en")["stem"] == "What should the customer do first?"
    assert version.candidate_view("en")["options"] == ["A1", "B1", "C1", "D1"]
    assert version.candidate_view("zh-hans")["stem"] == content.stem


def test_a_live_version_cannot_be_changed():
    version = make_question(status=QuestionStatus.ACTIVE).current_version
    version.stem = "篡改后的题干"
    with pytest.raises(FrozenVersionError):
        version.save()
    assert QuestionVersion.objects.get(pk=version.pk).stem != "篡改后的题干"


def test_a_live_version_cannot_be_deleted():
    version = make_question(status=QuestionStatus.ACTIVE).current_version
    with pytest.raises(FrozenVersionError):
        version.delete()
    assert QuestionVersion.objects.filter(pk=version.pk).exists()


def test_a_draft_version_can_be_saved():
    version = make_question(status=QuestionStatus.DRAFT).current_version
    version.difficulty = 5
    version.save()
    assert QuestionVersion.objects.get(pk=version.pk).difficulty == 5


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"correct": [0, 1]}, "correct"),
        ({"correct": [7]}, "correct"),
        ({"correct": []}, "correct"),
        ({"options": ["只有一个"] , "correct": [0]}, "options"),
        ({"options": ["甲", "甲", "乙"], "correct": [0]}, "options"),
        ({"stem": "  "}, "stem"),
        ({"difficulty": 6}, "difficulty"),
    ],
)
def test_content_rules_reject_a_broken_single_choice(changes, field):
    content = sample_contents()[0]
    for name, value in changes.items():
        setattr(content, name, value)
    assert field in [name for name, _message in content.errors()]


def test_content_rules_accept_one_question_of_every_type():
    for content in sample_contents():
        assert content.errors() == [], content.type


def test_true_false_must_use_the_fixed_options():
    content = QuestionContent(type="true_false", stem="对吗？", options=["是", "否"], correct=[0])
    assert "options" in [name for name, _m in content.errors()]


def test_stem_key_ignores_spaces_width_case_and_option_order():
    assert stem_key_for("网银 盾（ ）。", ["Ａ甲", "乙"]) == stem_key_for("网银盾（）", ["乙", "a甲"])


def test_stem_key_tells_apart_generic_stems_with_different_options():
    assert stem_key_for("下列说法正确的是（ ）", ["甲", "乙"]) != stem_key_for("下列说法正确的是（ ）", ["丙", "丁"])


def test_questions_in_a_category_include_its_sub_categories():
    root = QuestionCategoryFactory(name="柜员等级")
    child = QuestionCategoryFactory(name="电子银行", parent=root)
    other = QuestionCategoryFactory(name="其他")
    inside = make_question(QuestionBankFactory(category=child))
    outside = make_question(QuestionBankFactory(category=other))
    found = set(Question.objects.in_category(root))
    assert inside in found and outside not in found


def test_bank_full_path_joins_category_names():
    root = QuestionCategoryFactory(name="柜员等级")
    child = QuestionCategoryFactory(name="电子银行", parent=root)
    assert QuestionBankFactory(category=child, name="网银").full_path == "柜员等级/电子银行/网银"


def test_question_filters_for_blueprints_use_the_current_version():
    bank = QuestionBankFactory()
    easy = make_question(bank, sample_contents()[0], tags=["网银"])
    hard = make_question(bank, sample_contents()[5])
    assert list(Question.objects.active().with_difficulty(1, 2)) == [easy]
    assert list(Question.objects.of_type(QuestionType.SHORT_ANSWER)) == [hard]
    assert list(Question.objects.tagged("网银")) == [easy]
