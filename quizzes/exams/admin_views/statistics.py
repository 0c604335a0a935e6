"""The examiner's item statistics: per sitting (first attempts by default) and per question across sittings.

Needs ``exams.view_attempt`` and ``quizzes.view_answer_key``: the distractor table says which option is the
key, so only key holders (examiners, administrators) see it. The figures come from the background task's
cache (``services.statistics_page``); a page without them yet says so and refreshes itself.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _

from portal.core import spreadsheets
from quizzes.models import Question

from ..models import Sitting
from ..rules import statistics as rules
from ..services.statistics_page import cached, question_rows

PERMISSIONS = ("exams.view_attempt", "quizzes.view_answer_key")


def flag_labels() -> dict[str, str]:
    return {
        rules.NEGATIVE_DISCRIMINATION: _("Negative discrimination"),
        rules.DISTRACTOR_BEATS_KEY: _("A distractor beats the key in the upper group"),
        rules.TOO_EASY: _("Too easy (facility above 0.95)"),
        rules.TOO_HARD: _("Too hard (facility below 0.2)"),
    }


def _check(request):
    if not all(request.user.has_perm(p) for p in PERMISSIONS):
        raise PermissionDenied


def _first_only(request) -> bool:
    return request.GET.get("attempts") != "all"


def _option_letter(index: int) -> str:
    return chr(ord("A") + index) if 0 <= index < 26 else str(index + 1)


def _chart(data: dict) -> dict:
    """What statistics.js draws: the histogram, the pass mark and the ±1 SEM band around it."""
    return {
        "kind": "histogram",
        "labels": [f"{b['low']:g}–{b['high']:g}" for b in data["histogram"]],
        "counts": [b["count"] for b in data["histogram"]],
        "edges": [b["low"] for b in data["histogram"]] + ([data["histogram"][-1]["high"]] if data["histogram"] else []),
        "pass_mark": data["pass_mark"],
        "sem": data["sem"],
        "label": _("Candidates"),
        "pass_label": _("Pass mark"),
        "band_label": _("Pass mark ± 1 SEM"),
    }


def _rows(data: dict, labels: dict) -> list[list]:
    rows = []
    for number, item in enumerate(data["items"], start=1):
        rows.append([
            number, item["question"], item["stem"], item["n"], item["facility"], item["discrimination"],
            item["point_biserial"], item["upper_lower"], item["alpha_if_deleted"],
            "; ".join(labels[f] for f in item["flags"]),
        ])
    return rows


def _headings() -> list[str]:
    return [_("No."), _("Question"), _("Stem"), _("Responses"), _("Facility"), _("Discrimination (rest)"),
            _("Point-biserial"), _("Upper − lower"), _("α if deleted"), _("Flags")]


def _distractor_rows(data: dict) -> list[list]:
    rows = []
    for number, item in enumerate(data["items"], start=1):
        for option in (item.get("distractors") or {}).get("options", []):
            rows.append([number, item["question"], _option_letter(option["option"]), _("yes") if option["is_key"] else "",
                         option["share"], option["upper"], option["lower"], option["rest_correlation"],
                         option.get("weight")])
    return rows


def _pair_rows(item: dict) -> list[dict]:
    prompts, answers = item.get("prompts") or [], item.get("right_answers") or []
    rows = []
    for row in (item.get("pairs") or {}).get("pairs", []):
        j, wrong = row["pair"], row["commonest_wrong"]
        rows.append({**row, "prompt": prompts[j] if j < len(prompts) else str(j + 1),
                     "answer": answers[item["key"][j]] if j < len(item["key"]) and item["key"][j] < len(answers) else "",
                     "wrong_text": answers[wrong] if wrong is not None and wrong < len(answers) else ""})
    return rows


def _pair_sheet(data: dict) -> list[list]:
    rows = []
    for number, item in enumerate(data["items"], start=1):
        for row in _pair_rows(item):
            rows.append([number, item["question"], row["prompt"], row["answer"], row["right"], row["upper"],
                         row["lower"], row["rest_correlation"], row["wrong_text"]])
    return rows


def _numeric_sheet(data: dict) -> list[list]:
    rows = []
    for number, item in enumerate(data["items"], start=1):
        answers = item.get("answers")
        if answers:
            rows.append([number, item["question"], answers["full"], answers["partial"], answers["wrong"],
                         answers["unanswered"], "; ".join(f"{a['answer']} ×{a['count']}" for a in answers["common_wrong"])])
    return rows


def sitting_statistics(request, pk):
    _check(request)
    sitting = get_object_or_404(Sitting.objects.select_related("blueprint"), pk=pk)
    first_only = _first_only(request)
    data, fresh = cached(sitting, first_only=first_only)
    labels = flag_labels()
    if data and request.GET.get("format") == "xlsx":
        summary = [[_("Candidates"), data["n"]], [_("Mean"), data["mean"]], [_("Standard deviation"), data["sd"]],
                   [_("Cronbach's α"), data["alpha"]], [_("Standard error of measurement"), data["sem"]],
                   [_("Pass mark"), data["pass_mark"]], [_("Maximum score"), data["max_score"]]]
        sheets = [
            (_("Summary"), [_("Figure"), _("Value")], summary),
            (_("Items"), _headings(), _rows(data, labels)),
            (_("Distractors"), [_("No."), _("Question"), _("Option"), _("Key"), _("Share"), _("Upper group"),
                                _("Lower group"), _("Correlation with rest score"), _("Weight")],
             _distractor_rows(data)),
            (_("Matching pairs"), [_("No."), _("Question"), _("Item"), _("Right answer"), _("Matched correctly"),
                                   _("Upper group"), _("Lower group"), _("Correlation with rest score"),
                                   _("Commonest wrong answer")], _pair_sheet(data)),
            (_("Numerical answers"), [_("No."), _("Question"), _("Full credit"), _("Partial credit"), _("Wrong"),
                                      _("Unanswered"), _("Commonest wrong answers")], _numeric_sheet(data)),
            (_("Score distribution"), [_("From"), _("To"), _("Candidates")],
             [[b["low"], b["high"], b["count"]] for b in data["histogram"]]),
        ]
        response = HttpResponse(spreadsheets.xlsx_bytes(sheets), content_type=spreadsheets.XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="sitting-{sitting.pk}-statistics.xlsx"'
        return response
    items = []
    if data:
        for number, item in enumerate(data["items"], start=1):
            options = [{**o, "letter": _option_letter(o["option"])} for o in (item.get("distractors") or {}).get("options", [])]
            items.append({**item, "number": number, "flag_labels": [labels[f] for f in item["flags"]], "option_rows": options,
                          "pair_rows": _pair_rows(item), "weighted": any(o.get("weight") is not None for o in options)})
    return TemplateResponse(request, "exams/admin/statistics_sitting.html", {
        "sitting": sitting, "data": data, "fresh": fresh, "first_only": first_only, "items": items,
        "chart": _chart(data) if data else None, "min_responses": rules.MIN_RESPONSES,
        "histogram_headings": [_("Score"), _("Candidates")],
        "histogram_rows": [[f"{b['low']:g}–{b['high']:g}", b["count"]] for b in (data or {}).get("histogram", [])],
        "page_title": _("Item statistics"),
    })


def question_statistics(request, pk):
    _check(request)
    question = get_object_or_404(Question, pk=pk)
    first_only = _first_only(request)
    labels = flag_labels()
    rows = []
    for sitting, item in question_rows(question, first_only=first_only):
        rows.append({"sitting": sitting, "item": item, "flag_labels": [labels[f] for f in (item or {}).get("flags", [])]})
    return TemplateResponse(request, "exams/admin/statistics_question.html", {
        "question": question, "rows": rows, "first_only": first_only, "min_responses": rules.MIN_RESPONSES,
        "page_title": _("Question statistics"),
    })


urlpatterns = [
    path("sitting/<int:pk>/", sitting_statistics, name="sitting"),
    path("question/<int:pk>/", question_statistics, name="question"),
]
