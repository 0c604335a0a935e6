"""What load_demo refuses, and the English regulation reader it uses, without loading the whole demo."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from content.demo.english import parse_english_regulation, roman_to_int
from portal.people.models import OrgUnit


@pytest.mark.django_db
def test_load_demo_refuses_under_production_settings_and_writes_nothing(settings):
    settings.PORTAL_ENVIRONMENT = "production"
    with pytest.raises(CommandError, match="production"):
        call_command("load_demo", stdout=StringIO())
    assert not OrgUnit.objects.exists()


def test_english_reader_keeps_chapters_articles_and_paragraphs():
    parsed, header = parse_english_regulation(
        "Some Measures\nOrder No. 1\nAdopted on 1 May.\n\nChapter I General\nArticle 1 One.\nSecond paragraph.\n"
        "Chapter II Rules\nArticle 2 Two."
    )
    assert parsed.errors == []
    assert parsed.title == "Some Measures" and header == ["Order No. 1", "Adopted on 1 May."]
    assert [(c.number, c.title) for c in parsed.chapters] == [(1, "General"), (2, "Rules")]
    assert [(a.number, a.chapter, a.text) for a in parsed.articles] == [(1, 1, "One.\nSecond paragraph."), (2, 2, "Two.")]


def test_english_reader_reports_a_numbering_gap_with_its_line():
    parsed, _header = parse_english_regulation("Measures\nArticle 1 One.\nArticle 3 Three.")
    assert [(e.line, e.code) for e in parsed.errors] == [(3, "article_gap")]


def test_roman_numerals():
    assert [roman_to_int(n) for n in ("I", "IV", "IX", "XIV", "XL", "12")] == [1, 4, 9, 14, 40, 12]
