from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("my/notifications/", views.notice_list, name="list"),
    path("my/notifications/<int:pk>/read/", views.mark_read, name="mark_read"),
    path("my/notifications/read-all/", views.mark_all_read, name="mark_all_read"),
]
