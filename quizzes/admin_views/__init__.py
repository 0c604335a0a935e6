"""The question-bank admin: viewsets for categories, banks and questions, import, export, template.

Registered in ``quizzes/wagtail_hooks.py``. Every view here shows answer keys or leads to them, so
every view refuses (403) anyone without ``quizzes.view_answer_key`` (see ``quizzes.permissions``).
(Not named ``admin``: django.contrib.admin would autodiscover it.)
"""
