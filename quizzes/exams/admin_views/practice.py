"""Practice banks in the admin: which question banks trainees may drill."""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from portal.core.admin_views import CreatedByMixin

from ..models import PracticeBank


class PracticeBankCreateView(CreatedByMixin, generic.CreateView):
    pass


class PracticeBankViewSet(ModelViewSet):
    model = PracticeBank
    name = "exams_practice_banks"
    url_prefix = "exams/practice-banks"
    icon = "help"
    menu_label = gettext_lazy("Practice banks")
    add_to_reference_index = False
    copy_view_enabled = False
    add_view_class = PracticeBankCreateView
    form_fields = ["bank", "is_open", "note"]
    ordering = ["bank__name"]
    list_display = [Column("bank", label=gettext_lazy("Question bank")),
                    BooleanColumn("is_open", label=gettext_lazy("Open for practice")), "note"]
