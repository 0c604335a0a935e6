"""The question banks' audit actions (``quizzes.*``), written through ``portal.core.audit.record``."""

from django.utils.translation import gettext_lazy as _

from portal.core.audit import declare

CREATE_QUESTION = "quizzes.question.create"
NEW_VERSION = "quizzes.question.new_version"
EDIT_DRAFT = "quizzes.question.edit_draft"
ACTIVATE_QUESTION = "quizzes.question.activate"
RETIRE_QUESTION = "quizzes.question.retire"
QUESTION_TO_DRAFT = "quizzes.question.to_draft"
IMPORT_QUESTIONS = "quizzes.bank.import"
EXPORT_QUESTIONS = "quizzes.bank.export"

# action → (label, message), declared once; portal.core registers them with Wagtail's log registry.
ACTIONS = declare({
    CREATE_QUESTION: (_("Create question"), _("Question created")),
    NEW_VERSION: (_("New question version"), _("New version written")),
    EDIT_DRAFT: (_("Edit draft question"), _("Draft edited")),
    ACTIVATE_QUESTION: (_("Activate question"), _("Question activated")),
    RETIRE_QUESTION: (_("Retire question"), _("Question retired")),
    QUESTION_TO_DRAFT: (_("Question back to draft"), _("Question back to draft")),
    IMPORT_QUESTIONS: (_("Import questions"), _("Questions imported")),
    EXPORT_QUESTIONS: (_("Export questions"), _("Questions exported")),
})
