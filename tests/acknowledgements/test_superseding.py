"""Superseding: publishing a regulation that replaces another retires the old one from the new one's
effective date, banners both ways, and the posts still linked to the old one are listed for Editors."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import PageLogEntry

from content.acknowledgements.models import Acknowledgement, AcknowledgementRound
from content.models import RegulationPage
from tests.acknowledgements.clock import TODAY
from tests.factories import acknowledgements as af
from tests.factories import content as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_and_new():
    setup = af.rule_with_holders(n_holders=1, link_article=2)
    setup.old = af.publish_material(setup.regulation, summary="旧版")[0]
    setup.new = f.simple_regulation(setup.index, title="电子银行业务管理办法（2026年修订）", live=False)
    return setup


def publish_new(setup, effective_date):
    page = af.draft(setup.new, supersedes_regulation=setup.old, effective_date=effective_date)
    page.save_revision().publish()
    return RegulationPage.objects.get(pk=setup.old.pk), RegulationPage.objects.get(pk=setup.new.pk)


def test_publishing_the_new_regulation_supersedes_the_old_one_at_once_when_in_force(old_and_new):
    old, new = publish_new(old_and_new, TODAY)
    assert old.status == RegulationPage.Status.SUPERSEDED and old.superseded_by_id == new.pk
    assert PageLogEntry.objects.filter(page=old, action="acknowledgements.regulation.supersede").exists()


def test_the_old_regulations_open_round_is_withdrawn(old_and_new):
    round_ = AcknowledgementRound.objects.get(page=old_and_new.old)
    publish_new(old_and_new, TODAY)
    round_.refresh_from_db()
    assert round_.status == AcknowledgementRound.Status.CLOSED
    assert set(round_.acknowledgements.values_list("status", flat=True)) == {Acknowledgement.Status.WITHDRAWN}


def test_a_future_effective_date_keeps_the_old_one_in_force_until_then(client, old_and_new):
    effective = TODAY + datetime.timedelta(days=10)
    old, new = publish_new(old_and_new, effective)
    assert old.status == RegulationPage.Status.IN_FORCE and old.superseded_by_id == new.pk
    html = client.get(old.url).content.decode()
    assert f.ui("To be superseded.") in html and new.url in html
    assert f.ui("Superseded.") not in html
    assert AcknowledgementRound.objects.get(page=old).status == AcknowledgementRound.Status.OPEN


def test_the_daily_command_supersedes_on_the_effective_date(old_and_new, capsys):
    effective = TODAY + datetime.timedelta(days=10)
    publish_new(old_and_new, effective)
    call_command("apply_supersessions", "--date", (effective - datetime.timedelta(days=1)).isoformat())
    assert RegulationPage.objects.get(pk=old_and_new.old.pk).status == RegulationPage.Status.IN_FORCE
    call_command("apply_supersessions", "--date", effective.isoformat())
    assert RegulationPage.objects.get(pk=old_and_new.old.pk).status == RegulationPage.Status.SUPERSEDED
    assert "1 regulation(s) marked superseded" in capsys.readouterr().out
    call_command("apply_supersessions", "--date", effective.isoformat())
    assert "0 regulation(s)" in capsys.readouterr().out


def test_banners_both_ways(client, old_and_new):
    old, new = publish_new(old_and_new, TODAY)
    old_html = client.get(old.url).content.decode()
    new_html = client.get(new.url).content.decode()
    assert f.ui("Superseded.") in old_html and new.url in old_html
    assert f.ui("This regulation supersedes:") in new_html and old.url in new_html


def test_the_english_translation_points_at_the_english_replacement(old_and_new):
    old_en = f.translate(old_and_new.old, "en", title="Old rules")
    new_en = f.translate(old_and_new.new, "en", title="New rules", live=False)
    publish_new(old_and_new, TODAY)
    assert RegulationPage.objects.get(pk=old_en.pk).superseded_by_id == new_en.pk


def test_posts_still_linked_to_the_old_regulation_are_listed_for_editors(client, old_and_new, editor):
    publish_new(old_and_new, TODAY)
    client.force_login(editor)
    response = client.get(reverse("acknowledgement_reports:superseded_links"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "网银业务岗" in html and reverse("wagtailadmin_pages:edit", args=[old_and_new.post.pk]) in html
    assert "电子银行业务管理办法（2026年修订）" in html


def test_the_link_list_is_not_for_employees(client, old_and_new):
    publish_new(old_and_new, TODAY)
    client.force_login(old_and_new.holders[0].user)
    response = client.get(reverse("acknowledgement_reports:superseded_links"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_a_regulation_cannot_supersede_itself(old_and_new):
    from django.core.exceptions import ValidationError

    page = af.draft(old_and_new.old, supersedes_regulation=old_and_new.old)
    with pytest.raises(ValidationError):
        page.full_clean()


def test_republishing_the_new_regulation_changes_and_logs_nothing_more(old_and_new):
    _old, new = publish_new(old_and_new, TODAY)
    new.save_revision().publish()
    assert PageLogEntry.objects.filter(page=old_and_new.old, action="acknowledgements.regulation.supersede").count() == 1
