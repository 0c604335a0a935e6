"""In Chromium: Wagtail's listing tables as cards on a phone (each cell labelled with its column), the exam
top bar keeping a long candidate name on one line, and My tasks showing the change summary in English."""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.factories import acknowledgements as af
from tests.factories import content as f
from tests.factories.exams import exam_with_all_types
from tests.factories.people import user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("site_tree")]

SHOTS = Path("/work/wt/shots/x17")


def sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])


def shoot(page, name):
    if SHOTS.parent.exists():
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_wagtail_listing_tables_become_labelled_cards_on_a_phone(live_server, browser):
    index = f.regulation_index(f.home())
    for n in range(3):
        f.simple_regulation(index, title=f"电子银行业务管理办法（第{n + 1}版）", n_articles=2)
    admin = get_user_model().objects.create_superuser("x17_admin", "a@bank.example", "pw")
    for width in (390, 1366):
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
        page = context.new_page()
        try:
            sign_in(page, live_server, admin)
            page.goto(f"{live_server.url}/admin/pages/{index.pk}/")
            page.wait_for_selector("table.listing.listing--labelled")
            cell = page.locator("table.listing tbody tr td[data-label]").first
            assert cell.get_attribute("data-label") == "标题"  # the column's label, not Wagtail's count note
            display = cell.evaluate("td => getComputedStyle(td).display")
            if width == 390:
                assert display == "grid"
                assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
                shoot(page, "admin-listing-390-after")
                page.evaluate("document.querySelector('link[href*=\"admin_listing_cards.css\"]').remove()")
                shoot(page, "admin-listing-390-before")
            else:
                assert display == "table-cell"
                shoot(page, "admin-listing-1366")
        finally:
            context.close()


def test_the_exam_top_bar_keeps_a_long_name_on_one_line(live_server, browser, transactional_db):
    from portal.people.roles import EMPLOYEE

    user = user_with_role(EMPLOYEE, username="x17_cand", employee=True)
    user.employee.name = "欧阳明月长名字测试员工（城关支行营业部综合柜员）"
    user.employee.save()
    sitting, _ = exam_with_all_types(employees=[user.employee])
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True)
    page = context.new_page()
    try:
        sign_in(page, live_server, user)
        page.goto(f"{live_server.url}/zh-hans/exams/sittings/{sitting.pk}/")
        page.get_by_role("button", name="开始考试").click()
        page.wait_for_selector("#exam-question:not([hidden])")
        name = page.locator(".site-header--exam .site-user__name")
        style = name.evaluate("e => [getComputedStyle(e).whiteSpace, getComputedStyle(e).textOverflow]")
        assert style == ["nowrap", "ellipsis"]
        line = name.evaluate("e => parseFloat(getComputedStyle(e).lineHeight) || 24")
        assert name.bounding_box()["height"] <= line * 1.5
        assert page.evaluate("document.documentElement.scrollWidth") <= 391
        shoot(page, "exam-topbar-390-zh-hans")
    finally:
        context.close()


@pytest.mark.parametrize("language,width", [("en", 390), ("en", 1366), ("zh-hans", 390), ("zh-hans", 1366)])
def test_my_tasks_shows_the_summary_in_the_readers_language(live_server, browser, language, width):
    setup = af.rule_with_holders(n_holders=1)
    af.publish_material(setup.regulation, summary="第二条修改了限额", change_summary_en="Article 2: new limits")
    context = browser.new_context(viewport={"width": width, "height": 800},
                                  locale="en-US" if language == "en" else "zh-CN")
    page = context.new_page()
    try:
        sign_in(page, live_server, setup.holders[0].user)
        page.goto(f"{live_server.url}/{language}/my/tasks/")
        text = page.locator("main").inner_text()
        if language == "en":
            assert "Article 2: new limits" in text and "第二条修改了限额" not in text
        else:
            assert "第二条修改了限额" in text
        shoot(page, f"my-tasks-{language}-{width}")
    finally:
        context.close()


@pytest.mark.parametrize("width", [390, 1366])
def test_hr_picks_the_employee_of_a_manual_award_by_search(live_server, browser, width):
    from portal.people.roles import HR
    from tests.factories.people import EmployeeFactory

    EmployeeFactory(name="张晓明", employee_number="E10001")
    hr = user_with_role(HR, username=f"x17_hr_{width}")
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    page = context.new_page()
    try:
        sign_in(page, live_server, hr)
        page.goto(f"{live_server.url}/admin/certification/grades-held/award/")
        search = page.locator(".search-chooser__search").first
        search.fill("E10001")
        page.get_by_text("张晓明").first.wait_for()
        shoot(page, f"hr-manual-award-chooser-zh-hans-{width}")
    finally:
        context.close()
