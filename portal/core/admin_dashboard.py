"""The admin home's dashboard panel and the Excel download behind each chart (see ``dashboard.AdminChart``)."""

from __future__ import annotations

from django.http import Http404
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
    caption = chart.caption()
    return spreadsheets.response("xlsx", slugify(slug) or "chart", figures["headings"], figures["rows"], title=caption[:31])
