"""The People admin: employee list (filter, search), org-unit tree, forms, and the import flow."""

import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from portal.core.models import StagedUpload
from portal.people.models import Employee, OrgUnit
from portal.people.roles import EMPLOYEE, HR
from tests.factories.people import EMPLOYEE_HEADERS, EmployeeFactory, employee_workbook, user_with_role

pytestmark = pytest.mark.django_db
User = get_user_model()

EMPLOYEES = reverse("people_employees:index")
IMPORT = reverse("people_employees:import")
TEMPLATE = reverse("people_employees:import_template")
ORG_UNITS = reverse("people_orgunits:index")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def hr_client(client, hr_user):
    client.force_login(hr_user)
    return client


@pytest.fixture
def admin_client_role(client, admin_user_role):
    client.force_login(admin_user_role)
    return client


def xlsx_upload(data, name="staff.xlsx"):
    return SimpleUploadedFile(name, data, content_type=XLSX)


def counts():
    return Employee.objects.count(), User.objects.count()


def upload(client, data, name="staff.xlsx"):
    return client.post(IMPORT, {"file": xlsx_upload(data, name)})


def preview_url(client=None):
    """The preview of the latest staged employee upload."""
    staged = StagedUpload.objects.filter(kind="people.employees").latest("pk")
    return reverse("people_employees:import_preview", args=[staged.pk])


# --- employee listing ---------------------------------------------------------------------------


def test_employee_list_filters_by_org_unit_including_sub_units(hr_client, org_tree):
    EmployeeFactory(employee_number="A1", org_unit=org_tree["HO-EB-CS"])
    EmployeeFactory(employee_number="B1", org_unit=org_tree["BR01"])
    response = hr_client.get(EMPLOYEES, {"org_unit": org_tree["HO-EB"].pk})
    numbers = {e.employee_number for e in response.context["object_list"]}
    assert numbers == {"A1"}


def test_employee_list_filters_by_active_flag(hr_client, org_tree):
    EmployeeFactory(employee_number="A1", org_unit=org_tree["HO"], is_active=True)
    EmployeeFactory(employee_number="A2", org_unit=org_tree["HO"], is_active=False)
    response = hr_client.get(EMPLOYEES, {"is_active": "false"})
    assert [e.employee_number for e in response.context["object_list"]] == ["A2"]


@pytest.mark.parametrize("query", ["10077", "王小明"])
def test_employee_list_searches_number_and_name(hr_client, org_tree, query):
    EmployeeFactory(employee_number="10077", name="王小明", org_unit=org_tree["HO"])
    EmployeeFactory(employee_number="20088", name="李四", org_unit=org_tree["HO"])
    response = hr_client.get(EMPLOYEES, {"q": query})
    assert [e.employee_number for e in response.context["object_list"]] == ["10077"]


def test_employee_list_offers_import_to_hr(hr_client):
    content = hr_client.get(EMPLOYEES).content.decode()
    assert IMPORT in content and TEMPLATE in content


# --- org-unit tree -------------------------------------------------------------------------------


def test_org_units_are_listed_in_tree_order_indented_by_depth(hr_client, org_tree):
    response = hr_client.get(ORG_UNITS)
    units = list(response.context["object_list"])
    assert [u.code for u in units] == ["HO", "BR01", "BR01-01", "HO-EB", "HO-EB-CS"]
    content = response.content.decode()
    assert 'data-depth="3"' in content and "padding-inline-start: 3.0rem" in content


def test_org_unit_list_shows_the_kind(hr_client, org_tree):
    content = hr_client.get(ORG_UNITS).content.decode()
    with translation.override("zh-hans"):  # the admin's language for a user without a preference
        assert str(OrgUnit.Kind.OUTLET.label) in content and str(OrgUnit.Kind.SUB_UNIT.label) in content


def test_administrator_adds_an_org_unit_under_a_parent(admin_client_role, org_tree):
    response = admin_client_role.post(
        reverse("people_orgunits:add"),
        {
            "parent": org_tree["BR01"].pk,
            "code": "BR01-02",
            "name": "西街网点",
            "name_en": "",
            "kind": "outlet",
        },
    )
    assert response.status_code == 302
    unit = OrgUnit.objects.get(code="BR01-02")
    assert unit.get_parent() == org_tree["BR01"] and unit.depth == 3


def test_administrator_adds_a_top_level_org_unit(admin_client_role, org_tree):
    response = admin_client_role.post(
        reverse("people_orgunits:add"),
        {"parent": "", "code": "HO2", "name": "第二联社", "name_en": "", "kind": "head_office"},
    )
    assert response.status_code == 302
    assert OrgUnit.objects.get(code="HO2").is_root()


def test_administrator_moves_an_org_unit_to_another_parent(admin_client_role, org_tree):
    outlet = org_tree["BR01-01"]
    response = admin_client_role.post(
        reverse("people_orgunits:edit", args=[outlet.pk]),
        {
            "parent": org_tree["HO-EB"].pk,
            "code": outlet.code,
            "name": outlet.name,
            "name_en": "",
            "kind": "outlet",
        },
    )
    assert response.status_code == 302
    assert OrgUnit.objects.get(pk=outlet.pk).get_parent() == org_tree["HO-EB"]


def test_org_unit_cannot_be_moved_under_its_own_sub_unit(admin_client_role, org_tree):
    dept = org_tree["HO-EB"]
    response = admin_client_role.post(
        reverse("people_orgunits:edit", args=[dept.pk]),
        {
            "parent": org_tree["HO-EB-CS"].pk,
            "code": dept.code,
            "name": dept.name,
            "name_en": "",
            "kind": "department",
        },
    )
    assert response.status_code == 200 and response.context["form"].errors.get("parent")
    assert OrgUnit.objects.get(pk=dept.pk).get_parent() == org_tree["HO"]


def test_org_unit_with_employees_in_its_subtree_is_not_deleted(admin_client_role, org_tree):
    EmployeeFactory(org_unit=org_tree["HO-EB-CS"])
    response = admin_client_role.post(reverse("people_orgunits:delete", args=[org_tree["HO-EB"].pk]))
    assert response.status_code == 302
    assert OrgUnit.objects.filter(code__in=["HO-EB", "HO-EB-CS"]).count() == 2


# --- employee form -------------------------------------------------------------------------------


def test_hr_adds_an_employee_with_a_login_user_in_the_employee_role(hr_client, org_tree):
    response = hr_client.post(
        reverse("people_employees:add"),
        {
            "employee_number": "50001",
            "name": "钱七",
            "org_unit": org_tree["BR01-01"].pk,
            "is_active": "on",
            "hire_date": "2024-05-06",
            "language": "zh-hans",
            "email": "qian@bank.example",
        },
    )
    assert response.status_code == 302
    employee = Employee.objects.get(employee_number="50001")
    assert (employee.user.username, employee.user.email, employee.hire_date) == (
        "50001",
        "qian@bank.example",
        dt.date(2024, 5, 6),
    )
    assert not employee.user.has_usable_password()
    assert list(employee.user.groups.values_list("name", flat=True)) == [EMPLOYEE]


def test_hr_edits_an_employee_and_the_user_follows(hr_client, org_tree):
    employee = EmployeeFactory(employee_number="50002", org_unit=org_tree["HO"])
    response = hr_client.post(
        reverse("people_employees:edit", args=[employee.pk]),
        {
            "employee_number": "50002",
            "name": "新名字",
            "org_unit": org_tree["BR01"].pk,
            "language": "en",
            "email": "new@bank.example",
        },
    )
    assert response.status_code == 302
    employee.refresh_from_db()
    employee.user.refresh_from_db()
    assert (employee.name, employee.org_unit, employee.is_active) == ("新名字", org_tree["BR01"], False)
    assert (employee.user.email, employee.user.is_active) == ("new@bank.example", False)


# --- import: template, upload, preview, confirm ----------------------------------------------------


def test_template_download_is_an_xlsx_with_the_header_row(hr_client):
    response = hr_client.get(TEMPLATE)
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [c.value for c in sheet[1]] == EMPLOYEE_HEADERS


def test_upload_redirects_to_a_preview_of_new_and_updated_rows(hr_client, org_tree):
    EmployeeFactory(employee_number="10002", name="李四", org_unit=org_tree["HO"])
    data = employee_workbook(
        [
            ["10001", "张三", "HO-EB", "是", "2020-07-01", "zs@bank.example"],
            ["10002", "李四", "BR01", "是", None, None],
        ]
    )
    before = counts()
    response = upload(hr_client, data)
    assert response.status_code == 302 and response["Location"] == preview_url()
    response = hr_client.get(preview_url())
    plan = response.context["plan"]
    assert (plan.created, plan.updated, plan.unchanged, len(plan.errors)) == (1, 1, 0, 0)
    assert [r.action for r in response.context["shown_rows"]] == ["create", "update"]
    assert response.context["can_confirm"] is True
    assert counts() == before  # the preview writes nothing


def test_confirm_writes_the_previewed_file(hr_client, org_tree):
    upload(hr_client, employee_workbook([["10001", "张三", "HO-EB", "是", "2020-07-01", "zs@bank.example"]]))
    response = hr_client.post(preview_url())
    assert response.status_code == 302 and response["Location"] == EMPLOYEES
    assert Employee.objects.get(employee_number="10001").org_unit == org_tree["HO-EB"]
    assert StagedUpload.objects.get().status == StagedUpload.Status.APPLIED


def test_preview_with_errors_names_rows_and_disables_confirm(hr_client, org_tree):
    data = employee_workbook(
        [["10001", "张三", "HO", "是", None, None], [None, "李四", "NOPE", "是", None, None]]
    )
    upload(hr_client, data)
    response = hr_client.get(preview_url())
    assert response.context["can_confirm"] is False
    errors = response.context["plan"].errors
    assert {(e.row, e.column) for e in errors} == {(3, "工号"), (3, "机构代码")}
    content = response.content.decode()
    assert "data-import-confirm" in content and 'disabled aria-disabled="true"' in content
    assert 'data-row="3"' in content


def test_confirm_of_a_file_with_errors_writes_nothing(hr_client, org_tree):
    upload(
        hr_client,
        employee_workbook(
            [["10001", "张三", "HO", "是", None, None], ["10001", "李四", "HO", "是", None, None]]
        ),
    )
    before = counts()
    response = hr_client.post(preview_url())
    assert response.status_code == 200
    assert any(e.row == 3 and e.column == "工号" for e in response.context["plan"].errors)
    assert counts() == before


def test_confirm_rechecks_the_stored_file_against_the_database(hr_client, org_tree):
    upload(hr_client, employee_workbook([["10001", "张三", "BR01-01", "是", None, None]]))
    url = preview_url()
    org_tree["BR01-01"].delete()  # the unit disappears between preview and confirm
    before = counts()
    response = hr_client.post(url)
    assert response.status_code == 200
    assert [(e.row, e.column) for e in response.context["plan"].errors] == [(2, "机构代码")]
    assert counts() == before


def test_confirm_of_an_earlier_upload_writes_that_upload_not_the_later_one(hr_client, org_tree):
    upload(hr_client, employee_workbook([["10001", "张三", "HO", "是", None, None]]))
    first = preview_url()
    upload(hr_client, employee_workbook([["10009", "另一个", "HO", "是", None, None]]))
    hr_client.post(first)
    assert set(Employee.objects.values_list("employee_number", flat=True)) == {"10001"}


def test_another_hr_user_cannot_see_or_confirm_someone_elses_staged_upload(hr_client, org_tree, client):
    upload(hr_client, employee_workbook([["10001", "张三", "HO", "是", None, None]]))
    url = preview_url()
    other = client.__class__()
    other.force_login(user_with_role(HR, username="hr_other"))
    seen = other.get(url, follow=True)  # (a new client is first sent to its language's prefix)
    assert seen.status_code == 404
    assert other.post(seen.redirect_chain[-1][0] if seen.redirect_chain else url).status_code == 404
    assert not Employee.objects.filter(employee_number="10001").exists()


def test_confirm_ignores_an_uploaded_file_in_the_post(hr_client, org_tree):
    upload(hr_client, employee_workbook([["10001", "张三", "HO", "是", None, None]]))
    other = employee_workbook([["66666", "冒名", "HO", "是", None, None]])
    hr_client.post(preview_url(), {"file": xlsx_upload(other)})
    assert set(Employee.objects.values_list("employee_number", flat=True)) == {"10001"}


def test_reimport_through_the_admin_updates_by_number(hr_client, org_tree):
    upload(hr_client, employee_workbook([["10001", "张三", "HO", "是", None, None]]))
    hr_client.post(preview_url())
    upload(hr_client, employee_workbook([["10001", "张三", "BR01", "否", None, None]]))
    hr_client.post(preview_url())
    employee = Employee.objects.get(employee_number="10001")
    assert (employee.org_unit.code, employee.is_active, Employee.objects.count()) == ("BR01", False, 1)


def test_csv_upload_is_refused_by_the_form(hr_client):
    response = upload(hr_client, "工号,姓名\n1,张三\n".encode(), name="staff.csv")
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not StagedUpload.objects.exists()


def test_renamed_text_file_is_refused_by_the_form_and_nothing_is_staged(hr_client):
    response = upload(hr_client, b"not a workbook at all", name="staff.xlsx")
    assert response.status_code == 200 and response.context["form"].errors["file"]
    assert not StagedUpload.objects.exists()


def test_file_missing_a_column_is_refused_in_the_preview(hr_client, org_tree):
    upload(hr_client, employee_workbook([["10001", "张三"]], headers=["工号", "姓名"]))
    response = hr_client.get(preview_url())
    (error,) = response.context["plan"].errors
    assert "机构代码" in str(error) and response.context["can_confirm"] is False


def test_preview_of_an_unknown_staged_upload_is_not_found(hr_client):
    response = hr_client.get(reverse("people_employees:import_preview", args=[999999]), follow=True)
    assert response.status_code == 404  # (after the locale middleware's hop to the language prefix)


def test_changing_a_unit_code_keeps_siblings_sorted_by_code(admin_client_role, org_tree):
    branch = org_tree["BR01"]
    response = admin_client_role.post(
        reverse("people_orgunits:edit", args=[branch.pk]),
        {"parent": org_tree["HO"].pk, "code": "ZZ01", "name": branch.name, "name_en": "", "kind": "branch"},
    )
    assert response.status_code == 302
    ordered = list(OrgUnit.objects.order_by("path").values_list("code", flat=True))
    assert ordered == ["HO", "HO-EB", "HO-EB-CS", "ZZ01", "BR01-01"]


def test_employee_inspect_shows_login_name_and_roles(hr_client, org_tree):
    employee = EmployeeFactory(employee_number="70001", org_unit=org_tree["HO-EB-CS"])
    employee.user.groups.add(Group.objects.get(name=EMPLOYEE))
    response = hr_client.get(reverse("people_employees:inspect", args=[employee.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "70001" in content and EMPLOYEE in content and "客户服务中心" in content


def test_exported_employee_list_reimports_as_unchanged(hr_client, org_tree):
    EmployeeFactory(employee_number="80001", org_unit=org_tree["BR01-01"], hire_date=dt.date(2022, 2, 3))
    EmployeeFactory(employee_number="80002", org_unit=org_tree["HO-EB"], is_active=False)
    exported = hr_client.get(EMPLOYEES, {"export": "xlsx"})
    assert exported.status_code == 200
    upload(hr_client, b"".join(exported.streaming_content) if exported.streaming else exported.content)
    plan = hr_client.get(preview_url()).context["plan"]
    assert (plan.created, plan.updated, plan.unchanged, plan.errors) == (0, 0, 2, [])


def test_employee_with_exam_attempts_is_not_deleted_but_told_to_deactivate(admin_client_role, org_tree):
    from quizzes.exams.models import Attempt
    from quizzes.exams.services.attempts import start_attempt
    from tests.factories.exams import machine_marked_exam

    employee = EmployeeFactory(org_unit=org_tree["BR01-01"])
    sitting, _questions = machine_marked_exam(employees=[employee], count=2)
    start_attempt(sitting, employee)

    response = admin_client_role.post(reverse("people_employees:delete", args=[employee.pk]), follow=True)

    assert Employee.objects.filter(pk=employee.pk).exists()
    assert Attempt.objects.filter(employee=employee).count() == 1
    messages = [(m.level_tag, str(m)) for m in response.context["messages"]]
    assert len(messages) == 1 and messages[0][0] == "error" and employee.name in messages[0][1]
