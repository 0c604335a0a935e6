"""In Chromium, both languages, 390 and 1366 px: My tasks shows an English change summary generated from the
changes when the editor wrote none (never the Chinese one to an English reader), and HR chooses whose gaps
the "what is still missing" page shows by search. Screenshots in /work/wt/shots/x17u when that folder's
parent exists, else test-results/screenshots."""

from pathlib import Path

import pytest

from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_sweep import _login, _set_admin_language
from tests.factories import acknowledgements as af
from tests.factories.people import EmployeeFactory, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("site_tree")]

SHOTS = Path("/work/wt/shots/x17u") if Path("/work/wt/shots").exists() else SCREENSHOTS


def _shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_my_tasks_shows_a_generated_english_summary_to_english_readers(live_server, browser, language):
    setup = af.rule_with_holders(n_holders=1)
    af.publish_material(setup.regulation, summary="第二条修改了限额",
                        edit=lambda obj: af.set_article(obj, 2, "单笔限额调整为五万元。"))
    user = setup.holders[0].user
    context = browser.new_context(viewport={"width": 1366, "height": 800})
    _login(context, live_server, user.username)
    page = context.new_page()
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(f"{live_server.url}/{language}/my/tasks/")
        text = page.locator("main").inner_text()
        if language == "en":
            assert "Article 2 changed." in text and "第二条修改了限额" not in text
        else:
            assert "第二条修改了限额" in text
        _shoot(page, f"my-tasks-generated-summary-{language}-{width}")
    context.close()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_hr_chooses_whose_gaps_to_show_by_search(live_server, browser, language):
    from portal.people.roles import HR

    EmployeeFactory(name="张晓明", employee_number="E10001")
    hr = user_with_role(HR, username=f"x17u_hr_{language}")
    _set_admin_language(hr.username, language)
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    _login(context, live_server, hr.username)
    page = context.new_page()
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/admin/certification/gaps/progress/")
        page.locator(".search-chooser__search").first.fill("张晓")
        page.get_by_text("张晓明").first.wait_for()
        _shoot(page, f"gap-progress-chooser-{language}-{width}")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.locator("[data-results] [data-add]").first.click()
    page.locator("main form.w-mb-6 button[type=submit]").click()
    page.wait_for_url("**employee=*")
    assert "E10001" in page.locator("main").inner_text()
    _shoot(page, f"gap-progress-chosen-{language}")
    context.close()
