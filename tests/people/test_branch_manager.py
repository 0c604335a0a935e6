"""The Branch manager role (支行行长 / 网点负责人): read-only, scoped to their own unit and below.

A manager of branch A must not see branch B's people, must not change anything (every POST is refused)
and never sees an answer key; the scoping helpers give exactly their subtree.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from portal.people.roles import BRANCH_MANAGER, MODEL_PERMISSIONS
from portal.people.scoping import in_team, is_branch_manager, team_employees, team_units
from tests.factories.people import EmployeeFactory, OrgUnitFactory, user_with_role
from tests.factories.quizzes import make_question

pytestmark = pytest.mark.django_db


@pytest.fixture
def branches(org_tree):
    """Branch A (BR01 with its outlet) and a second branch B beside it."""
    branch_b = OrgUnitFactory(parent=org_tree["HO"], code="BR02", name="河口支行", name_en="Hekou branch")
    return {"A": org_tree["BR01"], "A-outlet": org_tree["BR01-01"], "B": branch_b, "HO": org_tree["HO"]}


@pytest.fixture
def manager_a(branches):
    return user_with_role(BRANCH_MANAGER, employee=True, org_unit=branches["A"])


def test_the_role_holds_only_admin_access():
    group = Group.objects.get(name=BRANCH_MANAGER)
    held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
    assert held == {"wagtailadmin.access_admin"} == set(MODEL_PERMISSIONS[BRANCH_MANAGER])


def test_team_units_are_the_managers_unit_and_below_and_not_another_branch(manager_a, branches):
    codes = set(team_units(manager_a).values_list("code", flat=True))
    assert codes == {"BR01", "BR01-01"}


def test_team_employees_exclude_branch_b_and_head_office(manager_a, branches):
    in_a = EmployeeFactory(org_unit=branches["A-outlet"])
    in_b = EmployeeFactory(org_unit=branches["B"])
    at_head = EmployeeFactory(org_unit=branches["HO"])
    team = set(team_employees(manager_a))
    assert in_a in team
    assert in_b not in team and at_head not in team
    assert in_team(manager_a, in_a) and not in_team(manager_a, in_b)


def test_a_manager_without_an_employee_record_sees_nobody(branches):
    user = user_with_role(BRANCH_MANAGER)
    EmployeeFactory(org_unit=branches["A"])
    assert is_branch_manager(user)
    assert not team_units(user).exists()
    assert not team_employees(user).exists()


def test_scoping_does_not_apply_to_other_roles(branches):
    hr = user_with_role("HR", employee=True, org_unit=branches["A"])
    assert team_units(hr) is None and team_employees(hr) is None


def test_manager_cannot_list_or_open_employees_of_any_branch(client, manager_a, branches):
    other = EmployeeFactory(org_unit=branches["B"])
    client.force_login(manager_a)
    for url in (reverse("people_employees:index"), reverse("people_employees:edit", args=[other.pk])):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert other.name not in response.content.decode()


@pytest.mark.parametrize("name,args", [
    ("people_employees:add", []),
    ("people_orgunits:add", []),
    ("people_employees:import", []),
])
def test_manager_cannot_mutate_anything(client, manager_a, name, args):
    client.force_login(manager_a)
    response = client.post(reverse(name, args=args), {"name": "x"})
    assert response.status_code in (302, 403)
    assert response.status_code == 403 or response["Location"] == reverse("wagtailadmin_home")


def test_manager_cannot_edit_an_employee_of_their_own_branch(client, manager_a, branches):
    own = EmployeeFactory(org_unit=branches["A-outlet"], name="周小燕")
    client.force_login(manager_a)
    response = client.post(reverse("people_employees:edit", args=[own.pk]), {"name": "改名"})
    assert response.status_code in (302, 403)
    own.refresh_from_db()
    assert own.name == "周小燕"


def test_manager_never_sees_an_answer_key(client, manager_a):
    question = make_question()
    client.force_login(manager_a)
    assert not manager_a.has_perm("quizzes.view_answer_key")
    for url in (reverse("questions:index"), reverse("questions:inspect", args=[question.pk])):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert question.current_version.explanation not in response.content.decode()


def test_manager_opens_the_admin_home(client, manager_a):
    client.force_login(manager_a)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
