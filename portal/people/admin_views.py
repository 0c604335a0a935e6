"""Wagtail admin for people: employees, organisation units (as a tree) and the HR Excel import.

Permissions are ordinary model permissions read through Wagtail's permission policy: HR has
view/add/change on employees and view on org units (roles.py); the Administrator has everything.
The import views need ``people.import_employees``.

The import is the shared staged pipeline (portal.core.import_views): the guarded upload is parsed once
and staged with its plan for its uploader only; the preview shows the stored plan and the confirm step
applies it (re-checked against the database) in one transaction, never re-parsing the file.
"""

from __future__ import annotations

import django_filters
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, ProtectedError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import BooleanRadioSelect, HeaderButton
from wagtail.admin.widgets.button import Button

from portal.core.audited_edits import BeforeAfterEditMixin
from portal.core.import_views import StagedImportView
from portal.core.staging import staged_for
from portal.people.forms import (
    EmployeeAdminForm,
    EmployeeImportUploadForm,
    OrgUnitAdminForm,
    indented_unit_label,
)
from portal.people.importers.employees import (
    COLUMNS,
    MAX_UPLOAD_BYTES,
    TEMPLATE_FILENAME,
    XLSX_CONTENT_TYPE,
    build_template,
)
from portal.people.models import Employee, OrgUnit
from portal.people.services import (
    CREATE,
    STAGED_KIND,
    UNCHANGED,
    UPDATE,
    apply_plan,
    plan_from_stored,
    stage_employee_import,
)

IMPORT_PERMISSION = "people.import_employees"
PREVIEW_ROW_LIMIT = 2000  # rows shown in the preview table; the counts always cover the whole file


def can_import_employees(user) -> bool:
    return user.has_perm(IMPORT_PERMISSION)


# =========================================================================== organisation units


class OrgUnitTitleColumn(TitleColumn):
    """The unit's name, indented by its depth in the tree."""

    cell_template_name = "people/admin/org_unit_title_cell.html"

    def __init__(self, name, **kwargs):
        kwargs["label"] = gettext_lazy("Name")
        kwargs["sort_key"] = None  # the listing stays in tree order
        super().__init__(name, **kwargs)

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        indent = max(instance.depth - 1, 0)
        context["indent"] = indent
        context["indent_rem"] = f"{indent * 1.5:.1f}"
        return context


class OrgUnitIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().annotate(employee_count=Count("employees"))

    def _get_title_column(self, field_name, column_class=OrgUnitTitleColumn, **kwargs):
        return super()._get_title_column(field_name, column_class=OrgUnitTitleColumn, **kwargs)


class OrgUnitInspectView(generic.InspectView):
    extra_fields = {
        "parent": gettext_lazy("parent unit"),
        "path_display": gettext_lazy("position in the organisation"),
        "employee_count": gettext_lazy("employees (this unit)"),
        "sub_unit_count": gettext_lazy("direct sub-units"),
    }

    def get_field_label(self, field_name, field):
        if field_name in self.extra_fields:
            return str(self.extra_fields[field_name]).capitalize()
        return super().get_field_label(field_name, field)

    def get_parent_display_value(self):
        parent = self.object.get_parent()
        return indented_unit_label(parent, parent.depth) if parent else _("(top level)")

    def get_path_display_display_value(self):
        return " › ".join(self.object.path_names())

    def get_employee_count_display_value(self):
        return self.object.employees.count()

    def get_sub_unit_count_display_value(self):
        return self.object.numchild


class OrgUnitDeleteView(generic.DeleteView):
    """Deleting a unit deletes its sub-units; refuse while any of them still has employees."""

    @cached_property
    def subtree_employee_count(self):
        return Employee.objects.filter(org_unit__path__startswith=self.object.path).count()

    @property
    def confirmation_message(self):
        descendants = self.object.get_descendant_count()
        if descendants:
            return _(
                "Are you sure you want to delete this organisation unit and its %(count)s sub-unit(s)?"
            ) % {"count": descendants}
        return super().confirmation_message

    def form_valid(self, form):
        if self.subtree_employee_count:
            messages.error(
                self.request,
                _(
                    "%(unit)s cannot be deleted: %(count)s employee(s) belong to it or to its sub-units. "
                    "Move them to another unit first."
                )
                % {"unit": self.object, "count": self.subtree_employee_count},
            )
            return redirect(self.get_success_url())
        return super().form_valid(form)


class EmployeeDeleteView(generic.DeleteView):
    """Refuse to delete someone whose records are kept as evidence (attempts, acknowledgements…).

    Those rows are protected (``on_delete=PROTECT``): the right move for a leaver is "inactive".
    """

    def form_valid(self, form):
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except ProtectedError:
            messages.error(
                self.request,
                _(
                    "%(employee)s cannot be deleted: their exam attempts, acknowledgements or certificates "
                    "are kept as evidence. Mark the employee inactive instead."
                )
                % {"employee": self.object},
            )
            return redirect(self.get_success_url())


class OrgUnitViewSet(ModelViewSet):
    model = OrgUnit
    name = "people_orgunits"
    url_prefix = "people/org-units"
    icon = "site"
    menu_label = gettext_lazy("Organisation units")
    menu_order = 200
    index_view_class = OrgUnitIndexView
    inspect_view_class = OrgUnitInspectView
    delete_view_class = OrgUnitDeleteView
    inspect_view_enabled = True
    inspect_view_fields = [
        "code",
        "name",
        "name_en",
        "kind",
        "parent",
        "path_display",
        "sub_unit_count",
        "employee_count",
    ]
    copy_view_enabled = False
    add_to_reference_index = False
    ordering = "path"
    list_per_page = 200
    search_fields = ["code", "name", "name_en"]
    search_backend_name = None
    list_display = [
        "display_name",
        Column("code", label=gettext_lazy("Code")),
        Column("kind", accessor="get_kind_display", label=gettext_lazy("Kind")),
        Column("name_en", label=gettext_lazy("Name (English)")),
        Column("employee_count", label=gettext_lazy("Employees (this unit)")),
    ]
    list_filter = ["kind"]

    def get_form_class(self, for_update=False):
        return OrgUnitAdminForm


# =========================================================================== employees


class OrgUnitFilterField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj):
        return indented_unit_label(obj)


class OrgUnitSubtreeFilter(django_filters.ModelChoiceFilter):
    field_class = OrgUnitFilterField

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(org_unit__path__startswith=value.path)


class EmployeeFilterSet(WagtailFilterSet):
    org_unit = OrgUnitSubtreeFilter(
        label=gettext_lazy("Organisation unit (with its sub-units)"),
        queryset=OrgUnit.objects.order_by("path"),
    )
    is_active = django_filters.BooleanFilter(label=gettext_lazy("Active"), widget=BooleanRadioSelect)

    class Meta:
        model = Employee
        fields = ["org_unit", "is_active"]


class EmployeeIndexView(generic.IndexView):
    import_url_name = None
    template_url_name = None

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("org_unit", "user")

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.import_url_name and can_import_employees(self.request.user):
            buttons.append(
                HeaderButton(_("Import from Excel"), url=reverse(self.import_url_name), icon_name="upload")
            )
        return buttons

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.template_url_name and can_import_employees(self.request.user):
            buttons.append(
                Button(
                    _("Download import template"), url=reverse(self.template_url_name), icon_name="download"
                )
            )
        return buttons


class EmployeeInspectView(generic.InspectView):
    extra_fields = {
        "username": gettext_lazy("login name"),
        "email": gettext_lazy("e-mail"),
        "roles": gettext_lazy("roles"),
        "can_log_in": gettext_lazy("can log in"),
    }

    def get_field_label(self, field_name, field):
        if field_name in self.extra_fields:
            return str(self.extra_fields[field_name]).capitalize()
        return super().get_field_label(field_name, field)

    def get_org_unit_display_value(self):
        return " › ".join(self.object.org_unit.path_names())

    def get_username_display_value(self):
        return self.object.user.get_username()

    def get_email_display_value(self):
        return self.object.user.email or "—"

    def get_roles_display_value(self):
        return ", ".join(g.name for g in self.object.user.groups.order_by("name")) or "—"

    def get_can_log_in_display_value(self):
        user = self.object.user
        if not user.is_active:
            return _("No (inactive)")
        if not user.has_usable_password():
            if getattr(settings, "AUTH_LDAP_SERVER_URI", ""):
                return _("With the domain account only (the bank's directory; no local password)")
            return _("No: no local password set and no directory configured")
        return _("Yes")


# --------------------------------------------------------------------------- the Excel import


class EmployeeImportView(WagtailAdminTemplateMixin, StagedImportView):
    """Upload → preview → confirm (portal.core.import_views): the workbook is guarded, parsed once and
    staged with its plan; the preview and the confirm step use the stored plan, re-checked against the
    database, all or nothing."""

    kind = STAGED_KIND
    upload_template_name = "people/admin/employee_import.html"
    preview_template_name = "people/admin/employee_import_preview.html"
    index_url_name = None
    import_url_name = None
    preview_url_name = None
    template_url_name = None
    header_icon = "upload"

    def has_permission(self, user) -> bool:
        return can_import_employees(user)

    def get_page_title(self):
        return _("Import employees")

    def get_page_subtitle(self):
        return _("Preview") if self.kwargs.get("pk") else ""

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": Employee._meta.verbose_name_plural.capitalize()},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_form(self, data=None, files=None):
        return EmployeeImportUploadForm(data, files) if data is not None else EmployeeImportUploadForm()

    def stage(self, form):
        return stage_employee_import(form.cleaned_data["upload"], user=self.request.user)

    def plan_from_staged(self, staged):
        return plan_from_stored(staged.plan)

    def apply(self, locked):
        return apply_plan(plan_from_stored(locked.plan), acting_user=self.request.user)

    def confirmed(self, plan):
        messages.success(
            self.request,
            _(
                "Employees imported from %(file)s: %(created)s new, %(updated)s updated, %(unchanged)s unchanged."
            )
            % {"file": self.staged_name, "created": plan.created, "updated": plan.updated, "unchanged": plan.unchanged},
        )
        return redirect(self.index_url_name)

    def post(self, request, pk=None):
        if pk is not None:
            self.staged_name = staged_for(request.user, self.kind, pk).file_name
        return super().post(request, pk)

    def _common_context(self) -> dict:
        return {
            "columns": COLUMNS,
            "index_url": reverse(self.index_url_name),
            "import_url": reverse(self.import_url_name),
            "template_url": reverse(self.template_url_name),
            "max_upload_kb": MAX_UPLOAD_BYTES // 1024,
        }

    def upload_context(self, form):
        return self.get_context_data(form=form, **self._common_context())

    def preview_context(self, staged, plan):
        shown = sorted(plan.rows, key=lambda r: r.data.row)
        return self.get_context_data(
            **self._common_context(),
            plan=plan,
            file_name=staged.file_name,
            staged=staged,
            preview_url=reverse(self.preview_url_name, args=[staged.pk]),
            shown_rows=shown[:PREVIEW_ROW_LIMIT],
            rows_hidden=max(len(shown) - PREVIEW_ROW_LIMIT, 0),
            can_confirm=not plan.has_errors and bool(plan.rows) and staged.status == staged.Status.STAGED,
            nothing_to_do=not plan.has_errors and plan.created == 0 and plan.updated == 0,
            CREATE=CREATE,
            UPDATE=UPDATE,
            UNCHANGED=UNCHANGED,
        )


class EmployeeImportTemplateView(View):
    """The empty workbook HR fills in."""

    def get(self, request, *args, **kwargs):
        if not can_import_employees(request.user):
            raise PermissionDenied
        response = HttpResponse(build_template(), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{TEMPLATE_FILENAME}"'
        return response


class EmployeeEditView(BeforeAfterEditMixin, generic.EditView):
    """Edits log their before and after values."""


class EmployeeViewSet(ModelViewSet):
    model = Employee
    name = "people_employees"
    url_prefix = "people/employees"
    icon = "user"
    menu_label = gettext_lazy("Employees")
    menu_order = 100
    index_view_class = EmployeeIndexView
    edit_view_class = EmployeeEditView
    inspect_view_class = EmployeeInspectView
    delete_view_class = EmployeeDeleteView
    inspect_view_enabled = True
    inspect_view_fields = [
        "employee_number",
        "name",
        "org_unit",
        "is_active",
        "hire_date",
        "language",
        "username",
        "email",
        "roles",
        "can_log_in",
    ]
    copy_view_enabled = False
    add_to_reference_index = False  # keeps bulk imports lean; OrgUnitDeleteView guards deletion itself
    search_fields = ["employee_number", "name"]
    search_backend_name = None
    filterset_class = EmployeeFilterSet
    list_display = [
        "employee_number",
        "name",
        Column("org_unit", label=gettext_lazy("Organisation unit"), sort_key="org_unit__path"),
        BooleanColumn("is_active", label=gettext_lazy("Active"), sort_key="is_active"),
        Column("hire_date", label=gettext_lazy("Hire date"), sort_key="hire_date"),
    ]
    list_export = [
        "employee_number",
        "name",
        "org_unit.code",
        "org_unit",
        "is_active",
        "hire_date",
        "language",
        "user.email",
    ]
    export_headings = {
        "employee_number": "工号",
        "name": "姓名",
        "org_unit.code": "机构代码",
        "org_unit": "机构",
        "is_active": "在职",
        "hire_date": "入职日期",
        "language": "语言",
        "user.email": "邮箱",
    }
    export_filename = "employees"

    def get_form_class(self, for_update=False):
        return EmployeeAdminForm

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            import_url_name=self.get_url_name("import"),
            template_url_name=self.get_url_name("import_template"),
            **kwargs,
        )

    def _import_view_kwargs(self):
        return {
            "index_url_name": self.get_url_name("index"),
            "import_url_name": self.get_url_name("import"),
            "preview_url_name": self.get_url_name("import_preview"),
            "template_url_name": self.get_url_name("import_template"),
        }

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("import/", EmployeeImportView.as_view(**self._import_view_kwargs()), name="import"),
            path(
                "import/<int:pk>/",
                EmployeeImportView.as_view(**self._import_view_kwargs()),
                name="import_preview",
            ),
            path("import/template/", EmployeeImportTemplateView.as_view(), name="import_template"),
        ]


class PeopleViewSetGroup(ViewSetGroup):
    menu_label = gettext_lazy("People")
    menu_icon = "group"
    menu_order = 250
    items = (EmployeeViewSet, OrgUnitViewSet)
