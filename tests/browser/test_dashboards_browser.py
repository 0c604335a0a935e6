"""The admin home's dashboard charts in headless Chromium: HR's chart of certificates expiring per month is
drawn (a canvas with pixels), its data table is there, in both languages, at 1366 and 390 px; screenshots."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from portal.people.roles import BRANCH_MANAGER
from quizzes.certification.models import Certificate
from tests.certification.conftest import award, certificate, hr, levels, scheme, teller  # noqa: F401
from tests.factories.people import user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("site_tree")]


def sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("width", [1366, 390])
def test_hr_and_branch_manager_dashboards_draw_their_charts(live_server, page, screenshot, certificate, hr,  # noqa: F811
                                                           org_tree, language, width):
    from wagtail.users.models import UserProfile

    Certificate.objects.update(expires_on=timezone.localdate() + datetime.timedelta(days=40))
    manager = user_with_role(BRANCH_MANAGER, employee=True, org_unit=org_tree["BR01"])
    for name, user in (("hr", hr), ("branch", manager)):
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save()
        page.set_viewport_size({"width": width, "height": 900})
        sign_in(page, live_server, user)
        page.goto(f"{live_server.url}/admin/")
        canvas = page.locator("#dash-certificates-expiring")
        canvas.wait_for()
        page.wait_for_function("() => { const c = document.getElementById('dash-certificates-expiring');"
                               " return c && c.width > 0 && window.Chart && Chart.getChart(c); }")
        assert page.locator("#dash-certificates-expiring-data").count() == 1
        assert page.locator("figure.portal-chart table").count() >= 1
        screenshot(f"dashboard-{name}-{language}-{width}")
        page.context.clear_cookies()


ROLE_CHARTS = {
    "hr": ["certificates-expiring", "exam-pass-rate", "exam-pass-rate-by-unit", "reading-by-round", "gap-list-by-post",
           "weak-knowledge-points"],
    "examiner": ["exam-pass-rate", "exam-pass-rate-by-unit", "exam-pass-rate-by-post", "weak-knowledge-points"],
    "editor": ["reading-by-round", "reading-by-unit"],
    "reviewer": ["reading-by-round", "reading-by-unit"],
    "branch": ["certificates-expiring", "exam-pass-rate-by-unit", "reading-by-unit", "gap-list-by-post",
               "weak-knowledge-points"],
}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_each_roles_dashboard_renders_its_charts_without_serious_axe_violations(live_server, browser, org_tree,
                                                                                 language):
    """Every role's admin home has its charts (canvas drawn, or the heat-map table), at 1366 and 390 px, with
    screenshots, and axe finds no serious or critical violation."""
    from wagtail.users.models import UserProfile

    from portal.people.roles import COMPLIANCE_REVIEWER, EDITOR, EXAMINER, HR
    from tests.browser.test_sweep import _axe

    users = {
        "hr": user_with_role(HR), "examiner": user_with_role(EXAMINER), "editor": user_with_role(EDITOR),
        "reviewer": user_with_role(COMPLIANCE_REVIEWER),
        "branch": user_with_role(BRANCH_MANAGER, employee=True, org_unit=org_tree["BR01"]),
    }
    context = browser.new_context(viewport={"width": 1366, "height": 900}, bypass_csp=True)
    page = context.new_page()
    problems = {}
    for name, user in users.items():
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = "" if language == "zh-hans" else language
        profile.save()
        sign_in(page, live_server, user)
        for width in (1366, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"{live_server.url}/admin/")
            for slug in ROLE_CHARTS[name]:
                page.locator(f"#dash-{slug}-figure").wait_for()
            page.wait_for_function("() => Array.from(document.querySelectorAll('figure.portal-chart canvas'))"
                                   ".every(c => window.Chart && Chart.getChart(c))")
            _shoot(page, f"dashboard-role-{name}-{language}-{width}")
            found = _axe(page)
            if found:
                problems[f"{name}-{width}"] = found
        context.clear_cookies()
    context.close()
    assert problems == {}


def _shoot(page, name):
    from tests.browser.conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
