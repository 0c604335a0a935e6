"""Question banks in the Wagtail admin: the menu group, the import views, and the audit-log actions."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from quizzes.admin_views.imports import QuestionImportViewSet
from quizzes.admin_views.viewsets import QuestionBankViewSetGroup


class _QuestionBankMenuGroup(QuestionBankViewSetGroup):
    items = QuestionBankViewSetGroup.items + (QuestionImportViewSet,)


@hooks.register("register_admin_viewset")
def register_question_bank_viewsets():
    return _QuestionBankMenuGroup()


@hooks.register("register_log_actions")
def register_quizzes_log_actions(actions):
    actions.register_action("quizzes.question.create", _("Create question"), _("Question created"))
    actions.register_action("quizzes.question.new_version", _("New question version"), _("New version written"))
    actions.register_action("quizzes.question.edit_draft", _("Edit draft question"), _("Draft edited"))
    actions.register_action("quizzes.question.activate", _("Activate question"), _("Question activated"))
    actions.register_action("quizzes.question.retire", _("Retire question"), _("Question retired"))
    actions.register_action("quizzes.question.to_draft", _("Question back to draft"), _("Question back to draft"))
    actions.register_action("quizzes.bank.import", _("Import questions"), _("Questions imported"))
    actions.register_action("quizzes.bank.export", _("Export questions"), _("Questions exported"))
