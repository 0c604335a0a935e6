"""Admin forms: employee (with its login user), org unit (placed in the tree), and the Excel import."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from portal.core import uploads
from portal.people.importers.employees import MAX_UPLOAD_BYTES
from portal.people.models import Employee, OrgUnit
from portal.people.services import create_employee, save_org_unit, update_employee

INDENT = "\u3000"  # an ideographic space: indents evenly in Chinese and Latin text


def indented_unit_label(unit: OrgUnit, min_depth: int = 1) -> str:
    return f"{INDENT * max(unit.depth - min_depth, 0)}{unit.display_name} ({unit.code})"


class OrgUnitChoiceField(forms.ModelChoiceField):
    """Org units in tree order, indented by depth."""

    def __init__(self, queryset=None, **kwargs):
        if queryset is None:
            queryset = OrgUnit.objects.order_by("path")
        super().__init__(queryset=queryset, **kwargs)

    def label_from_instance(self, obj):
        return indented_unit_label(obj)


class EmployeeAdminForm(WagtailAdminModelForm):
    """Creates the login user with the employee (username = employee number, no usable password)."""

    org_unit = OrgUnitChoiceField(label=_("organisation unit"))
    email = forms.EmailField(
        label=_("e-mail"),
        required=False,
        help_text=_("The login user's e-mail address."),
    )

    class Meta:
        model = Employee
        fields = ["employee_number", "name", "org_unit", "is_active", "hire_date", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["email"].initial = self.instance.user.email
        else:
            self.fields["employee_number"].help_text = _("Also the login name of the new user.")

    def clean_employee_number(self):
        number = self.cleaned_data["employee_number"].strip()
        User = get_user_model()
        others = User.objects.filter(username=number)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.user_id)
        if others.filter(employee__isnull=False).exists():
            raise forms.ValidationError(_("This login name already belongs to another employee."))
        if (
            self.instance.pk
            and others.exists()
            and self.instance.user.username == self.instance.employee_number
        ):
            raise forms.ValidationError(_("A login user with this name already exists."))
        return number

    def save(self, commit=True):
        if not commit:
            raise ValueError("EmployeeAdminForm saves the employee and its user together; use commit=True.")
        data = self.cleaned_data
        with transaction.atomic():
            if self.instance.pk is None:
                # clean_employee_number has ruled out a login-name conflict.
                self.instance = create_employee(
                    employee_number=data["employee_number"],
                    name=data["name"],
                    org_unit=data["org_unit"],
                    email=data.get("email") or "",
                    is_active=data["is_active"],
                    hire_date=data.get("hire_date"),
                    language=data.get("language") or "zh-hans",
                    log_action=False,  # the admin's create/edit action logs
                )
            else:
                update_employee(
                    self.instance,
                    email=data.get("email") or "",
                    log_action=False,  # the admin's create/edit action logs
                    **{name: data[name] for name in self._meta.fields if name in data},
                )
        return self.instance


class OrgUnitAdminForm(WagtailAdminModelForm):
    """Places a new unit under its parent (or at the top) and moves an edited one if its parent changes."""

    parent = OrgUnitChoiceField(
        label=_("parent unit"),
        required=False,
        empty_label=_("(top level)"),
        help_text=_("Leave empty for a top-level unit (head office / provincial union)."),
    )

    class Meta:
        model = OrgUnit
        fields = ["code", "name", "name_en", "kind"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["parent"].initial = self.instance.get_parent()
            subtree = OrgUnit.get_tree(self.instance).values_list("pk", flat=True)
            self.fields["parent"].queryset = OrgUnit.objects.exclude(pk__in=list(subtree)).order_by("path")
        self.order_fields(["parent", "code", "name", "name_en", "kind"])

    def save(self, commit=True):
        if not commit:
            raise ValueError("OrgUnitAdminForm places the unit in the tree; use commit=True.")
        self.instance = save_org_unit(
            self.instance, self.cleaned_data.get("parent"), code_changed="code" in self.changed_data
        )
        return self.instance


class EmployeeImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "An Excel workbook (.xlsx) in the layout of the template, at most %(size)s KB."
        ) % {"size": MAX_UPLOAD_BYTES // 1024}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith(".xlsx"):
            extension = name.rsplit(".", 1)[-1] if "." in name else ""
            raise forms.ValidationError(
                _(
                    "Upload an Excel workbook (.xlsx); this file is %(type)s. Open it in Excel and save it "
                    "as an Excel workbook (.xlsx)."
                )
                % {"type": f".{extension}" if extension else _("of an unknown type")}
            )
        self.cleaned_data["upload"] = uploads.receive(upload, (uploads.XLSX,), max_bytes=MAX_UPLOAD_BYTES)
        return upload
