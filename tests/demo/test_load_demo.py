"""``load_demo`` on an empty database: what it builds, that a second run changes nothing, that it renders.

The demo is loaded once for the module (see conftest.py); each test reads it.
"""

import html
import json
import re
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.utils import translation
from wagtail.models import Page, Revision

from content.models import (
    DepartmentPage,
    DutySet,
    ManualPage,
    PostAssignment,
    PostPage,
    PostRegulationLink,
    ProcedurePage,
    ProcedureStep,
    RegulationPage,
    SegregationRule,
)
from portal.core.models import StagedUpload
from portal.textutils.chinese import has_traditional, strip_ruby
from quizzes.models import Question, QuestionStatus, QuestionVersion

pytestmark = pytest.mark.django_db

DATA = Path(settings.BASE_DIR) / "content" / "demo" / "data"
SEED_STAFF_NAMES = ["买买提艾力", "王彬", "王凯"]  # real names in the seeds' headings (README: dropped)


def zh(model):
    return model.objects.filter(locale__language_code="zh-hans")


def en(model):
    return model.objects.filter(locale__language_code="en")


def visible_text(response) -> str:
    body = response.content.decode()
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", body, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


# ------------------------------------------------------------------------------------------ counts


def test_load_demo_creates_every_post_in_both_languages(demo):
    assert zh(PostPage).live().count() == 45
    assert en(PostPage).live().count() == 45
    assert set(en(PostPage).values_list("translation_key", flat=True)) == set(
        zh(PostPage).values_list("translation_key", flat=True)
    )


def test_load_demo_creates_a_department_page_per_org_unit_below_the_head_office(demo):
    assert zh(DepartmentPage).live().count() == 35
    assert en(DepartmentPage).live().count() == 35
    eb = zh(DepartmentPage).get(org_unit__code="EB")
    assert sorted(c.specific.org_unit.code for c in eb.get_children().type(DepartmentPage)) == [
        "EB-CSC", "EB-MGT", "EB-OPS", "EB-PRD",
    ]


def test_load_demo_parses_each_regulation_with_its_article_count(demo):
    counts = {r.slug: r.articles.count() for r in zh(RegulationPage).live()}
    assert counts == {"reg-eb-2006": 8, "reg-eb-basic": 6, "reg-gwk": 6}
    assert all(r.is_excerpt for r in RegulationPage.objects.all())
    main = zh(RegulationPage).get(slug="reg-eb-2006")
    assert [(c.number, c.title) for c in main.chapters.all()] == [(1, "总则"), (2, "申请与变更")]
    assert [(a.number, a.chapter_number) for a in main.articles.all()] == [(n, 1) for n in range(1, 8)] + [(8, 2)]
    assert main.document_number == "中国银行业监督管理委员会令2006年第5号"
    assert str(main.effective_date) == "2006-03-01"


def test_the_english_main_regulation_shares_the_chinese_articles_identities(demo):
    source = zh(RegulationPage).get(slug="reg-eb-2006")
    english = en(RegulationPage).get(translation_key=source.translation_key)
    assert english.title == "Measures for the Administration of Electronic Banking Business"
    pairs = list(zip(source.articles.all(), english.articles.all(), strict=True))
    assert len(pairs) == 8
    assert all(a.key == b.key and a.translation_key == b.translation_key for a, b in pairs)
    assert english.articles.get(number=7).text.startswith("The CBRC is responsible")


def test_load_demo_creates_procedures_with_their_steps(demo):
    assert zh(ProcedurePage).live().count() == 20
    assert en(ProcedurePage).live().count() == 20
    steps = ProcedureStep.objects.filter(page__locale__language_code="zh-hans")
    assert steps.count() == 140
    assert steps.filter(post__isnull=True).count() == 0
    assert steps.exclude(articles=None).distinct().count() > 0


def test_load_demo_links_posts_to_regulations_down_to_the_article_with_levels(demo):
    links = PostRegulationLink.objects.filter(page__locale__language_code="zh-hans")
    assert links.filter(article__isnull=False).count() == 33
    head = zh(PostPage).get(code="BR-EB-HEAD")
    chapter_link = head.regulation_links.get(chapter__isnull=False)
    assert (chapter_link.chapter.number, chapter_link.chapter.title, chapter_link.level) == (2, "申请与变更", "apply")
    assert set(links.values_list("level", flat=True)) == {"aware", "understand", "apply"}
    oper = zh(PostPage).get(code="EB-OPER")
    assert sorted(link.article.number for link in oper.regulation_links.filter(article__isnull=False)) == [5, 6]


def test_duty_sets_are_shared_by_posts_and_translated(demo):
    assert zh(DutySet).count() == 26 and en(DutySet).count() == 26
    shared = zh(DutySet).get(code="OUT-EB")
    assert sorted(shared.post_links.filter(page__locale__language_code="zh-hans").values_list("page__code", flat=True)) == [
        "OUT-HEAD", "OUT-SUP",
    ]


def test_load_demo_loads_the_segregation_rules(demo):
    six = SegregationRule.objects.get(name__startswith="录入、复核、授信审批")
    assert sorted(six.members.values_list("post__code", flat=True)) == sorted(
        ["EB-GWK-ENTRY", "EB-GWK-REVIEW", "EB-GWK-APPROVE", "EB-GWK-CARD", "EB-GWK-RISK", "EB-GWK-SYS"]
    )
    assert SegregationRule.objects.count() == 4


def test_load_demo_assigns_the_demo_people_to_their_posts(demo):
    assert PostAssignment.objects.count() == 38
    assert list(PostAssignment.objects.filter(employee__user__username="employee").values_list("post__code", flat=True)) == [
        "BR-EB-GEN"
    ]


def test_load_demo_creates_the_manuals_with_a_table_of_contents(demo):
    manual = zh(ManualPage).get(slug="man-eb-hq")
    assert len(manual.table_of_contents) > 5
    assert en(ManualPage).filter(translation_key=manual.translation_key).exists()


def test_load_demo_loads_the_questions_per_bank_all_active(demo):
    per_bank = Counter(q.bank.full_path for q in Question.objects.select_related("bank__category"))
    assert per_bank == {
        "柜员等级评定/电子银行部分（旧题库）": 46,
        "内部培训/电子银行中心培训考试": 14,
        "电子银行/法规": 42,
        "电子银行/岗位职责": 37,
        "电子银行/操作规程": 45,
        "运营管理/柜面业务": 37,
        "岗位分离与内控": 31,
    }
    assert not Question.objects.exclude(status=QuestionStatus.ACTIVE).exists()


def test_the_teller_seed_is_rejected_whole_and_its_four_defects_are_reported(demo):
    record = StagedUpload.objects.get(file_name="seed_teller_bank.txt", status=StagedUpload.Status.REJECTED)
    assert record.issue_count == 4
    for line in ("skipped line 7:", "skipped line 17:", "skipped line 171:", "skipped line 315:"):
        assert line in demo


def test_the_import_log_also_records_the_46_teller_questions_that_went_in(demo):
    record = StagedUpload.objects.get(file_name="seed_teller_bank.txt", status=StagedUpload.Status.APPLIED)
    assert record.summary == {"create": 46, "questions": 46, "left_out": 4}
    with translation.override("zh-hans"):
        assert record.outcome_label == "已导入：新增 46 条；另有 4 条有错误未导入"


def test_written_questions_are_linked_to_their_knowledge_points(demo):
    written = Question.objects.filter(source_file__endswith="questions.json")
    assert written.count() == 192
    assert not written.filter(regulation_articles=None, procedures=None, posts=None).exists()
    payload = json.loads((Path(settings.BASE_DIR) / "quizzes/demo/data/questions.json").read_text(encoding="utf-8"))
    first = written.get(source_number=1)
    assert first.regulation_articles.get().page.slug == "reg-eb-2006"
    assert first.current_version.stem_en == payload["questions"][0]["stem_en"]
    assert Question.objects.filter(regulation_articles__page__locale__language_code="en").count() == 0


def test_load_demo_seeds_the_certification_side(demo):
    GradeAward = apps.get_model("certification", "GradeAward")
    PostCertificationRequirement = apps.get_model("certification", "PostCertificationRequirement")
    assert PostCertificationRequirement.objects.count() == 11
    assert PostCertificationRequirement.objects.get(post_code="OUT-TELLER").level.code == "T1"
    assert list(GradeAward.objects.values_list("employee__employee_number", "level__code")) == [("E0033", "T1")]


def test_load_demo_asks_the_demo_employee_to_acknowledge_the_rules_of_their_post(demo):
    Acknowledgement = apps.get_model("acknowledgements", "Acknowledgement")
    pending = Acknowledgement.objects.filter(employee__user__username="employee", status="pending")
    assert pending.exists()
    assert all(a.round.revision_id == a.round.page.live_revision_id for a in pending.select_related("round__page"))


def test_load_demo_prints_one_login_per_role(demo):
    logins = dict(re.findall(r"^  (\S+(?: reviewer| manager)?)\s+(\S+)\s+\S+$", demo, re.M))
    assert logins == {
        "Employee": "employee", "Examiner": "examiner", "HR": "hr", "Editor": "editor",
        "Compliance reviewer": "reviewer", "Administrator": "admin", "Branch manager": "branch",
    }


# ------------------------------------------------------------------------------------------ idempotent


def _state():
    counts = {m._meta.label: m.objects.count() for m in apps.get_models() if m._meta.managed}
    counts["latest revisions"] = sorted(Page.objects.values_list("latest_revision_id", flat=True), key=str)
    counts["versions"] = sorted(QuestionVersion.objects.values_list("pk", "question_id"))
    return counts


def test_a_second_load_demo_changes_nothing(demo):
    before = _state()
    revisions = Revision.objects.count()
    call_command("load_demo", stdout=StringIO())
    assert Revision.objects.count() == revisions
    assert _state() == before


# ------------------------------------------------------------------------------------------ rendering


def _ebanking_posts():
    units = zh(DepartmentPage).filter(title="电子银行部")
    return [p for unit in units for p in zh(PostPage).descendant_of(unit).live()]


def test_ebanking_post_pages_render_in_chinese_and_english(demo, client):
    posts = _ebanking_posts()
    assert len(posts) == 26
    for post in posts:
        english = en(PostPage).get(translation_key=post.translation_key)
        assert client.get(post.url).status_code == 200, post.url
        response = client.get(english.url)
        assert response.status_code == 200, english.url
        assert english.url.startswith("/en/")
        assert english.translation_status is not None and not english.translation_status.is_outdated


def test_main_regulation_renders_in_chinese_and_english(demo, client):
    source = zh(RegulationPage).get(slug="reg-eb-2006")
    english = en(RegulationPage).get(translation_key=source.translation_key)
    zh_text = visible_text(client.get(source.url))
    en_text = visible_text(client.get(english.url))
    assert source.url.startswith("/zh-hans/") and english.url.startswith("/en/")
    assert "第八条" in zh_text and "金融机构在中华人民共和国境内开办电子银行业务" in zh_text
    assert "Article 8" in en_text and "apply to, or report to, the CBRC" in en_text


def test_no_page_shows_seed_noise(demo, client):
    problems = []
    for page in Page.objects.filter(depth__gt=1).live().specific():
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        body = response.content.decode()
        text = visible_text(response)
        if "data:image" in body:
            problems.append((page.url, "image data URI"))
        if has_traditional(text):
            problems.append((page.url, "Traditional characters"))
        if strip_ruby(text) != text:
            problems.append((page.url, "pinyin ruby"))
        problems.extend((page.url, name) for name in SEED_STAFF_NAMES if name in text)
    assert problems == []


def test_no_question_holds_seed_noise(demo):
    problems = []
    for version in QuestionVersion.objects.all():
        text = "\n".join(
            [version.stem, *version.options, version.explanation, version.model_answer, version.marking_guide]
            + [answer for blank in version.blanks for answer in blank]
        )
        if "data:image" in text or has_traditional(text) or strip_ruby(text) != text or "\ufffd" in text:
            problems.append((version.question_id, text[:40]))
        problems.extend((version.question_id, name) for name in SEED_STAFF_NAMES if name in text)
    assert problems == []


def test_english_main_regulation_says_when_its_chinese_source_changed(demo, client):
    from tests.factories.content import publish, ui

    source = zh(RegulationPage).get(slug="reg-eb-2006")
    english = en(RegulationPage).get(translation_key=source.translation_key)
    outdated = ui("The Chinese original has changed since this translation.", "en")
    assert outdated not in client.get(english.url).content.decode()
    source.preamble += "\n（修订说明）"
    publish(source)
    assert outdated in client.get(english.url).content.decode()


def test_every_demo_post_page_renders_in_a_bounded_number_of_queries(demo, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for post in PostPage.objects.live():
        client.get(post.url)  # warm the site-root cache as a running server would have it
        with CaptureQueriesContext(connection) as queries:
            assert client.get(post.url).status_code == 200
        counts[post.url] = len(queries.captured_queries)
    richest = zh(PostPage).get(code="BR-EB-GEN")
    assert counts[richest.url] <= 40, counts[richest.url]
    assert max(counts.values()) <= 40, max(counts.items(), key=lambda item: item[1])


def test_child_rows_are_stored_with_their_order(demo):
    from content.models import Duty, PostDuty, RegulationArticle

    for model in (RegulationArticle, PostDuty, ProcedureStep, Duty, PostRegulationLink):
        assert not model.objects.filter(sort_order__isnull=True).exists(), model.__name__
    for regulation in RegulationPage.objects.all():
        numbers = [a.number for a in regulation.articles.all()]
        assert numbers == sorted(numbers)


def test_every_demo_login_signs_in_with_the_demo_password(demo, client):
    for username in ("employee", "examiner", "hr", "editor", "reviewer", "admin"):
        assert client.login(username=username, password="demo-2026"), username
        client.logout()
