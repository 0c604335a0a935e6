"""HR forms that name one employee choose them by search (name, employee number, organisation unit, post),
never by a typed employee number or a select of every member of staff; an employee cannot list staff."""

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.people.roles import EMPLOYEE
from quizzes.certification.models import GradeAward
from tests.factories.people import user_with_role

pytestmark = pytest.mark.django_db

SEARCH = "people_employee_search"


@pytest.mark.parametrize("url", ["/admin/certification/grades-held/award/", "/admin/certification/skill-results/enter/",
                                 "/admin/post_assignments/new/"])
def test_the_employee_field_is_a_search_chooser(client, hr, examiner_a, teller, url):
    client.force_login(examiner_a if "skill" in url else hr)
    if "post_assignments" in url:
        from django.contrib.auth.models import Permission
        hr.user_permissions.add(*Permission.objects.filter(codename__in=["add_postassignment", "view_postassignment"]))
        client.force_login(hr)
    html = client.get(url).content.decode()
    assert reverse(SEARCH) in html and "core/search_chooser.js" in html
    assert f'<option value="{teller.pk}"' not in html  # no list of every employee in the page


def test_hr_finds_an_employee_by_name_number_and_unit(client, hr, teller):
    client.force_login(hr)
    for query in ("张晓明", "E10001", teller.org_unit.name):
        rows = client.get(reverse(SEARCH), {"q": query}).json()["results"]
        assert teller.pk in [row["id"] for row in rows], query


def test_hr_awards_a_grade_to_the_chosen_employee(client, hr, teller, levels):
    client.force_login(hr)
    response = client.post("/admin/certification/grades-held/award/", {
        "employee": teller.pk, "level": levels["T1"].pk, "awarded_on": timezone.localdate().isoformat(),
        "reason": "入行前已取得",
    })
    assert response.status_code == 302
    assert GradeAward.objects.filter(employee=teller, level=levels["T1"]).exists()


def test_an_employee_cannot_list_staff(client, teller):
    client.force_login(user_with_role(EMPLOYEE, username="plain_staff"))
    response = client.get(reverse(SEARCH), {"q": "张"})
    assert response.status_code in (302, 403)  # to the admin's sign-in (no admin access) or refused
    assert teller.name not in response.content.decode()
