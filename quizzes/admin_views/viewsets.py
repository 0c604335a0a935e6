"""Wagtail ModelViewSets for categories, banks and questions, grouped under one menu.

Questions are saved through ``quizzes.services.questions`` (never ``form.save()`` on a version), so the
admin obeys the same versioning rule as imports: editing a live question writes a new version.
"""

from __future__ import annotations

import django_filters
from django.db import transaction
from django.db.models import Count
from django.forms.models import ModelChoiceIterator
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets.button import ListingButton

from quizzes.admin_views.forms import QuestionAdminForm, QuestionCategoryForm
from quizzes.models import Question, QuestionBank, QuestionCategory, QuestionStatus
from quizzes.models.banks import prefetch_bank_paths
from quizzes.permissions import AnswerKeyRequiredMixin, can_export_questions, can_import_questions
from quizzes.services.banks import save_category
from quizzes.services.knowledge import link_references
from quizzes.services.questions import create_question, revise_question, set_status

# ------------------------------------------------------------------------------------ categories


class CategoryIndexView(AnswerKeyRequiredMixin, generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().annotate(bank_count=Count("banks"))


class CategoryCreateView(AnswerKeyRequiredMixin, generic.CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return save_category(None, name=data["name"], name_en=data.get("name_en", ""), parent=data.get("parent"),
                             acting_user=self.request.user)


class CategoryEditView(AnswerKeyRequiredMixin, generic.EditView):
    def save_instance(self):
        data = self.form.cleaned_data
        return save_category(self.form.instance, name=data["name"], name_en=data.get("name_en", ""),
                             parent=data.get("parent"), acting_user=self.request.user)


class CategoryDeleteView(AnswerKeyRequiredMixin, generic.DeleteView):
    """Only an empty category may go: banks are PROTECTed, and a subtree is never deleted in one click."""

    def _refuse_if_not_empty(self, request):
        category = self.object
        if category.get_children_count() or category.banks.exists():
            messages.error(request, gettext("Only an empty category (no sub-categories, no banks) can be deleted."))
            return redirect(self.index_url_name)
        return None

    def get(self, request, *args, **kwargs):
        return self._refuse_if_not_empty(request) or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self._refuse_if_not_empty(request) or super().post(request, *args, **kwargs)


class QuestionCategoryViewSet(ModelViewSet):
    model = QuestionCategory
    name = "question_categories"
    icon = "folder-inverse"
    menu_label = _("Categories")
    form_fields = ["name", "name_en"]
    ordering = "path"
    list_display = ["full_path", "name_en", Column("bank_count", label=_("Banks"))]
    search_fields = ["name", "name_en"]
    copy_view_enabled = False
    index_view_class = CategoryIndexView
    add_view_class = CategoryCreateView
    edit_view_class = CategoryEditView
    delete_view_class = CategoryDeleteView
    history_view_class = type("CategoryHistoryView", (AnswerKeyRequiredMixin, generic.HistoryView), {})
    usage_view_class = type("CategoryUsageView", (AnswerKeyRequiredMixin, generic.UsageView), {})

    def get_form_class(self, for_update=False):
        return QuestionCategoryForm


# ---------------------------------------------------------------------------------------- banks


class BankIndexView(AnswerKeyRequiredMixin, generic.IndexView):
    def get_base_queryset(self):
        return (
            super().get_base_queryset().select_related("category").annotate(question_count=Count("questions"))
        )

    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        user = self.request.user
        buttons.append(ListingButton(
            _("Questions"), url=reverse("questions:index") + f"?bank={instance.pk}", icon_name="list-ul",
            priority=5,
        ))
        if can_import_questions(user):
            buttons.append(ListingButton(
                _("Import questions"), url=reverse("question_imports:upload") + f"?bank={instance.pk}",
                icon_name="upload", priority=40,
            ))
        if can_export_questions(user):
            for fmt, label in (("xlsx", _("Export to Excel")), ("gift", _("Export to GIFT"))):
                buttons.append(ListingButton(
                    label, url=reverse("question_banks:export", args=[instance.pk, fmt]), icon_name="download",
                    priority=50,
                ))
        return buttons


class QuestionBankViewSet(ModelViewSet):
    model = QuestionBank
    name = "question_banks"
    icon = "clipboard-list"
    menu_label = _("Banks")
    form_fields = ["category", "name", "name_en", "description", "exam_only"]
    list_display = ["name", "category", "name_en", BooleanColumn("exam_only", label=_("Exam only")),
                    Column("question_count", label=_("Questions"))]
    list_filter = ["category", "exam_only"]
    search_fields = ["name", "name_en", "description"]
    ordering = ["category__path", "name"]
    copy_view_enabled = False
    index_view_class = BankIndexView
    add_view_class = type("BankCreateView", (AnswerKeyRequiredMixin, generic.CreateView), {})
    edit_view_class = type("BankEditView", (AnswerKeyRequiredMixin, generic.EditView), {})
    delete_view_class = type("BankDeleteView", (AnswerKeyRequiredMixin, generic.DeleteView), {})
    history_view_class = type("BankHistoryView", (AnswerKeyRequiredMixin, generic.HistoryView), {})
    usage_view_class = type("BankUsageView", (AnswerKeyRequiredMixin, generic.UsageView), {})

    def get_urlpatterns(self):
        from quizzes.admin_views.exports import export_bank_view

        return super().get_urlpatterns() + [
            path("export/<int:pk>/<str:fmt>/", export_bank_view, name="export"),
        ]


# ------------------------------------------------------------------------------------ questions


class _BankChoiceIterator(ModelChoiceIterator):
    """The bank filter's choices: the banks with their categories in one query, their paths in one more."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        banks = list(self.queryset.select_related("category"))
        prefetch_bank_paths(banks)
        for bank in banks:
            yield self.choice(bank)


class _BankChoiceField(django_filters.fields.ModelChoiceField):
    iterator = _BankChoiceIterator


class _BankFilter(django_filters.ModelChoiceFilter):
    field_class = _BankChoiceField


class QuestionFilterSet(WagtailFilterSet):
    bank = _BankFilter(queryset=QuestionBank.objects.all())

    class Meta:
        model = Question
        fields = ["bank", "status", "current_version__type", "current_version__difficulty"]


class QuestionIndexView(AnswerKeyRequiredMixin, generic.IndexView):
    """The listing costs the same number of queries whatever the number of questions, banks or categories:
    bank paths (bank column, bank filter) come from one ancestor query each, not one per row."""

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("bank__category", "current_version")

    def paginate_queryset(self, queryset, page_size):
        paginator, page, object_list, is_paginated = super().paginate_queryset(queryset, page_size)
        prefetch_bank_paths([question.bank for question in object_list])  # evaluates (and caches) the page
        return paginator, page, object_list, is_paginated


class _QuestionSaveMixin:
    """Save the question's own fields, then its content through the versioning service."""

    def save_question(self, *, creating: bool):
        user = self.request.user
        form = self.form
        wanted_status = form.cleaned_data.get("status") or QuestionStatus.DRAFT
        data = form.cleaned_data
        change_note = data.get("change_note", "")
        with transaction.atomic():
            if creating:
                question = create_question(
                    data["bank"], form.content, acting_user=user, status=wanted_status, tags=data.get("tags") or (),
                    source_file=data.get("source_file", ""), source_section=data.get("source_section", ""),
                    source_number=data.get("source_number"),
                    knowledge_point_refs=(data.get("knowledge_point_refs") or "").splitlines(),
                    change_note=change_note,
                    links={name: data.get(name) or () for name in ("regulation_articles", "procedures", "posts")},
                )
                link_references(question, question.knowledge_point_ref_list)
                return Question.objects.get(pk=question.pk)
            question = form.save(commit=False)
            question.status = Question.objects.get(pk=question.pk).status
            question.save()
            form.save_m2m()
            link_references(question, question.knowledge_point_ref_list)
            revise_question(question, form.content, acting_user=user, change_note=change_note)
            set_status(question, wanted_status, acting_user=user)
        return Question.objects.get(pk=question.pk)


class QuestionCreateView(AnswerKeyRequiredMixin, _QuestionSaveMixin, generic.CreateView):
    def save_instance(self):
        return self.save_question(creating=True)

    def get_initial(self):
        initial = super().get_initial()
        bank = self.request.GET.get("bank")
        if bank and bank.isdigit():
            initial["bank"] = bank
        return initial


class QuestionEditView(AnswerKeyRequiredMixin, _QuestionSaveMixin, generic.EditView):
    template_name = "quizzes/admin/question_edit.html"

    def save_instance(self):
        return self.save_question(creating=False)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["current_version"] = self.object.current_version
        return context


class QuestionInspectView(AnswerKeyRequiredMixin, generic.InspectView):
    template_name = "quizzes/admin/question_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        question = self.object
        context["question"] = question
        context["current_version"] = question.current_version
        context["versions"] = question.versions.order_by("-number").select_related("created_by")
        context["tags"] = sorted(question.tags.names())
        return context


class QuestionViewSet(ModelViewSet):
    model = Question
    name = "questions"
    icon = "help"
    menu_label = _("Questions")
    list_display = [
        "current_version__stem",
        "current_version__type",
        "bank",
        "status",
        "current_version__number",
        "current_version__difficulty",
        "updated_at",
    ]
    list_filter = ["bank", "status", "current_version__type", "current_version__difficulty"]
    filterset_class = QuestionFilterSet
    search_fields = ["current_version__stem", "current_version__stem_en", "source_file"]
    ordering = ["bank", "pk"]
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = QuestionIndexView
    add_view_class = QuestionCreateView
    edit_view_class = QuestionEditView
    inspect_view_class = QuestionInspectView
    delete_view_class = type("QuestionDeleteView", (AnswerKeyRequiredMixin, generic.DeleteView), {})
    history_view_class = type("QuestionHistoryView", (AnswerKeyRequiredMixin, generic.HistoryView), {})
    usage_view_class = type("QuestionUsageView", (AnswerKeyRequiredMixin, generic.UsageView), {})

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldRowPanel([FieldPanel("bank"), FieldPanel("status")]),
                    FieldRowPanel([FieldPanel("type"), FieldPanel("difficulty")]),
                    FieldPanel("stem"),
                    FieldPanel("options"),
                    FieldPanel("correct"),
                    FieldPanel("blanks"),
                    FieldPanel("weights"),
                    FieldPanel("pairs"),
                    FieldRowPanel([FieldPanel("numeric"), FieldPanel("unit")]),
                    MultiFieldPanel(
                        [FieldPanel("model_answer"), FieldPanel("marking_guide")], heading=_("Short answer")
                    ),
                    FieldPanel("explanation"),
                    FieldPanel("change_note"),
                ],
                heading=_("Question"),
            ),
            ObjectList(
                [FieldPanel("stem_en"), FieldPanel("options_en"), FieldPanel("explanation_en")],
                heading=_("English"),
            ),
            ObjectList(
                [
                    FieldPanel("tags"),
                    FieldPanel("knowledge_point_refs"),
                    FieldPanel("regulation_articles"),
                    FieldPanel("procedures"),
                    FieldPanel("posts"),
                    FieldRowPanel(
                        [FieldPanel("source_file"), FieldPanel("source_section"), FieldPanel("source_number")]
                    ),
                    FieldPanel("original_text"),
                ],
                heading=_("Knowledge points and source"),
            ),
        ],
        base_form_class=QuestionAdminForm,
    )


class QuestionBankViewSetGroup(ModelViewSetGroup):
    menu_label = _("Question banks")
    menu_icon = "clipboard-list"
    menu_order = 300
    items = (QuestionBankViewSet, QuestionViewSet, QuestionCategoryViewSet)
