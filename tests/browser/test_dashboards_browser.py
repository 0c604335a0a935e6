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
