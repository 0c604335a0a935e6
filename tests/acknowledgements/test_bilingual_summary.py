"""The change summary of a rule to acknowledge is shown in the reader's language: the English summary the
editor wrote for English readers, the Chinese one otherwise (and for English readers when there is none)."""

import pytest

from tests.factories import acknowledgements as af

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


def test_english_readers_see_the_chinese_summary_when_there_is_no_english_one(client):
    setup = af.rule_with_holders(n_holders=1)
    af.publish_material(setup.regulation, summary="第二条修改了限额")
    assert "第二条修改了限额" in _my_tasks(client, setup.holders[0], "en")


def test_the_editor_form_offers_the_english_summary(admin_client):
    setup = af.rule_with_holders(n_holders=1)
    form = admin_client.get(f"/admin/pages/{setup.regulation.pk}/edit/").context["form"]
    assert "change_summary_en" in form.fields
