"""An exam with a matching and a numerical question taken by keyboard only, in exam mode (issue 16)."""

import re
from decimal import Decimal

import pytest

from quizzes.exams.models import Attempt, AttemptStatus
from tests.browser.test_exam_browser import sign_in, wait_saved
from tests.factories.exams import matching_numerical_exam
from tests.factories.people import user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("site_tree")]


@pytest.fixture
def candidate_user(transactional_db):
    from portal.people.roles import EMPLOYEE

    return user_with_role(EMPLOYEE, username="browser_cand16", employee=True)


def test_candidate_answers_matching_and_numerical_by_keyboard_only(live_server, page, screenshot, candidate_user):
    sitting, _questions = matching_numerical_exam(employees=[candidate_user.employee])
    sign_in(page, live_server, candidate_user)
    page.goto(f"{live_server.url}/zh-hans/exams/")
    page.get_by_role("link", name=sitting.title).first.click()
    page.get_by_role("button", name="开始考试").click()
    page.wait_for_selector("#q1-match-0")
    # exam mode: no site navigation, no search, one warned way out
    assert page.locator("nav.main-nav, form[role=search], input[type=search]").count() == 0
    assert page.locator("#exam-exit").get_attribute("data-confirm")

    # matching: Tab from item to item, arrow keys choose the answer (option 0 is "— 请选择 —")
    page.locator("#q1-match-0").focus()
    page.keyboard.press("ArrowDown")              # A. 对私柜台
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")              # B. 对公柜台
    page.keyboard.press("Tab")
    for _ in range(3):
        page.keyboard.press("ArrowDown")          # C. 外汇柜台
    wait_saved(page)
    screenshot("exam-matching")
    page.locator("#exam-next").focus()
    page.keyboard.press("Enter")

    # numerical: typed with full-width digits and the unit
    page.wait_for_selector("#q2-number")
    page.locator("#q2-number").focus()
    page.keyboard.type("１５０．００元")
    page.keyboard.press("Tab")
    wait_saved(page)
    screenshot("exam-numerical")
    page.locator("#exam-submit").focus()
    page.keyboard.press("Enter")
    page.locator("#exam-confirm-ok").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/result/$"))
    screenshot("exam-result-new-types")

    attempt = Attempt.objects.get(employee=candidate_user.employee)
    assert attempt.status == AttemptStatus.FINAL
    assert attempt.score == Decimal("4.00")
