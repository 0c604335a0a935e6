"""Certificates nearing expiry notify their holder and appear in My tasks; HR chooses the sitting to bulk
issue for by search; the hand award form's date is one its own date input accepts."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from portal.notifications.models import Notification
from portal.people.roles import EMPLOYEE
from quizzes.certification.forms import ManualAwardForm
from quizzes.certification.models import Certificate
from quizzes.certification.services.reminders import send_expiry_reminders
from tests.factories.certification import TheoryResultFactory
from tests.factories.people import EmployeeFactory, user_with_role

pytestmark = pytest.mark.django_db


def expiring_in(certificate, days):
    Certificate.objects.filter(pk=certificate.pk).update(expires_on=timezone.localdate() + datetime.timedelta(days=days))


def test_an_expiring_certificate_notifies_its_holder_once_per_window(certificate, teller):
    expiring_in(certificate, 25)
    send_expiry_reminders()
    send_expiry_reminders()
    notice = Notification.objects.get()
    assert notice.user == teller.user and notice.kind == Notification.Kind.CERTIFICATE_EXPIRING
    assert notice.params["serial"] == certificate.serial and notice.emailed_at is None  # the reminder mails


def test_my_tasks_lists_the_certificate_to_renew_in_both_languages(client, certificate, teller):
    expiring_in(certificate, 40)
    client.force_login(teller.user)
    zh = client.get("/zh-hans/my/tasks/").content.decode()
    en = client.get("/en/my/tasks/").content.decode()
    assert 'id="renewals"' in zh and certificate.serial in zh and "40" in zh
    assert certificate.serial in en and "Certificates to renew" in en


def test_a_certificate_far_from_expiry_is_not_a_task(client, certificate, teller):
    expiring_in(certificate, 400)
    client.force_login(teller.user)
    assert certificate.serial not in client.get("/zh-hans/my/tasks/").content.decode()


def test_hr_finds_the_sitting_by_title_and_the_form_shows_a_chooser_not_a_number(client, org_tree, hr):
    TheoryResultFactory(employee=EmployeeFactory(org_unit=org_tree["BR01"]), sitting_id=41,
                        sitting_title="2026年第四季度柜员考试", passed=True)
    TheoryResultFactory(employee=EmployeeFactory(org_unit=org_tree["BR01"]), sitting_id=42, sitting_title="反洗钱考试")
    client.force_login(hr)
    found = client.get(reverse("certification_sitting_search"), {"q": "第四季度"}).json()
    assert [r["id"] for r in found["results"]] == [41] and "1" in found["results"][0]["meta"]
    html = client.get("/admin/certification/bulk-issue/").content.decode()
    assert "data-search-chooser" in html and 'type="number"' not in html


def test_an_employee_cannot_search_sittings_for_bulk_issue(client, db):
    user = user_with_role(EMPLOYEE, username="nosy", employee=True)
    client.force_login(user)
    assert client.get(reverse("certification_sitting_search"), {"q": "考试"}).status_code in (302, 403)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_award_date_is_prefilled_in_the_format_its_date_input_takes(language):
    with translation.override(language):
        html = str(ManualAwardForm()["awarded_on"])
    assert 'type="date"' in html
    value = re.search(r'value="([^"]+)"', html).group(1)
    assert value == timezone.localdate().isoformat()
