"""The demo is in the test database for each module that asks for it, and gone afterwards.

On SQLite ``load_demo`` runs once per session and each module gets a copy of its result
(``tests.demo_snapshot``); each test's own transaction (pytest-django's ``db``) rolls back what the test
changed. On PostgreSQL the demo is loaded inside a transaction opened for the module and rolled back.
"""

import pytest

from tests.demo_snapshot import DEMO


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The output of a first ``load_demo`` on the empty test database (loaded once per session on SQLite:
    ``tests.demo_snapshot``)."""
    with django_db_blocker.unblock(), DEMO.loaded() as output:
        yield output
