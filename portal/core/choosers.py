"""Search choosers for admin forms: pick records by searching on the server instead of typing an id or
ticking one checkbox among thousands.

A chooser is a form widget plus a JSON search endpoint of the app that owns the records. The widget shows
what is chosen (removable), a search box and a paginated list of results fetched from ``search_url``
(``static/core/search_chooser.js``), and posts the chosen primary keys under the field's name — a
``SearchChooser`` like a multiple select, a ``SingleSearchChooser`` like a select — so model forms and
their validation stay as they are. Each endpoint checks its own permission and answers ``results_page``.
"""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PER_PAGE = 20
MAX_QUERY = 100


def query_of(request) -> str:
    return (request.GET.get("q") or "").strip()[:MAX_QUERY]


def results_page(request, queryset, describe_page) -> JsonResponse:
    """One page of search results as the widget reads them: ``{"results": [{id, name, meta}], …}``;
    ``describe_page(objects)`` describes the page's objects at once (a few queries, not one per row)."""
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    return JsonResponse({
        "results": describe_page(list(page.object_list)),
        "page": page.number,
        "pages": page.paginator.num_pages,
        "count": page.paginator.count,
        "has_next": page.has_next(),
        "summary": _("%(count)s found") % {"count": page.paginator.count},
    })


class SearchChooser(forms.SelectMultiple):
    """Subclasses set ``search_url_name``, ``search_label`` and ``describe_chosen(values) -> [dict]``."""

    template_name = "core/widgets/search_chooser.html"
    search_url_name = ""
    search_label = gettext_lazy("Search")
    single = False

    class Media:
        js = ["core/search_chooser.js"]
        css = {"all": ["core/search_chooser.css"]}

    def optgroups(self, name, value, attrs=None):  # never render every record as an option
        return []

    def describe_chosen(self, values: list[str]) -> list[dict]:
        raise NotImplementedError

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        values = value if isinstance(value, list | tuple) else ([] if value in (None, "") else [value])
        values = [str(v) for v in values if str(v).isdigit()]
        context["widget"].update({
            "chosen": self.describe_chosen(values) if values else [],
            "search_url": reverse(self.search_url_name),
            "single": self.single,
            "labels": {
                "search": self.search_label,
                "remove": gettext_lazy("Remove"),
                "add": gettext_lazy("Choose") if self.single else gettext_lazy("Add"),
                "none": gettext_lazy("Nothing chosen."),
                "more": gettext_lazy("More results"),
                "nothing": gettext_lazy("Nothing matches."),
                "chosen": gettext_lazy("Chosen"),
            },
        })
        return context


class SingleSearchChooser(SearchChooser):
    single = True
    allow_multiple_selected = False

    def value_from_datadict(self, data, files, name):
        return data.get(name)

    def format_value(self, value):
        return [] if value in (None, "") else [str(value)]
