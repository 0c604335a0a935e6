"""Choosing a sitting's candidates by searching employees on the server (name, number, unit, post), not one
checkbox per employee; only people who choose candidates or holders may search."""

import pytest
from django.urls import reverse

from content.services.assignments import assign_post
from portal.people.choosers import EmployeeMultipleChooser
from portal.people.roles import EMPLOYEE, EXAMINER
from tests.factories import content as f
from tests.factories.exams import machine_marked_exam
from tests.factories.people import EmployeeFactory, OrgUnitFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    county = OrgUnitFactory(name="平阳县联社", name_en="Pingyang")
    dept = OrgUnitFactory(parent=county, name="电子银行部", name_en="E-banking")
    teller_post = f.post(f.department(), title="综合柜员岗", code="TELLER")
    wang = EmployeeFactory(name="王小红", employee_number="100231", org_unit=dept)
    li = EmployeeFactory(name="李明", employee_number="100232", org_unit=county)
    assign_post(li, teller_post)
    EmployeeFactory(name="王离职", employee_number="100299", org_unit=dept, is_active=False)
    return {"wang": wang, "li": li}


def search(client, q, **extra):
    return client.get(reverse("people_employee_search"), {"q": q, **extra})


def test_an_examiner_finds_employees_by_name_number_unit_and_post(client, staff):
    client.force_login(user_with_role(EXAMINER, username="examiner_c"))
    names = lambda q: [r["name"] for r in search(client, q).json()["results"]]  # noqa: E731
    assert names("王") == ["王小红"]  # the inactive one is not offered
    assert names("100232") == ["李明"]
    assert names("电子银行部") == ["王小红"]
    assert names("综合柜员") == ["李明"]
    assert names("平阳 柜员") == ["李明"]
    row = search(client, "王小红").json()["results"][0]
    assert row["meta"] == "100231 · 平阳县联社 / 电子银行部"  # which county's department


def test_results_come_a_page_at_a_time(client, db):
    unit = OrgUnitFactory(name="营业部")
    for n in range(45):
        EmployeeFactory(name=f"柜员{n}", org_unit=unit)
    client.force_login(user_with_role(EXAMINER, username="examiner_d"))
    first = search(client, "柜员").json()
    third = search(client, "柜员", page=3).json()
    assert (first["count"], len(first["results"]), first["has_next"]) == (45, 20, True)
    assert (len(third["results"]), third["has_next"]) == (5, False)


def test_an_employee_cannot_list_staff(client, staff):
    client.force_login(user_with_role(EMPLOYEE, username="plain", employee=True))
    response = search(client, "王")
    assert response.status_code in (302, 403)
    assert "王小红" not in response.content.decode()


def test_the_widget_renders_only_the_chosen_people(staff):
    html = EmployeeMultipleChooser().render("eligible_employees", [staff["wang"].pk], attrs={"id": "id_e"})
    assert "王小红" in html and "李明" not in html and "<option" not in html
    assert f'name="eligible_employees" value="{staff["wang"].pk}"' in html


def test_the_sitting_form_offers_the_chooser_and_saves_the_chosen_candidates(client, staff):
    sitting, _questions = machine_marked_exam(employees=[staff["wang"]])
    client.force_login(user_with_role(EXAMINER, username="examiner_e"))
    url = reverse("exams_sittings:edit", args=[sitting.pk])
    response = client.get(url)
    html = response.content.decode()
    assert "data-search-chooser" in html and "王小红" in html
    assert 'type="checkbox" name="eligible_employees"' not in html and "李明" not in html
    form = response.context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data = {k: ([str(x) for x in v] if isinstance(v, list | tuple) else v) for k, v in data.items()}
    for name in ("opens_at", "closes_at"):
        data[name] = form[name].field.widget.format_value(form[name].value())
    data["eligible_employees"] = [str(staff["wang"].pk), str(staff["li"].pk)]
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    assert set(sitting.eligible_employees.values_list("pk", flat=True)) == {staff["wang"].pk, staff["li"].pk}
