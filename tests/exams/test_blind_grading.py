"""Graders see no candidate identity for answers awaiting grading (queue, attempt inspect, results and exports)
until the sitting's identities are released through an audited POST."""

import io

import openpyxl
import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from quizzes.exams.models import Attempt, AttemptEvent
from tests.exams.test_admin import taken  # noqa: F401, F811  (fixture)

pytestmark = pytest.mark.django_db


def grader_pages(sitting, attempt):
    return [
        reverse("exams_grading:index"),
        reverse("exams_grading:index") + f"?sitting={sitting.pk}",
        reverse("exams_results:inspect", args=[attempt.pk]),
        reverse("exams_results:index"),
        reverse("exams_results:index") + "?export=csv",
    ]


def text_of(response):
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def test_grader_sees_no_name_before_release_and_sees_it_after(client, examiner, candidate, taken):  # noqa: F811
    sitting, attempt, _ = taken
    assert attempt.items.filter(score__isnull=True).exists()
    client.force_login(examiner)
    for url in grader_pages(sitting, attempt):
        response = client.get(url)
        assert response.status_code == 200, url
        body = text_of(response)
        assert candidate.name not in body, url
        assert candidate.employee_number not in body, url

    assert client.get(reverse("exams_grading:release_identities", args=[sitting.pk])).status_code == 405
    response = client.post(reverse("exams_grading:release_identities", args=[sitting.pk]))
    assert response.status_code == 302
    sitting.refresh_from_db()
    assert sitting.identities_released_at is not None
    entry = ModelLogEntry.objects.get(action="exams.sitting.release_identities")
    assert entry.user_id == examiner.pk and entry.object_id == str(sitting.pk)

    assert candidate.name in text_of(client.get(reverse("exams_results:inspect", args=[attempt.pk])))
    assert candidate.name in text_of(client.get(reverse("exams_results:index") + "?export=csv"))


def test_hr_who_does_not_grade_still_sees_names(client, hr, candidate, taken):  # noqa: F811
    sitting, attempt, _ = taken
    client.force_login(hr)
    assert candidate.name in text_of(client.get(reverse("exams_results:inspect", args=[attempt.pk])))
    assert client.post(reverse("exams_grading:release_identities", args=[sitting.pk])).status_code in (302, 403)
    sitting.refresh_from_db()
    assert sitting.identities_released_at is None


IP = "10.23.45.67"


def identity_of(candidate):
    return [candidate.name, candidate.employee_number, candidate.org_unit.name, IP]


def grader_urls(sitting, attempt, item):
    return grader_pages(sitting, attempt) + [
        reverse("exams_results:index") + "?export=xlsx",
        reverse("exams_grading:grade", args=[item.pk]),
        reverse("exams_statistics:sitting", args=[sitting.pk]),
        reverse("exams_statistics:question", args=[item.version.question_id]),
    ]


def xlsx_or_text(response):
    if "spreadsheetml" in response.get("Content-Type", ""):
        raw = b"".join(response.streaming_content) if response.streaming else response.content
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True)
        return "\n".join(str(v) for s in book.worksheets for r in s.iter_rows(values_only=True) for v in r if v)
    return text_of(response)


def test_grader_sees_no_name_number_unit_or_address_anywhere_before_release(client, examiner, candidate,
                                                                           taken):  # noqa: F811
    sitting, attempt, _ = taken
    Attempt.objects.filter(pk=attempt.pk).update(ip_address=IP)
    AttemptEvent.objects.filter(attempt=attempt).update(ip_address=IP)
    item = attempt.items.get(score__isnull=True)
    client.force_login(examiner)
    for url in grader_urls(sitting, attempt, item):
        response = client.get(url)
        assert response.status_code == 200, url
        text = xlsx_or_text(response)
        for secret in identity_of(candidate):
            assert secret not in text, (url, secret)


def test_after_release_the_grader_sees_the_address_on_the_attempt(client, examiner, candidate, taken):  # noqa: F811
    sitting, attempt, _ = taken
    AttemptEvent.objects.filter(attempt=attempt).update(ip_address=IP)
    client.force_login(examiner)
    client.post(reverse("exams_grading:release_identities", args=[sitting.pk]))
    text = text_of(client.get(reverse("exams_results:inspect", args=[attempt.pk])))
    assert IP in text and candidate.name in text
