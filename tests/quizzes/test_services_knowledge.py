"""Knowledge points: references in imported files link questions to articles, procedures and posts."""

import pytest

from quizzes.services import knowledge
from quizzes.services.exports import export_bank
from quizzes.services.imports import apply_import
from tests.factories import content as pages
from tests.factories.quizzes import QuestionBankFactory, make_question

pytestmark = pytest.mark.django_db


@pytest.fixture
def knowledge_base(db):
    index = pages.regulation_index()
    regulation = pages.simple_regulation(index, n_articles=12, title="电子银行业务管理办法")
    department = pages.department()
    return {
        "article_10": regulation.articles.get(number=10),
        "procedure": pages.procedure(department, title="网银开户操作规程"),
        "post": pages.post(department, title="录入岗"),
    }


@pytest.mark.parametrize("reference", ["《电子银行业务管理办法》第十条", "电子银行业务管理办法 第十条", "《电子银行业务管理办法》第10条"])
def test_an_article_reference_resolves_to_the_article(knowledge_base, reference):
    assert knowledge.resolve_reference(reference) == knowledge_base["article_10"]


def test_page_titles_resolve_to_procedures_and_posts(knowledge_base):
    assert knowledge.resolve_reference("网银开户操作规程") == knowledge_base["procedure"]
    assert knowledge.resolve_reference("录入岗") == knowledge_base["post"]


def test_an_unknown_reference_links_nothing_but_is_kept_as_text(knowledge_base):
    question = make_question(knowledge_point_refs=["《不存在的办法》第一条"])
    assert knowledge.link_references(question, question.knowledge_point_ref_list) == 0
    assert question.knowledge_point_ref_list == ["《不存在的办法》第一条"]


def test_importing_links_the_knowledge_points_the_file_names(knowledge_base):
    bank = QuestionBankFactory()
    make_question(bank, knowledge_point_refs=["《电子银行业务管理办法》第十条", "录入岗"])
    data = export_bank(bank, "xlsx").data
    outcome = apply_import(data, "xlsx", "复制/题库")
    copied = outcome.bank.questions.get()
    assert list(copied.regulation_articles.all()) == [knowledge_base["article_10"]]
    assert list(copied.posts.all()) == [knowledge_base["post"]]


def test_an_export_names_linked_items_once(knowledge_base):
    question = make_question(knowledge_point_refs=["电子银行业务管理办法 第十条"])
    question.regulation_articles.add(knowledge_base["article_10"])
    question.procedures.add(knowledge_base["procedure"])
    assert knowledge.reference_labels(question) == ["电子银行业务管理办法 第十条", "网银开户操作规程"]
