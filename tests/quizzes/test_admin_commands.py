"""The import_questions and export_questions management commands."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from quizzes.importers import parse_questions
from quizzes.models import Question, QuestionBank
from tests.factories.quizzes import (
    AIKEN_ONE_BAD,
    AIKEN_TWO_QUESTIONS,
    QuestionBankFactory,
    make_question,
    sample_contents,
)

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"


def _run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _write(tmp_path, text: str, name="quiz.txt") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_dry_run_json_prints_exactly_the_parser_result_and_writes_nothing(tmp_path):
    path = _write(tmp_path, AIKEN_TWO_QUESTIONS)
    out, _err = _run("import_questions", path, "--format", "aiken", "--bank", "培训/测验", "--dry-run", "--json")
    assert json.loads(out) == parse_questions(AIKEN_TWO_QUESTIONS.encode(), "aiken").to_json_dict()
    assert not QuestionBank.objects.exists() and not Question.objects.exists()


def test_dry_run_json_output_has_the_documented_shape(tmp_path):
    path = str(FIXTURES / "wjx_training_exam.txt")
    out, _err = _run("import_questions", path, "--format", "wjx", "--bank", "培训/测验", "--dry-run", "--json")
    payload = json.loads(out)
    assert set(payload) == {"questions", "errors"}
    keys = {"line", "type", "stem", "options", "correct", "blanks", "model_answer", "explanation",
            "weights", "pairs", "numeric"}
    assert all(set(q) == keys for q in payload["questions"])
    assert payload["errors"] == []


def test_dry_run_with_errors_exits_non_zero_after_printing_the_json(tmp_path):
    path = _write(tmp_path, AIKEN_ONE_BAD)
    out = io.StringIO()
    with translation.override("en"), pytest.raises(CommandError) as raised:
        call_command("import_questions", path, "--format", "aiken", "--bank", "培训/测验", "--dry-run", "--json",
                     stdout=out, stderr=io.StringIO())
    assert raised.value.returncode != 0
    assert json.loads(out.getvalue())["errors"] == [
        {"line": 11, "code": "aiken.missing_answer", "message": "the question ends without an “ANSWER:” line"}]
    assert not Question.objects.exists()


def test_import_writes_the_questions(tmp_path):
    path = _write(tmp_path, AIKEN_TWO_QUESTIONS)
    _run("import_questions", path, "--format", "aiken", "--bank", "培训/测验")
    assert QuestionBank.objects.get().full_path == "培训/测验"
    assert Question.objects.count() == 2


def test_import_with_an_error_writes_nothing_and_fails(tmp_path):
    path = _write(tmp_path, AIKEN_ONE_BAD)
    with pytest.raises(CommandError):
        _run("import_questions", path, "--format", "aiken", "--bank", "培训/测验")
    assert not Question.objects.exists() and not QuestionBank.objects.exists()


def test_import_reports_duplicates_and_updates_them_on_request(tmp_path):
    path = _write(tmp_path, AIKEN_TWO_QUESTIONS)
    _run("import_questions", path, "--format", "aiken", "--bank", "培训/测验")
    changed = _write(tmp_path, AIKEN_TWO_QUESTIONS.replace("ANSWER: A\n\n手机", "ANSWER: B\n\n手机"), "v2.txt")
    _out, err = _run("import_questions", changed, "--format", "aiken", "--bank", "培训/测验")
    assert err.count("duplicate") == 2
    assert Question.objects.order_by("pk").first().current_version.correct == [0]
    _run("import_questions", changed, "--format", "aiken", "--bank", "培训/测验", "--on-duplicate", "update")
    assert Question.objects.order_by("pk").first().current_version.correct == [1]


def test_export_then_import_reproduces_the_bank(tmp_path):
    bank = QuestionBankFactory()
    for content in sample_contents():
        make_question(bank, content)
    out_file = tmp_path / "bank.xlsx"
    _run("export_questions", "--bank", bank.full_path, "--format", "xlsx", str(out_file))
    _run("import_questions", str(out_file), "--format", "xlsx", "--bank", "复制/题库")
    copy = QuestionBank.objects.get(name="题库")
    original = [q.current_version.content() for q in bank.questions.order_by("pk")]
    copied = [q.current_version.content() for q in copy.questions.order_by("pk")]
    assert copied == original


def test_export_of_an_unknown_bank_fails(tmp_path):
    with pytest.raises(CommandError):
        _run("export_questions", "--bank", "没有/这个", "--format", "xlsx", str(tmp_path / "x.xlsx"))
