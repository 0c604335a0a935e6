"""How questions become examiner-only search documents, and the signals that keep them indexed.
Registered by ``QuizzesConfig.ready()`` (``connect``)."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.urls import NoReverseMatch, reverse

from portal.search import tasks
from portal.search.documents import AUDIENCE_EXAMINER, KIND_QUESTION, SearchDocument, join_texts
from portal.search.indexing import register_objects
from portal.search.signals import enqueue
from quizzes.models import Question, QuestionBank, QuestionVersion


def question_url(question) -> str:
    """Where an examiner opens a question: the first admin URL that exists for it."""
    for name in ("quizzes_question:edit", "wagtailsnippets_quizzes_question:edit", "quizzes:question_edit"):
        try:
            return reverse(name, args=[question.pk])
        except NoReverseMatch:
            continue
    return ""


def question_documents(question, bank_paths: dict[int, str] | None = None) -> list[SearchDocument]:
    """Examiner-only documents of a question: one in Chinese, one in English when it has English text.

    ``bank_paths`` memoises each bank's path (a tree walk) across the questions of one indexing run.
    """
    version = question.current_version
    if version is None:
        return []
    bank = question.bank
    bank_paths = {} if bank_paths is None else bank_paths
    if bank.pk not in bank_paths:
        bank_paths[bank.pk] = bank.full_path
    bank_path = bank_paths[bank.pk]
    tags = [t.name for t in question.tags.all()]
    base = {
        "group": f"question:{question.pk}",
        "kind": KIND_QUESTION,
        "audience": AUDIENCE_EXAMINER,
        "url": question_url(question),
        "status": question.status,
        "object_id": question.pk,
    }
    documents = [
        SearchDocument(
            key=f"question:{question.pk}:zh-hans",
            language="zh-hans",
            title=version.stem[:200],
            context=bank_path,
            headings=join_texts([bank_path] + tags),
            body=join_texts(
                [version.stem]
                + [str(o) for o in version.options]
                + [version.model_answer, version.explanation, question.knowledge_point_refs]
            ),
            **base,
        )
    ]
    if version.stem_en:
        documents.append(
            SearchDocument(
                key=f"question:{question.pk}:en",
                language="en",
                title=version.stem_en[:200],
                context=bank.name_en or bank_path,
                headings=join_texts([bank.name_en or bank_path] + tags),
                body=join_texts([version.stem_en] + [str(o) for o in version.options_en] + [version.explanation_en]),
                **base,
            )
        )
    return documents


def _questions():
    return Question.objects.select_related("current_version", "bank__category").prefetch_related("tags")


def on_question_saved(sender, instance, **kwargs):
    enqueue(tasks.index_questions, [instance.pk])


def on_question_version_saved(sender, instance, created=False, **kwargs):
    question = instance.question
    if question.current_version_id == instance.pk:
        enqueue(tasks.index_questions, [question.pk])


def on_question_deleted(sender, instance, **kwargs):
    enqueue(tasks.remove_questions, [instance.pk])


def on_bank_saved(sender, instance, created=False, **kwargs):
    if not created:
        ids = list(instance.questions.values_list("pk", flat=True))
        if ids:
            enqueue(tasks.index_questions, ids)


def connect() -> None:
    register_objects("question", _questions, question_documents)
    post_save.connect(on_question_saved, sender=Question, dispatch_uid="portal_search_question_saved")
    post_save.connect(on_question_version_saved, sender=QuestionVersion, dispatch_uid="portal_search_version_saved")
    post_delete.connect(on_question_deleted, sender=Question, dispatch_uid="portal_search_question_deleted")
    post_save.connect(on_bank_saved, sender=QuestionBank, dispatch_uid="portal_search_bank_saved")
