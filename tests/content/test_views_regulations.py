"""The regulation reading view: table of contents, article permalinks, banners, posts that must know it."""

import datetime
import re

import pytest
from django.utils import timezone

from content.models import RegulationPage
from tests.factories import content as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def index():
    return f.regulation_index()


def test_table_of_contents_and_article_anchors(client, index):
    reg = f.simple_regulation(index, n_articles=6, issuer="中国银行业监督管理委员会", document_number="银监会令2006年第5号")
    html = client.get(reg.url).content.decode()
    assert '<nav class="kb-toc" aria-labelledby="toc-heading">' in html
    assert '<a href="#chapter-1"><span class="kb-label">第一章</span> 总则</a>' in html
    assert '<a href="#chapter-1-section-1"><span class="kb-label">第一节</span> 一般规定</a>' in html
    for n, label in [(1, "第一条"), (4, "第四条"), (6, "第六条")]:
        assert f'<a href="#article-{n}">{label}</a>' in html  # table of contents entry
        assert f'<div class="article" id="article-{n}">' in html  # the anchor target
        assert re.search(rf'<a class="article__label" href="#article-{n}"[^>]*>{label}</a>', html)  # permalink
    assert html.count('class="article"') == 6
    assert "<p>（一）第一项；</p>" in html  # items on their own lines
    assert "中国银行业监督管理委员会" in html and "银监会令2006年第5号" in html
    assert '<section class="chapter" id="chapter-2"' in html


def test_article_permalink_resolves_to_the_page(client, index):
    reg = f.simple_regulation(index, n_articles=3)
    article = reg.articles.get(number=3)
    url, anchor = article.get_absolute_url().split("#")
    response = client.get(url)
    assert response.status_code == 200
    assert f'id="{anchor}"' in response.content.decode()


def test_not_yet_in_force_banner(client, index):
    future = timezone.localdate() + datetime.timedelta(days=30)
    reg = f.simple_regulation(index, effective_date=future)
    html = client.get(reg.url).content.decode()
    assert f.ui("Not yet in force.") in html
    assert future.strftime("%Y") in html


def test_in_force_regulation_has_no_banner(client, index):
    reg = f.simple_regulation(index, effective_date=datetime.date(2006, 3, 1))
    html = client.get(reg.url).content.decode()
    for banner in ("Not yet in force.", "Superseded.", "Repealed."):
        assert f.ui(banner) not in html


def test_superseded_banner_links_to_the_new_regulation(client, index):
    new = f.simple_regulation(index, title="电子银行业务管理办法（2024）")
    old = f.simple_regulation(index, title="电子银行业务管理办法（2006）", status=RegulationPage.Status.SUPERSEDED, superseded_by=new)
    html = client.get(old.url).content.decode()
    assert f.ui("Superseded.") in html
    assert f'<a href="{new.url}">电子银行业务管理办法（2024）</a>' in html


def test_superseded_banner_in_english_links_to_the_english_replacement(client, index):
    new = f.simple_regulation(index, title="新办法")
    old = f.simple_regulation(index, title="旧办法", status=RegulationPage.Status.SUPERSEDED, superseded_by=new)
    en_new = f.translate(new, title="New measures")
    en_old = f.translate(old, title="Old measures")
    html = client.get(en_old.url).content.decode()
    assert f'<a href="{en_new.url}">New measures</a>' in html


def test_repealed_banner(client, index):
    reg = f.simple_regulation(index, status=RegulationPage.Status.REPEALED)
    assert f.ui("Repealed.") in client.get(reg.url).content.decode()


def test_posts_that_must_know_it_with_level_and_scope(client, index):
    reg = f.simple_regulation(index, n_articles=6)
    dept = f.department()
    entry = f.post(dept, title="录入岗")
    f.link_regulation(entry, reg, article=reg.articles.get(number=5), level="apply")
    entry = f.publish(entry)
    review = f.post(dept, title="复核岗")
    f.link_regulation(review, reg, chapter=reg.chapters.get(number=1), level="aware")
    review = f.publish(review)
    hidden = f.post(dept, title="未发布岗", live=False)
    f.link_regulation(hidden, reg)
    hidden.save()

    html = client.get(reg.url).content.decode()
    section = html.split('id="required-heading"')[1]
    assert f'<a href="{entry.url}">录入岗</a>' in section
    assert '<a href="#article-5">第五条</a>' in section and "level--apply" in section
    assert '<a href="#chapter-1">第一章</a> 总则' in section and "level--aware" in section
    assert "未发布岗" not in section


def test_regulation_renders_in_english_with_its_posts(client, index):
    reg = f.simple_regulation(index, n_articles=4, title="电子银行业务管理办法")
    dept = f.department()
    post = f.post(dept, title="录入岗")
    f.link_regulation(post, reg, article=reg.articles.get(number=2), level="understand")
    post = f.publish(post)
    en_dept = f.translate(dept, title="E-banking")
    en_post = f.translate(post, title="Data entry post")
    en_reg = f.translate(reg, title="Measures for E-banking")
    for article in en_reg.articles.all():
        article.text = f"Text of article {article.number}."
        article.save()
    for chapter in en_reg.chapters.all():
        chapter.title = "General provisions" if chapter.number == 1 else "Supplementary provisions"
        chapter.save()
    en_reg = f.publish(en_reg)
    assert en_dept.url.startswith("/en/")

    html = client.get(en_reg.url).content.decode()
    assert '<html lang="en">' in html
    assert "Measures for E-banking" in html
    assert '<a class="article__label" href="#article-2"' in html and ">Article 2</a> Text of article 2." in html
    assert "Chapter 1</span> General provisions" in html
    assert f'<a href="{en_post.url}">Data entry post</a>' in html
    assert f.ui("The Chinese original has changed since this translation.", "en") not in html

    zh_html = client.get(reg.url).content.decode()
    assert "第二条" in zh_html and "录入岗" in zh_html


def test_regulation_index_lists_and_filters_by_status(client, index):
    f.simple_regulation(index, title="现行办法", effective_date=datetime.date(2006, 3, 1))
    f.simple_regulation(index, title="已废止办法", status=RegulationPage.Status.REPEALED)
    html = client.get(index.url).content.decode()
    assert "现行办法" in html and "已废止办法" in html
    html = client.get(index.url + "?status=repealed").content.decode()
    assert "现行办法" not in html and "已废止办法" in html


def test_print_rules_are_linked(client, index):
    reg = f.simple_regulation(index)
    html = client.get(reg.url).content.decode()
    assert "css/content.css" in html and 'href="/static/css/print.css" media="print"' in html
