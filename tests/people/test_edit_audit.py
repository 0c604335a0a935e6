"""Edits to employees log their before and after values in the audit row (not ``wagtail.edit`` with empty data)."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from tests.factories.people import EmployeeFactory

pytestmark = pytest.mark.django_db


def test_editing_an_employee_logs_before_and_after(client, hr_user, org_tree):
    employee = EmployeeFactory(employee_number="50009", name="旧名字", org_unit=org_tree["HO"])
    client.force_login(hr_user)
    response = client.post(
        reverse("people_employees:edit", args=[employee.pk]),
        {"employee_number": "50009", "name": "新名字", "org_unit": org_tree["BR01"].pk, "language": "en",
         "email": "new@bank.example"},
    )
    assert response.status_code == 302
    entry = ModelLogEntry.objects.for_instance(employee).filter(action="wagtail.edit").latest("timestamp")
    changes = entry.data["changes"]
    assert changes["name"] == {"before": "旧名字", "after": "新名字"}
    assert changes["org_unit_id"] == {"before": org_tree["HO"].pk, "after": org_tree["BR01"].pk}
    assert entry.user_id == hr_user.pk

