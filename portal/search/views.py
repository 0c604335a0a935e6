"""The search page (/<lang>/search/) behind the header search box. Thin: the work is in service.run_search."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.apps import apps
from django.conf import settings
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from .conf import search_setting
from .documents import KIND_LABELS, KIND_QUESTION
from .service import can_search_questions, run_search

FILTER_PARAMS = ("type", "dept", "post", "status", "lang")
STATUS_CHOICES = [("", _("Any status")), ("in_force", _("In force")), ("superseded", _("Superseded or repealed"))]


def current_language() -> str:
    language = (get_language() or settings.LANGUAGE_CODE).lower()
    codes = [code for code, _name in settings.LANGUAGES]
    return language if language in codes else next((c for c in codes if language.startswith(c[:2])), codes[0])


def _page_choices(model_name: str, language: str, empty_label) -> list[tuple[str, str]]:
    if not apps.is_installed("content"):
        return [("", empty_label)]
    model = apps.get_model("content", model_name)
    locale = Locale.objects.filter(language_code=language).first()
    pages = model.objects.live().order_by("path")
    if locale is not None:
        pages = pages.filter(locale=locale)
    return [("", empty_label)] + [(str(p.translation_key), p.title) for p in pages.only("title", "translation_key")[:500]]


class SearchForm(forms.Form):
    """The query and its filters; a filter value that is not a valid choice is ignored, not an error."""

    q = forms.CharField(label=_("Search for"), required=False, max_length=20_000, strip=True)
    type = forms.ChoiceField(label=_("Type"), required=False)
    dept = forms.ChoiceField(label=_("Department"), required=False)
    post = forms.ChoiceField(label=_("Post"), required=False)
    status = forms.ChoiceField(label=_("Regulation status"), required=False, choices=STATUS_CHOICES)
    lang = forms.ChoiceField(label=_("Language"), required=False)

    def __init__(self, data, *, user, language: str):
        super().__init__(data)
        kinds = [(k, label) for k, label in KIND_LABELS.items() if k != KIND_QUESTION or can_search_questions(user)]
        self.fields["type"].choices = [("", _("All types"))] + kinds
        self.fields["dept"].choices = _page_choices("DepartmentPage", language, _("All departments"))
        self.fields["post"].choices = _page_choices("PostPage", language, _("All posts"))
        self.fields["lang"].choices = [("", _("This language")), ("all", _("All languages"))] + list(
            settings.LANGUAGES
        )

    def value(self, name: str) -> str:
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        return self.cleaned_data.get(name) or ""


def count_label(n: int, capped: bool) -> str:
    """A result count as shown: grouped in the user's language, "1,000+" when counting stopped at the limit."""
    shown = number_format(n, force_grouping=True)
    if capped:
        return pgettext("search result count that reached the counting limit", "%(count)s+") % {"count": shown}
    return shown


def _search_language(choice: str, language: str) -> str | None:
    if choice == "all":
        return None
    return choice or language


def search(request):
    language = current_language()
    form = SearchForm(request.GET, user=request.user, language=language)
    query = form.value("q")
    kind = form.value("type")
    outcome = None
    if query:
        outcome = run_search(
            query,
            user=request.user,
            language=_search_language(form.value("lang"), language),
            kinds=(kind,) if kind else (),
            department=form.value("dept"),
            post=form.value("post"),
            status=form.value("status"),
            page=request.GET.get("page") or 1,
        )
    params = {name: form.value(name) for name in ("q",) + FILTER_PARAMS if form.value(name)}
    kind_links = []
    count_limit = int(search_setting("COUNT_LIMIT"))
    if outcome is not None:
        without_type = {k: v for k, v in params.items() if k != "type"}
        kind_links = [
            {
                "kind": k,
                "label": label,
                "count": outcome.kind_counts.get(k, 0),
                "capped": outcome.capped and outcome.kind_counts.get(k, 0) >= count_limit,
                "count_label": count_label(
                    outcome.kind_counts.get(k, 0), outcome.capped and outcome.kind_counts.get(k, 0) >= count_limit
                ),
                "query": urlencode({**without_type, "type": k}),
                "current": k == kind,
            }
            for k, label in KIND_LABELS.items()
            if outcome.kind_counts.get(k)
        ]
        kind_links.insert(
            0,
            {
                "kind": "",
                "label": _("All types"),
                "count": sum(outcome.kind_counts.values()),
                "capped": outcome.capped,
                "count_label": count_label(sum(outcome.kind_counts.values()), outcome.capped),
                "query": urlencode(without_type),
                "current": not kind,
            },
        )
    context = {
        "search_query": query,
        "form": form,
        "outcome": outcome,
        "results": outcome.hits if outcome else [],
        "base_query": urlencode(params),
        "start_index": (outcome.page - 1) * outcome.page_size + 1 if outcome else 1,
        "kind_links": kind_links,
        "total_label": number_format(outcome.total, force_grouping=True) if outcome else "",
        "filters_active": any(form.value(n) for n in FILTER_PARAMS),
        "suggestion_links": [
            {"label": s.label, "query": urlencode(s.params)} for s in (outcome.suggestions if outcome else [])
        ],
    }
    return render(request, "search/search.html", context)
