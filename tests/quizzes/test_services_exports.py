"""Exporting a bank to Excel and GIFT, and importing the export back."""

import pytest

from quizzes.models import QuestionStatus, QuestionType
from quizzes.services.exports import ExportRefused, export_bank
from quizzes.services.imports import apply_import
from quizzes.services.questions import retire_question
from tests.factories.quizzes import QuestionBankFactory, make_question, sample_contents

pytestmark = pytest.mark.django_db


def _bank_snapshot(bank):
    rows = []
    for q in bank.questions.select_related("current_version").prefetch_related("tags").order_by("pk"):
        v = q.current_version
        rows.append({
            **{k: v.content()[k] for k in ("type", "stem", "options", "correct", "blanks", "model_answer",
                                          "marking_guide", "explanation", "difficulty", "original_text")},
            "tags": sorted(q.tags.names()),
            "refs": q.knowledge_point_ref_list,
            "section": q.source_section,
        })
    return rows


def _full_bank():
    bank = QuestionBankFactory()
    for i, content in enumerate(sample_contents()):
        make_question(bank, content, tags=["网银", f"第{i}组"], knowledge_point_refs=["《电子银行业务管理办法》第十条"],
                      source_section="单选题" if i == 0 else "")
    return bank


def test_an_excel_export_imports_back_into_the_same_bank_content():
    bank = _full_bank()
    export = export_bank(bank, "xlsx")
    outcome = apply_import(export.data, "xlsx", "复制/题库")
    assert _bank_snapshot(outcome.bank) == _bank_snapshot(bank)


def test_importing_a_bank_s_own_export_with_update_changes_nothing():
    bank = _full_bank()
    export = export_bank(bank, "xlsx")
    outcome = apply_import(export.data, "xlsx", bank.full_path, on_duplicate="update")
    assert outcome.counts["unchanged"] == 6 and outcome.counts["create"] == 0
    assert all(q.versions.count() == 1 for q in bank.questions.all())


def test_a_gift_export_imports_back_for_the_types_gift_can_hold():
    bank = QuestionBankFactory()
    for content in sample_contents():
        if content.type in (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUE_FALSE):
            make_question(bank, content, tags=["网银"])
    export = export_bank(bank, "gift")
    outcome = apply_import(export.data, "gift", "复制/GIFT")
    keys = ("type", "stem", "options", "correct", "explanation")
    copied = [{k: row[k] for k in keys + ("tags",)} for row in _bank_snapshot(outcome.bank)]
    assert copied == [{k: row[k] for k in keys + ("tags",)} for row in _bank_snapshot(bank)]


def test_gift_export_refuses_a_bank_with_an_ordering_question():
    bank = QuestionBankFactory()
    ordering = next(c for c in sample_contents() if c.type == QuestionType.ORDERING)
    make_question(bank, ordering)
    with pytest.raises(ExportRefused):
        export_bank(bank, "gift")
    assert export_bank(bank, "gift", skip_unsupported=True).count == 0


def test_retired_questions_are_left_out_unless_asked_for():
    bank = QuestionBankFactory()
    kept = make_question(bank, sample_contents()[0])
    retire_question(make_question(bank, sample_contents()[1]))
    assert export_bank(bank, "xlsx").count == 1
    assert export_bank(bank, "xlsx", include_retired=True).count == 2
    assert kept.status == QuestionStatus.ACTIVE
