"""The admin home's dashboard panel and the Excel download behind each chart (see ``dashboard.AdminChart``):
one sheet of the chart's rows, then one per table of ``figures["extra_tables"]`` (e.g. the people behind a count)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET
from wagtail.admin.ui.components import Component

from portal.core import dashboard, spreadsheets


class ChartsPanel(Component):
    name = "portal_charts"
    order = 50

    def __init__(self, user):
        self.user = user

    def render_html(self, parent_context=None):
        today = timezone.localdate()
        charts = []
        for chart in dashboard.admin_charts_for(self.user):
            figures = chart.figures(self.user, today)
            charts.append({"slug": chart.slug, "caption": chart.caption(), **figures})
        if not charts:
            return ""
        return render_to_string("core/admin_dashboard_panel.html", {"charts": charts}, request=None)


@require_GET
def chart_download(request, slug):
    """The figures of one chart as an Excel file; 404 for a chart the user may not see."""
    chart = dashboard.admin_chart(slug)
    if chart is None or not chart.visible(request.user):
        raise Http404
    figures = chart.figures(request.user, timezone.localdate())
    sheets = [(_sheet_title(chart.caption()), figures["headings"], figures["rows"])]
    for table in figures.get("extra_tables", []):
        sheets.append((_sheet_title(table["title"]), table["headings"], table["rows"]))
    response = HttpResponse(spreadsheets.xlsx_bytes(sheets), content_type=spreadsheets.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{slugify(slug) or "chart"}.xlsx"'
    return response


def _sheet_title(text: str) -> str:
    """Excel refuses []:*?/\\ in a sheet's name and more than 31 characters."""
    return "".join(" " if ch in "[]:*?/\\" else ch for ch in str(text))[:31]
