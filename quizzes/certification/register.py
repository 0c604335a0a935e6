"""HR's certification register: posts, filters and the gap list, shared by the admin, exports and commands.

Which employee holds which post is the content app's ``PostAssignment`` (always the source-language post
page; posts are matched here by their post code). It is looked up through the app registry so this app
keeps working — without the post filter and gap list — where the content models are not installed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Certificate, GradeAward, PostCertificationRequirement


def _assignment_model():
    try:
        return apps.get_model("content", "PostAssignment")
    except LookupError:
        return None


def post_choices() -> list[tuple[str, str]]:
    """(post code, "code · title") for every post that has holders or certification requirements."""
    codes = set(PostCertificationRequirement.objects.values_list("post_code", flat=True))
    titles: dict[str, str] = {}
    Assignment = _assignment_model()
    if Assignment is not None:
        for code, title in Assignment.objects.values_list("post__code", "post__title").distinct():
            titles.setdefault(code, title)
            codes.add(code)
    return [(code, f"{code} · {titles[code]}" if code in titles else code) for code in sorted(codes)]


def employee_ids_in_post(post_code: str) -> QuerySet | list:
    Assignment = _assignment_model()
    if Assignment is None:
        return []
    return Assignment.objects.filter(post__code=post_code).values("employee_id")


# --------------------------------------------------------------------------- filters on querysets


def in_org_unit(queryset: QuerySet, unit, field: str = "holder") -> QuerySet:
    """Rows whose person (``field``: "holder" or "employee") belongs to ``unit`` or one of its sub-units."""
    return queryset.filter(**{f"{field}__org_unit__path__startswith": unit.path})


def in_post(queryset: QuerySet, post_code: str, field: str = "holder") -> QuerySet:
    return queryset.filter(**{f"{field}_id__in": employee_ids_in_post(post_code)})


def certificates_with_status(queryset: QuerySet, status: str, on: datetime.date | None = None) -> QuerySet:
    """Filter by the *effective* status (``CertificateQuerySet.with_effective_status``)."""
    return queryset.with_effective_status(status, on)


def awards_with_status(queryset: QuerySet, status: str, on: datetime.date | None = None) -> QuerySet:
    return queryset.with_effective_status(status, on)


def expiring_within(queryset: QuerySet, days: int, on: datetime.date | None = None) -> QuerySet:
    """Still valid today and expiring in the next ``days`` days (certificates or awards)."""
    return queryset.expiring(days, on)


# --------------------------------------------------------------------------- the gap list


@dataclass
class Gap:
    employee: object
    post_code: str
    post_title: str
    requirement: PostCertificationRequirement
    required: str
    situation: str


def _satisfied_levels(on) -> dict[int, list[tuple[int, int, datetime.date | None, bool]]]:
    """employee id → [(scheme id, order, expires_on, current)] for active awards."""
    held: dict[int, list] = {}
    rows = GradeAward.objects.active().values_list(
        "employee_id", "level__scheme_id", "level__order", "expires_on"
    )
    for employee_id, scheme_id, order, expires_on in rows:
        held.setdefault(employee_id, []).append((scheme_id, order, expires_on, expires_on is None or expires_on >= on))
    return held


def gap_list(*, org_unit=None, post_code: str = "", on: datetime.date | None = None) -> list[Gap]:
    """People whose posts require a grade (or higher of the same scheme) or a valid exam certificate they lack."""
    on = on or timezone.localdate()
    Assignment = _assignment_model()
    if Assignment is None:
        return []
    requirements = list(PostCertificationRequirement.objects.select_related("level__scheme"))
    if post_code:
        requirements = [r for r in requirements if r.post_code == post_code]
    if not requirements:
        return []
    by_post: dict[str, list[PostCertificationRequirement]] = {}
    for requirement in requirements:
        by_post.setdefault(requirement.post_code, []).append(requirement)
    assignments = Assignment.objects.filter(post__code__in=list(by_post), employee__is_active=True).select_related(
        "employee__org_unit", "post"
    )
    if org_unit is not None:
        assignments = assignments.filter(employee__org_unit__path__startswith=org_unit.path)
    assignments = list(assignments.order_by("employee__employee_number", "post__code"))
    held = _satisfied_levels(on)
    exam_codes = {r.exam_code for r in requirements if r.exam_code}
    certified: dict[int, set[str]] = {}
    expired_exam: dict[int, set[str]] = {}
    if exam_codes:
        rows = Certificate.objects.filter(
            status=Certificate.Status.VALID, theory_result__exam_code__in=exam_codes
        ).values_list("holder_id", "theory_result__exam_code", "expires_on")
        for holder_id, code, expires_on in rows:
            if expires_on is None or expires_on >= on:
                certified.setdefault(holder_id, set()).add(code)
            else:
                expired_exam.setdefault(holder_id, set()).add(code)
    gaps = []
    for assignment in assignments:
        employee = assignment.employee
        for requirement in by_post.get(assignment.post.code, []):
            if requirement.level_id:
                level = requirement.level
                mine = [h for h in held.get(employee.pk, []) if h[0] == level.scheme_id and h[1] >= level.order]
                if any(current for *_rest, current in mine):
                    continue
                situation = _("Expired") if mine else _("Not held")
                required = f"{level.scheme.display_name} · {level.display_name}"
            else:
                if requirement.exam_code in certified.get(employee.pk, set()):
                    continue
                expired = requirement.exam_code in expired_exam.get(employee.pk, set())
                situation = _("Expired") if expired else _("No valid certificate")
                required = _("Certificate for exam %(code)s") % {"code": requirement.exam_code}
            gaps.append(Gap(employee, assignment.post.code, assignment.post.title, requirement, required, situation))
    return gaps


def gap_headings() -> list[str]:
    return [_("Employee number"), _("Name"), _("Organisation unit"), _("Post"), _("Required"), _("Situation")]


def gap_rows(gaps: list[Gap]) -> list[list[str]]:
    return [
        [g.employee.employee_number, g.employee.name, g.employee.org_unit.display_name,
         f"{g.post_code} {g.post_title}", g.required, g.situation]
        for g in gaps
    ]
