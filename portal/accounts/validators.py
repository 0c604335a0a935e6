"""Password strength for local (break-glass) accounts, beside Django's length and common-password checks."""

from django.core.exceptions import ValidationError
from django.utils.translation import ngettext


class CharacterClassesValidator:
    """At least ``min_classes`` of: lower-case letters, upper-case letters, digits, other characters."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    @staticmethod
    def classes(password: str) -> int:
        return sum([
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ])

    def validate(self, password, user=None):
        if self.classes(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        return ngettext(
            "Your password must mix at least %(count)d kind of character (lower case, upper case, digits, symbols).",
            "Your password must mix at least %(count)d kinds of characters (lower case, upper case, digits, symbols).",
            self.min_classes,
        ) % {"count": self.min_classes}

