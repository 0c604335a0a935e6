"""The grading queue: short answers awaiting an Examiner, shown without the candidate's name."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages

from portal.core.admin_views import AdminPage, PermissionViewSet

from ..forms import GradeForm
from ..models import AttemptItem, Sitting
from ..services import grading


class GradingQueueView(AdminPage, TemplateView):
    permission_required = grading.GRADE_PERMISSION
    template_name = "exams/admin/grading_queue.html"
    page_title = gettext_lazy("Grading queue")
    header_icon = "edit"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sitting = None
        sitting_id = self.request.GET.get("sitting", "")
        if sitting_id.isdigit():
            sitting = Sitting.objects.filter(pk=int(sitting_id)).first()
        context.update(items=list(grading.queue(sitting=sitting)[:200]), sitting=sitting,
                       sittings=Sitting.objects.order_by("-opens_at")[:100])
        return context


class GradeItemView(AdminPage, FormView):
    permission_required = grading.GRADE_PERMISSION
    template_name = "exams/admin/grade_form.html"
    form_class = GradeForm
    page_title = gettext_lazy("Grade a short answer")
    header_icon = "edit"
    index_url_name = "exams_grading:index"
    index_label = gettext_lazy("Grading queue")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.item = get_object_or_404(AttemptItem.objects.select_related("version", "attempt__sitting"), pk=kwargs["pk"])

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["points"] = self.item.points
        if self.item.score is not None:
            kwargs["initial"] = {"score": self.item.score, "note": self.item.grader_note}
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(item=self.item, version=self.item.version, attempt=self.item.attempt,
                       cancel_url=reverse("exams_grading:index"))
        return context

    def form_valid(self, form):
        try:
            grading.grade_short_answer(self.item, score=form.cleaned_data["score"], note=form.cleaned_data["note"],
                               acting_user=self.request.user)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Graded. The next answer in the queue is shown below."))
        return redirect(reverse("exams_grading:index") + f"?sitting={self.item.attempt.sitting_id}")


class ReleaseIdentitiesView(AdminPage, View):
    """POST only: the examiner releases the candidate identities of one sitting to its graders (audited)."""

    permission_required = grading.GRADE_PERMISSION
    http_method_names = ["post"]

    def post(self, request, pk):
        sitting = get_object_or_404(Sitting, pk=pk)
        grading.release_identities(sitting, acting_user=request.user)
        messages.success(request, _("Candidate identities of this sitting are now visible to graders."))
        return redirect(reverse("exams_grading:index") + f"?sitting={sitting.pk}")


class GradingViewSet(PermissionViewSet):
    name = "exams_grading"
    url_prefix = "exams/grading"
    icon = "edit"
    menu_label = gettext_lazy("Grading queue")
    required_permission = grading.GRADE_PERMISSION

    def get_urlpatterns(self):
        return [
            path("", GradingQueueView.as_view(), name="index"),
            path("<int:pk>/", GradeItemView.as_view(), name="grade"),
            path("sittings/<int:pk>/release-identities/", ReleaseIdentitiesView.as_view(), name="release_identities"),
        ]
