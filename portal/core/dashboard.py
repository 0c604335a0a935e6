"""The signed-in employee's overview on the home page: my posts, what I must read, my exams, my certificates.

A read model over the other apps' services (each keeps its own rules), with a bounded number of queries.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import get_language

EXPIRY_WARNING_DAYS = 90


@dataclass
class Overview:
    posts: list = field(default_factory=list)
    pending_acknowledgements: int = 0
    overdue_acknowledgements: int = 0
    next_due: datetime.date | None = None
    open_sittings: list = field(default_factory=list)
    valid_certificates: int = 0
    expiring_certificates: list = field(default_factory=list)


def overview_for(employee, now: datetime.datetime | None = None, language: str | None = None) -> Overview:
    """``language`` (default: the active one) chooses which translation of each post is linked: the
    English home links the English post pages, falling back to the Chinese page where none exists."""
    from content.acknowledgements.services.acknowledging import pending_for
    from content.models import PostPage
    from content.services.post_details import locale_id_for, localize
    from quizzes.certification.models import Certificate
    from quizzes.exams.services.sittings import decision_for, sittings_for

    now = now or timezone.now()
    today = timezone.localdate(now)
    overview = Overview()
    held = list(PostPage.objects.live().filter(assignments__employee=employee).order_by("title").distinct())
    localized = localize(held, PostPage, locale_id_for(language or get_language()))
    overview.posts = [localized.get(post.pk) or post for post in held]
    due_dates = list(pending_for(employee).values_list("due_on", flat=True))
    overview.pending_acknowledgements = len(due_dates)
    overview.overdue_acknowledgements = sum(1 for due in due_dates if due < today)
    overview.next_due = min(due_dates) if due_dates else None
    overview.open_sittings = [
        sitting for sitting in sittings_for(employee)[:20] if decision_for(sitting, employee, now).allowed
    ][:5]
    valid = list(Certificate.objects.filter(holder=employee).valid(today).order_by("expires_on"))
    overview.valid_certificates = len(valid)
    warn_until = today + datetime.timedelta(days=EXPIRY_WARNING_DAYS)
    overview.expiring_certificates = [c for c in valid if c.expires_on and c.expires_on <= warn_until]
    return overview
