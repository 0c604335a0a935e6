"""Weak knowledge points lead back to the rules (quizzes/exams/services/weak_points.py): computed from final
attempts, shown on the result page when the review policy shows the answers and on My grades and certificates,
and drilled on practicable questions of exactly those points (never an exam-only bank, never someone else's)."""

import pytest
from django.urls import reverse

from quizzes.exams.models import PracticeBank
from quizzes.exams.services import attempts, weak_points
from tests.factories import content as pages
from tests.factories.exams import ExamBlueprintFactory, SittingFactory, add_section
from tests.factories.quizzes import QuestionBankFactory, make_question, single_choice

pytestmark = pytest.mark.django_db

ARTICLE = "《电子银行业务管理办法》第十条"
PROCEDURE = "网银开户操作规程"
POST = "录入岗"
EXAM_ONLY_STEM = "考试专用·知识点题"


def tagged(bank, ref, stem=None):
    return make_question(bank, single_choice(stem), knowledge_point_refs=[ref])


@pytest.fixture
def rules():
    regulation = pages.simple_regulation(pages.regulation_index(), n_articles=10, title="电子银行业务管理办法")
    pages.translate(regulation, "en", title="Measures on E-banking Business")
    department = pages.department()
    procedure = pages.procedure(department, title=PROCEDURE)
    post = pages.post(department, title=POST, duties=["负责业务录入"])
    return regulation, procedure, post


@pytest.fixture
def exam(rules, candidate):
    """Six questions: two on the article and two on the post answered wrong, two on the procedure right."""
    bank = QuestionBankFactory()
    questions = [tagged(bank, ref) for ref in (ARTICLE, ARTICLE, POST, POST, PROCEDURE, PROCEDURE)]
    blueprint = ExamBlueprintFactory(shuffle_questions=False, shuffle_options=False)
    add_section(blueprint, fixed=questions, points="2")
    sitting = SittingFactory(blueprint=blueprint, employees=[candidate], review_policy="immediate",
                             pass_mark="6")
    return sitting, questions


def sit(sitting, employee, *, right_from=4):
    attempt = attempts.start_attempt(sitting, employee)
    for item in attempt.items.order_by("position"):
        answer = [1] if item.position > right_from else [0]
        attempts.save_answer(attempt.pk, employee, item.position, answer, seq=1)
    return attempts.submit_attempt(attempt.pk, employee)


@pytest.fixture
def practice_pool(rules):
    """Practicable questions on each point, an exam-only bank with an (old) open practice row, a look-alike."""
    open_bank = QuestionBankFactory(name="练习题库")
    PracticeBank.objects.create(bank=open_bank)
    on_article = tagged(open_bank, ARTICLE)
    on_post = tagged(open_bank, POST)
    on_procedure = tagged(open_bank, PROCEDURE)
    look_alike = tagged(open_bank, ARTICLE + "补充")
    exam_bank = QuestionBankFactory(name="考试题库", exam_only=True)
    PracticeBank.objects.bulk_create([PracticeBank(bank=exam_bank, is_open=True)])  # bypasses clean()
    exam_only = tagged(exam_bank, ARTICLE, stem=EXAM_ONLY_STEM)
    return {"article": on_article, "post": on_post, "procedure": on_procedure, "look_alike": look_alike,
            "exam_only": exam_only}


def test_the_weakest_points_of_an_attempt_are_those_where_marks_were_lost(exam, candidate):
    attempt = sit(exam[0], candidate)
    points = weak_points.for_attempt(attempt, language="zh-hans")
    assert [(p.name, p.point.questions, p.percent_lost) for p in points] == [(ARTICLE, 2, 100), (POST, 2, 100)]


def test_each_weak_point_links_to_the_rule_it_names(exam, candidate, rules):
    regulation, _, post = rules
    points = weak_points.for_attempt(sit(exam[0], candidate), language="zh-hans")
    article, duties = points[0].links[0], points[1].links[0]
    assert (article.kind, article.label) == ("article", ARTICLE)
    assert article.url == f"{regulation.url}#article-10"
    assert (duties.kind, duties.label, duties.url) == ("post", POST, post.url)


def test_in_english_the_links_carry_the_translated_title_and_page(exam, candidate, rules):
    regulation = rules[0]
    english = regulation.get_translations().get(locale__language_code="en")
    link = weak_points.for_attempt(sit(exam[0], candidate), language="en")[0].links[0]
    assert link.label.startswith("《Measures on E-banking Business》")
    assert link.url == f"{english.url}#article-10"


def test_no_weak_points_while_the_policy_hides_the_answers(exam, candidate):
    sitting = exam[0]
    sitting.review_policy = "score_only"
    sitting.save(update_fields=["review_policy"])
    assert weak_points.for_attempt(sit(sitting, candidate), language="zh-hans") == []


def test_the_result_page_shows_the_weak_points_and_the_drill_link(client, exam, candidate_user, candidate,
                                                                   practice_pool):
    attempt = sit(exam[0], candidate)
    client.force_login(candidate_user)
    html = client.get(reverse("exams:result", args=[attempt.pk])).content.decode()
    assert 'id="weak-points"' in html and ARTICLE in html
    assert reverse("exams:weak_drill_attempt", args=[attempt.pk]) in html


def test_the_result_page_hides_the_weak_points_under_score_only(client, exam, candidate_user, candidate):
    sitting = exam[0]
    sitting.review_policy = "score_only"
    sitting.save(update_fields=["review_policy"])
    attempt = sit(sitting, candidate)
    client.force_login(candidate_user)
    html = client.get(reverse("exams:result", args=[attempt.pk])).content.decode()
    assert 'id="weak-points"' not in html and ARTICLE not in html


def test_the_result_page_hides_the_weak_points_until_an_after_close_sitting_closes(client, exam, candidate_user,
                                                                                   candidate):
    sitting = exam[0]
    sitting.review_policy = "after_close"
    sitting.save(update_fields=["review_policy"])
    attempt = sit(sitting, candidate)
    client.force_login(candidate_user)
    html = client.get(reverse("exams:result", args=[attempt.pk])).content.decode()
    assert 'id="weak-points"' not in html


def test_my_grades_shows_the_weak_points_of_recent_exams(client, exam, candidate_user, candidate, practice_pool):
    sit(exam[0], candidate)
    client.force_login(candidate_user)
    html = client.get(reverse("certification:mine")).content.decode()
    assert 'id="weak-points"' in html and ARTICLE in html and POST in html
    assert reverse("exams:weak_drill") in html


def test_my_grades_in_english_names_the_section_in_english(client, exam, candidate_user, candidate):
    sit(exam[0], candidate)
    client.force_login(candidate_user)
    html = client.get("/en/certification/").content.decode()
    assert "Knowledge points to work on" in html and "Measures on E-banking Business" in html


def test_the_drill_holds_only_practicable_questions_of_the_weak_points(client, exam, candidate_user, candidate,
                                                                        practice_pool):
    attempt = sit(exam[0], candidate)
    client.force_login(candidate_user)
    data = client.get(reverse("exams:api_weak_questions_attempt", args=[attempt.pk])).json()
    got = {q["version_id"] for q in data["questions"]}
    expected = {practice_pool["article"].current_version_id, practice_pool["post"].current_version_id}
    assert got == expected


def test_an_exam_only_question_never_appears_in_the_drill(client, exam, candidate_user, candidate, practice_pool):
    sit(exam[0], candidate)
    client.force_login(candidate_user)
    body = client.get(reverse("exams:api_weak_questions")).content.decode()
    assert EXAM_ONLY_STEM not in body
    assert str(practice_pool["exam_only"].current_version_id) not in [
        str(q["version_id"]) for q in client.get(reverse("exams:api_weak_questions")).json()["questions"]]


def test_a_drill_answer_gets_feedback_like_practice(client, exam, candidate_user, candidate, practice_pool):
    sit(exam[0], candidate)
    client.force_login(candidate_user)
    version = practice_pool["article"].current_version_id
    response = client.post(reverse("exams:api_practice_answer"), {"version_id": version, "response": [1]},
                           content_type="application/json")
    assert response.json()["correct"] is True


def test_another_employee_cannot_drill_someone_elses_attempt(client, exam, candidate, other_candidate,
                                                             practice_pool):
    attempt = sit(exam[0], candidate)
    client.force_login(other_candidate.user)
    assert client.get(reverse("exams:api_weak_questions_attempt", args=[attempt.pk])).status_code == 404
    assert client.get(reverse("exams:weak_drill_attempt", args=[attempt.pk])).status_code == 404


def test_another_employees_own_drill_is_empty(client, exam, candidate, other_candidate, practice_pool):
    sit(exam[0], candidate)
    client.force_login(other_candidate.user)
    assert client.get(reverse("exams:api_weak_questions")).json() == {"questions": []}


def test_anonymous_visitors_cannot_drill(client, exam, candidate, practice_pool):
    attempt = sit(exam[0], candidate)
    assert client.get(reverse("exams:api_weak_questions_attempt", args=[attempt.pk])).status_code == 401
    assert client.get(reverse("exams:weak_drill")).status_code == 302


def test_a_score_only_attempt_cannot_be_drilled_by_url(client, exam, candidate_user, candidate, practice_pool):
    sitting = exam[0]
    sitting.review_policy = "score_only"
    sitting.save(update_fields=["review_policy"])
    attempt = sit(sitting, candidate)
    client.force_login(candidate_user)
    assert client.get(reverse("exams:api_weak_questions_attempt", args=[attempt.pk])).status_code == 404
    assert client.get(reverse("exams:weak_drill_attempt", args=[attempt.pk])).status_code == 404


def test_the_drill_page_loads_the_weak_point_questions(client, exam, candidate_user, candidate, practice_pool):
    attempt = sit(exam[0], candidate)
    client.force_login(candidate_user)
    html = client.get(reverse("exams:weak_drill_attempt", args=[attempt.pk])).content.decode()
    assert reverse("exams:api_weak_questions_attempt", args=[attempt.pk]) in html
