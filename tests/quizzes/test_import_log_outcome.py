"""The import log says what each import did: questions imported, or refused with the bank left unchanged."""

from django.utils import translation

from portal.core.models import StagedUpload


def _record(status, issue_count=0, **summary):
    return StagedUpload(kind="quizzes.questions", file_name="题库.txt", status=status, summary=summary,
                        issue_count=issue_count)


def test_an_applied_import_counts_its_questions():
    with translation.override("zh-hans"):
        label = _record(StagedUpload.Status.APPLIED, create=46, update=0, left_out=4).outcome_label
    assert label == "已导入：新增 46 条；另有 4 条有错误未导入"


def test_a_refused_import_says_the_bank_was_not_changed_with_a_singular_in_english():
    with translation.override("en"):
        label = _record(StagedUpload.Status.REJECTED, issue_count=1).outcome_label
    assert label == "Not imported: 1 error; nothing was changed"


def test_the_import_preview_names_the_question_type_in_chinese_not_its_code():
    from quizzes.importers import ParsedQuestion
    from quizzes.services.imports import ImportItem

    parsed = ParsedQuestion(3, "fill_blank", "网银的登录地址是____", [], [], [["a"]], None, None)
    item = ImportItem(parsed, "create")
    with translation.override("zh-hans"):
        assert item.type_display == "填空题"
