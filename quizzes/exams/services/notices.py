""""Exam open" notices: each person a sitting is for is told once when its window opens.

``notify_opened(now)`` (run every few minutes by ``manage.py exams_notify_opened`` from the scheduler) looks
at sittings open now that were not yet announced, computes their audience in one query per sitting (named
people, holders of the eligible posts, members of the eligible units and their sub-units, people with an
override in force — the same facts as ``sittings.is_eligible``), and writes one notice per person and
sitting (keyed ``sitting:<id>:opened``, so a repeated run adds nothing). The mail goes with each notice when
mail is configured.
"""

from __future__ import annotations

from django.db.models import Q

from portal.notifications import services as notifications
from portal.notifications.models import Notification
from portal.people.models import Employee

from .. import clock
from ..models import Sitting


def audience(sitting: Sitting):
    """Active employees with a sign-in account that the sitting is for."""
    unit_paths = list(sitting.eligible_units.values_list("path", flat=True))
    units = Q()
    for path in unit_paths:
        units |= Q(org_unit__path__startswith=path)
    who = (
        Q(pk__in=sitting.eligible_employees.values("pk"))
        | Q(post_assignments__post__in=sitting.eligible_posts.values("pk"))
        | Q(exam_overrides__sitting=sitting, exam_overrides__revoked_at__isnull=True)
    )
    if unit_paths:
        who |= units
    return Employee.objects.filter(who, is_active=True, user__isnull=False, user__is_active=True).distinct()


def notify_opened(now=None) -> int:
    """Announce every sitting open at ``now`` to its audience; returns the notices written."""
    now = now or clock.now()
    written = 0
    for sitting in Sitting.objects.filter(opens_at__lte=now, closes_at__gt=now).select_related("blueprint"):
        key = f"sitting:{sitting.pk}:opened"
        params = {
            "exam": sitting.title,
            "exam_en": sitting.title_en or sitting.blueprint.title_en,
            "closes": sitting.closes_at.isoformat(),
        }
        link = {"name": "exams:sitting", "args": [sitting.pk]}
        told = Notification.objects.filter(key=key).values("user_id")
        for employee in audience(sitting).exclude(user_id__in=told).select_related("user"):
            notice = notifications.notify(
                employee.user, Notification.Kind.EXAM_OPENED, key=key, params=params, link=link, now=now
            )
            written += notice is not None
    return written
