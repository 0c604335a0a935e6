"""Language-prefixed staff views (included inside i18n_patterns in portal/urls.py)."""

from django.urls import path

from . import views

app_name = "acknowledgements"

urlpatterns = [
    path("my/tasks/", views.my_tasks, name="my_tasks"),
    path("acknowledge/<int:page_id>/", views.acknowledge, name="acknowledge"),
]
