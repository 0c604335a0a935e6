"""The day these tests run on, fixed once per session (see the ``_clock_on_today`` fixture in conftest)."""

from django.utils import timezone

TODAY = timezone.localdate()
