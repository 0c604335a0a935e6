"""Verification tokens (random + HMAC, fail fast when modified) and the masked holder name."""

import pytest
from django.test import override_settings

from quizzes.certification import tokens
from quizzes.certification.rules.masking import mask_name


@pytest.mark.parametrize(
    "name,masked",
    [("张晓明", "张*明"), ("张明", "张*"), ("欧阳晓明", "欧**明"), ("John Smith", "J*** S****"), ("李", "李")],
)
def test_holder_name_is_partly_masked(name, masked):
    assert mask_name(name) == masked


def test_a_new_token_is_well_formed_and_unique():
    token = tokens.make_token()
    assert len(token) == tokens.TOKEN_LENGTH
    assert tokens.is_well_formed(token)
    assert token != tokens.make_token()


def test_a_modified_token_does_not_verify_at_any_position():
    token = tokens.make_token()
    for index, char in enumerate(token):
        replacement = "A" if char != "A" else "B"
        modified = token[:index] + replacement + token[index + 1 :]
        assert not tokens.is_well_formed(modified), index


@pytest.mark.parametrize("bad", ["", "x", "a" * 36, "../../etc/passwd", "张" * 36])
def test_malformed_tokens_do_not_verify(bad):
    assert not tokens.is_well_formed(bad)


def test_a_token_signed_with_another_key_does_not_verify():
    with override_settings(SECRET_KEY="another-installation-key-0123456789"):
        foreign = tokens.make_token()
    assert not tokens.is_well_formed(foreign)


def test_tokens_survive_a_key_rotation_through_the_fallback_keys():
    with override_settings(SECRET_KEY="old-key-0123456789-abcdefghijklmnop"):
        token = tokens.make_token()
    with override_settings(SECRET_KEY="new-key-0123456789-abcdefghijklmnop",
                           SECRET_KEY_FALLBACKS=["old-key-0123456789-abcdefghijklmnop"]):
        assert tokens.is_well_formed(token)
