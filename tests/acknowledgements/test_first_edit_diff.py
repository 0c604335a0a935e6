"""The first edit of a regulation whose articles have several paragraphs lists only what the editor changed.

A browser submits a textarea's line breaks as CR LF; the importer stores LF. Before, the first edit through the
admin turned every multi-paragraph article's LF into CR LF and the diff listed those articles as "modified"
with no visible change. These tests post the edit form the way a browser does (CR LF in every textarea)."""

import pytest

from content.acknowledgements.rules import diff
from content.acknowledgements.services.versions import compare_versions, units_of
from tests.acknowledgements.admin_forms import edit_form_data, set_article
from tests.factories import content as f

pytestmark = pytest.mark.django_db


def browser_post(data: dict) -> dict:
    """What a browser sends: every line break of a text value as CR LF."""
    return {
        key: value.replace("\r\n", "\n").replace("\n", "\r\n") if isinstance(value, str) else value
        for key, value in data.items()
    }


@pytest.fixture
def regulation(review_workflow):
    page = f.simple_regulation(f.regulation_index(), n_articles=6)
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


def test_editing_only_article_3_of_multi_paragraph_articles_once_lists_only_article_3(
    client, editor, regulation
):
    before = regulation.live_revision.as_object()
    client.force_login(editor)
    data = set_article(
        edit_form_data(client, regulation), 3, "第3条改过的内容。\n（一）第一项；\n（二）新的第二项。"
    )
    response = client.post(f"/admin/pages/{regulation.pk}/edit/", browser_post(data))
    assert response.status_code == 302, response.content.decode()[:2000]
    draft = type(regulation).objects.get(pk=regulation.pk).get_latest_revision_as_object()
    comparison = compare_versions(before, draft)
    assert [c.unit.number for c in comparison.changes] == [3]


def test_articles_saved_from_a_browser_keep_line_feeds_only(client, editor, regulation):
    client.force_login(editor)
    data = edit_form_data(client, regulation)
    client.post(f"/admin/pages/{regulation.pk}/edit/", browser_post(data))
    draft = type(regulation).objects.get(pk=regulation.pk).get_latest_revision_as_object()
    assert not any("\r" in unit.text for unit in units_of(draft))


def test_the_diff_ignores_line_ending_and_trailing_space_differences():
    old = [diff.Unit(key="a", label="第一条", text="第一款。\n第二款。", number=1)]
    new = [diff.Unit(key="a", label="第一条", text="第一款。  \r\n\r\n第二款。\r\n", number=1)]
    assert not diff.compare(old, new).has_changes
