"""Question banks in the Wagtail admin: the menu group and the import views."""

from wagtail import hooks

from quizzes.admin_views.imports import QuestionImportViewSet
from quizzes.admin_views.viewsets import QuestionBankViewSetGroup


class _QuestionBankMenuGroup(QuestionBankViewSetGroup):
    items = QuestionBankViewSetGroup.items + (QuestionImportViewSet,)


@hooks.register("register_admin_viewset")
def register_question_bank_viewsets():
    return _QuestionBankMenuGroup()
