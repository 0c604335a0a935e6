"""Answer keys are for Examiners and Administrators only: every question-bank URL refuses everyone else.

Users with admin access but no examiner rights (HR, Editor, Compliance reviewer) get a 403. Users
without admin access at all (Employee) are turned away by Wagtail before any quizzes code runs (a
redirect to the admin login); in both cases no answer, explanation or question text is sent.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from portal.people.roles import ADMINISTRATOR, COMPLIANCE_REVIEWER, EDITOR, EMPLOYEE, EXAMINER, HR
from quizzes.models import Question, QuestionBank, QuestionCategory, QuestionImport, QuestionVersion
from quizzes.permissions import can_export_questions, can_import_questions, can_view_answer_keys
from quizzes.services.imports import stage_import
from tests.factories.people import user_with_role
from tests.factories.quizzes import AIKEN_TWO_QUESTIONS, QuestionBankFactory, make_question, sample_contents

pytestmark = pytest.mark.django_db

NAMESPACES = ("question_categories", "question_banks", "questions", "question_imports")
SECRET_EXPLANATION = "机密解析：依据第九十九条"
SECRET_MODEL_ANSWER = "机密参考答案"


def _quizzes_url_patterns():
    """(namespace, name, converters) of every URL the quizzes admin registers."""

    def walk(patterns, namespace=None):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = namespace
                if p.namespace:
                    ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
                yield from walk(p.url_patterns, ns)
            elif isinstance(p, URLPattern) and namespace in NAMESPACES:
                yield namespace, p.name, dict(p.pattern.converters)

    found = list(walk(get_resolver().url_patterns))
    assert {ns for ns, _n, _c in found} == set(NAMESPACES)
    return found


ALL_URLS = _quizzes_url_patterns()


@pytest.fixture
def bank_data(db):
    bank = QuestionBankFactory()
    question = make_question(bank, sample_contents()[0])
    question.current_version  # noqa: B018
    content = sample_contents()[5]
    content.explanation = SECRET_EXPLANATION
    content.model_answer = SECRET_MODEL_ANSWER
    secret = make_question(bank, content)
    record = stage_import(AIKEN_TWO_QUESTIONS.encode(), file_name="q.txt", fmt="aiken", bank_path="培训/测验")
    return {
        "question_categories": bank.category.pk,
        "question_banks": bank.pk,
        "questions": secret.pk,
        "question_imports": record.pk,
    }


def _url(namespace, name, converters, objects):
    kwargs = {}
    if "pk" in converters:
        kwargs["pk"] = objects[namespace]
    if "fmt" in converters:
        kwargs["fmt"] = "xlsx"
    return reverse(f"{namespace}:{name}", kwargs=kwargs)


def _db_state():
    return (
        QuestionCategory.objects.count(), QuestionBank.objects.count(), Question.objects.count(),
        QuestionVersion.objects.count(), list(QuestionImport.objects.values_list("pk", "status")),
        list(Question.objects.values_list("pk", "status")),
    )


def _assert_refused(response, *, has_admin_access):
    body = response.content.decode("utf-8", "replace") if not getattr(response, "streaming", False) else ""
    assert SECRET_EXPLANATION not in body and SECRET_MODEL_ANSWER not in body
    if has_admin_access:
        assert response.status_code in (403, 404), response.status_code
    else:
        assert response.status_code in (302, 403, 404)
        if response.status_code == 302:
            assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize("role", [EMPLOYEE, HR, EDITOR, COMPLIANCE_REVIEWER])
@pytest.mark.parametrize("namespace, name, converters", ALL_URLS, ids=[f"{n}:{m}" for n, m, _c in ALL_URLS])
def test_non_examiners_are_refused_on_every_question_bank_url(client, bank_data, role, namespace, name, converters):
    client.force_login(user_with_role(role))
    url = _url(namespace, name, converters, bank_data)
    _assert_refused(client.get(url), has_admin_access=role != EMPLOYEE)


@pytest.mark.parametrize("role", [EMPLOYEE, HR, EDITOR])
@pytest.mark.parametrize("namespace, name, converters", ALL_URLS, ids=[f"{n}:{m}" for n, m, _c in ALL_URLS])
def test_non_examiners_cannot_change_anything_by_posting(client, bank_data, role, namespace, name, converters):
    client.force_login(user_with_role(role))
    before = _db_state()
    url = _url(namespace, name, converters, bank_data)
    _assert_refused(client.post(url, {"name": "x", "status": "retired"}), has_admin_access=role != EMPLOYEE)
    assert _db_state() == before


@pytest.mark.parametrize("namespace, name, converters", ALL_URLS, ids=[f"{n}:{m}" for n, m, _c in ALL_URLS])
def test_anonymous_visitors_are_sent_to_the_login_page(client, bank_data, namespace, name, converters):
    response = client.get(_url(namespace, name, converters, bank_data))
    _assert_refused(response, has_admin_access=False)


@pytest.mark.parametrize("role", [EXAMINER, ADMINISTRATOR])
def test_examiners_and_administrators_see_the_answer_key(client, bank_data, role):
    client.force_login(user_with_role(role))
    response = client.get(reverse("questions:inspect", args=[bank_data["questions"]]))
    assert response.status_code == 200
    assert SECRET_EXPLANATION in response.content.decode() and SECRET_MODEL_ANSWER in response.content.decode()


@pytest.mark.parametrize(
    "role, allowed", [(EMPLOYEE, False), (HR, False), (EDITOR, False), (COMPLIANCE_REVIEWER, False),
                      (EXAMINER, True), (ADMINISTRATOR, True)],
)
def test_only_examiners_and_administrators_may_see_import_and_export_answer_keys(role, allowed):
    user = user_with_role(role)
    assert can_view_answer_keys(user) is allowed
    assert can_import_questions(user) is allowed
    assert can_export_questions(user) is allowed


def test_an_inactive_examiner_may_not_see_answer_keys():
    user = user_with_role(EXAMINER, is_active=False)
    assert not can_view_answer_keys(user)


def test_the_candidate_view_never_carries_the_key_of_any_question_type(bank_data):
    for content in sample_contents():
        version = make_question(content=content).current_version
        view = version.candidate_view()
        assert "correct" not in view and "explanation" not in view and "blanks" not in view
        for secret in (version.explanation, version.model_answer, version.marking_guide):
            if secret:
                assert secret not in repr(view)
