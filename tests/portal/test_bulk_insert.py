"""portal.core.bulk.insert: many rows in lean multi-row INSERTs, the same rows ``bulk_create`` writes."""

import datetime

import pytest
from django.db import transaction

from portal.core import bulk
from portal.core.models import StagedChunk, StagedUpload
from tests.factories.people import UserFactory

pytestmark = pytest.mark.django_db

COLUMNS = ("kind", "file_name", "data", "sha256", "options", "uploaded_by_id", "applied_at")


def _values(upload: StagedUpload) -> dict:
    """Every column but the id (the upload time: that it is set)."""
    values = {f.attname: getattr(upload, f.attname) for f in StagedUpload._meta.concrete_fields if not f.primary_key}
    values["data"] = bytes(values["data"])
    values["created_at"] = values["created_at"] is not None
    return values


def test_insert_returns_the_new_primary_keys_in_row_order():
    pks = bulk.insert(StagedUpload, ("kind", "sha256"), [("a", "1"), ("b", "2"), ("c", "3")], returning=True)
    assert [StagedUpload.objects.get(pk=pk).kind for pk in pks] == ["a", "b", "c"]


def test_inserted_rows_equal_what_bulk_create_writes_defaults_included():
    user = UserFactory()
    applied = datetime.datetime(2026, 3, 1, 9, 30, tzinfo=datetime.UTC)
    row = ("quizzes.questions", "题库.xlsx", b"PK\x03\x04", "ab" * 32, {"bank_path": "柜员/电子银行", "n": [1, 2]},
           user.pk, applied)
    [pk] = bulk.insert(StagedUpload, COLUMNS, [row], returning=True)
    made = StagedUpload.objects.bulk_create([StagedUpload(**dict(zip(COLUMNS, row, strict=True)))])[0]
    assert _values(StagedUpload.objects.get(pk=pk)) == _values(StagedUpload.objects.get(pk=made.pk))


def test_json_rows_with_chinese_text_read_back_as_written():
    upload = StagedUpload.objects.create(kind="k", sha256="0")
    rows = [[{"stem": "网银登录密码可以告诉他人吗？", "options": ["可以", "不可以"], "correct": [1]}], [], [None, 3.5]]
    bulk.insert(StagedChunk, ("staged_id", "number", "rows"), [(upload.pk, n, r) for n, r in enumerate(rows)])
    assert [c.rows for c in StagedChunk.objects.filter(staged=upload).order_by("number")] == rows


def test_rows_beyond_one_batch_are_all_written_with_their_keys_in_row_order(monkeypatch):
    monkeypatch.setattr(bulk, "MAX_ROWS", 3)
    kinds = [f"k{n}" for n in range(10)]
    pks = bulk.insert(StagedUpload, ("kind", "sha256"), [(kind, "0") for kind in kinds], returning=True)
    assert [StagedUpload.objects.get(pk=pk).kind for pk in pks] == kinds and pks == sorted(pks)


def test_a_row_saved_afterwards_gets_a_key_of_its_own():
    pks = bulk.insert(StagedUpload, ("kind", "sha256"), [("a", "1"), ("b", "2")], returning=True)
    later = StagedUpload.objects.create(kind="c", sha256="3")
    assert later.pk not in pks and StagedUpload.objects.count() == 3


def test_an_unknown_column_is_refused():
    with pytest.raises(ValueError, match="no column"):
        bulk.insert(StagedUpload, ("kind", "colour"), [("a", "red")])


def test_rows_inserted_in_a_transaction_that_rolls_back_are_not_kept():
    with pytest.raises(RuntimeError), transaction.atomic():
        bulk.insert(StagedUpload, ("kind", "sha256"), [("a", "1"), ("b", "2")])
        raise RuntimeError("disk full")
    assert not StagedUpload.objects.exists()
