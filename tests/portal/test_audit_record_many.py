"""audit.record_many writes, for many objects at once, the rows record(…, save=False) + bulk_create write."""

import uuid

import pytest
from django.forms.models import model_to_dict
from wagtail.models import ModelLogEntry

from portal.core import audit
from portal.core.models import StagedUpload
from tests.factories.people import UserFactory

pytestmark = pytest.mark.django_db


def _entry(entry: ModelLogEntry) -> dict:
    return model_to_dict(entry, exclude=["id", "object_id", "label"])


def test_record_many_writes_the_rows_record_would_write():
    user = UserFactory()
    first, second = (StagedUpload.objects.create(kind="k", sha256=str(n)) for n in range(2))
    same = {"acting_user": user, "uuid": uuid.uuid4(), "data": {"import": True}, "content_changed": True}
    ModelLogEntry.objects.bulk_create([audit.record(first, "wagtail.create", save=False, **same)])
    audit.record_many(StagedUpload, [(second.pk, str(second))], "wagtail.create", **same)
    one, many = (ModelLogEntry.objects.for_instance(u).get() for u in (first, second))
    assert _entry(many) == {**_entry(one), "timestamp": many.timestamp}
    assert (many.object_id, many.label) == (str(second.pk), str(second))


def test_record_many_gives_each_row_its_own_copy_of_the_data():
    uploads = [StagedUpload.objects.create(kind="k", sha256=str(n)) for n in range(3)]
    count = audit.record_many(StagedUpload, [(u.pk, str(u)) for u in uploads], "wagtail.create", acting_user=None,
                              data={"bank": "柜员/电子银行"})
    assert count == 3
    assert [e.data for e in ModelLogEntry.objects.filter(action="wagtail.create")] == [{"bank": "柜员/电子银行"}] * 3


def test_record_many_refuses_an_undeclared_action():
    with pytest.raises(ValueError, match="Unknown audit action"):
        audit.record_many(StagedUpload, [(1, "x")], "nobody.declared.this", acting_user=None)
