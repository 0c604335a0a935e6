"""The one rule for bilingual names and texts: English where the language is English and an English text
exists, otherwise the Chinese (the bank's source language). Every model's ``display_name`` /
``display_title`` and every payload built for a language goes through here."""

from __future__ import annotations

from django.utils.translation import get_language


def is_english(language: str | None = None) -> bool:
    """Whether ``language`` (default: the active one) is English (``en``, ``en-gb``…)."""
    language = get_language() if language is None else language
    return bool(language) and language.lower().startswith("en")


def in_language(zh, en, language: str | None = None):
    """``en`` when the language is English and ``en`` is not empty, else ``zh``."""
    return en if en and is_english(language) else zh
