"""Acknowledging: the person, the exact live revision and the time; idempotent; refused for anything that is
not the live version and for anyone without a linked post."""

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation
from wagtail.models import ModelLogEntry

from content.acknowledgements.models import Acknowledgement
from content.acknowledgements.services import acknowledging
from content.acknowledgements.services.acknowledging import AcknowledgementRefused
from tests.factories import acknowledgements as af
from tests.factories import content as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    setup = af.rule_with_holders(n_holders=2)
    page, revision, round_ = af.publish_material(setup.regulation, summary="修订第二条")
    setup.page, setup.revision, setup.round = page, revision, round_
    return setup


def post_acknowledge(client, employee, page, revision_id, follow=False):
    client.force_login(employee.user)
    return client.post(
        reverse("acknowledgements:acknowledge", args=[page.pk]), {"revision": revision_id}, follow=follow
    )


def test_acknowledging_records_the_person_the_revision_and_the_time(published):
    employee = published.holders[0]
    outcome = acknowledging.acknowledge(employee, published.page, published.revision.pk)
    assert outcome.created
    row = Acknowledgement.objects.get(round=published.round, employee=employee)
    assert row.status == Acknowledgement.Status.ACKNOWLEDGED
    assert row.revision_id == published.revision.pk and row.acknowledged_at is not None
    assert ModelLogEntry.objects.filter(action="acknowledgements.acknowledge", object_id=str(row.pk)).exists()


def test_acknowledging_twice_keeps_the_first_record(published):
    employee = published.holders[0]
    first = acknowledging.acknowledge(employee, published.page, published.revision.pk)
    second = acknowledging.acknowledge(employee, published.page, published.revision.pk)
    assert not second.created and second.acknowledged_at == first.acknowledged_at
    assert Acknowledgement.objects.filter(employee=employee, status="acknowledged").count() == 1
    assert ModelLogEntry.objects.filter(action="acknowledgements.acknowledge").count() == 1


def test_acknowledging_a_draft_revision_is_refused(published):
    draft_revision = af.draft(published.page, title="草稿标题").save_revision()
    with pytest.raises(AcknowledgementRefused) as refusal:
        acknowledging.acknowledge(published.holders[0], published.page, draft_revision.pk)
    assert refusal.value.code == acknowledging.NOT_LIVE
    assert not Acknowledgement.objects.filter(status="acknowledged").exists()


def test_acknowledging_an_older_revision_is_refused(published):
    older = published.page.revisions.exclude(pk=published.revision.pk).order_by("pk").first()
    with pytest.raises(AcknowledgementRefused):
        acknowledging.acknowledge(published.holders[0], published.page, older.pk)


def test_acknowledging_an_unpublished_rule_is_refused(published):
    published.page.unpublish()
    with pytest.raises(AcknowledgementRefused):
        acknowledging.acknowledge(published.holders[0], published.page, published.revision.pk)


def test_a_person_without_the_post_cannot_acknowledge(published):
    with pytest.raises(AcknowledgementRefused) as refusal:
        acknowledging.acknowledge(published.outsider, published.page, published.revision.pk)
    assert refusal.value.code == acknowledging.NOT_REQUIRED
    assert not Acknowledgement.objects.filter(employee=published.outsider).exists()


def test_a_later_non_material_version_is_what_gets_acknowledged(published):
    page, typo_fix = af.publish_plain(published.page, title="电子银行业务管理办法（修订）")
    outcome = acknowledging.acknowledge(published.holders[0], page, typo_fix.pk)
    assert outcome.created and outcome.revision_id == typo_fix.pk
    with pytest.raises(AcknowledgementRefused):
        acknowledging.acknowledge(published.holders[1], page, published.revision.pk)


def test_acknowledging_through_the_english_translation_records_the_chinese_revision(published):
    english = f.translate(published.page, "en", title="E-banking rules")
    acknowledging.acknowledge(published.holders[0], english, published.revision.pk)
    row = Acknowledgement.objects.get(round=published.round, employee=published.holders[0])
    assert row.revision_id == published.revision.pk


# --- the button ----------------------------------------------------------------------------------


def test_the_button_acknowledges_and_returns_to_the_rule(client, published):
    employee = published.holders[0]
    response = post_acknowledge(client, employee, published.page, published.revision.pk)
    assert response.status_code == 302 and response["Location"] == published.page.url
    assert Acknowledgement.objects.get(round=published.round, employee=employee).status == "acknowledged"


def test_pressing_the_button_twice_says_it_is_already_done(client, published):
    employee = published.holders[0]
    post_acknowledge(client, employee, published.page, published.revision.pk)
    first = Acknowledgement.objects.get(round=published.round, employee=employee).acknowledged_at
    response = post_acknowledge(client, employee, published.page, published.revision.pk, follow=True)
    with translation.override("zh-hans"):
        when = formats.date_format(timezone.localtime(first), "DATETIME_FORMAT")
    assert f.ui("You already acknowledged this version on %(when)s.", when=when) in response.content.decode()
    assert Acknowledgement.objects.get(round=published.round, employee=employee).acknowledged_at == first


def test_the_button_refuses_someone_without_the_post(client, published):
    response = post_acknowledge(client, published.outsider, published.page, published.revision.pk)
    assert response.status_code == 403


def test_the_button_refuses_a_draft_and_sends_the_reader_back(client, published):
    draft_revision = af.draft(published.page).save_revision()
    response = post_acknowledge(client, published.holders[0], published.page, draft_revision.pk)
    assert response.status_code == 302
    assert not Acknowledgement.objects.filter(status="acknowledged").exists()


def test_the_button_needs_a_post_request_with_csrf(published):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(published.holders[0].user)
    url = reverse("acknowledgements:acknowledge", args=[published.page.pk])
    assert client.get(url).status_code == 405
    assert client.post(url, {"revision": published.revision.pk}).status_code == 403
    assert not Acknowledgement.objects.filter(status="acknowledged").exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, published):
    url = reverse("acknowledgements:acknowledge", args=[published.page.pk])
    response = client.post(url, {"revision": published.revision.pk})
    assert response.status_code == 302 and "/accounts/" in response["Location"]
