"""An import's questions reach the search index once it commits; its audit log builds the bank path once.

``apply_import`` writes new questions with ``bulk_create`` (no ``post_save``), so it enqueues the search
signals' own task itself, on commit. pytest-django runs each test in a transaction that never commits:
``django_capture_on_commit_callbacks(execute=True)`` runs the on-commit callbacks as a commit would.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.search.service import run_search
from quizzes.models import Question
from quizzes.services.imports import ImportRejected, apply_import

pytestmark = pytest.mark.django_db

BANK = "柜员等级/电子银行/网银"
AIKEN = """柜员办理网银签约时应当核验哪些证件？
A. 身份证件
B. 工作证
ANSWER: A

手机银行转账需要什么？
A. 交易密码
B. 生日
ANSWER: A
"""


def aiken(n: int) -> bytes:
    blocks = [f"第{i}题：网银盾的作用是什么？\nA. 保护交易安全\nB. 装饰\nANSWER: A\n" for i in range(1, n + 1)]
    return "\n".join(blocks).encode()


@pytest.fixture
def database_search(settings):
    settings.ELASTICSEARCH_URL = ""
    settings.PORTAL_SEARCH = {"BACKEND": "database", "AUTO_UPDATE": True}


def test_imported_questions_are_found_by_search_after_the_import_commits(
    database_search, examiner_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        outcome = apply_import(AIKEN.encode(), "aiken", BANK)
    assert callbacks, "nothing was enqueued on commit"
    hits = run_search("签约", user=examiner_user, language="zh-hans").hits
    assert [h.kind for h in hits] == ["question"]
    assert len(outcome.question_ids) == 2
    assert run_search("转账", user=examiner_user, language="zh-hans").total == 1


def test_import_enqueues_no_indexing_before_the_commit(database_search, examiner_user):
    apply_import(AIKEN.encode(), "aiken", BANK)  # the test's transaction never commits
    assert run_search("签约", user=examiner_user, language="zh-hans").total == 0


def test_a_rejected_import_enqueues_nothing(database_search, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ImportRejected):
        apply_import((AIKEN + "\n这道题缺少答案？\nA. 甲\nB. 乙\n").encode(), "aiken", BANK)
    assert callbacks == []


def test_import_honours_the_auto_update_switch(settings, examiner_user, django_capture_on_commit_callbacks):
    settings.ELASTICSEARCH_URL = ""
    settings.PORTAL_SEARCH = {"BACKEND": "database", "AUTO_UPDATE": False}
    with django_capture_on_commit_callbacks(execute=True):
        apply_import(AIKEN.encode(), "aiken", BANK)
    assert Question.objects.count() == 2
    assert run_search("签约", user=examiner_user, language="zh-hans").total == 0


def test_the_audit_log_builds_the_bank_path_once_whatever_the_number_of_questions(settings):
    settings.PORTAL_SEARCH = {"AUTO_UPDATE": False}

    def category_queries(n: int) -> int:
        with CaptureQueriesContext(connection) as ctx:
            apply_import(aiken(n), "aiken", f"题库{n}/电子银行/网银")  # a new bank and categories each time
        return sum(1 for q in ctx.captured_queries if "quizzes_questioncategory" in q["sql"])

    assert category_queries(3) == category_queries(30)
