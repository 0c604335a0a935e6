"""Each role reaches what it needs in the admin and nothing else.

Wagtail answers "not allowed" inside the admin with a redirect to the admin dashboard (and a
message); a user without admin access at all is sent to the admin login page.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import GroupPagePermission, Page

from portal.people.roles import ALL_ROLES, COMPLIANCE_REVIEWER
from tests.factories.people import EmployeeFactory

pytestmark = pytest.mark.django_db

EMPLOYEES = reverse("people_employees:index")
EMPLOYEE_ADD = reverse("people_employees:add")
EMPLOYEE_IMPORT = reverse("people_employees:import")
IMPORT_TEMPLATE = reverse("people_employees:import_template")
ORG_UNITS = reverse("people_orgunits:index")
ORG_UNIT_ADD = reverse("people_orgunits:add")
ADMIN_HOME = reverse("wagtailadmin_home")


@pytest.fixture
def home_page():
    return Page.objects.get(depth=2, locale__language_code="zh-hans")


def page_edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def get(client, user, url):
    client.force_login(user)
    return client.get(url)


def allowed(response):
    return response.status_code == 200


def denied_inside_admin(response):
    return response.status_code == 302 and response["Location"] == ADMIN_HOME


def test_groups_are_exactly_the_seven_roles_after_migrate():
    assert sorted(Group.objects.values_list("name", flat=True)) == sorted(ALL_ROLES)
    assert len(ALL_ROLES) == 7


# --- Employee ---------------------------------------------------------------------------------


def test_employee_cannot_open_the_admin(client, employee_user):
    response = get(client, employee_user, ADMIN_HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_employee_cannot_open_the_employee_list(client, employee_user):
    response = get(client, employee_user, EMPLOYEES)
    assert response.status_code == 302 and response["Location"].startswith(reverse("wagtailadmin_login"))


# --- HR ---------------------------------------------------------------------------------------


def test_hr_can_list_add_and_edit_employees(client, hr_user, org_tree):
    employee = EmployeeFactory(org_unit=org_tree["HO"])
    assert allowed(get(client, hr_user, EMPLOYEES))
    assert allowed(get(client, hr_user, EMPLOYEE_ADD))
    assert allowed(get(client, hr_user, reverse("people_employees:edit", args=[employee.pk])))


def test_hr_cannot_delete_employees(client, hr_user, org_tree):
    employee = EmployeeFactory(org_unit=org_tree["HO"])
    assert denied_inside_admin(get(client, hr_user, reverse("people_employees:delete", args=[employee.pk])))


def test_hr_can_import_employees_and_download_the_template(client, hr_user):
    assert allowed(get(client, hr_user, EMPLOYEE_IMPORT))
    assert allowed(get(client, hr_user, IMPORT_TEMPLATE))


def test_hr_can_view_but_not_add_or_edit_org_units(client, hr_user, org_tree):
    assert allowed(get(client, hr_user, ORG_UNITS))
    assert allowed(get(client, hr_user, reverse("people_orgunits:inspect", args=[org_tree["HO"].pk])))
    assert denied_inside_admin(get(client, hr_user, ORG_UNIT_ADD))
    assert denied_inside_admin(
        get(client, hr_user, reverse("people_orgunits:edit", args=[org_tree["HO"].pk]))
    )


def test_hr_cannot_edit_pages(client, hr_user, home_page):
    assert denied_inside_admin(get(client, hr_user, page_edit_url(home_page)))


def test_hr_sees_the_people_menu(client, hr_user):
    content = get(client, hr_user, ADMIN_HOME).content.decode()
    assert EMPLOYEES in content and ORG_UNITS in content


# --- Editor -----------------------------------------------------------------------------------


def test_editor_can_edit_pages(client, editor_user, home_page):
    assert allowed(get(client, editor_user, page_edit_url(home_page)))


def test_editor_cannot_reach_employees_org_units_or_import(client, editor_user):
    for url in (EMPLOYEES, EMPLOYEE_IMPORT, IMPORT_TEMPLATE, ORG_UNITS):
        assert denied_inside_admin(get(client, editor_user, url)), url


def test_editor_does_not_see_the_people_menu(client, editor_user):
    content = get(client, editor_user, ADMIN_HOME).content.decode()
    assert EMPLOYEES not in content and ORG_UNITS not in content


def test_editor_cannot_publish_pages(editor_user, home_page):
    assert not home_page.permissions_for_user(editor_user).can_publish()


# --- Examiner ---------------------------------------------------------------------------------


def test_examiner_can_open_the_admin(client, examiner_user):
    assert allowed(get(client, examiner_user, ADMIN_HOME))


def test_examiner_cannot_reach_employees_or_import(client, examiner_user):
    for url in (EMPLOYEES, EMPLOYEE_IMPORT, ORG_UNITS):
        assert denied_inside_admin(get(client, examiner_user, url)), url


def test_examiner_cannot_edit_pages(client, examiner_user, home_page):
    assert denied_inside_admin(get(client, examiner_user, page_edit_url(home_page)))


# --- Compliance reviewer ----------------------------------------------------------------------


def test_reviewer_has_publish_page_on_the_root(reviewer_user):
    root = Page.get_first_root_node()
    assert GroupPagePermission.objects.filter(
        group__name=COMPLIANCE_REVIEWER, page=root, permission__codename="publish_page"
    ).exists()


def test_reviewer_can_publish_pages(reviewer_user, home_page):
    assert home_page.permissions_for_user(reviewer_user).can_publish()


def test_reviewer_cannot_reach_employees_or_import(client, reviewer_user):
    for url in (EMPLOYEES, EMPLOYEE_IMPORT, ORG_UNITS):
        assert denied_inside_admin(get(client, reviewer_user, url)), url


# --- Administrator ----------------------------------------------------------------------------


def test_administrator_can_reach_everything_in_people(client, admin_user_role, org_tree):
    employee = EmployeeFactory(org_unit=org_tree["HO"])
    for url in (
        EMPLOYEES,
        EMPLOYEE_ADD,
        EMPLOYEE_IMPORT,
        IMPORT_TEMPLATE,
        ORG_UNITS,
        ORG_UNIT_ADD,
        reverse("people_employees:edit", args=[employee.pk]),
        reverse("people_employees:delete", args=[employee.pk]),
        reverse("people_orgunits:edit", args=[org_tree["HO"].pk]),
        reverse("people_orgunits:delete", args=[org_tree["BR01-01"].pk]),
    ):
        assert allowed(get(client, admin_user_role, url)), url


def test_administrator_can_edit_and_publish_pages(client, admin_user_role, home_page):
    assert allowed(get(client, admin_user_role, page_edit_url(home_page)))
    assert home_page.permissions_for_user(admin_user_role).can_publish()


def test_administrator_is_not_a_superuser(admin_user_role):
    assert not admin_user_role.is_superuser


@pytest.mark.parametrize("role", ALL_ROLES)
def test_each_role_holds_exactly_the_permissions_its_table_lists(role):
    from portal.people.roles import MODEL_PERMISSIONS

    group = Group.objects.get(name=role)
    held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
    wanted = MODEL_PERMISSIONS[role]
    if wanted == ["*"]:
        from django.contrib.auth.models import Permission

        assert len(held) == Permission.objects.count()
    else:
        assert held == set(wanted)
