"""The one audit function: declared actions only, the actor as acting_user, reasons, unsaved rows for bulk
writes, evidence rows in their own table, every declared action known to Wagtail's log registry."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry

from portal.core import audit
from quizzes.exams.models import AttemptEvent
from tests.factories.people import EmployeeFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_a_record_on_an_object_is_a_model_log_entry_by_the_acting_user_with_its_reason():
    employee = EmployeeFactory()
    hr = user_with_role("HR")
    audit.record(employee, "content.post.assign", acting_user=hr, reason="新岗位", data={"post_id": 1})
    entry = ModelLogEntry.objects.for_instance(employee).get()
    assert (entry.action, entry.user, entry.data) == ("content.post.assign", hr, {"post_id": 1, "reason": "新岗位"})


def test_the_reason_is_the_entry_comment_in_wagtail_history():
    employee = EmployeeFactory()
    audit.record(employee, "content.post.assign", acting_user=None, reason="调岗")
    assert ModelLogEntry.objects.for_instance(employee).get().comment == "调岗"


def test_an_anonymous_actor_is_recorded_as_the_system():
    employee = EmployeeFactory()
    audit.record(employee, "content.post.unassign", acting_user=AnonymousUser())
    assert ModelLogEntry.objects.for_instance(employee).get().user is None


def test_an_undeclared_action_is_refused():
    with pytest.raises(ValueError):
        audit.record(EmployeeFactory(), "content.post.teleport", acting_user=None)


def test_the_actor_must_be_named():
    with pytest.raises(TypeError):
        audit.record(EmployeeFactory(), "content.post.assign")  # acting_user is required


def test_save_false_returns_an_unsaved_row_for_bulk_create():
    employees = [EmployeeFactory(), EmployeeFactory()]
    rows = [audit.record(e, "content.post.assign", acting_user=None, save=False) for e in employees]
    assert all(r.pk is None for r in rows) and ModelLogEntry.objects.count() == 0
    ModelLogEntry.objects.bulk_create(rows)
    assert sorted(ModelLogEntry.objects.values_list("object_id", flat=True)) == sorted(str(e.pk) for e in employees)


def test_every_declared_action_is_registered_with_wagtail():
    assert audit.ACTIONS and all(log_registry.action_exists(action) for action in audit.ACTIONS)


def test_an_action_cannot_be_declared_twice_with_another_label():
    with pytest.raises(ValueError):
        audit.declare({"content.post.assign": ("x", "y")})


def test_an_attempt_kind_is_written_to_the_attempt_evidence_table(exam_attempt):
    now = timezone.now()
    row = audit.record(exam_attempt, AttemptEvent._meta.get_field("kind").choices[0][0], acting_user=None, at=now,
                       ip_address="", data={"x": 1})
    assert AttemptEvent.objects.filter(pk=row.pk, attempt=exam_attempt, ip_address=None, data={"x": 1}).exists()


def test_a_namespaced_action_on_an_attempt_is_a_log_entry_not_evidence(exam_attempt):
    before = AttemptEvent.objects.count()
    audit.record(exam_attempt, "exams.attempt.grade", acting_user=None)
    assert AttemptEvent.objects.count() == before
    assert ModelLogEntry.objects.for_instance(exam_attempt).get().action == "exams.attempt.grade"


@pytest.fixture
def exam_attempt():
    from quizzes.exams.services.attempts import start_attempt
    from tests.factories.exams import machine_marked_exam

    employee = EmployeeFactory()
    sitting, _questions = machine_marked_exam(employees=[employee])
    return start_attempt(sitting, employee)
