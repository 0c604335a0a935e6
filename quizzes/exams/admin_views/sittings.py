"""Sittings in the admin, with their inspect page: who sat it, how it went, what is waiting."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton

from portal.core.admin_views import CreatedByMixin

from ..forms import SittingAdminForm
from ..models import AttemptItem, Sitting
from ..services import paper
from ..services.sittings import recompute_deadlines


class SittingCreateView(CreatedByMixin, generic.CreateView):
    pass


class SittingEditView(generic.EditView):
    def save_instance(self):
        instance = super().save_instance()
        recompute_deadlines(instance, acting_user=self.request.user)  # a changed close or limit moves live deadlines
        return instance


class SittingInspectView(generic.InspectView):
    template_name = "exams/admin/sitting_inspect.html"

    @cached_property
    def header_buttons(self):
        user, sitting = self.request.user, self.object
        buttons = []
        if user.has_perm("exams.view_attempt"):
            buttons.append(HeaderButton(_("Results"), url=reverse("exams_results:index") + f"?sitting={sitting.pk}",
                                        icon_name="list-ul"))
        if user.has_perm("exams.grade_attempt"):
            buttons.append(HeaderButton(_("Grading queue"), url=reverse("exams_grading:index") + f"?sitting={sitting.pk}",
                                        icon_name="edit"))
        if user.has_perm("exams.add_sittingoverride"):
            buttons.append(HeaderButton(_("Grant an override"),
                                        url=reverse("exams_overrides:grant") + f"?sitting={sitting.pk}", icon_name="plus"))
        if user.has_perm("exams.view_attempt") and user.has_perm("quizzes.view_answer_key"):
            buttons.append(HeaderButton(_("Item statistics"), url=reverse("exams_statistics:sitting", args=[sitting.pk]),
                                        icon_name="table"))
        if user.has_perm("exams.rescore_attempt"):
            buttons.append(HeaderButton(_("Re-score"), url=reverse("exams_rescoring:new") + f"?sitting={sitting.pk}",
                                        icon_name="rotate"))
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sitting = self.object
        counts = sitting.attempts.state_counts()
        context.update(
            counts=counts,
            pass_rate=round(100 * counts["passed"] / counts["final"], 1) if counts["final"] else None,
            awaiting=AttemptItem.objects.awaiting_marking().filter(attempt__sitting=sitting).count(),
            overrides=sitting.overrides.select_related("employee", "created_by").order_by("-created_at")[:50],
            can_see_overrides=self.request.user.has_perm("exams.view_sittingoverride"),
            can_archive=self.request.user.has_perm("exams.archive_sitting"),
            archives=sitting.archives.select_related("attempt", "created_by").order_by("-created_at", "kind", "pk")[:200],
            can_print=self.request.user.has_perm("exams.print_paper"),
            can_enter=self.request.user.has_perm("exams.enter_paper_answers"),
            # The candidates themselves are listed a page at a time on their own page (a province's sitting
            # has thousands): here their number and the link.
            candidate_count=paper.candidate_queryset(sitting).count()
            if self.request.user.has_perm("exams.enter_paper_answers") else 0,
        )
        return context


class SittingIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("blueprint").annotate(attempt_count=Count("attempts"))


class SittingViewSet(ModelViewSet):
    model = Sitting
    name = "exams_sittings"
    url_prefix = "exams/sittings"
    icon = "date"
    menu_label = gettext_lazy("Sittings")
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = SittingIndexView
    add_view_class = SittingCreateView
    edit_view_class = SittingEditView
    inspect_view_class = SittingInspectView
    search_fields = ["title", "title_en", "blueprint__code"]
    search_backend_name = None
    list_filter = ["blueprint", "review_policy", "held_on_paper"]
    ordering = ["-opens_at"]
    list_display = [
        "title", Column("blueprint", label=gettext_lazy("Blueprint")), "opens_at", "closes_at",
        Column("attempt_count", label=gettext_lazy("Attempts")),
    ]
    inspect_view_fields = ["blueprint", "title", "title_en", "opens_at", "closes_at", "time_limit_minutes",
                           "attempts_allowed", "cooldown_minutes", "pass_mark", "counting_policy", "review_policy",
                           "language", "held_on_paper", "allowed_networks", "access_password", "created_by", "created_at"]
    edit_handler = ObjectList([
        FieldPanel("blueprint"),
        FieldRowPanel([FieldPanel("title"), FieldPanel("title_en")]),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at"), FieldPanel("time_limit_minutes")]),
        FieldRowPanel([FieldPanel("attempts_allowed"), FieldPanel("cooldown_minutes"), FieldPanel("pass_mark")]),
        FieldRowPanel([FieldPanel("counting_policy"), FieldPanel("review_policy"), FieldPanel("language")]),
        FieldPanel("held_on_paper"),
        MultiFieldPanel([FieldPanel("eligible_posts"), FieldPanel("eligible_units"), FieldPanel("eligible_employees")],
                        heading=gettext_lazy("Who may sit it")),
        MultiFieldPanel([FieldPanel("allowed_networks"), FieldPanel("access_password")],
                        heading=gettext_lazy("Proctored room (optional)")),
    ], base_form_class=SittingAdminForm)
