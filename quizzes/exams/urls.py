"""Candidate URLs (inside i18n_patterns): /<lang>/exams/… pages and the JSON API under /<lang>/exams/api/…."""

from django.urls import path

from . import api, views

app_name = "exams"

urlpatterns = [
    path("exams/", views.my_exams, name="mine"),
    path("exams/sittings/<int:pk>/", views.sitting_detail, name="sitting"),
    path("exams/attempts/<int:pk>/", views.attempt_page, name="attempt"),
    path("exams/attempts/<int:pk>/result/", views.attempt_result, name="result"),
    path("exams/practice/", views.practice_index, name="practice"),
    path("exams/practice/banks/<int:bank_id>/", views.practice_drill, name="practice_drill"),
    path("exams/practice/notebook/", views.notebook, name="notebook"),
    path("exams/practice/notebook/drill/", views.notebook_drill, name="notebook_drill"),
    path("exams/practice/weak/", views.weak_points_drill, name="weak_drill"),
    path("exams/practice/weak/attempts/<int:attempt_id>/", views.weak_points_drill, name="weak_drill_attempt"),
    # JSON API
    path("exams/api/attempts/<int:attempt_id>/", api.attempt_state, name="api_attempt"),
    path("exams/api/attempts/<int:attempt_id>/answers/<int:position>/", api.save, name="api_save"),
    path("exams/api/attempts/<int:attempt_id>/flags/<int:position>/", api.flag, name="api_flag"),
    path("exams/api/attempts/<int:attempt_id>/events/", api.event, name="api_event"),
    path("exams/api/attempts/<int:attempt_id>/submit/", api.submit, name="api_submit"),
    path("exams/api/practice/banks/<int:bank_id>/questions/", api.practice_questions,
         name="api_practice_questions"),
    path("exams/api/practice/notebook/questions/", api.notebook_questions, name="api_notebook_questions"),
    path("exams/api/practice/weak/questions/", api.weak_questions, name="api_weak_questions"),
    path("exams/api/practice/weak/attempts/<int:attempt_id>/questions/", api.weak_questions,
         name="api_weak_questions_attempt"),
    path("exams/api/practice/answers/", api.practice_answer, name="api_practice_answer"),
]
