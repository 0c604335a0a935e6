"""Answer keys, explanations and model answers appear only for ``quizzes.view_answer_key`` on every exam admin
view, inspect view and export: HR sees scores, not keys; editors, reviewers and employees see neither."""

import pytest
from django.urls import reverse

from portal.people.roles import COMPLIANCE_REVIEWER, EDITOR, EMPLOYEE, HR
from tests.exams.test_admin import admin_urls, taken  # noqa: F401  (fixture)
from tests.exams.test_candidate_api import secrets_of_the_paper
from tests.factories.people import user_with_role

pytestmark = pytest.mark.django_db


def key_urls(sitting, attempt):
    urls = admin_urls(sitting, attempt)
    urls["results_csv"] = reverse("exams_results:index") + "?export=csv"
    urls["results_xlsx"] = reverse("exams_results:index") + "?export=xlsx"
    return urls


def body(response):
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


@pytest.mark.parametrize("role", [HR, EDITOR, COMPLIANCE_REVIEWER, EMPLOYEE])
def test_no_role_without_view_answer_key_sees_a_key_on_any_exam_admin_view(client, taken, role):  # noqa: F811
    sitting, attempt, _ = taken
    user = user_with_role(role, username=f"keys_{role.replace(' ', '_').lower()}", employee=(role == EMPLOYEE))
    assert not user.has_perm("quizzes.view_answer_key")
    client.force_login(user)
    secrets = secrets_of_the_paper()
    assert secrets
    for name, url in key_urls(sitting, attempt).items():
        text = body(client.get(url))
        for secret in secrets:
            assert secret not in text, (role, name, secret)
        assert "Right answer" not in text and "正确答案" not in text, (role, name)


def test_hr_still_sees_the_score_on_the_attempt_inspect_view(client, hr, taken):  # noqa: F811
    sitting, attempt, _ = taken
    client.force_login(hr)
    response = client.get(reverse("exams_results:inspect", args=[attempt.pk]))
    assert response.status_code == 200
    assert str(attempt.max_score) in response.content.decode()


def test_examiner_still_sees_the_keys_on_the_attempt_inspect_view(client, examiner, taken):  # noqa: F811
    sitting, attempt, _ = taken
    client.force_login(examiner)
    text = client.get(reverse("exams_results:inspect", args=[attempt.pk])).content.decode()
    assert "Right answer" in text or "正确答案" in text
