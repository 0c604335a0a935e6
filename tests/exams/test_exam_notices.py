"""Candidates are told when their result is final (after grading) and when a sitting they may take opens;
My tasks lists the open sittings they may take, with their deadline."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from portal.notifications.models import Notification
from quizzes.exams.services import grading
from quizzes.exams.services.notices import notify_opened
from tests.exams.conftest import minutes
from tests.exams.test_marking import take_all_right
from tests.factories.exams import SittingFactory, exam_with_all_types

pytestmark = pytest.mark.django_db


def test_grading_the_last_answer_tells_the_candidate_once_with_the_score(candidate, examiner, now):
    sitting, _ = exam_with_all_types(employees=[candidate], pass_mark=Decimal("10"), review_policy="score_only")
    attempt = take_all_right(sitting, candidate, now)
    assert not Notification.objects.exists()  # handed in, still waiting for the grader
    item = grading.queue().get()
    grading.grade_short_answer(item, score="1.5", acting_user=examiner, now=now + minutes(30))
    grading.grade_short_answer(item, score="2", acting_user=examiner, now=now + minutes(31))  # a correction
    notice = Notification.objects.get()
    assert notice.user == candidate.user and notice.kind == Notification.Kind.GRADING_DONE
    assert notice.params["score"] == "11.50" and notice.params["passed"] is True
    assert notice.link == {"name": "exams:result", "args": [attempt.pk]}


def test_the_notice_keeps_a_score_the_review_policy_hides(candidate, examiner, now):
    sitting, _ = exam_with_all_types(employees=[candidate], review_policy="none")
    take_all_right(sitting, candidate, now)
    grading.grade_short_answer(grading.queue().get(), score="1", acting_user=examiner, now=now)
    notice = Notification.objects.get()
    assert "score" not in notice.params and "passed" not in notice.params


def test_an_open_sitting_is_announced_once_to_its_candidates_only(candidate, other_candidate):
    sitting = SittingFactory(employees=[candidate])
    SittingFactory(employees=[other_candidate], opens_at=timezone.now() + datetime.timedelta(days=1),
                   closes_at=timezone.now() + datetime.timedelta(days=2))  # not open yet
    assert notify_opened() == 1
    call_command("exams_notify_opened", stdout=open("/dev/null", "w"))  # the scheduled job: nothing new
    notice = Notification.objects.get()
    assert notice.user == candidate.user and notice.key == f"sitting:{sitting.pk}:opened"


def test_my_tasks_lists_the_open_exam_with_its_deadline(client, candidate, other_candidate):
    sitting = SittingFactory(employees=[candidate], title="柜员季度考试")
    client.force_login(candidate.user)
    html = client.get("/zh-hans/my/tasks/").content.decode()
    assert 'id="exams"' in html, html[html.find("<main"):][:3000]
    section = html[html.find('id="exams"'):]
    assert "柜员季度考试" in section, section[:2000]
    assert reverse("exams:sitting", args=[sitting.pk]) in html
    assert timezone.localtime(sitting.closes_at).strftime("%H:%M") in html
    client.force_login(other_candidate.user)
    assert "柜员季度考试" not in client.get("/zh-hans/my/tasks/").content.decode()
