"""Every role's admin home on the demo data: each chart the role has shows data (a drawn Chart.js chart with
at least one point above zero, or a heat map with shaded cells), in zh-Hans and en, at 1366 and 390 px, with
screenshots in test-results/screenshots/demo-dashboards/ and axe (0 serious or critical) once per page.

The demo's dates are relative to the day it is loaded (quizzes sat 10, 6 and 2 months ago, a grade
awarded 31 months ago and valid 36), so every chart has figures whenever the test runs."""

import re

import pytest

from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_sweep import _axe, _login, _set_admin_language
from tests.demo_snapshot import DEMO

pytestmark = pytest.mark.browser

ROLE_CHARTS = {
    "hr": ["certificates-expiring", "exam-pass-rate", "exam-pass-rate-by-unit", "exam-pass-rate-by-post",
           "reading-by-round", "reading-by-unit", "gap-list-by-post", "weak-knowledge-points"],
    "examiner": ["exam-pass-rate", "exam-pass-rate-by-unit", "exam-pass-rate-by-post", "weak-knowledge-points"],
    "editor": ["reading-by-round", "reading-by-unit"],
    "reviewer": ["reading-by-round", "reading-by-unit"],
    "branch": ["certificates-expiring", "exam-pass-rate-by-unit", "reading-by-unit", "gap-list-by-post",
               "weak-knowledge-points"],
}

# per chart on the page: how many data points above zero its Chart.js chart has, or shaded heat-map cells
POINTS = """() => Object.fromEntries(Array.from(document.querySelectorAll('figure.portal-chart')).map(f => {
    const slug = f.id.replace(/^dash-/, '').replace(/-figure$/, '');
    const canvas = f.querySelector('canvas');
    if (!canvas) return [slug, f.querySelectorAll('td[class^="heat-"]:not(.heat-none)').length];
    const chart = window.Chart && Chart.getChart(canvas);
    if (!chart) return [slug, -1];
    return [slug, chart.data.datasets.reduce((n, d) => n + d.data.filter(v => Number(v) > 0).length, 0)];
}))"""


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_roles_dashboard_has_data_in_every_chart_on_the_demo(live_server, browser, site_tree, language):
    DEMO.restore_demo()
    out = SCREENSHOTS / "demo-dashboards"
    out.mkdir(parents=True, exist_ok=True)
    empty, problems = {}, {}
    for role, slugs in ROLE_CHARTS.items():
        context = browser.new_context(viewport={"width": 1366, "height": 900}, bypass_csp=True)
        _login(context, live_server, role)
        _set_admin_language(role, language)
        page = context.new_page()
        for width in (1366, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"{live_server.url}/admin/")
            for slug in slugs:
                page.locator(f"#dash-{slug}-figure").wait_for()
            page.wait_for_function("() => Array.from(document.querySelectorAll('figure.portal-chart canvas'))"
                                   ".every(c => window.Chart && Chart.getChart(c))")
            points = page.evaluate(POINTS)
            for slug in slugs:
                if points.get(slug, 0) <= 0:
                    empty[f"{role}-{width}-{slug}"] = points.get(slug)
            page.screenshot(path=str(out / f"{role}-{language}-{width}.png"), full_page=True, animations="disabled")
            if width == 1366:
                found = _axe(page)
                if found:
                    problems[role] = found
        context.close()
    assert empty == {}
    assert problems == {}


# a control whose text is invisible (the reported "blank bars"): no text, or text the colour of its background
def _luminance(css_colour: str) -> float:
    red, green, blue = (int(part) / 255 for part in re.findall(r"[\d.]+", css_colour)[:3])
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(foreground: str, background: str) -> float:
    light, dark = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


BLANK = """els => els.map(e => { const s = getComputedStyle(e); const r = e.getBoundingClientRect();
    return {text: e.innerText.trim(), color: s.color, background: s.backgroundColor, width: r.width}; })"""


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_who_has_read_download_buttons_show_their_text(live_server, browser, site_tree, language):
    from django.urls import reverse

    from content.acknowledgements.models import AcknowledgementRound

    DEMO.restore_demo()
    round_ = AcknowledgementRound.objects.order_by("pk").first()
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    _login(context, live_server, "reviewer")
    _set_admin_language("reviewer", language)
    page = context.new_page()
    page.goto(live_server.url + reverse("acknowledgement_reports:round", args=[round_.pk]))
    buttons = page.locator("a.button").filter(has_text=re.compile("CSV|XLSX|Excel"))
    assert buttons.count() >= 2
    for button in buttons.evaluate_all(BLANK):
        assert button["text"] and button["width"] > 40
        assert button["color"] != button["background"]
    page.screenshot(path=str(SCREENSHOTS / f"demo-round-report-{language}.png"), full_page=True)
    context.close()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_wrong_answer_notebook_on_a_phone_never_squeezes_a_column_to_a_character_or_two(
        live_server, browser, site_tree, language):
    DEMO.restore_demo()
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    _login(context, live_server, "employee")
    page = context.new_page()
    page.goto(f"{live_server.url}/{language}/exams/practice/notebook/")
    cells = page.locator("main table tbody td, main table tbody th")  # the header row is hidden on phones
    assert cells.count() > 0  # the demo's quarterly quizzes put wrong answers in the notebook
    # one character of body text is about 14-16 px: every cell with text is wider than three of them
    widths = cells.evaluate_all("els => els.filter(e => e.innerText.trim()).map(e => e.getBoundingClientRect().width)")
    assert min(widths) > 48
    assert page.evaluate("document.documentElement.scrollWidth") <= 391
    page.screenshot(path=str(SCREENSHOTS / f"demo-notebook-{language}-390.png"), full_page=True)
    context.close()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_disabled_confirm_import_button_still_shows_its_text(live_server, browser, site_tree, language, tmp_path):
    from django.urls import reverse

    from tests.factories.people import employee_workbook

    DEMO.restore_demo()
    upload = tmp_path / "employees.xlsx"  # a row without a name: the preview shows the error and refuses to import
    upload.write_bytes(employee_workbook([["99001", "", "NO-SUCH-UNIT"]], headers=["工号", "姓名", "机构代码"]))
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    _login(context, live_server, "hr")
    _set_admin_language("hr", language)
    page = context.new_page()
    page.goto(live_server.url + reverse("people_employees:import"))
    page.locator("main input[type=file]").set_input_files(str(upload))
    page.locator("main form button[type=submit]").first.click()
    button = page.locator("[data-import-confirm]")
    button.wait_for()
    assert button.is_disabled()
    (shown,) = button.evaluate_all(BLANK)
    assert shown["text"] and shown["width"] > 40
    assert _contrast(shown["color"], shown["background"]) >= 4.5
    page.screenshot(path=str(SCREENSHOTS / f"disabled-confirm-import-{language}.png"), full_page=True)
    context.close()
