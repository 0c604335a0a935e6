"""The post page: content in both languages, the out-of-date translation banner, bounded queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import content as f

pytestmark = pytest.mark.django_db

OUTDATED = "The Chinese original has changed since this translation."


def build_post(dept, index, n, *, code):
    """A post with ``n`` of everything: duties, requirements, certifications, duty sets, procedures,
    linked articles and chapters, incompatible posts."""
    reg = f.simple_regulation(index, n_articles=max(n, 2), title=f"办法{code}")
    post = f.post(
        dept,
        title=f"岗位{code}",
        code=code,
        duties=[f"职责{i}" for i in range(n)],
        requirements=[f"要求{i}" for i in range(n)],
        certifications=[f"证书{i}" for i in range(n)],
    )
    for i in range(n):
        f.link_duty_set(post, f.duty_set(code=f"{code}-DS{i}", name=f"职责集{i}", duties=["甲", "乙"]))
        f.link_procedure(post, f.procedure(dept, title=f"规程{code}-{i}"))
        f.link_regulation(post, reg, article=reg.articles.get(number=i + 1), level="apply")
    f.link_regulation(post, reg, chapter=reg.chapters.get(number=1), level="aware")
    f.link_regulation(post, reg, level="understand")
    post = f.publish(post)
    others = [f.post(dept, title=f"不相容{code}-{i}", code=f"{code}-X{i}") for i in range(n)]
    f.rule(name=f"不得兼任{code}", posts=[post, *others])
    return post


def count_queries(client, url):
    client.get(url)  # warm caches (site root paths) so both measurements start equal
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_post_page_shows_everything_it_links(client):
    dept = f.department()
    index = f.regulation_index()
    post = build_post(dept, index, 2, code="EB01")
    html = client.get(post.url).content.decode()
    for text in ["岗位EB01", "EB01", "职责0", "职责1", "职责集0", "甲", "要求1", "证书1", "规程EB01-0"]:
        assert text in html, text
    assert re.search(r'href="/zh-hans/[^"]*/reg-\d+/#article-1">第一条</a>', html)
    assert 'href="' in html and "#chapter-1\">第一章</a>" in html
    assert "level--apply" in html and "level--aware" in html
    assert f.ui("The whole regulation") in html
    assert "不相容EB01-0" in html and "不得兼任EB01" in html


def test_incompatible_posts_shown_on_both_sides(client):
    dept = f.department()
    entry = f.post(dept, title="录入岗", code="ENTRY")
    review = f.post(dept, title="复核岗", code="REVIEW")
    f.rule(posts=[entry, review])
    assert "复核岗" in client.get(entry.url).content.decode()
    html = client.get(review.url).content.decode()
    assert "录入岗" in html and "六岗分离、不得兼任" in html


def test_post_page_query_count_does_not_grow_with_links(client):
    dept = f.department()
    index = f.regulation_index()
    small = build_post(dept, index, 3, code="S")
    large = build_post(dept, index, 30, code="L")
    small_count, _ = count_queries(client, small.url)
    large_count, response = count_queries(client, large.url)
    assert "职责29" in response.content.decode() and "不相容L-29" in response.content.decode()
    assert small_count == large_count
    assert large_count <= 40


def test_english_post_page_query_count_is_bounded_too(client):
    dept = f.department()
    index = f.regulation_index()
    small = f.translate(build_post(dept, index, 3, code="S"), title="Small post")
    large = f.translate(build_post(dept, index, 30, code="L"), title="Large post")
    small_count, _ = count_queries(client, small.url)
    large_count, _ = count_queries(client, large.url)
    assert small_count == large_count


def test_post_page_renders_in_both_languages_with_translated_links(client):
    dept = f.department(title="电子银行部")
    index = f.regulation_index()
    reg = f.simple_regulation(index, title="电子银行业务管理办法")
    proc = f.procedure(dept, title="网银开户规程")
    ds = f.duty_set(code="POS", name="POS业务职责", duties=["维护POS商户"])
    post = f.post(dept, title="综合业务岗", code="EB-GEN", duties=["负责网银业务"], requirements=["大专以上学历"])
    f.link_regulation(post, reg, article=reg.articles.get(number=3), level="apply")
    f.link_procedure(post, proc)
    f.link_duty_set(post, ds)
    post = f.publish(post)

    en_dept = f.translate(dept, title="E-banking Department")
    f.translate(reg, title="Measures on E-banking")
    f.translate(proc, title="Online banking account opening")
    en_ds = ds.copy_for_translation(f.locale("en"))
    en_ds.name = "POS duties"
    en_ds.save()
    for duty in en_ds.duties.all():
        duty.text = "Maintain POS merchants"
        duty.save()
    en_post = f.translate(post, title="General business post")
    en_duty = en_post.duties.get()
    en_duty.text = "Handles online banking"
    en_duty.save()
    en_post = f.publish(en_post)

    zh_html = client.get(post.url).content.decode()
    assert '<html lang="zh-hans">' in zh_html
    assert "综合业务岗" in zh_html and "负责网银业务" in zh_html and "电子银行业务管理办法" in zh_html
    assert "第三条" in zh_html and "POS业务职责" in zh_html
    assert OUTDATED not in zh_html

    en_html = client.get(en_post.url).content.decode()
    assert en_post.url.startswith("/en/")
    assert en_dept.url in en_post.url
    assert '<html lang="en">' in en_html
    assert "General business post" in en_html and "Handles online banking" in en_html
    # links lead to the English regulation, procedure and duty set
    assert "Measures on E-banking" in en_html and "Article 3" in en_html
    assert re.search(r'href="/en/[^"]*#article-3"', en_html)
    assert "Online banking account opening" in en_html
    assert "POS duties" in en_html and "Maintain POS merchants" in en_html
    assert OUTDATED not in en_html


def test_links_fall_back_to_the_chinese_page_when_not_translated(client):
    dept = f.department()
    index = f.regulation_index()
    reg = f.simple_regulation(index, title="反洗钱管理办法")
    post = f.post(dept)
    f.link_regulation(post, reg)
    post = f.publish(post)
    en_post = f.translate(post, title="Entry post")
    html = client.get(en_post.url).content.decode()
    assert "反洗钱管理办法" in html and re.search(r'href="/zh-hans/[^"]*reg-\d+/"', html)


def test_outdated_translation_banner_appears_after_the_source_changes(client):
    dept = f.department()
    post = f.post(dept, title="录入岗", summary="原摘要")
    en_post = f.translate(post, title="Data entry post")
    assert OUTDATED not in client.get(en_post.url).content.decode()

    post.summary = "新摘要"
    f.publish(post)
    html = client.get(en_post.url).content.decode()
    assert OUTDATED in html
    assert f'href="{post.url}"' in html  # link to the Chinese original
    assert OUTDATED not in client.get(post.url).content.decode()

    # re-publishing the translation (the translator caught up) clears the banner
    f.publish(en_post)
    assert OUTDATED not in client.get(en_post.url).content.decode()


def test_a_draft_change_to_the_source_does_not_flag_the_translation(client):
    dept = f.department()
    post = f.post(dept)
    en_post = f.translate(post, title="Entry post")
    post.summary = "草稿"
    post.save_revision()
    assert OUTDATED not in client.get(en_post.url).content.decode()


def test_outdated_banner_uses_wagtail_localize_sync_time_when_present(client):
    from wagtail_localize.models import Translation, TranslationSource

    dept = f.department()
    post = f.post(dept)
    source, _created = TranslationSource.get_or_create_from_instance(post)
    translation = Translation.objects.create(source=source, target_locale=f.locale("en"))
    translation.save_target(publish=True)
    en_post = type(post).objects.get(translation_key=post.translation_key, locale__language_code="en")
    assert en_post.translation_status.via_localize
    assert OUTDATED not in client.get(en_post.url).content.decode()

    post.summary = "改了"
    f.publish(post)
    en_post.title = "Edited English title"  # editing the translation alone does not sync it
    f.publish(en_post)
    assert OUTDATED in client.get(en_post.url).content.decode()

    source.update_from_db()  # "Sync translated pages"
    assert OUTDATED not in client.get(en_post.url).content.decode()
