"""The examiner's question listing: a fixed number of queries whatever the number of questions, banks and
categories (bank paths in the bank column and the bank filter are not read row by row)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quizzes.models.banks import prefetch_full_paths
from tests.factories.quizzes import QuestionBankFactory, QuestionCategoryFactory, make_question

pytestmark = pytest.mark.django_db


def _grow(n_banks: int, per_bank: int):
    """``n_banks`` banks, each two categories deep under a root of its own, with ``per_bank`` questions."""
    for _ in range(n_banks):
        leaf = QuestionCategoryFactory(parent=QuestionCategoryFactory(parent=QuestionCategoryFactory()))
        bank = QuestionBankFactory(category=leaf)
        for _ in range(per_bank):
            make_question(bank)


def _listing_queries(client) -> tuple[int, str]:
    client.get(reverse("questions:index"))  # warm the per-process caches (locales, content types)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("questions:index"))
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_question_listing_query_count_does_not_grow_with_questions_banks_or_categories(client, examiner_user):
    client.force_login(examiner_user)
    _grow(1, 1)
    small, _html = _listing_queries(client)
    _grow(4, 3)
    large, _html = _listing_queries(client)
    assert large == small


def test_question_listing_shows_each_bank_by_its_full_path(client, examiner_user):
    client.force_login(examiner_user)
    bank = QuestionBankFactory(category=QuestionCategoryFactory(name="子类", parent=QuestionCategoryFactory(name="总类")))
    make_question(bank)
    _count, html = _listing_queries(client)
    assert f"总类/子类/{bank.name}" in html


def test_prefetched_full_paths_equal_the_ones_read_from_the_tree():
    leaf = QuestionCategoryFactory(parent=QuestionCategoryFactory(parent=QuestionCategoryFactory()))
    root = QuestionCategoryFactory()
    expected = {c.pk: c.full_path for c in (leaf, root)}
    fresh = list(type(leaf).objects.filter(pk__in=expected))
    with CaptureQueriesContext(connection) as ctx:
        prefetch_full_paths(fresh)
        paths = {c.pk: c.full_path for c in fresh}
    assert paths == expected
    assert len(ctx.captured_queries) == 1
