"""Entry points of the render processes used by bulk issue (importable before Django is set up)."""

from __future__ import annotations

import os


def init(settings_module: str) -> None:
    """Set up a render process: a forked one inherits Django and the warm fonts; a spawned one starts Django.

    Everything alive at this point (Django, WeasyPrint, the inherited heap) lives as long as the process, so
    it is moved out of the garbage collector's sight (``gc.freeze``): collections then scan only what each
    render creates, and do not write to inherited pages a fork would otherwise have to copy.
    """
    import gc

    import django
    from django.apps import apps

    if not apps.ready:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
        django.setup()
    gc.freeze()


def render(frozen_list: list[dict], batch_faces: tuple[dict, ...] = ()) -> list[bytes]:
    """The PDFs of a group of certificates, laid out together (``pdf.render_certificates``)."""
    from .pdf import render_certificates

    return render_certificates(frozen_list, batch_faces)
