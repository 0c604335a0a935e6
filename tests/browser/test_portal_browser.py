"""The portal in a real browser: keyboard navigation, language switching, screenshots."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("site_tree")]


def test_home_page_renders_chinese_interface_in_chromium(live_server, page, screenshot):
    page.goto(f"{live_server.url}/zh-hans/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.get_by_role("search").is_visible()
    shot = screenshot("home-zh-hans")
    assert shot.stat().st_size > 5_000


def test_language_switcher_moves_to_the_english_translation(live_server, page):
    page.goto(f"{live_server.url}/zh-hans/")
    page.get_by_role("link", name="English").click()
    page.wait_for_url(f"{live_server.url}/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Knowledge & Certification Portal"


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(live_server, page):
    page.goto(f"{live_server.url}/en/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_page_makes_no_request_outside_the_server(live_server, page):
    outside = []
    page.on("request", lambda r: None if r.url.startswith(live_server.url) else outside.append(r.url))
    page.goto(f"{live_server.url}/zh-hans/")
    page.wait_for_load_state("networkidle")
    assert outside == []
