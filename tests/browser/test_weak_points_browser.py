"""Weak knowledge points in headless Chromium, as the candidate: the result page and My grades list them with the
rules they link to, in Chinese and English, at 1366 and 390 px; the drill link opens practice on exactly those
points. Screenshots are written to test-results/screenshots/weak-points-*."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from portal.people.roles import EMPLOYEE
from quizzes.exams.models import PracticeBank
from quizzes.exams.services import attempts
from tests.browser.conftest import SCREENSHOTS
from tests.factories import content as pages
from tests.factories.exams import ExamBlueprintFactory, SittingFactory, add_section
from tests.factories.people import user_with_role
from tests.factories.quizzes import QuestionBankFactory, make_question, single_choice

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("site_tree")]

ARTICLE = "《电子银行业务管理办法》第十条"
POST = "录入岗"
PROCEDURE = "网银开户操作规程"
DRILL_STEM = "练习·第十条知识点"


def tagged(bank, ref, stem=None):
    return make_question(bank, single_choice(stem), knowledge_point_refs=[ref])


@pytest.fixture
def weak_result(transactional_db):
    """A final attempt that lost every mark on the article and the post, and a practice bank on the article."""
    candidate = user_with_role(EMPLOYEE, username="browser_weak", employee=True)
    regulation = pages.simple_regulation(pages.regulation_index(), n_articles=10, title="电子银行业务管理办法")
    pages.translate(regulation, "en", title="Measures on E-banking Business")
    department = pages.department()
    pages.procedure(department, title=PROCEDURE)
    pages.post(department, title=POST, duties=["负责业务录入"])
    bank = QuestionBankFactory()
    questions = [tagged(bank, ref) for ref in (ARTICLE, ARTICLE, POST, POST, PROCEDURE, PROCEDURE)]
    blueprint = ExamBlueprintFactory(shuffle_questions=False, shuffle_options=False)
    add_section(blueprint, fixed=questions, points="2")
    sitting = SittingFactory(blueprint=blueprint, employees=[candidate.employee], review_policy="immediate",
                             pass_mark="6")
    practice = QuestionBankFactory(name="练习题库")
    PracticeBank.objects.create(bank=practice)
    tagged(practice, ARTICLE, stem=DRILL_STEM)
    attempt = attempts.start_attempt(sitting, candidate.employee)
    for item in attempt.items.order_by("position"):
        attempts.save_answer(attempt.pk, candidate.employee, item.position, [1] if item.position > 4 else [0],
                             seq=1)
    attempts.submit_attempt(attempt.pk, candidate.employee)
    return candidate, attempt


def signed_in_page(browser, live_server, user, *, width, locale):
    context = browser.new_context(viewport={"width": width, "height": 800}, locale=locale)
    client = Client()
    client.force_login(user)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    return context, context.new_page()


def no_sideways_scroll(page):
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("language,locale,heading_text", [("zh-hans", "zh-CN", "电子银行业务管理办法"),
                                                         ("en", "en-US", "Measures on E-banking Business")])
def test_the_candidate_sees_weak_points_with_their_rules_and_drills_them(live_server, browser, weak_result,
                                                                        language, locale, heading_text):
    user, attempt = weak_result
    for width in (1366, 390):
        context, page = signed_in_page(browser, live_server, user, width=width, locale=locale)
        with translation.override(language):
            result_url = reverse("exams:result", args=[attempt.pk])
            mine_url = reverse("certification:mine")
        page.goto(live_server.url + result_url)
        section = page.locator("#weak-points").first
        assert section.is_visible()
        assert heading_text in section.inner_text()
        assert POST in section.inner_text()
        assert no_sideways_scroll(page)
        page.screenshot(path=str(screenshot_path(f"weak-points-result-{language}-{width}")), full_page=True)

        page.goto(live_server.url + mine_url)
        assert heading_text in page.locator("#weak-points").first.inner_text()
        assert no_sideways_scroll(page)
        page.screenshot(path=str(screenshot_path(f"weak-points-mine-{language}-{width}")), full_page=True)

        page.goto(live_server.url + result_url)
        page.locator("#weak-points a[href*='/practice/weak/']").first.click()
        page.wait_for_selector(f"#practice-form :text('{DRILL_STEM}')")
        page.screenshot(path=str(screenshot_path(f"weak-points-drill-{language}-{width}")), full_page=True)
        context.close()


def screenshot_path(name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}.png"
