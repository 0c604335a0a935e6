"""Public URLs (inside i18n_patterns): /<lang>/verify/<token>/ and the holder's pages under /<lang>/certification/."""

from django.urls import path

from . import views

app_name = "certification"

urlpatterns = [
    path("verify/<str:token>/", views.verify, name="verify"),
    path("certification/", views.my_certification, name="mine"),
    path("certification/certificates/<str:serial>/pdf/", views.certificate_pdf, name="certificate_pdf"),
    path("certification/results/<int:pk>/certificate.pdf", views.exam_certificate_pdf, name="exam_certificate_pdf"),
]
