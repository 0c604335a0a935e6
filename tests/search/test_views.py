"""The search page and the header box: rendering, filters, permissions, hostile input, pagination."""

import pytest
from django.utils import translation

from portal.search.documents import KIND_POST
from tests.search.test_contract import HOSTILE

pytestmark = pytest.mark.indexing


def url(lang="zh-hans"):
    return f"/{lang}/search/"


def test_header_box_posts_to_the_search_page(client, db):
    html = client.get("/zh-hans/search/").content.decode()
    assert 'action="/zh-hans/search/"' in html and 'name="q"' in html


def test_results_page(client, corpus):
    response = client.get(url(), {"q": "复核"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<mark>复核</mark>" in html
    assert "网银业务复核岗" in html.replace("<mark>", "").replace("</mark>", "")
    assert corpus["reviewer"].url in html


def test_highlighted_text_is_escaped(client, corpus):
    html = client.get(url(), {"q": "保密"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_article_hits_link_to_the_anchor(client, corpus):
    html = client.get(url(), {"q": "保密"}).content.decode()
    assert f'href="{corpus["rules"].url}#article-6"' in html


def test_type_filter_links_and_counts(client, corpus):
    html = client.get(url(), {"q": "复核", "type": KIND_POST}).content.decode()
    assert 'aria-current="true"' in html
    assert "企业网上银行开户操作规程" not in html.replace("<mark>", "").replace("</mark>", "")


def test_invalid_filter_values_are_ignored(client, corpus):
    response = client.get(url(), {"q": "复核", "type": "nonsense", "dept": "' OR 1=1", "page": "-3"})
    assert response.status_code == 200
    assert "网银业务复核岗" in response.content.decode().replace("<mark>", "").replace("</mark>", "")


def test_english_page_searches_english_content(client, corpus):
    html = client.get(url("en"), {"q": "teller"}).content.decode()
    assert ">Teller</a>" in html.replace("<mark>", "").replace("</mark>", "")
    assert "综合柜员岗" not in html


def test_empty_results_suggest_alternatives(client, corpus):
    with translation.override("zh-hans"):
        html = client.get(url(), {"q": "复核 不存在的词语"}).content.decode()
    assert "search-empty" in html
    assert "?q=%E5%A4%8D%E6%A0%B8" in html  # a link searching for 复核 alone


def test_pagination_keeps_the_filters(client, corpus, settings):
    settings.PORTAL_SEARCH = {**settings.PORTAL_SEARCH, "PAGE_SIZE": 2}
    html = client.get(url(), {"q": "业务", "lang": "all"}).content.decode()
    assert 'rel="next"' in html and "lang=all" in html and "page=2" in html


def test_question_hits_only_for_examiners(client, corpus, employee_user, examiner_user):
    from quizzes.models import QuestionStatus
    from tests.factories.quizzes import make_question, single_choice

    make_question(content=single_choice(stem="网银签约需要哪些证件？"), status=QuestionStatus.DRAFT)
    client.force_login(employee_user)
    assert "网银签约需要哪些证件" not in client.get(url(), {"q": "签约", "type": "question"}).content.decode()
    client.force_login(examiner_user)
    html = client.get(url(), {"q": "签约"}).content.decode()
    assert "<mark>签约</mark>" in html


@pytest.mark.parametrize("hostile", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_queries_never_fail(client, corpus, hostile):
    response = client.get(url(), {"q": hostile, "type": hostile[:50], "post": hostile[:50], "page": hostile[:20]})
    assert response.status_code == 200


def test_overlong_query_is_shortened_with_a_message(client, corpus):
    html = client.get(url(), {"q": "复核" * 5000}).content.decode()
    assert "200" in html  # "shortened to its first 200 characters"


def test_query_with_only_punctuation_explains(client, corpus):
    html = client.get(url(), {"q": "（）【】"}).content.decode()
    assert 'class="message"' in html


def test_chinese_interface(client, corpus):
    html = client.get(url(), {"q": "复核"}).content.decode()
    assert "筛选" in html and "条" in html  # "Filters", "… results for …" from the search catalog
    html = client.get(url("en"), {"q": "teller"}).content.decode()
    assert "Filters" in html
