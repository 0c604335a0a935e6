"""The exam page's "saved at" time comes from the server: the portal's language and Asia/Shanghai, not the
browser's locale and clock."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from portal.core.dates import format_time
from quizzes.exams.models import Attempt, AttemptStatus
from tests.factories.exams import machine_marked_exam

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_saved_answer_reports_the_time_formatted_by_the_server(client, candidate_user, candidate, language):
    sitting, _ = machine_marked_exam(employees=[candidate])
    client.force_login(candidate_user)
    with override(language):
        client.post(reverse("exams:sitting", args=[sitting.pk]))
        attempt = Attempt.objects.get(sitting=sitting, status=AttemptStatus.IN_PROGRESS)
        url = reverse("exams:api_save", args=[attempt.pk, 1])
    data = client.post(url, json.dumps({"response": [0], "seq": 1}), content_type="application/json").json()
    saved_at = datetime.datetime.fromisoformat(data["saved_at"])
    assert data["saved_at_display"] == format_time(saved_at, language)
    assert data["saved_at_display"] == timezone.localtime(saved_at).strftime("%H:%M:%S")
    assert "AM" not in data["saved_at_display"] and "PM" not in data["saved_at_display"]
