"""Helpers shared by the certification management commands."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError


def acting_user(username):
    """The user a command acts as (recorded in the audit trail); None means the system."""
    if not username:
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"No user named {username!r}")
    return user
