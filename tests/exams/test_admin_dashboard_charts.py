"""Exams' charts by org unit, by post and the weak-knowledge-point heat map: their figures from factory data,
a Branch manager's subtree only, the Excel file carrying the same rows, 404 for a role without the chart, and
a number of queries that does not grow with the number of attempts."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from content.models import PostAssignment
from portal.people.roles import BRANCH_MANAGER, EDITOR, EXAMINER
from quizzes.exams.admin_dashboard import (
    pass_rate_figures,
    post_pass_rate_figures,
    unit_pass_rate_figures,
    weak_points_figures,
)
from quizzes.exams.models import Attempt, AttemptItem
from quizzes.exams.rules.shuffle import to_display
from quizzes.exams.services import attempts
from quizzes.models import Question
from tests.factories import content as f
from tests.factories.exams import machine_marked_exam
from tests.factories.people import EmployeeFactory, OrgUnitFactory, user_with_role

pytestmark = pytest.mark.django_db

SLUGS = ["exam-pass-rate", "exam-pass-rate-by-unit", "exam-pass-rate-by-post", "weak-knowledge-points"]
FIGURES = {"exam-pass-rate": pass_rate_figures, "exam-pass-rate-by-unit": unit_pass_rate_figures,
           "exam-pass-rate-by-post": post_pass_rate_figures, "weak-knowledge-points": weak_points_figures}


@pytest.fixture
def results(org_tree, now):
    """Candidate A (BR01's outlet, post TELLER) answers right and passes; B (branch BR02, post LOBBY) fails.
    The one question tests knowledge point K1."""
    branch_b = OrgUnitFactory(parent=org_tree["HO"], code="BR02", name="河口支行", name_en="Hekou branch")
    in_a = EmployeeFactory(org_unit=org_tree["BR01-01"])
    in_b = EmployeeFactory(org_unit=branch_b)
    dept = f.department()
    teller = f.post(dept, title="综合柜员岗", code="TELLER")
    lobby = f.post(dept, title="大堂经理岗", code="LOBBY")
    PostAssignment.objects.create(employee=in_a, post=teller)
    PostAssignment.objects.create(employee=in_b, post=lobby)
    sitting, questions = machine_marked_exam(employees=[in_a, in_b], count=1, points="1", pass_mark=Decimal("1"))
    Question.objects.filter(pk=questions[0].pk).update(knowledge_point_refs="K1 网银盾挂失\n")
    for person, right in ((in_a, True), (in_b, False)):
        attempt = attempts.start_attempt(sitting, person, now=now)
        item = attempt.items.select_related("version").get()
        key = item.version.correct[0] if right else (item.version.correct[0] + 1) % len(item.version.options)
        attempts.save_answer(attempt.pk, person, item.position, to_display("single", [key], item.option_order), now=now)
        attempts.submit_attempt(attempt.pk, person, now=now)
    return {"A": org_tree["BR01"], "B": branch_b, "outlet": org_tree["BR01-01"], "today": now.date(),
            "sitting": sitting}


def _by_first(figures) -> dict[str, tuple[int, int]]:
    totals: dict[str, tuple[int, int]] = {}
    for name, _month, n, passed, _rate in figures["rows"]:
        old = totals.get(name, (0, 0))
        totals[name] = (old[0] + n, old[1] + passed)
    return totals


def test_unit_pass_rate_counts_each_branch_for_an_examiner(results):
    figures = unit_pass_rate_figures(user_with_role(EXAMINER), results["today"])
    assert _by_first(figures) == {"城区支行": (1, 1), "河口支行": (1, 0)}
    assert [d["label"] for d in figures["chart"]["datasets"]] == ["城区支行", "河口支行"]


def test_unit_pass_rate_of_a_branch_manager_groups_their_outlets_only(results):
    manager = user_with_role(BRANCH_MANAGER, employee=True, org_unit=results["A"])
    assert _by_first(unit_pass_rate_figures(manager, results["today"])) == {"东街网点": (1, 1)}


def test_post_pass_rate_counts_each_post(results):
    figures = post_pass_rate_figures(user_with_role(EXAMINER), results["today"])
    assert _by_first(figures) == {"TELLER 综合柜员岗": (1, 1), "LOBBY 大堂经理岗": (1, 0)}


def test_post_pass_rate_of_a_branch_manager_counts_only_their_subtree(results):
    manager = user_with_role(BRANCH_MANAGER, employee=True, org_unit=results["B"])
    assert _by_first(post_pass_rate_figures(manager, results["today"])) == {"LOBBY 大堂经理岗": (1, 0)}


def test_heat_map_shows_the_share_of_marks_lost_per_point_and_unit(results):
    figures = weak_points_figures(user_with_role(EXAMINER), results["today"])
    assert figures["headings"][1:] == ["城区支行", "河口支行"]
    assert figures["rows"] == [["K1 网银盾挂失", 0.0, 100.0]]
    cells = figures["chart"]["rows"][0]["cells"]
    assert [c["level"] for c in cells] == [0, 4] and cells[1]["text"] == "100%"


def test_heat_map_of_a_branch_manager_has_only_their_outlet(results):
    manager = user_with_role(BRANCH_MANAGER, employee=True, org_unit=results["A"])
    figures = weak_points_figures(manager, results["today"])
    assert figures["headings"][1:] == ["东街网点"] and figures["rows"] == [["K1 网银盾挂失", 0.0]]


@pytest.mark.parametrize("slug", SLUGS)
def test_the_download_has_the_rows_of_the_chart(client, results, slug):
    examiner = user_with_role(EXAMINER)
    client.force_login(examiner)
    response = client.get(reverse("portal_dashboard_download", args=[slug]))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]
    expected = FIGURES[slug](examiner, results["today"])["rows"]
    assert rows == [[cell for cell in row] for row in expected]


@pytest.mark.parametrize("slug", SLUGS)
def test_an_editor_gets_404_for_the_download(client, results, slug):
    client.force_login(user_with_role(EDITOR))
    response = client.get(reverse("portal_dashboard_download", args=[slug]), follow=True)
    assert response.status_code == 404 and "spreadsheet" not in response.get("Content-Type", "")


def test_the_examiners_admin_home_shows_the_four_exam_charts(client, results):
    client.force_login(user_with_role(EXAMINER))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert all(f'id="dash-{slug}-figure"' in html for slug in SLUGS)
    assert 'class="heat-4"' in html  # the heat map is a shaded table


def _clone(sitting, units, count):
    """``count`` more final attempts like the first one, for new candidates spread over ``units``."""
    source = Attempt.objects.filter(sitting=sitting).order_by("pk").first()
    items = list(AttemptItem.objects.filter(attempt=source))
    for i in range(count):
        employee = EmployeeFactory(org_unit=units[i % len(units)])
        copy = Attempt.objects.get(pk=source.pk)
        copy.pk, copy.employee = None, employee
        copy.save()
        AttemptItem.objects.bulk_create([
            AttemptItem(**{**{f.attname: getattr(item, f.attname) for f in AttemptItem._meta.concrete_fields},
                           "id": None, "attempt_id": copy.pk})
            for item in items
        ])


def _queries(function, user, today) -> int:
    with CaptureQueriesContext(connection) as captured:
        function(user, today)
    return len(captured)


@pytest.mark.parametrize("slug", SLUGS)
def test_queries_do_not_grow_with_the_number_of_attempts(results, slug):
    examiner = user_with_role(EXAMINER)
    manager = user_with_role(BRANCH_MANAGER, employee=True, org_unit=results["A"])
    few = [_queries(FIGURES[slug], user, results["today"]) for user in (examiner, manager)]
    _clone(results["sitting"], [results["outlet"], results["B"]], 30)
    many = [_queries(FIGURES[slug], user, results["today"]) for user in (examiner, manager)]
    assert many == few and max(many) <= 6
