"""The demo is loaded once per test module (it takes several seconds) and rolled back afterwards.

``demo`` runs ``load_demo`` inside a transaction opened for the whole module; each test's own
transaction (pytest-django's ``db``) nests inside it as a savepoint, and the module's transaction is
rolled back at the end, so nothing leaks into other test modules.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The output of a first ``load_demo`` on the empty test database."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            out = StringIO()
            call_command("load_demo", stdout=out)
            yield out.getvalue()
            transaction.set_rollback(True)
