"""The portal on a phone (390 px): a one-line header whose menu button opens the search, the user and the
main menu; on a desktop (1366 px) no menu button and the menu always shown."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("site_tree")]


def test_on_a_phone_the_menu_is_closed_until_the_menu_button_opens_it(live_server, page, screenshot):
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{live_server.url}/zh-hans/")
    toggle = page.get_by_role("button", name="菜单")
    nav = page.get_by_role("navigation", name="主导航")
    assert toggle.is_visible() and not nav.is_visible()
    header_height = page.locator(".site-header").bounding_box()["height"]
    assert header_height < 80  # the header no longer fills half the screen
    toggle.click()
    assert nav.is_visible() and toggle.get_attribute("aria-expanded") == "true"
    screenshot("phone-menu-open-zh-hans")


def test_on_a_desktop_the_menu_shows_without_a_menu_button(live_server, page):
    page.goto(f"{live_server.url}/en/")
    assert page.get_by_role("navigation", name="Main").is_visible()
    assert not page.get_by_role("button", name="Menu").is_visible()
