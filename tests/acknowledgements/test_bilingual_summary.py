"""The change summary of a rule to acknowledge is shown in the reader's language: the English summary the
editor wrote for English readers; without one, the English translation's summary once it is published, and
until then an English summary generated from the changes. Chinese readers see the Chinese summary."""

import pytest

from tests.factories import acknowledgements as af
from tests.factories import content as f

pytestmark = pytest.mark.django_db


def _my_tasks(client, employee, lang):
    client.force_login(employee.user)
    return client.get(f"/{lang}/my/tasks/").content.decode()


def test_my_tasks_shows_the_summary_in_the_readers_language(client):
    setup = af.rule_with_holders(n_holders=1)
    _page, _revision, round_ = af.publish_material(
        setup.regulation, summary="第二条修改了限额", change_summary_en="Article 2: new limits"
    )
    assert round_.change_summary_en == "Article 2: new limits"
    employee = setup.holders[0]
    english = _my_tasks(client, employee, "en")
    chinese = _my_tasks(client, employee, "zh-hans")
    assert "Article 2: new limits" in english and "第二条修改了限额" not in english
    assert "第二条修改了限额" in chinese and "Article 2: new limits" not in chinese


def test_english_readers_see_a_generated_english_summary_when_the_editor_wrote_none(client):
    setup = af.rule_with_holders(n_holders=1)
    af.publish_material(setup.regulation, summary="第二条修改了限额",
                        edit=lambda obj: af.set_article(obj, 2, "单笔限额调整为五万元。"))
    english = _my_tasks(client, setup.holders[0], "en")
    assert "Article 2 changed." in english
    assert "第二条修改了限额" not in english
    assert "第二条修改了限额" in _my_tasks(client, setup.holders[0], "zh-hans")


def test_the_english_translations_summary_replaces_the_generated_one(client):
    setup = af.rule_with_holders(n_holders=1)
    _page, _revision, round_ = af.publish_material(
        setup.regulation, summary="第二条修改了限额", edit=lambda obj: af.set_article(obj, 2, "限额五万元。")
    )
    assert round_.change_summary_en_generated
    f.translate(setup.regulation, title="E-banking measures", change_summary="Article 2: the limit is now 50,000")
    round_.refresh_from_db()
    assert round_.change_summary_en == "Article 2: the limit is now 50,000"
    assert "Article 2: the limit is now 50,000" in _my_tasks(client, setup.holders[0], "en")


def test_a_translation_does_not_replace_the_editors_english_summary():
    setup = af.rule_with_holders(n_holders=1)
    _page, _revision, round_ = af.publish_material(
        setup.regulation, summary="第二条修改了限额", change_summary_en="Article 2: new limits"
    )
    f.translate(setup.regulation, title="E-banking measures", change_summary="Something else")
    round_.refresh_from_db()
    assert round_.change_summary_en == "Article 2: new limits"


def test_the_editor_form_offers_the_english_summary(admin_client):
    setup = af.rule_with_holders(n_holders=1)
    form = admin_client.get(f"/admin/pages/{setup.regulation.pk}/edit/").context["form"]
    assert "change_summary_en" in form.fields


@pytest.mark.parametrize("language, shown, hidden", [("en", "Article 2: new limits", "第二条修改了限额"),
                                                     ("zh-hans", "第二条修改了限额", "Article 2: new limits")])
def test_the_who_has_read_report_shows_the_summary_in_the_admins_language(client, language, shown, hidden):
    from django.urls import reverse
    from wagtail.users.models import UserProfile

    from portal.people.roles import COMPLIANCE_REVIEWER
    from tests.factories.people import user_with_role

    setup = af.rule_with_holders(n_holders=1)
    _page, _revision, round_ = af.publish_material(
        setup.regulation, summary="第二条修改了限额", change_summary_en="Article 2: new limits"
    )
    reviewer = user_with_role(COMPLIANCE_REVIEWER, username="reviewer_summary")
    profile = UserProfile.get_for_user(reviewer)
    profile.preferred_language = "" if language == "zh-hans" else language
    profile.save()
    client.force_login(reviewer)
    html = client.get(reverse("acknowledgement_reports:round", args=[round_.pk])).content.decode()
    assert shown in html and hidden not in html
