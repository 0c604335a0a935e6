"""Procedure, manual and department pages."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from tests.factories import content as f

pytestmark = pytest.mark.django_db


def test_procedure_steps_with_post_deadline_control_forms_and_articles(client):
    dept = f.department()
    reg = f.simple_regulation(f.regulation_index(), n_articles=6, title="电子银行业务管理办法")
    post = f.post(dept, title="复核岗")
    document = Document(title="网银开户申请表")
    document.file.save("apply.pdf", ContentFile(b"%PDF-1.4"), save=False)
    document.save()
    proc = f.procedure(
        dept,
        title="企业网银开户操作规程",
        steps=[
            {"text": "受理客户申请，审核资料。", "deadline": "1个工作日内", "control": "signature",
             "forms": "企业网银开户申请表\n授权书", "documents": [document]},
            {"text": "复核开户信息。", "post": post, "control": "dual_review", "frequency": "per_event",
             "articles": [reg.articles.get(number=4), reg.articles.get(number=2)]},
        ],
    )
    html = client.get(proc.url).content.decode()
    assert '<ol class="step-list">' in html and 'id="step-2"' in html
    assert "受理客户申请" in html and "1个工作日内" in html
    assert "企业网银开户申请表" in html and "授权书" in html
    assert document.url in html and "网银开户申请表" in html
    assert f'<a href="{post.url}">复核岗</a>' in html
    assert f.ui("Dual review (双人复核)") in html and f.ui("Signature (签字确认)") in html
    assert html.index(f'{reg.url}#article-2') < html.index(f'{reg.url}#article-4')


def test_procedure_steps_are_kept_in_revisions():
    dept = f.department()
    reg = f.simple_regulation(f.regulation_index(), n_articles=3)
    proc = f.procedure(dept, steps=[{"text": "第一步", "articles": [reg.articles.get(number=1)]}])
    revision = proc.latest_revision.as_object()
    assert [a.number for a in revision.steps.first().articles.all()] == [1]


def test_manual_page_renders_headings_with_toc_anchors(client):
    dept = f.department()
    manual = f.manual(
        dept,
        body=[
            ("heading", {"text": "第一部分 开户", "level": "h2"}),
            ("paragraph", "第一段。\n第二段。"),
            ("heading", {"text": "注意事项", "level": "h3"}),
            ("note", {"kind": "warning", "text": "<p>不得代客操作。</p>"}),
        ],
    )
    html = client.get(manual.url).content.decode()
    toc = manual.table_of_contents
    assert f'<a href="#{toc[0].anchor}">第一部分 开户</a>' in html
    assert f'<h2 id="{toc[0].anchor}">第一部分 开户</h2>' in html
    assert f'<h3 id="{toc[1].anchor}">注意事项</h3>' in html
    assert "不得代客操作" in html and "notice--warning" in html


def test_department_page_lists_units_posts_procedures_and_manuals(client):
    dept = f.department(title="电子银行部", intro="负责全行电子银行业务。")
    unit = f.department(dept, title="客户服务中心")
    post = f.post(dept, title="产品经理岗", code="EB-PM", summary="负责产品设计")
    f.procedure(dept, title="网银开户操作规程")
    f.manual(dept, title="网银操作手册")
    f.post(dept, title="草稿岗", live=False)
    html = client.get(dept.url).content.decode()
    assert "负责全行电子银行业务。" in html
    assert f'<a href="{unit.url}">客户服务中心</a>' in html
    assert f'<a href="{post.url}">产品经理岗</a>' in html and "EB-PM" in html
    assert "网银开户操作规程" in html and "网银操作手册" in html
    assert "草稿岗" not in html
