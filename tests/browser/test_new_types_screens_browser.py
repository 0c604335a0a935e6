"""Screenshots of the candidate answering matching and numerical questions in English at phone width (issue 16).

Saved under /work/wt/shots/i16/ (or $SHOTS_DIR) for an engineer to look at; the test also checks what a
phone user must be able to do: nothing wider than the screen, every control reachable, the unit shown.
"""

import os
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from tests.browser.test_exam_browser import sign_in
from tests.factories.exams import matching_numerical_exam
from tests.factories.people import user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("site_tree")]
SHOTS = Path(os.environ.get("SHOTS_DIR", "/work/wt/shots/i16"))


@pytest.fixture
def candidate_user(transactional_db):
    from portal.people.roles import EMPLOYEE

    return user_with_role(EMPLOYEE, username="browser_cand16en", employee=True)


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB", device_scale_factor=1)
    page = context.new_page()
    yield page
    context.close()


def wait_saved(page):
    page.wait_for_function("() => { const s = document.getElementById('exam-save-status');"
                           " return s && /Saved/.test(s.textContent) && !/Saving/.test(s.textContent); }")


def _shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_candidate_answers_matching_and_numerical_in_english_at_phone_width(live_server, phone, candidate_user):
    page = phone
    sitting, _questions = matching_numerical_exam(employees=[candidate_user.employee], language="en")
    sign_in(page, live_server, candidate_user)
    with translation.override("en"):
        page.goto(live_server.url + reverse("exams:sitting", args=[sitting.pk]))
    page.get_by_role("button", name="Start the exam").click()
    page.wait_for_selector("#q1-match-0")
    for index in range(3):
        page.locator(f"#q1-match-{index}").select_option(index=index + 1)
    wait_saved(page)
    assert _no_sideways_scroll(page)
    _shot(page, "exam-matching-en-390")
    page.locator("#exam-next").click()
    page.wait_for_selector("#q2-number")
    page.locator("#q2-number").fill("150.00")
    page.keyboard.press("Tab")
    wait_saved(page)
    assert _no_sideways_scroll(page)
    assert page.locator("#q2-number").is_visible()
    _shot(page, "exam-numerical-en-390")


def test_the_printed_paper_renders_to_a_png_for_review(candidate_user):
    """The first page of a printed paper (every type), rendered with pdftoppm for an engineer to look at."""
    import shutil
    import subprocess

    from quizzes.exams.services import paper
    from tests.factories.exams import exam_with_all_types

    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm is not installed (apt-get install poppler-utils)")
    SHOTS.mkdir(parents=True, exist_ok=True)
    sittings = {"all": exam_with_all_types(employees=[candidate_user.employee])[0],
                "new": matching_numerical_exam(employees=[candidate_user.employee])[0]}
    for label, sitting in sittings.items():
        for kind in ("papers", "key"):
            pdf_path = SHOTS / f"paper-{label}-{kind}.pdf"
            pdf_path.write_bytes(paper.render_papers(sitting, [candidate_user.employee], kind=kind))
            subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", str(pdf_path),
                            str(SHOTS / f"paper-{label}-{kind}")], check=True, timeout=120)
    text = subprocess.run(["pdftotext", str(SHOTS / "paper-new-papers.pdf"), "-"], capture_output=True, text=True,
                          check=True, timeout=60).stdout
    assert "分值" not in text and "个人开户" in text
    assert text.count(candidate_user.employee.employee_number) >= 2  # running header and the table
