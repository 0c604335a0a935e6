"""Opening a round when a material change goes live: who is asked, when it is due, what closes it."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import PageLogEntry

from content.acknowledgements.models import Acknowledgement, AcknowledgementRound
from content.acknowledgements.services import rounds
from tests.factories import acknowledgements as af
from tests.factories import content as f
from tests.factories.people import EmployeeFactory

pytestmark = pytest.mark.django_db


def test_material_publication_opens_a_round_for_the_holders_of_linked_posts():
    setup = af.rule_with_holders(n_holders=3)
    _page, revision, round_ = af.publish_material(setup.regulation, summary="第二条改了")
    assert round_ is not None and round_.revision_id == revision.pk
    assert af.pending_employee_ids(round_) == {e.pk for e in setup.holders}
    assert round_.audience_size == 3 and round_.change_summary == "第二条改了"


def test_non_material_publication_opens_no_round():
    setup = af.rule_with_holders()
    af.publish_plain(setup.regulation)
    assert not AcknowledgementRound.objects.exists()


def test_default_due_date_is_fourteen_days_after_publication():
    setup = af.rule_with_holders(n_holders=1)
    _page, _revision, round_ = af.publish_material(setup.regulation)
    assert round_.due_on == timezone.localdate() + datetime.timedelta(days=14)
    assert Acknowledgement.objects.get(round=round_).due_on == round_.due_on


def test_due_days_are_settable_per_round():
    setup = af.rule_with_holders(n_holders=1)
    _page, _revision, round_ = af.publish_material(setup.regulation, due_days=30)
    assert round_.due_days == 30 and round_.due_on == timezone.localdate() + datetime.timedelta(days=30)


def test_a_link_to_one_article_is_enough_to_be_asked():
    setup = af.rule_with_holders(n_holders=1, link_article=2)
    _page, _revision, round_ = af.publish_material(setup.regulation)
    assert af.pending_employee_ids(round_) == {setup.holders[0].pk}


def test_a_link_to_one_chapter_is_enough_to_be_asked():
    index = f.regulation_index()
    regulation = f.simple_regulation(index)
    post = f.post(f.department(), code="CH")
    f.link_regulation(post, regulation, chapter=regulation.chapters.get(number=2))
    post = f.publish(post)
    employee = af.holder(post)
    _page, _revision, round_ = af.publish_material(regulation)
    assert af.pending_employee_ids(round_) == {employee.pk}


def test_inactive_employees_and_holders_of_unlinked_or_unpublished_posts_are_not_asked():
    setup = af.rule_with_holders(n_holders=1)
    inactive = af.holder(setup.post)
    inactive.is_active = False
    inactive.save()
    draft_post = f.post(setup.dept, title="草稿岗", code="DRAFT", live=False)
    f.link_regulation(draft_post, setup.regulation)
    draft_post.save()
    draft_holder = af.holder(draft_post)
    _page, _revision, round_ = af.publish_material(setup.regulation)
    asked = af.pending_employee_ids(round_)
    assert asked == {setup.holders[0].pk}
    assert inactive.pk not in asked and draft_holder.pk not in asked and setup.outsider.pk not in asked


def test_an_employee_holding_two_linked_posts_is_asked_once():
    setup = af.rule_with_holders(n_holders=0)
    second = f.post(setup.dept, title="复核岗", code="EB-CHK")
    f.link_regulation(second, setup.regulation)
    second = f.publish(second)
    employee = af.holder(setup.post)
    from content.services.assignments import assign_post

    assign_post(employee, second)
    _page, _revision, round_ = af.publish_material(setup.regulation)
    assert Acknowledgement.objects.filter(round=round_, employee=employee).count() == 1


def test_procedure_round_reaches_posts_that_run_it_or_perform_a_step():
    dept = f.department()
    runner = f.post(dept, title="经办岗", code="RUN")
    performer = f.post(dept, title="复核岗", code="STEP")
    procedure = f.procedure(dept, steps=[{"text": "受理申请"}, {"text": "复核", "post": performer}])
    f.link_procedure(runner, procedure)
    runner = f.publish(runner)
    a, b = af.holder(runner), af.holder(performer)
    outsider = af.holder(f.post(dept, title="无关岗", code="NONE"))
    _page, _revision, round_ = af.publish_material(procedure, summary="新增复核步骤")
    assert af.pending_employee_ids(round_) == {a.pk, b.pk}
    assert outsider.pk not in af.pending_employee_ids(round_)


def test_opening_is_idempotent_per_revision():
    setup = af.rule_with_holders(n_holders=2)
    page, revision, round_ = af.publish_material(setup.regulation)
    again = rounds.open_round(page, revision, summary="再次")
    assert again.pk == round_.pk
    assert Acknowledgement.objects.filter(round=round_).count() == 2


def test_round_opening_is_logged_on_the_rule_with_its_revision():
    setup = af.rule_with_holders(n_holders=2)
    _page, revision, round_ = af.publish_material(setup.regulation)
    entry = PageLogEntry.objects.get(page=setup.regulation, action="acknowledgements.round.open")
    assert entry.revision_id == revision.pk
    assert entry.data["audience"] == 2 and entry.data["round"] == round_.pk


def test_a_newer_material_version_replaces_the_open_round():
    setup = af.rule_with_holders(n_holders=2)
    page, _revision, first = af.publish_material(setup.regulation, summary="第一次")
    _page, _revision, second = af.publish_material(page, summary="第二次")
    first.refresh_from_db()
    assert first.status == AcknowledgementRound.Status.CLOSED
    assert first.close_reason == AcknowledgementRound.CloseReason.REPLACED
    assert set(first.acknowledgements.values_list("status", flat=True)) == {Acknowledgement.Status.REPLACED}
    assert af.pending_employee_ids(second) == {e.pk for e in setup.holders}


def test_change_fields_do_not_leak_into_the_next_revision():
    setup = af.rule_with_holders(n_holders=1)
    page, _revision, _round = af.publish_material(setup.regulation)
    assert page.material_change is False and page.change_summary == ""
    page.save_revision().publish()
    assert AcknowledgementRound.objects.count() == 1


def test_unpublishing_the_rule_withdraws_its_open_round():
    setup = af.rule_with_holders(n_holders=1)
    page, _revision, round_ = af.publish_material(setup.regulation)
    page.unpublish()
    round_.refresh_from_db()
    assert round_.status == AcknowledgementRound.Status.CLOSED
    assert round_.acknowledgements.get().status == Acknowledgement.Status.WITHDRAWN


def test_publishing_a_translation_opens_no_round():
    setup = af.rule_with_holders(n_holders=1)
    english = f.translate(setup.regulation, "en", title="E-banking rules")
    af.publish_material(english, summary="translation")
    assert not AcknowledgementRound.objects.exists()


def test_employee_without_user_email_still_gets_a_request():
    setup = af.rule_with_holders(n_holders=0)
    employee = af.holder(setup.post, user__email="")
    _page, _revision, round_ = af.publish_material(setup.regulation)
    assert af.pending_employee_ids(round_) == {employee.pk}
    assert EmployeeFactory._meta.model.objects.filter(pk=employee.pk, is_active=True).exists()
