"""A staged question file keeps its parsed questions in bounded chunks; the preview and the confirm read
them back one chunk at a time, with the same outcome as one plan of the whole file."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import ModelLogEntry

from portal.core import staging
from portal.core.models import StagedChunk, StagedUpload
from quizzes.audit_actions import CREATE_QUESTION
from quizzes.models import Question
from quizzes.services.imports import ImportRejected, confirm_staged, plan_staged, stage_import
from tests.factories.quizzes import AIKEN_TWO_QUESTIONS
from tests.quizzes.test_import_xlsx import row, workbook

pytestmark = pytest.mark.django_db

BANK = "柜员等级/电子银行"
THREE = AIKEN_TWO_QUESTIONS + """
网银登录密码可以告诉他人吗？
A. 可以
B. 不可以
ANSWER: B
"""


@pytest.fixture
def two_rows_a_chunk(monkeypatch):
    monkeypatch.setattr(staging, "CHUNK_ROWS", 2)


def _stage(data: bytes, fmt: str = "aiken", **kwargs) -> StagedUpload:
    return stage_import(data, file_name="q.txt", fmt=fmt, bank_path=BANK, **kwargs)


def test_a_staged_file_keeps_its_questions_in_chunks_of_at_most_chunk_rows(two_rows_a_chunk):
    staged = _stage(THREE.encode())
    assert [len(rows) for rows in staging.stored_chunks(staged)] == [2, 1]
    assert "questions" not in staged.plan and staged.plan["question_count"] == 3


def test_confirming_a_plan_kept_in_several_chunks_writes_every_question_in_file_order(two_rows_a_chunk):
    outcome = confirm_staged(_stage(THREE.encode()))
    stems = list(outcome.bank.questions.order_by("pk").values_list("current_version__stem", flat=True))
    assert stems == ["网银盾的作用是什么？", "手机银行转账需要什么？", "网银登录密码可以告诉他人吗？"]
    assert outcome.counts["create"] == 3 and outcome.record.summary["questions"] == 3


def test_a_question_repeating_one_from_an_earlier_chunk_is_a_skipped_duplicate(two_rows_a_chunk):
    repeated = AIKEN_TWO_QUESTIONS + "\n" + AIKEN_TWO_QUESTIONS.split("\n\n")[0] + "\n"
    staged = _stage(repeated.encode())
    preview = plan_staged(staged)
    assert preview.counts == {"create": 2, "update": 0, "unchanged": 0, "skip": 1}
    assert preview.items[2].duplicate_of_line == preview.items[0].question.line
    assert confirm_staged(staged).bank.questions.count() == 2


def test_the_preview_keeps_the_first_items_and_counts_and_checks_the_whole_file(two_rows_a_chunk):
    preview = plan_staged(_stage(THREE.encode()), keep_items=1)
    assert len(preview.items) == 1 and preview.counts["create"] == 3 and preview.ok


def test_an_excel_sheet_is_staged_a_chunk_at_a_time_as_its_rows_are_read(two_rows_a_chunk):
    data = workbook(*[row("单选", f"第{n}题：网银盾的作用是什么？", ["保护交易安全", f"装饰{n}"], "A") for n in range(5)])
    staged = _stage(data, fmt="xlsx")
    assert [len(rows) for rows in staging.stored_chunks(staged)] == [2, 2, 1] and staged.issue_count == 0
    assert confirm_staged(staged).bank.questions.count() == 5


def test_an_excel_sheet_refused_part_way_stages_no_question(two_rows_a_chunk, settings):
    settings.PORTAL_UPLOADS = {"MAX_ROWS": 4}
    data = workbook(*[row("单选", f"第{n}题：网银盾的作用是什么？", ["保护交易安全", f"装饰{n}"], "A") for n in range(5)])
    staged = _stage(data, fmt="xlsx")
    assert not StagedChunk.objects.filter(staged=staged).exists()
    assert [e["code"] for e in staged.plan["errors"]] == ["max_rows"] and staged.issue_count == 1


def test_a_stored_chunk_failing_its_check_at_confirm_rolls_back_the_chunks_written_before_it(two_rows_a_chunk):
    staged = _stage(THREE.encode())
    last = StagedChunk.objects.get(staged=staged, number=1)
    last.rows[0]["stem"] = ""
    last.save()
    with pytest.raises(ImportRejected) as rejected:
        confirm_staged(staged)
    assert not Question.objects.exists()
    assert [e.code for e in rejected.value.issues] == ["question.invalid_stem"]
    staged.refresh_from_db()
    assert staged.status == StagedUpload.Status.REJECTED


def test_a_plan_staged_as_one_document_before_chunks_still_confirms_once():
    staged = _stage(AIKEN_TWO_QUESTIONS.encode())
    rows = [row_ for rows in staging.stored_chunks(staged) for row_ in rows]
    StagedChunk.objects.filter(staged=staged).delete()
    StagedUpload.objects.filter(pk=staged.pk).update(plan={**staged.plan, "questions": rows})
    staged.refresh_from_db()
    assert plan_staged(staged).counts["create"] == 2
    assert confirm_staged(staged).bank.questions.count() == 2
    with pytest.raises(ValidationError):
        confirm_staged(staged)


def test_each_imported_questions_log_entry_is_labelled_with_its_number_and_stem(two_rows_a_chunk):
    outcome = confirm_staged(_stage(THREE.encode()))
    labels = ModelLogEntry.objects.filter(action=CREATE_QUESTION).values_list("label", flat=True)
    questions = outcome.bank.questions.select_related("current_version")
    assert sorted(labels) == sorted(f"#{q.pk} {q.current_version.stem[:40]}" for q in questions)
