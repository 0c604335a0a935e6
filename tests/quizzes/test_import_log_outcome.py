"""The import log says what each import did: questions imported, or refused with the bank left unchanged."""

from django.utils import translation

from quizzes.models import QuestionImport


def _record(status, **summary):
    return QuestionImport(file_name="题库.txt", file_format="paper", bank_path="柜员", status=status, summary=summary)


def test_an_applied_import_counts_its_questions():
    with translation.override("zh-hans"):
        label = _record(QuestionImport.Status.APPLIED, create=46, update=0, left_out=4).outcome_label
    assert label == "已导入：新增 46 道试题；另有 4 道有错误的试题未导入"


def test_a_refused_import_says_the_bank_was_not_changed_with_a_singular_in_english():
    with translation.override("en"):
        label = _record(QuestionImport.Status.REJECTED, errors=1).outcome_label
    assert label == "Not imported: 1 error; the bank was not changed"


def test_the_import_preview_names_the_question_type_in_chinese_not_its_code():
    from quizzes.importers import ParsedQuestion
    from quizzes.services.imports import ImportItem

    parsed = ParsedQuestion(3, "fill_blank", "网银的登录地址是____", [], [], [["a"]], None, None)
    item = ImportItem(parsed, "create")
    with translation.override("zh-hans"):
        assert item.type_display == "填空题"
