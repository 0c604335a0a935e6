"""Importing question files: preview writes nothing, apply is all or nothing, duplicates skip or update."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from portal.core.models import StagedUpload
from quizzes.models import (
    Question,
    QuestionBank,
    QuestionCategory,
    QuestionStatus,
    QuestionVersion,
)
from quizzes.services import imports
from quizzes.services.imports import ImportRejected, apply_import, confirm_staged, plan_import, stage_import
from tests.factories.quizzes import AIKEN_ONE_BAD, AIKEN_TWO_QUESTIONS

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
BANK = "柜员等级/电子银行"


def _aiken(text: str) -> bytes:
    return text.encode("utf-8")


def _snapshot():
    return (
        sorted(QuestionBank.objects.values_list("pk", "name")),
        sorted(QuestionCategory.objects.values_list("pk", "name")),
        sorted(Question.objects.values_list("pk", "status", "current_version_id")),
        sorted(QuestionVersion.objects.values_list("pk", "stem", "correct")),
    )


def test_a_preview_writes_nothing():
    plan = plan_import(_aiken(AIKEN_TWO_QUESTIONS), "aiken", BANK)
    assert plan.ok and plan.counts["create"] == 2
    assert not QuestionBank.objects.exists() and not Question.objects.exists()


def test_importing_creates_the_bank_and_active_questions():
    outcome = apply_import(_aiken(AIKEN_TWO_QUESTIONS), "aiken", BANK, file_name="quiz.txt")
    assert outcome.bank_created and outcome.bank.full_path == BANK
    questions = list(outcome.bank.questions.select_related("current_version"))
    assert [q.current_version.options for q in questions] == [["保护交易安全", "装饰"], ["交易密码", "生日"]]
    assert all(q.status == QuestionStatus.ACTIVE and q.current_version.is_frozen for q in questions)
    assert questions[0].source_file == "quiz.txt"


def test_importing_as_drafts_leaves_versions_unfrozen():
    outcome = apply_import(_aiken(AIKEN_TWO_QUESTIONS), "aiken", BANK, activate=False)
    assert {q.status for q in outcome.bank.questions.all()} == {QuestionStatus.DRAFT}


def test_a_file_with_one_bad_question_imports_nothing_and_leaves_the_bank_unchanged():
    apply_import(_aiken(AIKEN_TWO_QUESTIONS), "aiken", BANK)
    before = _snapshot()
    with pytest.raises(ImportRejected) as rejected:
        apply_import(_aiken(AIKEN_ONE_BAD + "\n新题？\nA. 甲\nB. 乙\nANSWER: B\n"), "aiken", BANK)
    assert [e.line for e in rejected.value.plan.errors] == [11]
    assert _snapshot() == before


def test_a_rejected_import_does_not_create_the_bank_path():
    with pytest.raises(ImportRejected):
        apply_import(_aiken(AIKEN_ONE_BAD), "aiken", "新类别/新题库")
    assert not QuestionBank.objects.exists() and not QuestionCategory.objects.exists()


def test_a_failure_while_writing_rolls_back_every_question(monkeypatch):
    def fail_after_questions_are_written(*args, **kwargs):
        assert Question.objects.exists()  # the questions and versions are already in the transaction
        raise RuntimeError("disk full")

    monkeypatch.setattr(imports, "_add_tags", fail_after_questions_are_written)
    with pytest.raises(RuntimeError):
        apply_import(_aiken(AIKEN_TWO_QUESTIONS), "aiken", BANK)
    assert not Question.objects.exists() and not QuestionBank.objects.exists()


def test_imported_questions_have_tags_links_and_a_creation_log_entry():
    from wagtail.models import ModelLogEntry

    outcome = apply_import(_aiken(AIKEN_TWO_QUESTIONS), "aiken", BANK)
    question = outcome.bank.questions.order_by("pk").first()
    assert ModelLogEntry.objects.for_instance(question).get().action == "quizzes.question.create"
    assert question.current_version.number == 1 and question.current_version.is_frozen


def test_seed_paper_bank_with_defects_is_refused_whole():
    data = (FIXTURES / "paper_teller_grade_bank.txt").read_bytes()
    with pytest.raises(ImportRejected) as rejected:
        apply_import(data, "paper", BANK)
    assert rejected.value.plan.errors and all(e.line > 0 for e in rejected.value.plan.errors)
    assert not Question.objects.exists()


def test_seed_survey_export_imports_every_question():
    data = (FIXTURES / "wjx_training_exam.txt").read_bytes()
    outcome = apply_import(data, "wjx", BANK)
    assert outcome.bank.questions.count() == len(plan_import(data, "wjx", BANK).items) == 8


def test_duplicates_are_skipped_by_default():
    apply_import(_aiken(AIKEN_TWO_QUESTIONS), "aiken", BANK)
    plan = plan_import(_aiken(AIKEN_TWO_QUESTIONS), "aiken", BANK)
    assert plan.counts == {"create": 0, "update": 0, "unchanged": 0, "skip": 2}
    assert all(item.existing_id for item in plan.duplicates)
    apply_import(_aiken(AIKEN_TWO_QUESTIONS), "aiken", BANK)
    assert Question.objects.count() == 2 and QuestionVersion.objects.count() == 2


def test_duplicates_with_update_write_a_new_version_where_the_key_changed():
    apply_import(_aiken(AIKEN_TWO_QUESTIONS), "aiken", BANK)
    changed = AIKEN_TWO_QUESTIONS.replace("ANSWER: A\n\n手机", "ANSWER: B\n\n手机")
    outcome = apply_import(_aiken(changed), "aiken", BANK, on_duplicate="update")
    assert outcome.counts == {"create": 0, "update": 1, "unchanged": 1, "skip": 0}
    first = Question.objects.order_by("pk").first()
    assert first.current_version.number == 2 and first.current_version.correct == [1]
    assert first.versions.get(number=1).correct == [0]


def test_updating_from_a_file_keeps_the_english_version():
    apply_import(_aiken(AIKEN_TWO_QUESTIONS), "aiken", BANK)
    question = Question.objects.order_by("pk").first()
    from quizzes.services.questions import QuestionContent, revise_question

    content = QuestionContent.from_version(question.current_version)
    content.stem_en = "What is a USB key for?"
    revise_question(question, content)
    changed = AIKEN_TWO_QUESTIONS.replace("ANSWER: A\n\n手机", "ANSWER: B\n\n手机")
    apply_import(_aiken(changed), "aiken", BANK, on_duplicate="update")
    question.refresh_from_db()
    assert question.current_version.stem_en == "What is a USB key for?"
    assert question.current_version.correct == [1]


def test_a_question_repeated_in_the_same_file_is_reported_and_skipped():
    twice = AIKEN_TWO_QUESTIONS + "\n" + AIKEN_TWO_QUESTIONS.split("\n\n")[0] + "\n"
    plan = plan_import(_aiken(twice), "aiken", BANK)
    assert [(i.action, i.duplicate_of_line) for i in plan.items] == [("create", None), ("create", None), ("skip", 1)]
    apply_import(_aiken(twice), "aiken", BANK)
    assert Question.objects.count() == 2


def test_an_empty_bank_path_is_an_error_not_a_crash():
    plan = plan_import(_aiken(AIKEN_TWO_QUESTIONS), "aiken", "  ")
    assert not plan.ok


def test_confirming_a_staged_upload_reparses_the_stored_bytes():
    record = stage_import(_aiken(AIKEN_TWO_QUESTIONS), file_name="q.txt", fmt="aiken", bank_path=BANK)
    outcome = confirm_staged(record)
    record.refresh_from_db()
    assert record.status == StagedUpload.Status.APPLIED
    assert record.summary["create"] == 2
    assert outcome.bank.questions.count() == 2


def test_a_staged_upload_cannot_be_confirmed_twice():
    record = stage_import(_aiken(AIKEN_TWO_QUESTIONS), file_name="q.txt", fmt="aiken", bank_path=BANK)
    confirm_staged(record)
    with pytest.raises(ValidationError):
        confirm_staged(record)
    assert Question.objects.count() == 2


def test_confirming_a_staged_upload_with_errors_marks_it_rejected():
    record = stage_import(_aiken(AIKEN_ONE_BAD), file_name="q.txt", fmt="aiken", bank_path=BANK)
    with pytest.raises(ImportRejected):
        confirm_staged(record)
    record.refresh_from_db()
    assert record.status == StagedUpload.Status.REJECTED
    assert not Question.objects.exists()
