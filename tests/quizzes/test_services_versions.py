"""The versioning rule: live versions never change; edits write new versions; retiring keeps everything."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import ModelLogEntry

from quizzes.models import Question, QuestionStatus, QuestionVersion
from quizzes.services.questions import (
    QuestionContent,
    activate_question,
    retire_question,
    revise_question,
    set_status,
)
from tests.factories.quizzes import make_question, single_choice

pytestmark = pytest.mark.django_db


def _edited(version: QuestionVersion, **changes) -> QuestionContent:
    content = QuestionContent.from_version(version)
    for name, value in changes.items():
        setattr(content, name, value)
    return content


def test_editing_an_active_question_creates_a_new_version():
    question = make_question(status=QuestionStatus.ACTIVE)
    first = question.current_version
    second = revise_question(question, _edited(first, stem="修改后的题干（ ）"))
    question.refresh_from_db()
    assert (first.number, second.number) == (1, 2)
    assert question.current_version == second
    assert question.versions.count() == 2


def test_the_version_an_attempt_points_to_is_unchanged_after_an_edit():
    question = make_question(status=QuestionStatus.ACTIVE)
    attempt_version_id = question.current_version.pk  # what an attempt's FK holds
    before = QuestionVersion.objects.get(pk=attempt_version_id).content()
    revise_question(question, _edited(question.current_version, stem="新题干（ ）", correct=[2], explanation="新解析"))
    after = QuestionVersion.objects.get(pk=attempt_version_id)
    assert after.content() == before
    assert after.is_frozen


def test_a_new_version_of_an_active_question_is_frozen_at_once():
    question = make_question(status=QuestionStatus.ACTIVE)
    second = revise_question(question, _edited(question.current_version, difficulty=5))
    assert second.is_frozen


def test_editing_a_draft_changes_its_version_in_place():
    question = make_question(status=QuestionStatus.DRAFT)
    version = revise_question(question, _edited(question.current_version, stem="草稿修改（ ）"))
    assert version.number == 1
    assert question.versions.count() == 1
    assert not version.is_frozen


def test_saving_unchanged_content_writes_no_version():
    question = make_question(status=QuestionStatus.ACTIVE)
    revise_question(question, QuestionContent.from_version(question.current_version))
    assert question.versions.count() == 1


def test_activating_freezes_the_current_version():
    question = make_question(status=QuestionStatus.DRAFT)
    activate_question(question)
    question.refresh_from_db()
    assert question.status == QuestionStatus.ACTIVE
    assert question.current_version.is_frozen


def test_retiring_never_deletes_the_question_or_its_versions():
    question = make_question(status=QuestionStatus.ACTIVE)
    revise_question(question, _edited(question.current_version, stem="第二版（ ）"))
    retire_question(question, reason="规章废止")
    question.refresh_from_db()
    assert question.status == QuestionStatus.RETIRED
    assert Question.objects.filter(pk=question.pk).exists()
    assert question.versions.count() == 2
    assert question not in Question.objects.active()


def test_an_active_question_cannot_go_back_to_draft():
    question = make_question(status=QuestionStatus.ACTIVE)
    with pytest.raises(ValidationError):
        set_status(question, QuestionStatus.DRAFT)


def test_invalid_content_is_refused_and_nothing_changes():
    question = make_question(status=QuestionStatus.ACTIVE)
    with pytest.raises(ValidationError):
        revise_question(question, _edited(question.current_version, correct=[9]))
    assert question.versions.count() == 1


def test_english_is_marked_behind_when_only_the_chinese_changes():
    content = single_choice(stem_en="Which is right?", options_en=["a", "b", "c", "d"])
    question = make_question(content=content)
    second = revise_question(question, _edited(question.current_version, stem="中文改了（ ）"))
    assert second.english_outdated
    third = revise_question(question, _edited(second, stem_en="Which is right now?"))
    assert not third.english_outdated


def test_every_change_leaves_an_audit_log_entry():
    question = make_question(status=QuestionStatus.ACTIVE)
    revise_question(question, _edited(question.current_version, stem="再改（ ）"))
    retire_question(question)
    actions = list(ModelLogEntry.objects.for_instance(question).order_by("timestamp", "pk")
                   .values_list("action", flat=True))
    assert actions == [
        "quizzes.question.create",
        "quizzes.question.activate",
        "quizzes.question.new_version",
        "quizzes.question.retire",
    ]
