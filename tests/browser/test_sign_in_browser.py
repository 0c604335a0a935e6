"""Sign-in and the idle-time-out warning in headless Chromium."""

import pytest

from portal.people.roles import EMPLOYEE
from tests.factories.people import PASSWORD, EmployeeFactory, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, url, username):
    page.goto(f"{url}/zh-hans/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form.narrow button[type=submit]")


def test_employee_number_signs_in_through_the_page(live_server, site_tree, page):
    user = user_with_role(EMPLOYEE, username="yang")
    EmployeeFactory(user=user, employee_number="E0029", name="杨帆")
    sign_in(page, live_server.url, "E0029")
    assert page.locator(".site-user__name").inner_text() == "杨帆"


def test_warning_appears_before_the_idle_end_and_stay_signed_in_keeps_the_session(
    live_server, site_tree, page, settings
):
    settings.PORTAL_SESSION_IDLE_MINUTES = 1
    settings.PORTAL_SESSION_WARNING_MINUTES = 1  # warn at once
    user_with_role(EMPLOYEE, username="idle", employee=True)
    sign_in(page, live_server.url, "idle")
    page.goto(f"{live_server.url}/zh-hans/exams/")
    warning = page.locator("#session-timeout")
    warning.wait_for(state="visible", timeout=10_000)
    assert "即将自动退出登录" in warning.inner_text()
    page.click("#session-timeout [data-stay]")
    warning.wait_for(state="hidden", timeout=10_000)
    assert page.request.get(f"{live_server.url}/zh-hans/accounts/session/").json()["authenticated"] is True
