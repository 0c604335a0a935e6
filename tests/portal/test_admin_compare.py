"""The revision compare view shows flags as 是/否 and empty values as a dash, never "FalseTrue" or "None"."""

import datetime

from django.utils import timezone, translation
from wagtail.admin.compare import comparison_class_registry

from portal.core.admin_compare import ValueFieldComparison
from quizzes.models import QuestionImport


def _diff(field_name, a, b):
    field = QuestionImport._meta.get_field(field_name)
    comparison_class = comparison_class_registry.get(field)
    assert comparison_class is ValueFieldComparison
    with translation.override("zh-hans"):
        return comparison_class(field, a, b).htmldiff()


def test_a_flag_turned_on_reads_no_then_yes():
    html = _diff("activate", QuestionImport(activate=False), QuestionImport(activate=True))
    assert html == '<span class="deletion">否</span> <span class="addition">是</span>'


def test_a_date_set_for_the_first_time_shows_a_dash_not_none():
    when = timezone.make_aware(datetime.datetime(2026, 12, 1, 15, 7))
    html = _diff("applied_at", QuestionImport(applied_at=None), QuestionImport(applied_at=when))
    assert "None" not in html and '<span class="deletion">—</span>' in html and "2026" in html
