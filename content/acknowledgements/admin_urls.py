"""Admin URLs of the reports (mounted at /admin/acknowledgements/ by wagtail_hooks)."""

from django.urls import path

from . import admin_views

urlpatterns = [
    path("", admin_views.RoundIndexView.as_view(), name="index"),
    path("results/", admin_views.RoundIndexView.as_view(results_only=True), name="index_results"),
    path("rounds/<int:pk>/", admin_views.RoundReportView.as_view(), name="round"),
    path(
        "rounds/<int:pk>/results/",
        admin_views.RoundReportView.as_view(results_only=True),
        name="round_results",
    ),
    path("rounds/<int:pk>/units/", admin_views.RoundUnitsExportView.as_view(), name="round_units"),
    path("approved/<int:task_state_id>/", admin_views.ApprovalConfirmationView.as_view(), name="approved"),
    path("superseded-links/", admin_views.SupersededLinksView.as_view(), name="superseded_links"),
    path(
        "superseded-links/results/",
        admin_views.SupersededLinksView.as_view(results_only=True),
        name="superseded_links_results",
    ),
]
