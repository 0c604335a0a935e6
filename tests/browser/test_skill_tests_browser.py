"""Keyboard skill tests in headless Chromium: each test typed with real keystrokes (and an input method's
composition for 汉字录入, through the DevTools protocol), reloaded in the middle, finished; then the score the
server recorded, the refused paste / drop and the evidence log are checked in the database."""

import time

import pytest
from django.test import Client

from quizzes.certification.models import SkillAttempt, SkillAttemptEvent
from tests.certification.skill_fixtures import definitions, sitting
from tests.factories import content as cf
from tests.factories.people import user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("site_tree")]


@pytest.fixture
def candidate_user(transactional_db):
    from portal.people.roles import EMPLOYEE

    return user_with_role(EMPLOYEE, username="skill_browser", employee=True)


def sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])


def wait_until(check, timeout=15.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError("condition not reached in time")


def running(user) -> SkillAttempt:
    return SkillAttempt.objects.get(employee=user.employee, status="in_progress")


def finish_on_page(page):
    page.locator("#skill-finish").click()
    page.locator("#skill-confirm-ok").click()
    page.wait_for_url("**/result/")


def test_voucher_keying_sitting_typed_reloaded_and_finished(live_server, page, screenshot, candidate_user):
    tests = definitions(**{"voucher-100": {"item_count": 6, "time_limit_seconds": 300}})
    room = sitting(tests["voucher-100"], [candidate_user.employee])
    outside = []
    page.on("request", lambda r: None if r.url.startswith(live_server.url) else outside.append(r.url))
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    sign_in(page, live_server, candidate_user)
    page.goto(f"{live_server.url}/zh-hans/skills/sittings/{room.pk}/")
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("#skill-item-0")
    assert page.locator("nav.main-nav").count() == 0  # exam mode: no site navigation
    amounts = running(candidate_user).material["items"]

    page.locator("#skill-item-0").click()
    page.keyboard.type(amounts[0].replace(",", ""), delay=25)
    page.keyboard.press("Enter")
    page.keyboard.type(amounts[1], delay=25)
    page.keyboard.press("Enter")
    # A paste is refused: the clipboard holds the right amount, the box stays empty.
    page.evaluate("text => navigator.clipboard.writeText(text)", amounts[2])
    page.keyboard.press("Control+V")
    assert page.locator("#skill-item-2").input_value() == ""
    assert page.locator("#skill-alert").is_visible()
    page.keyboard.type(amounts[2], delay=25)
    wait_until(lambda: running(candidate_user).answer.get("items", [])[2:3] == [amounts[2]])
    screenshot("skill-voucher-attempt")

    page.reload()  # the typed amounts come back from the server
    page.wait_for_selector("#skill-item-0")
    assert page.locator("#skill-item-1").input_value() == amounts[1]
    page.locator("#skill-item-3").click()
    page.keyboard.type("1.23" if amounts[3] != "1.23" else "4.56", delay=25)  # a wrong amount
    finish_on_page(page)

    attempt = SkillAttempt.objects.get(sitting=room, employee=candidate_user.employee)
    assert (attempt.status, attempt.value, attempt.errors) == ("finished", 3, 1)
    assert SkillAttemptEvent.objects.filter(attempt=attempt, kind="paste_blocked").exists()
    assert list(attempt.batches.values_list("seq", flat=True)) == sorted(attempt.batches.values_list("seq", flat=True))
    assert page.locator("#skill-score-value").inner_text().startswith("3")
    screenshot("skill-voucher-result")
    assert outside == []


def test_numeric_keypad_practice_typed_reloaded_and_finished(live_server, page, candidate_user):
    tests = definitions(**{"numeric-groups": {"item_count": 3, "group_length": 8, "time_limit_seconds": 300}})
    sign_in(page, live_server, candidate_user)
    page.goto(f"{live_server.url}/en/skills/practice/{tests['numeric-groups'].code}/")
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("#skill-item-0")
    groups = running(candidate_user).material["items"]
    page.locator("#skill-item-0").click()
    page.keyboard.type(groups[0], delay=20)
    page.keyboard.press("Enter")
    # Dragging text in is refused and recorded.
    page.evaluate("""() => { const dt = new DataTransfer(); dt.setData('text/plain', '12345678');
        document.getElementById('skill-item-1').dispatchEvent(new DragEvent('drop', {dataTransfer: dt,
        bubbles: true, cancelable: true})); }""")
    page.keyboard.type(groups[1][:4], delay=20)
    wait_until(lambda: running(candidate_user).answer.get("items", [])[1:2] == [groups[1][:4]])
    page.reload()
    page.wait_for_selector("#skill-item-1")
    page.locator("#skill-item-1").click()
    page.keyboard.press("End")
    page.keyboard.type(groups[1][4:], delay=20)
    page.keyboard.press("Enter")
    page.keyboard.type(groups[2], delay=20)
    finish_on_page(page)

    attempt = SkillAttempt.objects.get(employee=candidate_user.employee)
    assert (attempt.errors, attempt.score_details["correct"]) == (0, 24)
    assert attempt.value > 0
    assert SkillAttemptEvent.objects.filter(attempt=attempt, kind="drop_blocked").exists()


def test_chinese_entry_with_an_input_method_counts_only_committed_text(live_server, page, screenshot,
                                                                       candidate_user):
    index = cf.regulation_index(cf.home("zh-hans"))
    cf.regulation(index, title="柜面业务操作管理办法", articles=[
        (1, None, None, "为了规范柜面业务操作，防范操作风险，保障客户资金安全，根据有关规定，制定本办法。"),
        (2, None, None, "柜员办理业务应当坚持先审核后办理、先收款后记账的原则，做到账款相符、日清日结。"),
        (3, None, None, "重要空白凭证和印章应当分人保管，交接时双人复核并登记签字，不得混放。")])
    definitions(**{"chinese-passage": {"passage_length": 30, "time_limit_seconds": 300}})
    sign_in(page, live_server, candidate_user)
    page.goto(f"{live_server.url}/zh-hans/skills/practice/chinese-passage/")
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("#skill-input")
    text = running(candidate_user).material["text"]
    cdp = page.context.new_cdp_session(page)
    page.locator("#skill-input").click()

    def ime(pinyin, hanzi):  # type the pinyin into the composition, then commit the characters
        for n in range(1, len(pinyin) + 1):
            cdp.send("Input.imeSetComposition", {"text": pinyin[:n], "selectionStart": n, "selectionEnd": n})
        cdp.send("Input.insertText", {"text": hanzi})

    cdp.send("Input.imeSetComposition", {"text": "weile", "selectionStart": 5, "selectionEnd": 5})
    time.sleep(2.0)  # a batch goes out while composing: the pinyin is not the answer
    assert "weile" not in running(candidate_user).answer.get("text", "")
    cdp.send("Input.insertText", {"text": text[:2]})
    for start in range(2, 12, 2):
        ime("pinyin", text[start:start + 2])
    wait_until(lambda: running(candidate_user).answer.get("text") == text[:12])
    page.evaluate("""() => { const dt = new DataTransfer(); dt.setData('text/plain', '复制的文字');
        document.getElementById('skill-input').dispatchEvent(new ClipboardEvent('paste', {clipboardData: dt,
        bubbles: true, cancelable: true})); }""")
    screenshot("skill-chinese-attempt")
    page.reload()
    page.wait_for_selector("#skill-input")
    assert page.locator("#skill-input").input_value() == text[:12]
    page.locator("#skill-input").click()
    page.keyboard.press("End")
    ime("cuo", "错")  # one wrong character instead of text[12]
    for start in range(13, 20, 2):
        ime("pinyin", text[start:min(start + 2, 20)])
    finish_on_page(page)

    attempt = SkillAttempt.objects.get(employee=candidate_user.employee)
    assert attempt.answer["text"] == text[:12] + "错" + text[13:20]
    assert (attempt.errors if text[12] != "错" else 1, attempt.score_details["correct"]) == (1, 19)
    assert SkillAttemptEvent.objects.filter(attempt=attempt, kind="paste_blocked").exists()
    assert "unexplained_text" not in [f["code"] for f in attempt.flags]
