"""Wagtail integration: permission policies, the Certification admin menu.

The permission policies are registered first, at import, before any viewset asks for the model's policy.
"""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permissions import register_permission_policy

from portal.core.admin_views import ServiceOnlyPolicy
from portal.core.my_tasks import HOOK as MY_TASKS_HOOK

from . import choosers, my_tasks
from .models import Certificate, CertificateBatch, GradeAward, SkillResult, TheoryResult

# Certificates, awards and results change only through the services (which audit every change).
register_permission_policy(Certificate, ServiceOnlyPolicy(Certificate))
register_permission_policy(GradeAward, ServiceOnlyPolicy(GradeAward))
register_permission_policy(TheoryResult, ServiceOnlyPolicy(TheoryResult))
register_permission_policy(SkillResult, ServiceOnlyPolicy(SkillResult))
register_permission_policy(CertificateBatch, ServiceOnlyPolicy(CertificateBatch))

from .admin_views.register import CertificateViewSet, GradeAwardViewSet  # noqa: E402
from .admin_views.reports import BulkIssueViewSet, GapListViewSet  # noqa: E402
from .admin_views.results import SkillResultViewSet, TheoryResultViewSet  # noqa: E402
from .admin_views.scheme import (  # noqa: E402
    GradeLevelViewSet,
    GradeSchemeViewSet,
    PostRequirementViewSet,
    SkillTestTypeViewSet,
)
from .admin_views.skill_tests import SkillSittingViewSet, SkillTestDefinitionViewSet  # noqa: E402


class CertificationViewSetGroup(ViewSetGroup):
    menu_label = _("Certification")
    menu_icon = "doc-full"
    menu_order = 260
    items = (
        CertificateViewSet,
        GradeAwardViewSet,
        GapListViewSet,
        BulkIssueViewSet,
        SkillResultViewSet,
        SkillSittingViewSet,
        SkillTestDefinitionViewSet,
        TheoryResultViewSet,
        GradeSchemeViewSet,
        GradeLevelViewSet,
        SkillTestTypeViewSet,
        PostRequirementViewSet,
    )


@hooks.register("register_admin_viewset")
def register_certification_viewsets():
    return CertificationViewSetGroup()


@hooks.register(MY_TASKS_HOOK)
def my_tasks_certificates(employee, now):
    return my_tasks.section(employee, now)


@hooks.register("register_admin_urls")
def register_certification_chooser_urls():
    return [path("certification/choose/sittings/", choosers.search_view, name="certification_sitting_search")]
