"""Admin for the knowledge base: snippets (duty sets, segregation rules), post assignments, log actions."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.ui.tables import Column, UserColumn
from wagtail.admin.views.generic.models import CreateView, DeleteView, EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from content import regulation_admin
from content.models import (
    DutySet,
    PostAssignment,
    PostPage,
    RegulationArticle,
    RegulationChapter,
    SegregationRule,
)
from content.models.mixins import default_language_code
from content.services import assignments as assignment_service
from portal.core.admin_columns import DateColumn
from portal.people.choosers import EmployeeChooser
from portal.people.models import Employee
from portal.search import signals as search_signals
from portal.search import tasks as search_tasks

# Article and chapter choices show "《regulation》第X条": fetch the regulation with them (one query, not one
# per option). A chooser modal with search is the next step when the lists grow long.
register_form_field_override(
    models.ForeignKey,
    to=RegulationArticle,
    override={"queryset": RegulationArticle.objects.select_related("page").order_by("page__title", "number")},
)
register_form_field_override(
    models.ForeignKey,
    to=RegulationChapter,
    override={"queryset": RegulationChapter.objects.select_related("page").order_by("page__title", "number")},
)


class DutySetViewSet(SnippetViewSet):
    model = DutySet
    icon = "list-ol"
    menu_label = _("Duty sets")
    list_display = ["name", "code", Column("duty_count", label=_("Duties"), accessor="duties.count")]
    search_fields = ["name", "code"]
    search_backend_name = None
    ordering = ["code"]


class SegregationRuleViewSet(SnippetViewSet):
    model = SegregationRule
    icon = "warning"
    menu_label = _("Segregation rules")
    list_display = ["name", "name_en", Column("member_count", label=_("Posts"), accessor="members.count")]
    search_fields = ["name", "name_en"]
    search_backend_name = None
    ordering = ["name"]


register_snippet(DutySetViewSet)
register_snippet(SegregationRuleViewSet)


class _AssignmentFormMixin:
    """Post choices: live posts in the source language only (assignments point there); a refusal by the
    assignment service (a segregation rule) is shown on the form."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if "employee" in form.fields:  # by search, not a select of every member of staff
            form.fields["employee"].widget = EmployeeChooser()
            form.fields["employee"].queryset = Employee.objects.filter(is_active=True)
        if "post" in form.fields:
            form.fields["post"].queryset = (
                PostPage.objects.filter(locale__language_code=default_language_code()).order_by("title")
            )
        return form

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)


class PostAssignmentCreateView(_AssignmentFormMixin, CreateView):
    """Creates through content.services.assignments.assign_post (segregation check + log entry)."""

    def save_instance(self):
        data = self.form.cleaned_data
        return assignment_service.assign_post(data["employee"], data["post"], acting_user=self.request.user)


class PostAssignmentEditView(_AssignmentFormMixin, EditView):
    """Changes through content.services.assignments.reassign_post (the same checks as a new assignment; the
    service logs the before and after employee and post)."""

    def save_instance(self):
        data = self.form.cleaned_data
        return assignment_service.reassign_post(self.object, data["employee"], data["post"], acting_user=self.request.user)


class PostAssignmentDeleteView(DeleteView):
    """Ends the assignment through content.services.assignments.unassign_post (log entry, open rounds)."""

    def delete_action(self):
        assignment_service.unassign_post(self.object.employee, self.object.post, acting_user=self.request.user)


class PostAssignmentIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("employee", "post", "assigned_by")


class PostAssignmentViewSet(ModelViewSet):
    """HR and administrators assign employees to posts (model permissions content.*_postassignment)."""

    model = PostAssignment
    icon = "user"
    menu_label = _("Post assignments")
    menu_order = 250
    add_to_admin_menu = True
    form_fields = ["employee", "post"]
    index_view_class = PostAssignmentIndexView
    add_view_class = PostAssignmentCreateView
    edit_view_class = PostAssignmentEditView
    delete_view_class = PostAssignmentDeleteView
    list_display = [
        Column("employee", label=_("Employee")),
        Column("post", label=_("Post")),
        DateColumn("assigned_at", label=_("Assigned at")),
        UserColumn("assigned_by", label=_("Assigned by")),
    ]
    list_filter = ["post"]
    search_fields = ["employee__name", "employee__employee_number", "post__title"]
    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = True


@hooks.register("register_admin_viewset")
def register_post_assignment_viewset():
    return PostAssignmentViewSet("post_assignments")


# Regulation import: paste the text → preview the structure → create (content.regulation_admin).
@hooks.register("register_admin_urls")
def register_regulation_import_urls():
    return [path("regulations/import/", include((regulation_admin.urlpatterns, "regulation_import")))]


@hooks.register("register_admin_menu_item")
def register_regulation_import_menu_item():
    return regulation_admin.menu_item()


@hooks.register("register_page_header_buttons")
def regulation_index_import_button(page, user, view_name, next_url=None):
    yield regulation_admin.ImportRegulationButton(page=page, priority=16)


def _reindex_posts_of_duty_set(request, instance):
    """A post's entry holds its duty sets' duties: re-index the posts that use this one."""
    if not isinstance(instance, DutySet):
        return

    # Posts link the Chinese duty set and show the one of their language: follow every translation.
    translations = type(instance).objects.filter(translation_key=instance.translation_key)
    post_ids = list(
        translations.values_list("post_links__page_id", flat=True).exclude(post_links__page_id=None).distinct()
    )
    if post_ids:
        search_signals.enqueue(search_tasks.index_pages, post_ids)


hooks.register("after_create_snippet", _reindex_posts_of_duty_set)
hooks.register("after_edit_snippet", _reindex_posts_of_duty_set)
