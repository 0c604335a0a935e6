"""Regulation structure: outline, article identity and anchors, import from the parser, status notices."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from content.models import PostRegulationLink, RegulationArticle, RegulationPage
from tests.factories import content as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def index():
    return f.regulation_index()


def test_outline_nests_sections_and_articles_under_chapters(index):
    reg = f.simple_regulation(index, n_articles=6)
    outline = reg.outline
    assert [node.chapter.number for node in outline] == [1, 2]
    first, second = outline
    assert [s.section.title for s in first.sections] == ["一般规定"]
    assert [a.number for a in first.sections[0].articles] == [1, 2, 3]
    assert [a.number for a in second.articles] == [4, 5, 6]
    assert [a.number for a in first.all_articles] == [1, 2, 3]


def test_regulation_without_chapters_has_one_loose_node(index):
    reg = f.regulation(index, articles=[(1, None, None, "甲"), (2, None, None, "乙")])
    assert len(reg.outline) == 1
    assert reg.outline[0].chapter is None
    assert [a.number for a in reg.outline[0].articles] == [1, 2]


def test_article_anchor_label_and_permalink(index):
    reg = f.simple_regulation(index, n_articles=12)
    article = reg.articles.get(number=12)
    assert article.anchor == "article-12"
    assert article.get_absolute_url() == f"{reg.url}#article-12"
    assert reg.url.startswith("/zh-hans/")
    with translation.override("zh-hans"):
        assert article.label == "第十二条"
        assert reg.chapters.get(number=2).label == "第二章"
    with translation.override("en"):
        assert article.label == "Article 12"
    assert article.paragraphs == ["第12条的内容。", "（一）第一项；", "（二）第二项。"]


def test_articles_keep_identity_across_revisions(index):
    reg = f.simple_regulation(index, n_articles=3)
    before = {a.number: (a.pk, a.key) for a in reg.articles.all()}
    reg.title = "电子银行业务管理办法（修订）"
    reg = f.publish(reg)
    assert {a.number: (a.pk, a.key) for a in reg.articles.all()} == before


def test_set_body_from_parsed_keeps_rows_by_number(index):
    reg = f.simple_regulation(index, n_articles=3)
    old = {a.number: (a.pk, a.key) for a in reg.articles.all()}
    chapter_pk = reg.chapters.get(number=1).pk
    parsed = f.parsed(
        chapters=[(1, "总则（修订）")],
        articles=[(1, 1, None, "新的第一条"), (2, 1, None, "新的第二条"), (4, 1, None, "新增第四条")],
        title="电子银行业务管理办法",
        document_number="银监会令2006年第5号",
        effective_date="2006-03-01",
    )
    reg.set_body_from_parsed(parsed, update_header=True)
    reg = f.publish(reg)
    articles = {a.number: a for a in reg.articles.all()}
    assert sorted(articles) == [1, 2, 4]
    assert (articles[1].pk, articles[1].key) == old[1]
    assert (articles[2].pk, articles[2].key) == old[2]
    assert articles[1].text == "新的第一条"
    assert articles[4].key not in {k for _pk, k in old.values()}
    assert not RegulationArticle.objects.filter(pk=old[3][0]).exists()
    assert reg.chapters.get().pk == chapter_pk and reg.chapters.get().title == "总则（修订）"
    assert reg.sections.count() == 0
    assert reg.document_number == "银监会令2006年第5号"
    assert reg.effective_date == datetime.date(2006, 3, 1)


def test_links_to_articles_survive_a_reimport(index):
    reg = f.simple_regulation(index, n_articles=3)
    post = f.post(f.department())
    f.link_regulation(post, reg, article=reg.articles.get(number=2))
    post = f.publish(post)
    reg.set_body_from_parsed(f.parsed(articles=[(1, None, None, "一"), (2, None, None, "二（修订）")]))
    reg = f.publish(reg)
    link = PostRegulationLink.objects.get(page=post)
    assert link.article.number == 2 and link.article.text == "二（修订）"


def test_translation_reimport_reuses_source_article_identity(index):
    reg = f.simple_regulation(index, n_articles=2)
    en = f.translate(reg, title="Measures for E-banking")
    en.set_body_from_parsed(f.parsed(articles=[(1, None, None, "One"), (2, None, None, "Two"), (3, None, None, "3")]))
    en = f.publish(en)
    zh_keys = {a.number: a.key for a in reg.articles.all()}
    en_keys = {a.number: a.key for a in en.articles.all()}
    assert en_keys[1] == zh_keys[1] and en_keys[2] == zh_keys[2]


def test_status_notices(index):
    today = datetime.date(2024, 6, 1)
    future = f.simple_regulation(index, effective_date=datetime.date(2024, 9, 1))
    assert [n["kind"] for n in future.status_notices(today)] == ["not_yet_in_force"]
    assert not future.is_in_force(today)

    current = f.simple_regulation(index, effective_date=datetime.date(2020, 1, 1))
    assert current.status_notices(today) == []
    assert current.is_in_force(today)

    old = f.simple_regulation(index, status=RegulationPage.Status.SUPERSEDED, superseded_by=current)
    notices = old.status_notices(today)
    assert notices[0]["kind"] == "superseded" and notices[0]["by"].pk == current.pk

    repealed = f.simple_regulation(index, status=RegulationPage.Status.REPEALED, is_excerpt=True)
    assert [n["kind"] for n in repealed.status_notices(today)] == ["repealed", "excerpt"]


def test_regulation_link_must_point_inside_its_regulation(index):
    a = f.simple_regulation(index)
    b = f.simple_regulation(index)
    link = PostRegulationLink(regulation=a, article=b.articles.first(), level="aware")
    with pytest.raises(ValidationError) as error:
        link.clean()
    assert "article" in error.value.message_dict

    link = PostRegulationLink(regulation=a, chapter=b.chapters.first())
    with pytest.raises(ValidationError):
        link.clean()

    # article 5 is in chapter 2, not chapter 1
    link = PostRegulationLink(regulation=a, chapter=a.chapters.get(number=1), article=a.articles.get(number=5))
    with pytest.raises(ValidationError):
        link.clean()

    PostRegulationLink(regulation=a, chapter=a.chapters.get(number=2), article=a.articles.get(number=5)).clean()


def test_body_from_real_regulation_text(index, client):
    parser = pytest.importorskip("content.regulations.parser")
    text = (
        "电子银行安全评估指引\n"
        "第一章 总则\n"
        "第一条 为加强电子银行业务的安全管理，制定本指引。第二条 本指引所称安全评估，是指依照本指引第一条规定开展的评估。\n"
        "第二章 评估\n"
        "第一节 一般规定\n"
        "第三条 金融机构应当：\n（一）制定评估制度；\n（二）定期开展评估。\n"
    )
    result = parser.parse_regulation(text)
    assert not result.errors, result.errors
    reg = f.regulation(index, title="占位")
    reg.set_body_from_parsed(result, update_header=True)
    reg = f.publish(reg)
    assert reg.title == "电子银行安全评估指引"
    assert [(c.number, c.title) for c in reg.chapters.all()] == [(1, "总则"), (2, "评估")]
    assert [(s.chapter_number, s.number) for s in reg.sections.all()] == [(2, 1)]
    assert [(a.number, a.chapter_number, a.section_number) for a in reg.articles.all()] == [
        (1, 1, None),
        (2, 1, None),
        (3, 2, 1),
    ]
    assert "依照本指引第一条规定" in reg.articles.get(number=2).text
    html = client.get(reg.url).content.decode()
    assert '<div class="article" id="article-3">' in html and "<p>（二）定期开展评估。</p>" in html
