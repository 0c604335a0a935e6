"""Issue 11 in the browser: the practice list without the exam-only bank and the refusal of its drill page (employee),
the bank form with its "exam only" flag (examiner), and the refusal to delete a grader (administrator); in both
languages at phone and desktop width. Screenshots go to /work/wt/shots/i11/ when that folder exists."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.users.models import UserProfile

from portal.people.roles import EMPLOYEE, EXAMINER
from quizzes.exams.models import PracticeBank
from quizzes.exams.services import attempts, grading
from quizzes.models import QuestionType
from tests.factories.exams import exam_with_all_types
from tests.factories.people import user_with_role
from tests.factories.quizzes import QuestionBankFactory, make_question, sample_contents

pytestmark = pytest.mark.browser

SHOTS = Path("/work/wt/shots/i11")
SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 768}}


def sign_in(context, live_server, user):
    client = Client()
    client.force_login(user)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])


def shot(page, name):
    if SHOTS.is_dir():
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def setup(transactional_db, site_tree):
    employee = user_with_role(EMPLOYEE, username="b11_employee", employee=True)
    examiner = user_with_role(EXAMINER, username="b11_examiner")
    open_bank = QuestionBankFactory(name="柜面业务练习", name_en="Counter practice")
    for content in sample_contents():
        make_question(open_bank, content)
    PracticeBank.objects.create(bank=open_bank, is_open=True)
    exam_bank = QuestionBankFactory(name="年度考试专用", name_en="Annual exam only", exam_only=True)
    make_question(exam_bank)
    PracticeBank.objects.bulk_create([PracticeBank(bank=exam_bank, is_open=True)])
    return employee, examiner, open_bank, exam_bank


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_an_employee_sees_practice_without_the_exam_only_bank(live_server, browser, setup, lang, size):
    employee, _examiner, open_bank, exam_bank = setup
    context = browser.new_context(viewport=SIZES[size])
    page = context.new_page()
    sign_in(context, live_server, employee)
    page.goto(f"{live_server.url}/{lang}/exams/practice/")
    text = page.inner_text("body")
    assert open_bank.display_name in text or open_bank.name in text or open_bank.name_en in text
    assert "年度考试专用" not in text and "Annual exam only" not in text
    shot(page, f"practice-list-{lang}-{size}")
    response = page.goto(f"{live_server.url}/{lang}/exams/practice/banks/{exam_bank.pk}/")
    assert response.status == 404
    assert ("不开放练习" in page.inner_text("body") or "未开放练习" in page.inner_text("body")
            or "not open for practice" in page.inner_text("body"))
    shot(page, f"practice-exam-only-refused-{lang}-{size}")
    context.close()


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_an_examiner_sees_the_exam_only_flag_on_the_bank_form(live_server, browser, setup, lang):
    _employee, examiner, _open_bank, exam_bank = setup
    profile = UserProfile.get_for_user(examiner)
    profile.preferred_language = lang
    profile.save()
    for size in SIZES:
        context = browser.new_context(viewport=SIZES[size])
        page = context.new_page()
        sign_in(context, live_server, examiner)
        page.goto(f"{live_server.url}/admin/question_banks/edit/{exam_bank.pk}/")
        assert page.is_checked("input[name=exam_only]")
        shot(page, f"bank-form-{lang}-{size}")
        page.goto(f"{live_server.url}/admin/question_banks/")
        shot(page, f"bank-list-{lang}-{size}")
        context.close()


def test_the_administrator_is_told_a_grader_cannot_be_deleted(live_server, browser, setup):
    employee, examiner, _open_bank, _exam_bank = setup
    sitting, _questions = exam_with_all_types(employees=[employee.employee])
    attempt = attempts.start_attempt(sitting, employee.employee, now=timezone.now())
    attempts.submit_attempt(attempt.pk, employee.employee, now=timezone.now())
    item = attempt.items.get(version__type=QuestionType.SHORT_ANSWER)
    grading.grade_short_answer(item, score=Decimal("1"), note="", acting_user=examiner)
    admin = get_user_model().objects.create_superuser("b11_admin", "admin@bank.example", "pw")
    for size in SIZES:
        context = browser.new_context(viewport=SIZES[size])
        page = context.new_page()
        sign_in(context, live_server, admin)
        page.goto(live_server.url + reverse("wagtailusers_users:delete", args=[examiner.pk]))
        page.locator("main form").locator("button[type=submit], input[type=submit]").first.click()
        page.wait_for_load_state()
        assert "停用" in page.inner_text("body")
        shot(page, f"delete-grader-refused-zh-hans-{size}")
        context.close()
    assert get_user_model().objects.filter(pk=examiner.pk).exists()
