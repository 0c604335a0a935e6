"""Examiners write matching, numerical and weighted questions in the admin form (issue 16)."""

import pytest
from django.urls import reverse

from portal.people.roles import EMPLOYEE
from quizzes.models import Question
from tests.factories.people import user_with_role
from tests.factories.quizzes import QuestionBankFactory
from tests.quizzes.test_admin_views import _question_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def examiner_client(client, examiner_user):
    client.force_login(examiner_user)
    return client


def test_examiner_creates_a_matching_question_with_an_extra_answer(examiner_client):
    form = _question_form(QuestionBankFactory(), type="matching", options="", correct="",
                          pairs="个人开户 -> 对私柜台\n对公结算 -> 对公柜台\n-> 理财柜台")
    response = examiner_client.post(reverse("questions:add"), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    version = Question.objects.get().current_version
    assert (version.prompts, version.options, version.correct) == (
        ["个人开户", "对公结算"], ["对私柜台", "对公柜台", "理财柜台"], [0, 1])


def test_examiner_creates_a_numerical_question_with_a_unit_and_partial_credit(examiner_client):
    form = _question_form(QuestionBankFactory(), type="numerical", options="", correct="",
                          numeric="150±0.01\n150±1@50%", unit="元")
    assert examiner_client.post(reverse("questions:add"), form).status_code == 302
    version = Question.objects.get().current_version
    assert version.unit == "元"
    assert version.numeric == [{"value": "150", "tolerance": "0.01", "fraction": "1"},
                               {"value": "150", "tolerance": "1", "fraction": "0.5"}]


def test_examiner_gives_a_multiple_choice_negative_weights(examiner_client):
    form = _question_form(QuestionBankFactory(), type="multiple", correct="AB", weights="A:50%, B:50%, C:-100%")
    assert examiner_client.post(reverse("questions:add"), form).status_code == 302
    assert Question.objects.get().current_version.weights == ["0.5", "0.5", "-1"]


def test_the_form_refuses_an_unreadable_number_and_a_pair_without_an_answer(examiner_client):
    bank = QuestionBankFactory()
    bad_number = _question_form(bank, type="numerical", options="", correct="", numeric="一百五十")
    bad_pair = _question_form(bank, type="matching", options="", correct="", pairs="个人开户 ->\n对公 -> 对公柜台")
    for form in (bad_number, bad_pair):
        assert examiner_client.post(reverse("questions:add"), form).status_code == 200
    assert not Question.objects.exists()


def test_an_employee_cannot_open_the_question_form(client):
    client.force_login(user_with_role(EMPLOYEE, username="emp16", employee=True))
    assert client.get(reverse("questions:add")).status_code in (302, 403)
