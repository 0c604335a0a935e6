"""Wagtail integration of the exam engine: permission policies, the Exams admin menu, the audit-log actions.

Attempts, re-scorings and overrides change only through the services (which write the evidence), so their
generic admin views may only list and inspect; the policies are registered before any viewset asks.
"""

from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permissions import register_permission_policy

from portal.core.admin_views import ServiceOnlyPolicy
from portal.core.my_tasks import HOOK as MY_TASKS_HOOK
from quizzes.certification.my_sections import HOOK as MY_CERTIFICATION_HOOK
from quizzes.certification.my_sections import PageSection

from . import my_tasks
from .models import Attempt, RescoreRun, SittingOverride
from .services import weak_points
from .services.evidence import evidence_held_by, refusal_message

register_permission_policy(Attempt, ServiceOnlyPolicy(Attempt))
register_permission_policy(RescoreRun, ServiceOnlyPolicy(RescoreRun))
register_permission_policy(SittingOverride, ServiceOnlyPolicy(SittingOverride))

from .admin_views import archives, paper  # noqa: E402
from .admin_views.blueprints import ExamBlueprintViewSet  # noqa: E402
from .admin_views.grading import GradingViewSet  # noqa: E402
from .admin_views.overrides import OverrideViewSet  # noqa: E402
from .admin_views.practice import PracticeBankViewSet  # noqa: E402
from .admin_views.rescoring import RescoreViewSet  # noqa: E402
from .admin_views.results import AttemptViewSet  # noqa: E402
from .admin_views.sittings import SittingViewSet  # noqa: E402
from .admin_views.statistics import urlpatterns as statistics_urls  # noqa: E402


class ExamsViewSetGroup(ViewSetGroup):
    menu_label = _("Exams")
    menu_icon = "list-ol"
    menu_order = 310
    items = (
        SittingViewSet,
        ExamBlueprintViewSet,
        GradingViewSet,
        AttemptViewSet,
        OverrideViewSet,
        RescoreViewSet,
        PracticeBankViewSet,
    )


@hooks.register("register_admin_viewset")
def register_exams_viewsets():
    return ExamsViewSetGroup()


@hooks.register("register_admin_urls")
def register_exams_archive_urls():
    return archives.urlpatterns + paper.urlpatterns


@hooks.register("before_delete_user")
def refuse_deleting_a_user_with_evidence(request, user):
    """Deleting a grader/issuer is refused with a clear message (deactivate instead), never a 500.

    Wagtail runs this hook on the confirmation page's GET too; only the confirmed delete (POST) is refused, so the
    administrator reaches the confirmation page and is told why when they confirm."""
    if request.method != "POST":
        return None
    found = evidence_held_by(user)
    if found:
        messages.error(request, refusal_message(user, found))
        return redirect("wagtailusers_users:edit", user.pk)
    return None


# Item statistics per sitting and per question (examiners; computed in the background, cached).
@hooks.register("register_admin_urls")
def register_exams_statistics_urls():
    return [path("exams/statistics/", include((statistics_urls, "exams_statistics")))]


@hooks.register(MY_TASKS_HOOK)
def my_tasks_exams(employee, now):
    return my_tasks.section(employee, now)


@hooks.register(MY_CERTIFICATION_HOOK)
def my_weak_points(employee, request):
    """My grades and certificates: the weakest knowledge points of my recent reviewable exams, with a drill."""
    points = weak_points.for_employee(employee, language=request.LANGUAGE_CODE)
    return PageSection(
        key="weak-points", heading=_("Knowledge points to work on"), template="exams/includes/weak_points.html",
        context={"points": points, "drill_count": weak_points.drill_count(points) if points else 0,
                 "drill_url": reverse("exams:weak_drill"), "empty": True},
        order=10,
    )
