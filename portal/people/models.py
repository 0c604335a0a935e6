"""People and organisation: the org-unit tree and the employees who belong to it.

OrgUnit is a materialised-path tree (django-treebeard, as Wagtail's own page tree) because the
bank's structure is a tree of any depth: head office / provincial union → branches → outlets,
and departments → sub-units (业务管理室, 客户服务中心) → groups (组). It is data, not a page: staff
read pages *about* departments (content app), but reports and imports address units by code.

Employee is the bank's record of a person, linked one-to-one to the login user. The employee
number is the key HR uses everywhere (imports update by it).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from portal.core.bilingual import in_language


class OrgUnit(MP_Node):
    class Kind(models.TextChoices):
        HEAD_OFFICE = "head_office", _("Head office / provincial union")
        BRANCH = "branch", _("Branch")
        OUTLET = "outlet", _("Outlet")
        DEPARTMENT = "department", _("Department")
        SUB_UNIT = "sub_unit", _("Sub-unit")
        GROUP = "group", _("Group")

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    node_order_by = ["code"]

    class Meta:
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the active language (English falls back to Chinese)."""
        return in_language(self.name, self.name_en)

    def path_names(self) -> list[str]:
        """Names from the root down to this unit, for breadcrumbs and reports."""
        return [u.display_name for u in self.get_ancestors()] + [self.display_name]


class Employee(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="employee", verbose_name=_("user")
    )
    employee_number = models.CharField(_("employee number"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="employees", verbose_name=_("organisation unit")
    )
    is_active = models.BooleanField(_("active"), default=True)
    hire_date = models.DateField(_("hire date"), null=True, blank=True)
    language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, default="zh-hans"
    )

    class Meta:
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        ordering = ["employee_number"]
        permissions = [("import_employees", _("Can import employees from Excel"))]

    def __str__(self):
        return f"{self.name} ({self.employee_number})"
