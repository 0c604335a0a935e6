"""Public URLs (inside i18n_patterns): /<lang>/verify/<token>/ and the holder's pages under /<lang>/certification/."""

from django.urls import path

from . import skill_api, skill_views, views

app_name = "certification"

urlpatterns = [
    path("verify/<str:token>/", views.verify, name="verify"),
    path("certification/", views.my_certification, name="mine"),
    path("certification/certificates/<str:serial>/pdf/", views.certificate_pdf, name="certificate_pdf"),
    path("certification/results/<int:pk>/certificate.pdf", views.exam_certificate_pdf, name="exam_certificate_pdf"),
    # Keyboard skill tests (传票翻打, 数字录入, 汉字录入) run in the browser
    path("skills/", skill_views.my_skill_tests, name="skill_tests"),
    path("skills/sittings/<int:pk>/", skill_views.sitting_page, name="skill_sitting"),
    path("skills/sittings/<int:pk>/start/", skill_views.start_sitting, name="skill_sitting_start"),
    path("skills/practice/<slug:code>/", skill_views.practice_page, name="skill_practice"),
    path("skills/practice/<slug:code>/start/", skill_views.start_practice, name="skill_practice_start"),
    path("skills/attempts/<int:pk>/", skill_views.attempt_page, name="skill_attempt"),
    path("skills/attempts/<int:pk>/result/", skill_views.result_page, name="skill_result"),
    path("skills/api/attempts/<int:attempt_id>/", skill_api.attempt_state, name="skill_api_state"),
    path("skills/api/attempts/<int:attempt_id>/batches/", skill_api.save_batch, name="skill_api_batch"),
    path("skills/api/attempts/<int:attempt_id>/finish/", skill_api.finish, name="skill_api_finish"),
]
