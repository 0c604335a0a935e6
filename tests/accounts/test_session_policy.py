"""Session policy: idle time-out (never during a timed attempt), status call, browser-close setting."""

import time

import pytest
from django.conf import settings
from django.urls import reverse

from portal.accounts.middleware import LAST_SEEN
from portal.people.roles import EMPLOYEE
from quizzes.exams.services import attempts
from tests.factories.exams import machine_marked_exam
from tests.factories.people import user_with_role

pytestmark = pytest.mark.django_db

PAGE = "/zh-hans/exams/"


def idle_for(client, minutes):
    session = client.session
    session[LAST_SEEN] = time.time() - minutes * 60
    session.save()


@pytest.fixture
def staff(client):
    user = user_with_role(EMPLOYEE, username="idle_user", employee=True)
    client.force_login(user)
    client.get(PAGE)  # first request records the activity
    return user


def test_a_session_idle_past_the_limit_ends_and_goes_to_sign_in(client, staff):
    idle_for(client, settings.PORTAL_SESSION_IDLE_MINUTES + 1)
    response = client.get(PAGE)
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert "_auth_user_id" not in client.session


def test_a_session_used_within_the_limit_stays(client, staff):
    idle_for(client, settings.PORTAL_SESSION_IDLE_MINUTES - 1)
    client.get(PAGE)
    assert "_auth_user_id" in client.session


def test_the_status_call_does_not_count_as_activity(client, staff):
    idle_for(client, 10)
    left = client.get(reverse("session_status")).json()["remaining_seconds"]
    assert left <= (settings.PORTAL_SESSION_IDLE_MINUTES - 10) * 60
    assert client.session[LAST_SEEN] < time.time() - 9 * 60


def test_stay_signed_in_records_activity(client, staff):
    idle_for(client, 10)
    client.post(reverse("session_keepalive"))
    assert client.session[LAST_SEEN] > time.time() - 60


def test_keepalive_needs_post_and_a_signed_in_user(client):
    assert client.get(reverse("session_keepalive")).status_code == 405
    assert client.post(reverse("session_keepalive")).status_code == 401


def test_a_timed_attempt_in_progress_keeps_the_session_alive(client, staff):
    sitting, _ = machine_marked_exam(employees=[staff.employee])
    attempts.start_attempt(sitting, staff.employee)
    idle_for(client, settings.PORTAL_SESSION_IDLE_MINUTES + 5)
    client.get(PAGE)
    assert "_auth_user_id" in client.session


def test_sessions_end_at_browser_close_and_last_a_working_day_at_most():
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True and settings.SESSION_COOKIE_AGE == 10 * 3600


def test_pages_carry_the_warning_with_the_idle_limit_but_no_inline_script(client, staff):
    html = client.get(PAGE).content.decode()
    assert f'data-idle-seconds="{settings.PORTAL_SESSION_IDLE_MINUTES * 60}"' in html
    assert "accounts/session-timeout.js" in html and "<script>" not in html
