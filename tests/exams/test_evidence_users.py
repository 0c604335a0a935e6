"""Evidence is never orphaned: deleting a user who graded is refused (deactivate instead), not a 500, not SET_NULL."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.deletion import ProtectedError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from wagtail.users.models import UserProfile

from portal.people.roles import EXAMINER
from quizzes.exams.services import grading, paper_entry
from tests.exams.test_admin import taken  # noqa: F401, F811  (fixture)
from tests.exams.test_archives_and_paper import _sheet
from tests.factories.exams import matching_numerical_exam
from tests.factories.people import user_with_role

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


# --- one helper for every kind of evidence (used by the certification, acknowledgement and content tests) -----


def assert_deletion_refused(client, admin_user, user, evidence_label):
    """The ORM path raises ProtectedError, the admin's delete view refuses with the translated message naming
    the evidence (no 500), and the user is still there."""
    with pytest.raises(ProtectedError), transaction.atomic():
        get_user_model().objects.get(pk=user.pk).delete()
    assert get_user_model().objects.filter(pk=user.pk).exists()
    client.force_login(admin_user)
    response = client.post(reverse("wagtailusers_users:delete", args=[user.pk]), follow=True)
    assert response.status_code == 200
    assert get_user_model().objects.filter(pk=user.pk).exists()
    messages = [str(m) for m in response.context["messages"]]
    with translation.override("zh-hans"):  # the admin speaks the user's language, else Chinese
        label = gettext(evidence_label)
    assert any(label in m and ("停用" in m or "Deactivate" in m) for m in messages), (label, messages)


def test_deleting_a_paper_answer_entrant_is_refused(client, admin_user, candidate):
    sitting, _ = matching_numerical_exam(employees=[candidate])
    first = user_with_role(EXAMINER, username="paper_first")
    paper_entry.enter_answers(sitting, candidate, _sheet(sitting, candidate), acting_user=first)
    assert_deletion_refused(client, admin_user, first, "entered paper answer sheets")


def test_the_admin_refusal_is_in_chinese_for_a_chinese_admin(client, admin_user, examiner, graded):
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "zh-hans"
    profile.save()
    client.force_login(admin_user)
    response = client.post(reverse("wagtailusers_users:delete", args=[examiner.pk]), follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert any("停用" in m and "Deactivate" not in m for m in messages), messages


def test_a_grader_can_still_be_deactivated_in_the_admin(client, admin_user, examiner, graded):
    client.force_login(admin_user)
    response = client.post(reverse("wagtailusers_users:edit", args=[examiner.pk]), {
        "username": examiner.username, "email": examiner.email or "grader@bank.example",
        "first_name": examiner.first_name or "阅卷", "last_name": examiner.last_name or "人",
        "password1": "", "password2": "", "groups": list(examiner.groups.values_list("pk", flat=True))})
    assert response.status_code == 302, response.content.decode()[:600]
    examiner.refresh_from_db()
    assert examiner.is_active is False
    graded.refresh_from_db()
    assert graded.graded_by_id == examiner.pk
