"""Role × URL: HR, editor, compliance reviewer and employee get no answer key, explanation or model answer on ANY
admin view, inspect view, export or report of question banks, questions, exams, sittings, results, grading,
statistics and certification. The URLs are walked from the URL map (every named admin route of those areas, its
arguments filled from real data with recognisable keys), exports are opened (Excel unzipped, PDFs turned into
text), and the same walk run as an examiner finds the keys, so the walk can see them."""

import io
import subprocess

import openpyxl
import pytest
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from portal.people.roles import COMPLIANCE_REVIEWER, EDITOR, EMPLOYEE, EXAMINER, HR
from quizzes.certification.models import TheoryResult
from quizzes.exams.models import PracticeBank
from quizzes.models import QuestionType
from tests.exams.test_admin import taken  # noqa: F401  (fixture)
from tests.exams.test_candidate_api import secrets_of_the_paper
from tests.factories.people import user_with_role

pytestmark = pytest.mark.django_db

AREAS = ("question_banks", "questions", "question_categories", "question_imports", "exam_blueprints", "exams_",
         "certification_")
KEY_LABELS = ("Right answer", "正确答案", "Model answer", "参考答案", "Marking guide", "评分要点")


def admin_routes():
    """(name, route) of every named admin URL in the areas above."""
    found = []

    def walk(resolver, prefix, namespaces):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern, prefix + str(pattern.pattern),
                     namespaces + ((pattern.namespace,) if pattern.namespace else ()))
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = ":".join(namespaces + (pattern.name,))
                route = prefix + str(pattern.pattern)
                if route.startswith("admin/") and name.startswith(AREAS):
                    found.append((name, route))

    walk(get_resolver(), "", ())
    return found


def argument_sets(name, data):
    """The argument lists to try for a route (none for a route without arguments)."""
    namespace = name.split(":")[0]
    by_namespace = {
        "question_banks": [[data["bank"].pk]],
        "questions": [[pk] for pk in data["questions"]],
        "question_categories": [[data["bank"].category_id]],
        "exam_blueprints": [[data["sitting"].blueprint_id]],
        "exams_sittings": [[data["sitting"].pk]],
        "exams_results": [[data["attempt"].pk]],
        "exams_grading": [[data["item"].pk], [data["sitting"].pk]],
        "exams_statistics": [[data["sitting"].pk]] + [[pk] for pk in data["questions"]],
        "exams_practice_banks": [[data["practice_bank"].pk]],
        "exams_paper_print": [[data["sitting"].pk, kind] for kind in ("papers", "sheet", "key")],
        "exams_paper_enter": [[data["sitting"].pk, data["candidate"].pk]],
        "certification_theory_results": [[pk] for pk in data["theory_results"]],
    }
    if name == "question_banks:export":
        return [[data["bank"].pk, fmt] for fmt in ("xlsx", "gift")]
    return by_namespace.get(namespace, [])


def walk_urls(data):
    urls = []
    for name, route in admin_routes():
        if "<" not in route:
            url = reverse(name)
            urls.append(url)
            if name.endswith(":index"):
                urls += [url + "?export=csv", url + "?export=xlsx"]
            continue
        for args in argument_sets(name, data):
            try:
                urls.append(reverse(name, args=args))
            except NoReverseMatch:
                continue
    return urls


def text_of(response) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if "spreadsheetml" in kind:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True)
        return "\n".join(str(value) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                         for value in row if value is not None)
    if "pdf" in kind:
        return subprocess.run(["pdftotext", "-layout", "-", "-"], input=raw, capture_output=True,
                              check=True).stdout.decode()
    return raw.decode("utf-8", "replace")


@pytest.fixture
def data(taken, candidate):  # noqa: F811
    sitting, attempt, questions = taken
    bank = questions[QuestionType.SINGLE].bank
    return {
        "sitting": sitting, "attempt": attempt, "candidate": candidate, "bank": bank,
        "item": attempt.items.get(version__type=QuestionType.SHORT_ANSWER),
        "questions": [questions[QuestionType.SHORT_ANSWER].pk, questions[QuestionType.FILL_BLANK].pk,
                      questions[QuestionType.SINGLE].pk],
        "practice_bank": PracticeBank.objects.create(bank=bank, is_open=False),
        "theory_results": list(TheoryResult.objects.filter(employee=candidate).values_list("pk", flat=True)),
    }


def leaks(client, urls, secrets):
    found = []
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, (url, response.status_code)
        if response.status_code != 200:
            continue
        text = text_of(response)
        found += [(url, s) for s in secrets if s in text]
        found += [(url, label) for label in KEY_LABELS if label in text]
    return found


@pytest.mark.parametrize("role", [HR, EDITOR, COMPLIANCE_REVIEWER, EMPLOYEE])
def test_no_role_without_view_answer_key_sees_a_key_on_any_admin_url(client, data, role):
    user = user_with_role(role, username=f"walk_{role.replace(' ', '_').lower()}", employee=(role == EMPLOYEE))
    assert not user.has_perm("quizzes.view_answer_key")
    urls = walk_urls(data)
    assert len(urls) > 150  # the walk covers the areas, not a hand-picked few
    client.force_login(user)
    assert leaks(client, urls, secrets_of_the_paper()) == []


def test_the_same_walk_finds_the_keys_as_an_examiner(client, data):
    client.force_login(user_with_role(EXAMINER, username="walk_examiner"))
    found = {url for url, _ in leaks(client, walk_urls(data), secrets_of_the_paper())}
    assert reverse("exams_results:inspect", args=[data["attempt"].pk]) in found
    assert reverse("question_banks:export", args=[data["bank"].pk, "xlsx"]) in found
    assert reverse("exams_paper_print", args=[data["sitting"].pk, "key"]) in found
