"""Bank paths: category/…/bank, created as needed."""

import pytest
from django.core.exceptions import ValidationError

from quizzes.models import QuestionBank, QuestionCategory
from quizzes.services.banks import find_bank, resolve_bank

pytestmark = pytest.mark.django_db


def test_resolving_a_path_creates_the_categories_and_the_bank():
    bank, created = resolve_bank("柜员等级/电子银行/网银业务")
    assert created
    assert bank.full_path == "柜员等级/电子银行/网银业务"
    assert QuestionCategory.objects.count() == 2


def test_resolving_an_existing_path_reuses_it():
    first, _ = resolve_bank("柜员等级/电子银行")
    again, created = resolve_bank(" 柜员等级 / 电子银行 ")
    assert again == first and not created
    assert QuestionCategory.objects.count() == 1


def test_sibling_paths_share_their_categories():
    a, _ = resolve_bank("柜员等级/电子银行")
    b, _ = resolve_bank("柜员等级/运营管理")
    assert a.category == b.category


def test_a_one_segment_path_is_a_top_level_bank():
    bank, _ = resolve_bank("内部培训")
    assert bank.category is None and bank.full_path == "内部培训"


def test_finding_a_bank_never_creates_one():
    assert find_bank("柜员等级/电子银行") is None
    assert not QuestionBank.objects.exists() and not QuestionCategory.objects.exists()


@pytest.mark.parametrize("path", ["", "/", "柜员等级//电子银行", "  "])
def test_a_path_with_an_empty_part_is_refused(path):
    with pytest.raises(ValidationError):
        resolve_bank(path)
