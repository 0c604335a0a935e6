"""Background tasks of the exam engine (django-tasks: in-process when embedded, ``db_worker`` in production)."""

from django_tasks import task

from .models import Sitting
from .services import statistics


@task()
def compute_sitting_statistics(sitting_id: int, first_only: bool, print_: str) -> None:
    sitting = Sitting.objects.filter(pk=sitting_id).select_related("blueprint").first()
    if sitting is not None:
        statistics.store(sitting, first_only=first_only, print_=print_)
