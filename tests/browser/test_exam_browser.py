"""An exam in headless Chromium: sign in, start, answer every question type (with the keyboard, and with a
Chinese input method in a blank), reload in the middle without losing anything, flag, confirm, hand in."""

import re

import pytest
from django.test import Client

from quizzes.exams.models import Attempt, AttemptStatus
from quizzes.models import QuestionType
from tests.factories.exams import exam_with_all_types
from tests.factories.people import user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("site_tree")]


@pytest.fixture
def candidate_user(transactional_db):
    from portal.people.roles import EMPLOYEE

    return user_with_role(EMPLOYEE, username="browser_cand", employee=True)


def sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])


def wait_saved(page):
    page.wait_for_function("() => { const s = document.getElementById('exam-save-status');"
                           " return s && /保存/.test(s.textContent) && !/正在/.test(s.textContent); }")


def test_candidate_takes_an_exam_from_start_to_hand_in_with_a_reload(live_server, page, screenshot,
                                                                     candidate_user):
    sitting, questions = exam_with_all_types(employees=[candidate_user.employee], shuffle=False)
    outside = []
    page.on("request", lambda r: None if r.url.startswith(live_server.url) else outside.append(r.url))
    sign_in(page, live_server, candidate_user)

    page.goto(f"{live_server.url}/zh-hans/exams/")
    assert page.get_by_role("heading", level=1).inner_text() == "我的考试"
    screenshot("exam-my-exams")
    page.get_by_role("link", name=sitting.title).first.click()
    screenshot("exam-sitting")
    page.get_by_role("button", name="开始考试").click()
    page.wait_for_selector("#exam-question:not([hidden])")
    assert page.locator("#exam-palette button").count() == 6

    # 1 single choice, with the keyboard only: focus the first option, arrow down selects the second.
    page.locator("#q1-opt-0").focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    assert page.locator("#q1-opt-1").is_checked()
    wait_saved(page)
    page.keyboard.press("Tab")  # from the options to the navigation buttons …
    page.locator("#exam-next").focus()
    page.keyboard.press("Enter")  # … and on to question 2
    page.wait_for_selector("#q2-opt-0")
    # 2 multiple choice
    page.locator("#q2-opt-0").check()
    page.locator("#q2-opt-2").check()
    page.locator("#exam-next").click()
    # 3 true / false
    page.locator("#q3-opt-1").check()
    wait_saved(page)
    screenshot("exam-question")

    # Reload in the middle: every saved answer comes back, and the page returns to question 3.
    page.reload()
    page.wait_for_selector("#exam-question:not([hidden])")
    assert page.locator("#q3-opt-1").is_checked()
    assert page.locator("#count-answered").inner_text() == "3"
    page.locator("#exam-palette button[data-position='1']").click()
    assert page.locator("#q1-opt-1").is_checked()
    page.locator("#exam-palette button[data-position='2']").click()
    assert page.locator("#q2-opt-0").is_checked() and page.locator("#q2-opt-2").is_checked()

    # 4 ordering: move the second step up.
    page.locator("#exam-palette button[data-position='4']").click()
    page.locator(".exam-order__move").nth(2).click()  # the second item's "up" button
    wait_saved(page)
    # 5 fill in the blanks, the first through a Chinese input method: nothing is saved mid-composition.
    page.locator("#exam-next").click()
    saves = []
    page.on("request", lambda r: saves.append(r.url) if re.search(r"/answers/5/$", r.url) else None)
    page.evaluate("""() => {
        const box = document.getElementById('q5-blank-0');
        box.focus();
        box.dispatchEvent(new CompositionEvent('compositionstart', {data: ''}));
        box.value = 'wang';
        box.dispatchEvent(new InputEvent('input', {data: 'wang', isComposing: true, bubbles: true}));
        box.value = 'wangyin';
        box.dispatchEvent(new InputEvent('input', {data: 'wangyin', isComposing: true, bubbles: true}));
    }""")
    page.wait_for_timeout(1200)
    assert saves == []  # still composing: not saved
    page.evaluate("""() => {
        const box = document.getElementById('q5-blank-0');
        box.value = '网银';
        box.dispatchEvent(new CompositionEvent('compositionend', {data: '网银'}));
        box.dispatchEvent(new InputEvent('input', {data: '网银', bubbles: true}));
    }""")
    page.locator("#q5-blank-1").fill("手机银行")
    page.locator("#q5-blank-1").blur()
    wait_saved(page)
    assert saves
    # 6 short answer, flagged for review
    page.locator("#exam-next").click()
    page.locator("#q6-text").fill("操作风险、信用风险、法律风险")
    page.locator("#q6-text").blur()
    page.locator("#exam-flag").click()
    wait_saved(page)
    assert "is-flagged" in page.locator("#exam-palette button[data-position='6']").get_attribute("class")

    # Hand in: the confirmation lists what is unanswered and flagged.
    page.locator("#exam-submit").click()
    assert page.locator("#exam-confirm").is_visible()
    assert "6" in page.locator("#exam-confirm-flagged").inner_text()
    screenshot("exam-confirm")
    page.locator("#exam-confirm-ok").click()
    page.wait_for_url(re.compile(r"/result/$"))
    screenshot("exam-result")
    assert outside == []

    attempt = Attempt.objects.get()
    assert attempt.status == AttemptStatus.SUBMITTED  # the short answer awaits an examiner
    responses = {i.version.type: i.response for i in attempt.items.select_related("version")}
    assert responses[QuestionType.SINGLE] == [1]
    assert sorted(responses[QuestionType.MULTIPLE]) == [0, 2]
    assert responses[QuestionType.TRUE_FALSE] == [1]
    assert responses[QuestionType.ORDERING] == [1, 0, 2, 3]
    assert responses[QuestionType.FILL_BLANK] == ["网银", "手机银行"]
    assert responses[QuestionType.SHORT_ANSWER].startswith("操作风险")
    assert attempt.items.get(position=6).flagged


def test_exam_page_fits_a_phone(live_server, browser, candidate_user):
    sitting, _ = exam_with_all_types(employees=[candidate_user.employee])
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    try:
        sign_in(page, live_server, candidate_user)
        page.goto(f"{live_server.url}/zh-hans/exams/sittings/{sitting.pk}/")
        page.get_by_role("button", name="开始考试").click()
        page.wait_for_selector("#exam-question:not([hidden])")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390
        assert page.locator("#exam-countdown").is_visible() and page.locator("#exam-submit").is_visible()
        from tests.browser.conftest import SCREENSHOTS

        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "exam-phone.png"), full_page=True)
    finally:
        context.close()
