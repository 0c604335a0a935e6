"""manage.py import_regulation FILE [--dry-run] [--json] [--parent INDEX] [--publish] [--title T] [--user U]."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Page

from content.models import RegulationPage
from tests.content.import_regulation_texts import BAD_INPUTS, DOCUMENT_NUMBER, REGULATION, REVISED, TITLE
from tests.factories import content as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def index():
    return f.regulation_index()


@pytest.fixture
def write(tmp_path):
    def write(data, name="rules.txt"):
        path = tmp_path / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return str(path)

    return write


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_regulation", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(*args):
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_regulation", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue(), failure.value


def test_dry_run_json_prints_exactly_the_documented_shape(write):
    out, _err = run(write(REGULATION), "--dry-run", "--json")
    data = json.loads(out)
    assert data == {
        "title": TITLE,
        "document_number": DOCUMENT_NUMBER,
        "effective_date": "2024-03-01",
        "chapters": [{"number": 1, "title": "总则"}, {"number": 2, "title": "业务办理"}, {"number": 3, "title": "附则"}],
        "sections": [{"chapter": 2, "number": 1, "title": "开户"}, {"chapter": 2, "number": 2, "title": "变更"}],
        "articles": [
            {"number": 1, "chapter": 1, "section": None, "text": "为规范电子银行业务，制定本规程。"},
            {"number": 2, "chapter": 1, "section": None, "text": "本规程适用于全行电子银行业务。"},
            {"number": 3, "chapter": 2, "section": 1, "text": "客户办理开户，应当提交下列资料：（一）身份证件；（二）申请表。"},
            {"number": 4, "chapter": 2, "section": 1, "text": "依照本规程第三条规定的资料不全的，不予办理。"},
            {"number": 5, "chapter": 2, "section": 2, "text": "变更签约信息的，参照第三条办理。"},
            {"number": 6, "chapter": 3, "section": None, "text": "本规程自2024年3月1日起施行。"},
        ],
        "errors": [],
    }


def test_dry_run_writes_nothing_even_with_a_parent(write, index):
    pages = Page.objects.count()
    run(write(REGULATION), "--dry-run", "--json", "--parent", str(index.pk))
    assert Page.objects.count() == pages


@pytest.mark.parametrize("name", list(BAD_INPUTS))
def test_dry_run_json_reports_bad_input_with_its_line_and_exits_non_zero(write, name):
    data, line = BAD_INPUTS[name]
    out, _err, failure = run_failing(write(data), "--dry-run", "--json")
    assert failure.returncode != 0
    errors = json.loads(out)["errors"]
    assert errors and errors[0]["line"] == line and errors[0]["message"]


@pytest.mark.parametrize("name", list(BAD_INPUTS))
def test_bad_input_is_refused_and_creates_nothing(write, index, name):
    data, line = BAD_INPUTS[name]
    pages = Page.objects.count()
    out, _err, failure = run_failing(write(data), "--parent", str(index.pk))
    assert "nothing was imported" in str(failure)
    assert f"ERROR line {line}:" in out
    assert Page.objects.count() == pages


def test_import_creates_a_draft_under_the_parent_by_id(write, index):
    _out, err = run(write(REGULATION), "--parent", str(index.pk))
    page = RegulationPage.objects.get(document_number=DOCUMENT_NUMBER)
    assert page.get_parent().pk == index.pk and not page.live
    assert "Created" in err and f"/pages/{page.pk}/edit/" in err


def test_import_finds_the_parent_by_slug_path_and_publishes(write, index):
    run(write(REGULATION), "--parent", index.slug, "--publish")
    page = RegulationPage.objects.get(document_number=DOCUMENT_NUMBER)
    assert page.live and page.get_parent().pk == index.pk


def test_slug_path_prefers_the_chinese_index_when_both_languages_have_it(write, index):
    f.translate(index, title="Rules")
    run(write(REGULATION), "--parent", f"/{index.slug}/")
    assert RegulationPage.objects.get(document_number=DOCUMENT_NUMBER).get_parent().pk == index.pk


def test_import_without_parent_is_refused(write):
    _out, _err, failure = run_failing(write(REGULATION))
    assert "--parent" in str(failure)
    assert not RegulationPage.objects.exists()


def test_unknown_parent_is_refused(write, index):
    _out, _err, failure = run_failing(write(REGULATION), "--parent", "no-such-index")
    assert "no regulation index" in str(failure)


def test_reimport_updates_the_page_with_the_same_document_number(write, index):
    run(write(REGULATION), "--parent", str(index.pk), "--publish")
    page = RegulationPage.objects.get(document_number=DOCUMENT_NUMBER)
    pks = {a.number: a.pk for a in page.articles.all()}
    _out, err = run(write(REVISED, "revised.txt"), "--parent", str(index.pk), "--publish")
    assert "Updated" in err
    page = RegulationPage.objects.get(document_number=DOCUMENT_NUMBER)
    assert {a.number: a.pk for a in page.articles.all() if a.number in pks} == pks
    assert page.articles.count() == 7


def test_a_gb18030_file_is_imported_with_a_note(write, index):
    _out, err = run(write(REGULATION.encode("gb18030")), "--parent", str(index.pk))
    assert "GB18030" in err
    assert RegulationPage.objects.get(document_number=DOCUMENT_NUMBER).title == TITLE


def test_a_missing_file_is_a_clear_error(tmp_path):
    _out, _err, failure = run_failing(str(tmp_path / "missing.txt"), "--dry-run")
    assert "cannot read" in str(failure)
