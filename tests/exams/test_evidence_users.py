"""Evidence is never orphaned: deleting a user who graded is refused (deactivate instead), not a 500, not SET_NULL."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.deletion import ProtectedError
from django.urls import reverse

from quizzes.exams.services import grading
from tests.exams.test_admin import taken  # noqa: F401, F811  (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def graded(examiner, taken):  # noqa: F811
    sitting, attempt, _ = taken
    item = attempt.items.get(position=6)
    grading.grade_short_answer(item, score=Decimal("1"), note="", acting_user=examiner)
    item.refresh_from_db()
    assert item.graded_by_id == examiner.pk
    return item


def test_deleting_a_grader_is_refused_by_the_model_guard(examiner, graded):
    with pytest.raises(ProtectedError), transaction.atomic():
        examiner.delete()
    graded.refresh_from_db()
    assert graded.graded_by_id == examiner.pk


def test_admin_delete_view_refuses_with_a_message_and_keeps_the_user(client, admin_user, examiner, graded):
    client.force_login(admin_user)
    response = client.post(reverse("wagtailusers_users:delete", args=[examiner.pk]), follow=True)
    assert response.status_code == 200
    assert get_user_model().objects.filter(pk=examiner.pk).exists()
    messages = [str(m) for m in response.context["messages"]]
    assert any("Deactivate" in m or "停用" in m for m in messages), messages
    graded.refresh_from_db()
    assert graded.graded_by_id == examiner.pk


def test_a_user_without_evidence_can_still_be_deleted(client, admin_user, hr):
    client.force_login(admin_user)
    client.post(reverse("wagtailusers_users:delete", args=[hr.pk]))
    assert not get_user_model().objects.filter(pk=hr.pk).exists()
