"""The admin home's pass-rate chart: examiners see every candidate, a Branch manager only their subtree
(chart data and Excel), other roles see no chart."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from portal.people.roles import BRANCH_MANAGER, EDITOR, EXAMINER
from quizzes.exams.admin_dashboard import pass_rate_figures
from quizzes.exams.models import Attempt
from quizzes.exams.rules.shuffle import to_display
from quizzes.exams.services import attempts
from tests.factories.exams import machine_marked_exam
from tests.factories.people import EmployeeFactory, OrgUnitFactory, user_with_role

pytestmark = pytest.mark.django_db

DOWNLOAD = reverse("portal_dashboard_download", args=["exam-pass-rate"])


@pytest.fixture
def results(org_tree, now):
    """Candidate in branch A (BR01's outlet) answers right and passes; candidate in branch B fails."""
    branch_b = OrgUnitFactory(parent=org_tree["HO"], code="BR02", name="河口支行", name_en="Hekou branch")
    in_a = EmployeeFactory(org_unit=org_tree["BR01-01"])
    in_b = EmployeeFactory(org_unit=branch_b)
    sitting, questions = machine_marked_exam(employees=[in_a, in_b], count=1, points="1", pass_mark=Decimal("1"))
    for person, choice in ((in_a, 1), (in_b, 0)):
        attempt = attempts.start_attempt(sitting, person, now=now)
        item = attempt.items.select_related("version").get()
        key = item.version.correct[0] if choice else (item.version.correct[0] + 1) % len(item.version.options)
        attempts.save_answer(attempt.pk, person, item.position, to_display("single", [key], item.option_order), now=now)
        attempts.submit_attempt(attempt.pk, person, now=now)
    return {"A": org_tree["BR01"], "B": branch_b, "now": now}


def _candidates(figures) -> tuple[int, int]:
    return sum(r[2] for r in figures["rows"]), sum(r[3] for r in figures["rows"])


def test_examiner_counts_every_final_attempt(results):
    assert Attempt.objects.filter(passed__isnull=False).count() == 2
    examiner = user_with_role(EXAMINER)
    assert _candidates(pass_rate_figures(examiner, results["now"].date())) == (2, 1)


def test_branch_manager_counts_only_their_subtree_in_figures_and_excel(client, results):
    manager = user_with_role(BRANCH_MANAGER, employee=True, org_unit=results["A"])
    assert _candidates(pass_rate_figures(manager, results["now"].date())) == (1, 1)
    client.force_login(manager)
    sheet = load_workbook(io.BytesIO(client.get(DOWNLOAD).content)).active
    assert [row[2:4] for row in sheet.iter_rows(min_row=2, values_only=True)] == [(1, 1)]


def test_branch_manager_of_b_sees_only_the_failure(results):
    manager = user_with_role(BRANCH_MANAGER, employee=True, org_unit=results["B"])
    assert _candidates(pass_rate_figures(manager, results["now"].date())) == (1, 0)


def test_an_editor_gets_no_pass_rate_chart(client, results):
    client.force_login(user_with_role(EDITOR))
    assert "dash-exam-pass-rate" not in client.get(reverse("wagtailadmin_home")).content.decode()
