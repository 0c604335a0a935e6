"""Serial numbers stay unique when several issuers allocate at the same time."""

import threading

import pytest
from django.db import connection, connections, transaction

from quizzes.certification import serials


@pytest.mark.django_db(transaction=True)
def test_concurrent_allocations_never_hand_out_the_same_serial():
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("threads share one in-memory SQLite database; the PostgreSQL run checks real concurrency")
    results, errors = [], []
    barrier = threading.Barrier(6)

    def allocate():
        try:
            barrier.wait()
            for _ in range(5):
                with transaction.atomic():
                    results.extend(serials.allocate(2026, "BR01", 2))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=allocate) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(results) == len(set(results)) == 60
    assert sorted(results)[-1] == "2026-BR01-000060"
