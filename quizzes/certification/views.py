"""Public verification page (no login, rate limited) and the holder's own grades and certificates.

The verification page is what a QR code opens: it says whether the token belongs to a genuine certificate
and whether that certificate is valid, with the holder's name partly masked. A malformed or modified token
is rejected by its signature before any lookup; an unknown one is reported the same way ("not genuine").
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from portal.core import net, private_files
from portal.core.bilingual import in_language

from . import my_sections, tokens
from .models import Certificate, GradeAward, TheoryResult
from .rules.masking import mask_name
from .services.freezing import Subject
from .services.grading import levels_in_order
from .services.issuing import issue_certificate

DEFAULT_VERIFY_RATE = (30, 60)  # requests per client per window of seconds


# --------------------------------------------------------------------------- rate limiting


def client_address(request) -> str:
    """The client's address (portal.core.net: PORTAL_CLIENT_IP_HEADER with PORTAL_TRUSTED_PROXIES)."""
    return net.client_address(request) or "unknown"


def rate_limited(request, scope: str, rate: tuple[int, int]) -> bool:
    """Fixed-window counter in the cache (shared by all app servers when the cache is)."""
    limit, window = rate
    bucket = int(timezone.now().timestamp()) // window
    key = f"certification:rate:{scope}:{client_address(request)}:{bucket}"
    if cache.add(key, 1, timeout=window + 1):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 1)
        return False
    return count > limit


def _no_store(response):
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


# --------------------------------------------------------------------------- public verification


def _localised(frozen: dict, zh_key: str, en_key: str) -> str:
    return in_language(frozen.get(zh_key, ""), frozen.get(en_key))


@never_cache
@require_GET
def verify(request, token: str):
    rate = getattr(settings, "PORTAL_CERTIFICATE_VERIFY_RATE", DEFAULT_VERIFY_RATE)
    if rate_limited(request, "verify", rate):
        response = render(request, "certification/verify_rate_limited.html", status=429)
        response["Retry-After"] = str(rate[1])
        return _no_store(response)
    certificate = None
    if tokens.is_well_formed(token):
        certificate = Certificate.objects.filter(token=token).select_related("superseded_by").first()
    if certificate is None:
        reason = "tampered" if not tokens.is_well_formed(token) else "unknown"
        return _no_store(render(request, "certification/verify.html", {"genuine": False, "reason": reason}, status=404))
    frozen = certificate.frozen
    superseded_by = getattr(certificate, "superseded_by", None) if certificate.status == "superseded" else None
    context = {
        "genuine": True,
        "certificate": certificate,
        "status": certificate.effective_status(),
        "status_label": certificate.get_effective_status_display(),
        "masked_name": mask_name(certificate.holder_name),
        "title": _localised(frozen, "title", "title_en"),
        "what": _localised(frozen, "grade", "grade_en") if certificate.kind == Certificate.Kind.GRADE
        else _localised(frozen, "exam_title", "exam_title_en") or frozen.get("exam_code", ""),
        "org_unit": _localised(frozen, "org_unit", "org_unit_en"),
        "superseded_by": superseded_by,
        "fingerprint": certificate.content_hash,
    }
    return _no_store(render(request, "certification/verify.html", context))


# --------------------------------------------------------------------------- the holder's own page


def _employee(request):
    employee = getattr(request.user, "employee", None)
    if employee is None:
        raise Http404(_("You have no employee record."))
    return employee


@login_required
def my_certification(request):
    """My grades (with what met each requirement), what is still missing, my certificates."""
    from .presentation import evaluation_lines, trace_lines
    from .sources import evaluate_level

    employee = _employee(request)
    today = timezone.localdate()
    awards = list(
        GradeAward.objects.filter(employee=employee).select_related("level__scheme").order_by("-awarded_on")
    )
    held = set(GradeAward.objects.filter(employee=employee).current(today).values_list("level_id", flat=True))
    progress = []
    for level in levels_in_order():
        if level.pk in held:
            continue
        evaluation = evaluate_level(employee, level, today)
        progress.append({"level": level, "evaluation": evaluation, "lines": evaluation_lines(level, evaluation)})
    context = {
        "employee": employee,
        "awards": [{"award": a, "lines": trace_lines(a)} for a in awards],
        "progress": progress,
        "certificates": Certificate.objects.filter(holder=employee).order_by("-issued_at"),
        "passed_results": TheoryResult.objects.filter(employee=employee, passed=True).order_by("-taken_at"),
        "certified_results": set(
            Certificate.objects.filter(holder=employee, theory_result__isnull=False)
            .exclude(status=Certificate.Status.SUPERSEDED)
            .values_list("theory_result_id", flat=True)
        ),
        "sections": my_sections.sections(employee, request),
    }
    return render(request, "certification/my_certification.html", context)


def _pdf_response(certificate: Certificate) -> HttpResponse:
    return private_files.serve(certificate.pdf, filename=f"{certificate.serial}.pdf", content_type="application/pdf")


def _may_view(user, certificate: Certificate) -> bool:
    employee = getattr(user, "employee", None)
    return (employee is not None and certificate.holder_id == employee.pk) or user.has_perm(
        "certification.view_certificate"
    )


@login_required
@require_GET
def certificate_pdf(request, serial: str):
    """The PDF exactly as issued (the stored bytes), for its holder and for HR."""
    certificate = get_object_or_404(Certificate, serial=serial)
    if not _may_view(request.user, certificate):
        raise PermissionDenied
    return _pdf_response(certificate)


@login_required
@require_http_methods(["GET", "POST"])
def exam_certificate_pdf(request, pk: int):
    """A candidate's certificate for a passed exam. GET only reads one already issued; issuing is the
    explicit POST of the "Get my certificate" button (idempotent: a second POST returns the same one)."""
    result = get_object_or_404(TheoryResult.objects.select_related("employee__org_unit"), pk=pk)
    employee = getattr(request.user, "employee", None)
    is_holder = employee is not None and result.employee_id == employee.pk
    if not (is_holder or request.user.has_perm("certification.issue_certificate")):
        raise PermissionDenied
    current = (
        Certificate.objects.filter(theory_result=result)
        .exclude(status=Certificate.Status.SUPERSEDED)
        .order_by("-issued_at")
        .first()
    )
    if current is not None and current.status == Certificate.Status.REVOKED:
        return HttpResponse(_("This certificate has been revoked."), status=410, content_type="text/plain; charset=utf-8")
    if current is None:
        if request.method != "POST":
            raise Http404(_("No certificate has been issued for this result yet."))
        try:
            current, _created = issue_certificate(Subject.for_result(result), acting_user=request.user, check_permission=False)
        except ValidationError as error:
            return HttpResponse(" ".join(error.messages), status=409, content_type="text/plain; charset=utf-8")
    return _pdf_response(current)
