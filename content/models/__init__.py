"""The CMS's page and snippet types, one module per content area."""

from .assignments import PostAssignment
from .departments import DepartmentPage
from .duties import Duty, DutySet
from .home import HomePage
from .manuals import ManualPage
from .mixins import KnowledgePageMixin, TranslationStatus
from .posts import (
    PostCertification,
    PostDuty,
    PostDutySet,
    PostPage,
    PostProcedure,
    PostRegulationLink,
    PostRequirement,
)
from .procedures import ProcedurePage, ProcedureStep
from .regulations import (
    RegulationArticle,
    RegulationChapter,
    RegulationIndexPage,
    RegulationPage,
    RegulationSection,
)
from .segregation import SegregationRule, SegregationRuleMember
from .tags import DepartmentPageTag, ManualPageTag, PostPageTag, ProcedurePageTag, RegulationPageTag

__all__ = [
    "DepartmentPage",
    "DepartmentPageTag",
    "Duty",
    "DutySet",
    "HomePage",
    "KnowledgePageMixin",
    "ManualPage",
    "ManualPageTag",
    "PostAssignment",
    "PostCertification",
    "PostDuty",
    "PostDutySet",
    "PostPage",
    "PostPageTag",
    "PostProcedure",
    "PostRegulationLink",
    "PostRequirement",
    "ProcedurePage",
    "ProcedurePageTag",
    "ProcedureStep",
    "RegulationArticle",
    "RegulationChapter",
    "RegulationIndexPage",
    "RegulationPage",
    "RegulationPageTag",
    "RegulationSection",
    "SegregationRule",
    "SegregationRuleMember",
    "TranslationStatus",
]
