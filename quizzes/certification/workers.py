"""Entry points of the render processes used by bulk issue (importable before Django is set up)."""

from __future__ import annotations

import os


def init(settings_module: str) -> None:
    """Set up a render process: a forked one inherits Django and the warm fonts; a spawned one starts Django."""
    import django
    from django.apps import apps

    if not apps.ready:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
        django.setup()


def render(frozen: dict) -> bytes:
    from .pdf import render_certificate

    return render_certificate(frozen)
