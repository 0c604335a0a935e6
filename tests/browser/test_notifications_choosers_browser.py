"""In Chromium: the unread badge in the header and the notification centre (both languages, phone and
desktop), and the search chooser of a sitting's candidates in the admin."""

from pathlib import Path

import pytest
from django.test import Client

from portal.notifications import services
from portal.notifications.models import Notification
from portal.people.roles import EMPLOYEE, EXAMINER, HR
from tests.factories.certification import TheoryResultFactory
from tests.factories.exams import machine_marked_exam
from tests.factories.people import EmployeeFactory, OrgUnitFactory, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("site_tree")]

SHOTS = Path("/work/wt/shots/i17")


def sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])


def shoot(page, name):
    if SHOTS.parent.exists():
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("language,width", [("zh-hans", 1366), ("en", 390)])
def test_the_badge_counts_unread_notices_and_mark_all_read_clears_it(live_server, page, language, width):
    user = user_with_role(EMPLOYEE, username=f"notice_{width}", employee=True)
    for n in (1, 2):
        services.notify(user, Notification.Kind.EXAM_OPENED, key=f"sitting:{n}:opened", email=False,
                        params={"exam": f"柜员考试{n}", "exam_en": f"Teller exam {n}",
                                "closes": "2026-12-24T18:00:00+08:00"},
                        link={"name": "exams:mine"})
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, live_server, user)
    page.goto(f"{live_server.url}/{language}/my/notifications/")
    badge = page.locator(".site-notices__badge")
    assert badge.is_visible() and badge.inner_text().startswith("2")
    assert page.locator(".notice-item--unread").count() == 2
    text = page.locator(".notice-list").inner_text()
    assert ("Teller exam 1" in text) if language == "en" else ("柜员考试1" in text)
    shoot(page, f"notifications-{language}-{width}")
    page.locator("form[action$='read-all/'] button").click()
    page.wait_for_load_state()
    assert page.locator(".site-notices__badge").count() == 0
    assert page.locator(".notice-item--unread").count() == 0


def test_an_examiner_chooses_candidates_by_search(live_server, page):
    unit = OrgUnitFactory(name="平阳县联社")
    wang = EmployeeFactory(name="王小红", employee_number="100231", org_unit=unit)
    EmployeeFactory(name="李明", employee_number="100232", org_unit=unit)
    sitting, _questions = machine_marked_exam()
    examiner = user_with_role(EXAMINER, username="browser_examiner")
    sign_in(page, live_server, examiner)
    page.goto(f"{live_server.url}/admin/exams/sittings/edit/{sitting.pk}/")
    chooser = page.locator("[data-search-chooser]")
    chooser.locator("[data-search]").fill("王小")
    chooser.locator("[data-result] [data-add]").first.wait_for()
    assert chooser.locator("[data-result]").count() == 1
    chooser.locator("[data-result] [data-add]").first.click()
    assert chooser.locator("[data-chosen-count]").inner_text() == "1"
    shoot(page, "sitting-candidates-chooser-1366")
    page.get_by_role("button", name="保存", exact=True).first.click()
    page.wait_for_load_state()
    assert list(sitting.eligible_employees.values_list("pk", flat=True)) == [wang.pk]


@pytest.mark.parametrize("language,width", [("zh-hans", 1366), ("en", 390), ("zh-hans", 390), ("en", 1366)])
def test_my_tasks_shows_the_open_exam_in_the_readers_language(live_server, page, language, width):
    user = user_with_role(EMPLOYEE, username=f"tasks_{language}_{width}", employee=True)
    machine_marked_exam(employees=[user.employee], title="柜员季度考试", title_en="Teller quarterly exam")
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, live_server, user)
    page.goto(f"{live_server.url}/{language}/my/tasks/")
    exams = page.locator("#exams")
    assert exams.is_visible()
    assert ("Teller quarterly exam" if language == "en" else "柜员季度考试") in exams.inner_text()
    assert page.locator("#renewals").is_visible()
    shoot(page, f"my-tasks-{language}-{width}")


def test_hr_chooses_the_sitting_for_bulk_issue_by_search(live_server, page):
    TheoryResultFactory(sitting_id=41, sitting_title="2026年第四季度柜员考试", passed=True)
    hr = user_with_role(HR, username="browser_hr")
    sign_in(page, live_server, hr)
    page.goto(f"{live_server.url}/admin/certification/bulk-issue/")
    chooser = page.locator("[data-search-chooser]")
    chooser.locator("[data-search]").fill("第四季度")
    chooser.locator("[data-result] [data-add]").first.click()
    assert chooser.locator("[data-chosen] input[type=hidden]").get_attribute("value") == "41"
    shoot(page, "bulk-issue-chooser-1366")
