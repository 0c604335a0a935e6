"""The grade scheme HR edits: schemes, levels with their requirements, skill test types, post requirements.

Plain Wagtail model viewsets: Wagtail logs every create / edit / delete of these (ModelLogEntry), and a
level's theory and skill requirements are edited inline on the level (InlinePanel). Deleting a level or a
test type that awards or results point at is refused by the database (PROTECT).
"""

from __future__ import annotations

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from ..models import GradeLevel, GradeScheme, PostCertificationRequirement, SkillTestType


class GradeSchemeViewSet(ModelViewSet):
    model = GradeScheme
    name = "certification_schemes"
    url_prefix = "certification/schemes"
    icon = "list-ol"
    menu_label = gettext_lazy("Grade schemes")
    copy_view_enabled = False
    list_display = ["name", Column("code", label=capfirst(gettext_lazy("code"))), Column("name_en", label=capfirst(gettext_lazy("name (English)"))),
                    BooleanColumn("is_active", label=capfirst(gettext_lazy("active")))]
    list_filter = ["is_active"]
    search_fields = ["code", "name", "name_en"]
    search_backend_name = None


class GradeLevelIndexView(generic.IndexView):
    def get_base_queryset(self):
        # Each row names its scheme and prerequisite grade: read with the row, not one query per row.
        return super().get_base_queryset().select_related("scheme", "prerequisite")


class GradeLevelViewSet(ModelViewSet):
    model = GradeLevel
    index_view_class = GradeLevelIndexView
    name = "certification_levels"
    url_prefix = "certification/levels"
    icon = "tick-inverse"
    menu_label = gettext_lazy("Grade levels")
    copy_view_enabled = False
    list_display = [
        "name",
        Column("scheme", label=capfirst(gettext_lazy("scheme"))),
        Column("order", label=capfirst(gettext_lazy("order")), sort_key="order"),
        Column("validity_months", label=capfirst(gettext_lazy("validity (months)"))),
        Column("prerequisite", label=capfirst(gettext_lazy("prerequisite grade"))),
    ]
    list_filter = ["scheme"]
    search_fields = ["code", "name", "name_en"]
    search_backend_name = None
    ordering = ["scheme__code", "order"]


class SkillTestTypeViewSet(ModelViewSet):
    model = SkillTestType
    name = "certification_skill_tests"
    url_prefix = "certification/skill-tests"
    icon = "time"
    menu_label = gettext_lazy("Skill tests")
    copy_view_enabled = False
    list_display = ["name", Column("code", label=capfirst(gettext_lazy("code"))), Column("unit", label=capfirst(gettext_lazy("unit (Chinese)"))),
                    Column("duration_minutes", label=capfirst(gettext_lazy("fixed time (minutes)")))]
    search_fields = ["code", "name", "name_en"]
    search_backend_name = None


class PostRequirementViewSet(ModelViewSet):
    model = PostCertificationRequirement
    name = "certification_post_requirements"
    url_prefix = "certification/post-requirements"
    icon = "user"
    menu_label = gettext_lazy("Post requirements")
    copy_view_enabled = False
    list_display = ["post_code", Column("level", label=capfirst(gettext_lazy("grade"))), Column("exam_code", label=capfirst(gettext_lazy("exam code"))),
                    Column("note", label=capfirst(gettext_lazy("note")))]
    search_fields = ["post_code", "exam_code", "note"]
    search_backend_name = None
    ordering = ["post_code"]
