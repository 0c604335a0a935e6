"""Language-prefixed views of the knowledge base (included inside i18n_patterns in portal/urls.py)."""

from django.urls import path

from content import views

app_name = "content"

urlpatterns = [
    path("my/posts/", views.my_posts, name="my_posts"),
]
