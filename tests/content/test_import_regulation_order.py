"""RegulationPage.set_body_from_parsed stores chapters, sections and articles in text order (``sort_order``).

Rows without a ``sort_order`` come back in whatever order the database likes: insertion order on SQLite,
any order on PostgreSQL. The stored rows here start in reverse order, so the test fails on both databases
unless ``set_body_from_parsed`` numbers the rows itself.
"""

import pytest

from content.models import RegulationArticle, RegulationChapter, RegulationPage, RegulationSection
from tests.factories import content as f

pytestmark = pytest.mark.django_db


def _stored_in_reverse(index):
    reg = f.regulation(
        index,
        chapters=[(2, "附则"), (1, "总则")],
        sections=[(1, 2, "变更"), (1, 1, "开户")],
        articles=[(3, 2, None, "丙"), (2, 1, 2, "乙"), (1, 1, 1, "甲")],
    )
    for model in (RegulationChapter, RegulationSection, RegulationArticle):
        for position, row in enumerate(model.objects.filter(page=reg).order_by("pk")):
            model.objects.filter(pk=row.pk).update(sort_order=position)
    return RegulationPage.objects.get(pk=reg.pk)


def test_set_body_from_parsed_stores_rows_in_text_order():
    reg = _stored_in_reverse(f.regulation_index())
    assert [a.number for a in reg.articles.all()] == [3, 2, 1]
    reg.set_body_from_parsed(
        f.parsed(
            chapters=[(1, "总则"), (2, "附则")],
            sections=[(1, 1, "开户"), (1, 2, "变更")],
            articles=[(1, 1, 1, "甲"), (2, 1, 2, "乙"), (3, 2, None, "丙"), (4, 2, None, "丁")],
        )
    )
    reg = f.publish(reg)
    assert [a.number for a in reg.articles.all()] == [1, 2, 3, 4]
    assert [c.number for c in reg.chapters.all()] == [1, 2]
    assert [s.number for s in reg.sections.all()] == [1, 2]
