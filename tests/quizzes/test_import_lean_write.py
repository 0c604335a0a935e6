"""The import's write (lean bulk inserts, chunk by chunk) gives every new question the rows create_question
would: its own version 1 as current, its tags, and its creation log entry labelled as str(question)."""

import pytest
from wagtail.models import ModelLogEntry

from quizzes.models import Question
from quizzes.services import imports
from quizzes.services.imports import apply_import
from tests.factories.quizzes import AIKEN_TWO_QUESTIONS

pytestmark = pytest.mark.django_db

BANK = "柜员等级/电子银行"
THREE = AIKEN_TWO_QUESTIONS + "\n网银登录密码可以告诉他人吗？\nA. 可以\nB. 不可以\nANSWER: B\n"


def test_each_question_written_chunk_by_chunk_has_its_own_first_version_as_current(monkeypatch):
    monkeypatch.setattr(imports, "WRITE_CHUNK", 2)
    apply_import(THREE.encode(), "aiken", BANK)
    questions = list(Question.objects.select_related("current_version").order_by("pk"))
    assert len(questions) == 3
    assert all(q.current_version.question_id == q.pk and q.current_version.number == 1 for q in questions)


def test_a_question_already_in_the_bank_keeps_its_current_version():
    first = apply_import(AIKEN_TWO_QUESTIONS.encode(), "aiken", BANK)
    kept = {q.pk: q.current_version_id for q in first.bank.questions.all()}
    apply_import(THREE.encode(), "aiken", BANK)
    assert {pk: Question.objects.get(pk=pk).current_version_id for pk in kept} == kept


def test_each_creation_log_entry_is_labelled_as_its_question_names_itself():
    outcome = apply_import(THREE.encode(), "aiken", BANK)
    for question in outcome.bank.questions.select_related("current_version"):
        assert ModelLogEntry.objects.for_instance(question).get().label == str(question)
