"""Every page each role reaches from its navigation, in both languages, 390 px and 1366 px wide:
a screenshot of each, and axe-core (vendored from npm in tests/browser/vendor/axe-core, injected from the
file, never fetched) finds no serious or critical violation.

Built to fit the suite's budget: the demo is loaded once per session and copied into the database for each
test (``tests.demo_snapshot``: milliseconds instead of a minute), one browser is shared, the sweep is one test
per role and language (so xdist's workers share it out, each worker with its own database and copy of the
demo), each has one logged-in context (a session made on the server: the login page is not what is
being swept) and one tab; each URL is loaded once per language, screenshotted at one width, the viewport is
set to the other width and screenshotted again, and axe runs once per URL and language. No networkidle
waits (the pages poll nothing the sweep needs). The admin's language is the user's preference (not the URL),
so the English pass sets the role's preference to English first.

Screenshots go to test-results/screenshots/sweep/<role>-<language>-<width>-<nn>.png, with
index-<role>-<language>.json naming the URL of each number (and the seconds taken) and
violations-<role>-<language>.json what axe found.
"""

import json
import re
import time
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from wagtail.users.models import UserProfile

from content.acknowledgements.models import AcknowledgementRound
from quizzes.certification.models import SkillSitting
from tests.browser.conftest import SCREENSHOTS
from tests.demo_snapshot import DEMO

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
ROLES = ["employee", "examiner", "hr", "editor", "reviewer", "branch", "admin"]
LANGUAGES = ["zh-hans", "en"]
WIDTHS = [1366, 390]
# the links of a page's navigation: the portal's header menu, the admin's sidebar (rendered by script
# from the JSON it is given, so its URLs are read from that JSON)
NAV_LINKS = "() => Array.from(document.querySelectorAll('header nav a[href], .main-nav a[href]')).map(a => a.href)"
SIDEBAR_URLS = re.compile(r'"url":\s*"(/admin/[^"?#]*)"')
SKIP = re.compile(r"/(logout|password|download|export|pdf|csv|xlsx)\b|/admin/logout/", re.I)
# axe's WCAG 2.x A/AA rules: those are the ones with serious/critical impacts the bank's guideline cites
AXE_RUN = """async () => (await axe.run(document, {
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
    resultTypes: ['violations'],
})).violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
   .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}))"""


def _axe(page) -> list[dict]:
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    return page.evaluate(AXE_RUN)


def _login(context, live_server, username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    host = live_server.url.split("//", 1)[1].split(":")[0]
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "domain": host, "path": "/"}])


def _set_admin_language(username, language):
    user = get_user_model().objects.get(username=username)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "" if language == "zh-hans" else language
    profile.save(update_fields=["preferred_language"])


def _deeper_pages(role) -> list[str]:
    """Pages one step below the navigation that staff reported unreadable: the who-has-read report of a
    round (its download buttons), the skill-test results (their Excel button), the HR import page."""
    paths = []
    if role in ("reviewer", "admin"):
        first = AcknowledgementRound.objects.order_by("pk").first()
        if first is not None:
            paths.append(reverse("acknowledgement_reports:round", args=[first.pk]))
    if role in ("examiner", "admin"):
        sitting = SkillSitting.objects.order_by("pk").first()
        if sitting is not None:
            paths.append(reverse("certification_skill_sittings:results", args=[sitting.pk]))
    return paths


def _nav_targets(page, live_server, language, role) -> list[str]:
    targets = [f"{live_server.url}/{language}/"]
    page.goto(targets[0])
    targets += [u.split("#")[0] for u in page.evaluate(NAV_LINKS) if u.startswith(live_server.url)]
    page.goto(f"{live_server.url}/admin/")
    if page.url.startswith(f"{live_server.url}/admin/") and "/login/" not in page.url:
        targets.append(page.url)
        for text in page.locator("#wagtail-sidebar-props").all_inner_texts():
            targets += [live_server.url + path for path in SIDEBAR_URLS.findall(text.replace("\\/", "/"))]
        targets += [live_server.url + path for path in _deeper_pages(role)]
    unique = []
    for url in targets:
        if url not in unique and not SKIP.search(url):
            unique.append(url)
    return unique


def _shoot(page, path, width):
    # the phone shot shows the whole page (tables as cards, the menu); the desktop one what the screen shows
    page.screenshot(path=str(path), full_page=width < 600, animations="disabled")


@pytest.mark.browser
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("role", ROLES)
def test_every_navigation_page_of_every_role_has_no_serious_axe_violation(live_server, browser, site_tree, role,
                                                                          language):
    started = time.monotonic()
    DEMO.restore_demo()  # the session's demo (loaded by the first test that needs it)
    timings: dict[str, float] = {"demo_restore": round(time.monotonic() - started, 2),
                                 "load_demo_this_session": round(DEMO.seconds, 1)}
    out = SCREENSHOTS / "sweep"
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob(f"{role}-{language}-*.png"):
        old.unlink()
    problems: dict[str, list] = {}
    index: dict[str, str] = {}
    started, cpu = time.monotonic(), time.process_time()
    # bypass_csp: axe is injected as an inline script, which the portal's policy (rightly) refuses
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 900}, bypass_csp=True,
                                  extra_http_headers={"Accept-Language": "zh-CN" if language == "zh-hans" else "en-US"})
    _login(context, live_server, role)
    _set_admin_language(role, language)
    page = context.new_page()
    widths = list(WIDTHS)
    for n, url in enumerate(_nav_targets(page, live_server, language, role)):
        first, second = widths
        page.set_viewport_size({"width": first, "height": 900})
        response = page.goto(url, wait_until="load")
        name = f"{role}-{language}-%d-{n:02d}"
        index[f"{role}-{language}-{n:02d}"] = url
        _shoot(page, out / f"{name % first}.png", first)
        if response is not None and response.status >= 400:
            problems[f"{name % first} {url}"] = [{"id": "http", "impact": response.status}]
        else:
            found = _axe(page)  # once per page and language: the widths share one DOM
            if found:
                problems[f"{name % first} {url}"] = found
        page.set_viewport_size({"width": second, "height": 900})
        _shoot(page, out / f"{name % second}.png", second)
        widths.reverse()  # the next URL starts at the width this one ended with: one resize per URL
    context.close()
    timings["pages"] = len(index)
    timings["seconds"] = round(time.monotonic() - started, 1)
    timings["cpu"] = round(time.process_time() - cpu, 1)
    (out / f"index-{role}-{language}.json").write_text(
        json.dumps({"urls": index, "seconds": timings}, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    (out / f"violations-{role}-{language}.json").write_text(
        json.dumps(problems, ensure_ascii=False, indent=1), encoding="utf-8")
    assert problems == {}
