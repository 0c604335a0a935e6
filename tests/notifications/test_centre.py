"""The notification centre: one notice per event, private to its user, marked read by POST, in the reader's
language, with an unread badge in the portal header and the admin menu, mailed when mail is configured."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from wagtail.users.models import UserProfile

from portal.notifications import kinds, services
from portal.notifications.models import Notification
from portal.people.roles import EMPLOYEE, HR
from tests.factories.people import user_with_role

pytestmark = pytest.mark.django_db

Kind = Notification.Kind


@pytest.fixture
def alice(db):
    return user_with_role(EMPLOYEE, username="alice", employee=True, email="alice@bank.example")


@pytest.fixture
def bob(db):
    return user_with_role(EMPLOYEE, username="bob", employee=True, email="bob@bank.example")


def exam_open(user, key="sitting:1:opened", **kwargs):
    return services.notify(
        user, Kind.EXAM_OPENED, key=key,
        params={"exam": "柜员业务考试", "exam_en": "Teller exam", "closes": "2026-12-24T18:00:00+08:00"},
        link={"name": "exams:mine"}, **kwargs,
    )


def test_the_same_event_notifies_once(alice):
    assert exam_open(alice) is not None
    assert exam_open(alice) is None
    assert Notification.objects.filter(user=alice).count() == 1


def test_a_notice_reads_in_the_readers_language(alice):
    notice = exam_open(alice, email=False)
    with translation.override("en"):
        assert kinds.headline(notice) == "Exam open: “Teller exam”"
        assert "24 Dec 2026" in kinds.detail(notice)
    with translation.override("zh-hans"):
        assert "柜员业务考试" in kinds.headline(notice) and "Exam" not in kinds.headline(notice)
        assert "2026年12月24日" in kinds.detail(notice)


def test_the_mail_goes_in_the_users_language_once(alice, django_capture_on_commit_callbacks):
    alice.employee.language = "en"
    alice.employee.save()
    with django_capture_on_commit_callbacks(execute=True):
        notice = exam_open(alice)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["alice@bank.example"]
    assert "Teller exam" in mail.outbox[0].subject and "/en/exams/" in mail.outbox[0].body
    assert services.send_email(notice.pk) is False  # already mailed
    assert len(mail.outbox) == 1


def test_the_header_badge_counts_only_my_unread_notices(client, alice, bob):
    exam_open(alice, email=False)
    exam_open(alice, key="sitting:2:opened", email=False)
    exam_open(bob, email=False)
    client.force_login(alice)
    html = client.get(reverse("notifications:list")).content.decode()
    assert 'data-unread="2"' in html
    assert "柜员业务考试" in html


def test_nobody_can_mark_or_open_anothers_notice(client, alice, bob):
    notice = exam_open(bob, email=False)
    client.force_login(alice)
    assert client.post(reverse("notifications:mark_read", args=[notice.pk])).status_code == 404
    assert client.post(reverse("notifications:mark_all_read")).status_code == 302
    notice.refresh_from_db()
    assert notice.read_at is None
    assert "柜员业务考试" not in client.get(reverse("notifications:list")).content.decode()


def test_marking_read_needs_a_post_and_opening_goes_to_the_target(client, alice):
    notice = exam_open(alice, email=False)
    client.force_login(alice)
    assert client.get(reverse("notifications:mark_read", args=[notice.pk])).status_code == 405
    response = client.post(reverse("notifications:mark_read", args=[notice.pk]), {"open": "1"})
    assert response["Location"] == reverse("exams:mine")
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_mark_all_read_clears_the_badge(client, alice):
    exam_open(alice, email=False)
    exam_open(alice, key="sitting:2:opened", email=False)
    client.force_login(alice)
    response = client.post(reverse("notifications:mark_all_read"), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("notifications:list")  # no open redirect
    assert services.unread_count(alice) == 0


def test_the_admin_menu_shows_the_unread_count(client):
    hr = user_with_role(HR, username="hr_notice")
    profile = UserProfile.get_for_user(hr)
    profile.preferred_language = "en"
    profile.save()
    exam_open(hr, email=False)
    client.force_login(hr)
    html = client.get("/admin/").content.decode()
    assert "Notifications (1 unread)" in html
