"""Who may see answer keys: the one place every view, export and API asks.

Answer keys and explanations are exam evidence. Only Examiners and Administrators (holders of
``quizzes.view_answer_key``) see them outside a finished attempt whose review policy allows it; the
exam engine decides the latter and otherwise sends ``QuestionVersion.candidate_view()`` only.

Views refuse with a real 403 (not Wagtail's usual redirect to the dashboard), so a test can tell a
refusal from a page and no client ever receives a key it should not.
"""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse

VIEW_ANSWER_KEY = "quizzes.view_answer_key"
IMPORT_QUESTIONS = "quizzes.import_questions"
EXPORT_QUESTIONS = "quizzes.export_questions"


def can_view_answer_keys(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.has_perm(VIEW_ANSWER_KEY))


def can_import_questions(user) -> bool:
    return can_view_answer_keys(user) and user.has_perm(IMPORT_QUESTIONS) and user.has_perm("quizzes.add_question")


def can_export_questions(user) -> bool:
    return can_view_answer_keys(user) and user.has_perm(EXPORT_QUESTIONS)


def forbidden(request, message: str = "") -> TemplateResponse:
    """A 403 page rendered inside the admin's look (never a redirect)."""
    return TemplateResponse(request, "quizzes/admin/forbidden.html", {"message": message}, status=403)


def answer_key_required(test=can_view_answer_keys):
    """Decorator for function views: 403 unless ``test(request.user)``."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not test(request.user):
                return forbidden(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class AnswerKeyRequiredMixin:
    """For class-based views (Wagtail viewsets): 403 for anyone who may not see answer keys.

    Also turns the generic views' own PermissionDenied (missing model permission) into a 403
    instead of Wagtail's redirect to the dashboard.
    """

    def dispatch(self, request, *args, **kwargs):
        if not can_view_answer_keys(request.user):
            return forbidden(request)
        try:
            return super().dispatch(request, *args, **kwargs)
        except PermissionDenied:
            return forbidden(request)
