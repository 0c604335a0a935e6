"""The Exams admin: examiners build blueprints and sittings, grade and re-score; HR sees results and grants
overrides; employees reach none of it."""

from decimal import Decimal

import pytest
from django.urls import reverse

from quizzes.exams.models import ExamBlueprint, Sitting, SittingOverride
from quizzes.exams.services import attempts
from tests.factories.exams import exam_with_all_types, machine_marked_exam
from tests.factories.quizzes import QuestionBankFactory, make_question

pytestmark = pytest.mark.django_db


def status(client, user, url):
    client.force_login(user)
    return client.get(url).status_code


@pytest.fixture
def taken(candidate, now):
    sitting, questions = exam_with_all_types(employees=[candidate])
    attempt = attempts.start_attempt(sitting, candidate, now=now)
    attempts.save_answer(attempt.pk, candidate, 6, "操作风险", now=now)
    attempts.submit_attempt(attempt.pk, candidate, now=now)
    return sitting, attempt, questions


def admin_urls(sitting, attempt):
    return {
        "sittings": reverse("exams_sittings:index"),
        "sitting": reverse("exams_sittings:inspect", args=[sitting.pk]),
        "sitting_edit": reverse("exams_sittings:edit", args=[sitting.pk]),
        "blueprints": reverse("exam_blueprints:index"),
        "blueprint": reverse("exam_blueprints:inspect", args=[sitting.blueprint.pk]),
        "blueprint_edit": reverse("exam_blueprints:edit", args=[sitting.blueprint.pk]),
        "blueprint_add": reverse("exam_blueprints:add"),
        "results": reverse("exams_results:index"),
        "result": reverse("exams_results:inspect", args=[attempt.pk]),
        "grading": reverse("exams_grading:index"),
        "grade": reverse("exams_grading:grade", args=[attempt.items.get(position=6).pk]),
        "overrides": reverse("exams_overrides:index"),
        "grant": reverse("exams_overrides:grant"),
        "rescoring": reverse("exams_rescoring:index"),
        "rescore_new": reverse("exams_rescoring:new"),
        "practice_banks": reverse("exams_practice_banks:index"),
    }


EXAMINER_PAGES = ["sittings", "sitting", "sitting_edit", "blueprints", "blueprint", "blueprint_edit", "blueprint_add",
                  "results", "result", "grading", "grade", "overrides", "rescoring", "rescore_new", "practice_banks"]


def test_examiner_opens_every_exam_admin_page(client, examiner, taken):
    sitting, attempt, _ = taken
    urls = admin_urls(sitting, attempt)
    for name in EXAMINER_PAGES:
        assert status(client, examiner, urls[name]) == 200, name


def test_examiner_cannot_grant_overrides(client, examiner, taken):
    sitting, attempt, _ = taken
    assert status(client, examiner, admin_urls(sitting, attempt)["grant"]) != 200


def test_hr_sees_results_and_grants_overrides_but_builds_nothing(client, hr, taken):
    sitting, attempt, _ = taken
    urls = admin_urls(sitting, attempt)
    for name in ("results", "result", "overrides", "grant", "sittings", "sitting"):
        assert status(client, hr, urls[name]) == 200, name
    for name in ("blueprints", "blueprint_add", "sitting_edit", "grading", "grade", "rescore_new"):
        assert status(client, hr, urls[name]) != 200, name


def test_employee_reaches_no_exam_admin_page(client, candidate_user, taken):
    sitting, attempt, _ = taken
    for name, url in admin_urls(sitting, attempt).items():
        assert status(client, candidate_user, url) != 200, name


def test_the_override_form_chooses_the_employee_by_search_not_from_a_list_of_everyone(client, hr, candidate):
    client.force_login(hr)
    html = client.get(reverse("exams_overrides:grant")).content.decode()
    assert 'data-search-chooser data-name="employee"' in html
    assert f'<option value="{candidate.pk}"' not in html


def test_hr_grants_an_override_with_a_reason_through_the_admin(client, hr, candidate, now):
    sitting, _ = machine_marked_exam(employees=[candidate])
    client.force_login(hr)
    response = client.post(reverse("exams_overrides:grant"), {
        "sitting": sitting.pk, "employee": candidate.pk, "extra_minutes": 20, "extra_attempts": 0,
        "reason": "残障便利：延时20分钟",
    })
    assert response.status_code == 302
    override = SittingOverride.objects.get()
    assert (override.extra_minutes, override.created_by) == (20, hr)
    from wagtail.models import ModelLogEntry

    assert ModelLogEntry.objects.filter(action="exams.override.grant", object_id=str(override.pk)).exists()


def test_an_override_without_a_reason_is_refused(client, hr, candidate):
    sitting, _ = machine_marked_exam(employees=[candidate])
    client.force_login(hr)
    response = client.post(reverse("exams_overrides:grant"), {
        "sitting": sitting.pk, "employee": candidate.pk, "extra_minutes": 20, "extra_attempts": 0, "reason": " "})
    assert response.status_code == 200
    assert not SittingOverride.objects.exists()


def test_hr_revokes_an_override_with_a_reason(client, hr, candidate):
    from quizzes.exams.services.sittings import grant_override

    sitting, _ = machine_marked_exam(employees=[candidate])
    override = grant_override(sitting, candidate, extra_minutes=10, reason="延时", acting_user=hr)
    client.force_login(hr)
    response = client.post(reverse("exams_overrides:revoke", args=[override.pk]), {"reason": "录入错误"})
    assert response.status_code == 302
    override.refresh_from_db()
    assert override.revoked_at is not None and override.revoke_reason == "录入错误"


def test_examiner_creates_a_blueprint_with_a_draw_section(client, examiner):
    bank = QuestionBankFactory()
    for _ in range(3):
        make_question(bank)
    client.force_login(examiner)
    response = client.post(reverse("exam_blueprints:add"), {
        "code": "EB-2026", "title": "电子银行业务知识考试", "title_en": "", "instructions": "", "instructions_en": "",
        "multiple_choice_scoring": "all_or_nothing", "ordering_scoring": "all_or_nothing",
        "matching_scoring": "per_pair",
        "shuffle_questions": "on", "shuffle_options": "on",
        "sections-TOTAL_FORMS": "1", "sections-INITIAL_FORMS": "0", "sections-MIN_NUM_FORMS": "1",
        "sections-MAX_NUM_FORMS": "1000",
        "sections-0-title": "一、单项选择题", "sections-0-title_en": "", "sections-0-source": "draw",
        "sections-0-bank": bank.pk, "sections-0-category": "", "sections-0-question_type": "single",
        "sections-0-difficulty_min": "1", "sections-0-difficulty_max": "5", "sections-0-tags": "",
        "sections-0-count": "3", "sections-0-points": "5", "sections-0-ORDER": "1", "sections-0-DELETE": "",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    blueprint = ExamBlueprint.objects.get(code="EB-2026")
    assert blueprint.sections.get().count == 3 and blueprint.max_score == Decimal("15")


def test_examiner_creates_a_blueprint_with_fixed_questions(client, examiner):
    bank = QuestionBankFactory()
    questions = [make_question(bank) for _ in range(2)]
    client.force_login(examiner)
    response = client.post(reverse("exam_blueprints:add"), {
        "code": "FIX-1", "title": "固定题", "multiple_choice_scoring": "all_or_nothing",
        "ordering_scoring": "all_or_nothing", "matching_scoring": "per_pair",
        "sections-TOTAL_FORMS": "1", "sections-INITIAL_FORMS": "0", "sections-MIN_NUM_FORMS": "1",
        "sections-MAX_NUM_FORMS": "1000",
        "sections-0-title": "一、必答题", "sections-0-source": "fixed", "sections-0-difficulty_min": "1",
        "sections-0-difficulty_max": "5", "sections-0-count": "1", "sections-0-points": "10",
        "sections-0-fixed_questions": [q.pk for q in questions], "sections-0-ORDER": "1",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    section = ExamBlueprint.objects.get(code="FIX-1").sections.get()
    assert set(section.fixed_questions.values_list("pk", flat=True)) == {q.pk for q in questions}


def test_sitting_form_refuses_a_blueprint_the_banks_cannot_supply(client, examiner, candidate):
    from tests.factories.exams import ExamBlueprintFactory, add_section

    bank = QuestionBankFactory()
    make_question(bank)
    blueprint = ExamBlueprintFactory()
    add_section(blueprint, bank=bank, count=5)
    client.force_login(examiner)
    response = client.post(reverse("exams_sittings:add"), {
        "blueprint": blueprint.pk, "title": "场次", "opens_at": "2026-03-01 09:00", "closes_at": "2026-03-01 11:00",
        "time_limit_minutes": 60, "attempts_allowed": 1, "cooldown_minutes": 0, "pass_mark": "1",
        "counting_policy": "highest", "review_policy": "score_only", "language": "zh-hans",
    })
    assert response.status_code == 200
    assert "1" in response.content.decode() and not Sitting.objects.exists()
