"""HR's register in the Wagtail admin: filters, Excel and CSV exports, the gap list, actions, permissions."""

import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from content.models import PostAssignment
from quizzes.certification.models import Certificate, PostCertificationRequirement
from quizzes.certification.register import gap_list

pytestmark = pytest.mark.django_db

INDEX = "/admin/certification/certificates/"


def test_hr_sees_the_certificate_register(client, hr, certificate):
    client.force_login(hr)
    response = client.get(INDEX)
    assert response.status_code == 200
    assert certificate.serial in response.content.decode()


def test_an_examiner_cannot_open_the_certificate_register(client, examiner_a, certificate):
    client.force_login(examiner_a)
    assert client.get(INDEX).status_code in (302, 403)


def test_register_filters_by_org_unit_subtree(client, hr, certificate, org_tree):
    client.force_login(hr)
    inside = client.get(INDEX, {"org_unit": org_tree["BR01"].pk}).content.decode()
    outside = client.get(INDEX, {"org_unit": org_tree["HO-EB"].pk}).content.decode()
    assert certificate.serial in inside and certificate.serial not in outside


def test_register_filters_by_expiry_window_and_status(client, hr, certificate):
    client.force_login(hr)
    Certificate.objects.filter(pk=certificate.pk).update(expires_on=timezone.localdate() + datetime.timedelta(days=45))
    assert certificate.serial not in client.get(INDEX, {"expires": "30"}).content.decode()
    assert certificate.serial in client.get(INDEX, {"expires": "60"}).content.decode()
    assert certificate.serial in client.get(INDEX, {"status": "valid"}).content.decode()
    assert certificate.serial not in client.get(INDEX, {"status": "expired"}).content.decode()


def test_register_exports_to_excel_with_chinese_names(client, hr, certificate):
    client.force_login(hr)
    response = client.get(INDEX, {"export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "证书编号"
    assert rows[1][0] == certificate.serial and rows[1][2] == "张晓明"


def test_register_exports_to_csv_that_excel_opens_as_utf8(client, hr, certificate):
    client.force_login(hr)
    response = client.get(INDEX, {"export": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    assert certificate.serial in body and "张晓明" in body


def test_grades_held_register_lists_awards(client, hr, award):
    client.force_login(hr)
    html = client.get("/admin/certification/grades-held/").content.decode()
    assert "张晓明" in html and "初级柜员" in html


def test_hr_revokes_a_certificate_in_the_admin_with_a_reason(client, hr, certificate):
    client.force_login(hr)
    url = f"{INDEX}{certificate.pk}/revoke/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "Issued in error"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED


def test_the_generic_edit_and_delete_views_are_closed_even_to_the_administrator(client, admin_user_role, certificate):
    client.force_login(admin_user_role)
    assert client.get(f"{INDEX}inspect/{certificate.pk}/").status_code == 200
    assert client.get(f"{INDEX}edit/{certificate.pk}/").status_code in (302, 403, 404)
    assert client.get(f"{INDEX}delete/{certificate.pk}/").status_code in (302, 403, 404)


def test_gap_list_names_a_holder_without_the_required_grade(org_tree, teller, levels, hr):
    post = _make_post("TELLER-01")
    PostAssignment.objects.create(employee=teller, post=post)
    PostCertificationRequirement.objects.create(post_code="TELLER-01", level=levels["T1"])
    gaps = gap_list()
    assert [(g.employee, g.post_code) for g in gaps] == [(teller, "TELLER-01")]


def test_a_higher_grade_of_the_same_scheme_closes_the_gap(org_tree, teller, levels, hr):
    from quizzes.certification.services.grading import award_grade_manually

    post = _make_post("TELLER-01")
    PostAssignment.objects.create(employee=teller, post=post)
    PostCertificationRequirement.objects.create(post_code="TELLER-01", level=levels["T1"])
    award_grade_manually(teller, levels["T2"], acting_user=hr, reason="Transferred")
    assert gap_list() == []


def test_gap_list_page_exports_to_excel(client, hr, org_tree, teller, levels):
    post = _make_post("TELLER-01")
    PostAssignment.objects.create(employee=teller, post=post)
    PostCertificationRequirement.objects.create(post_code="TELLER-01", level=levels["T1"])
    client.force_login(hr)
    assert "张晓明" in client.get("/admin/certification/gaps/").content.decode()
    response = client.get("/admin/certification/gaps/", {"export": "xlsx", "post": "TELLER-01"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][:2] == ("E10001", "张晓明")


def _make_post(code):
    """A post page under a department page under the Chinese home page."""
    from wagtail.models import Page

    from content.models import DepartmentPage, PostPage

    home = Page.objects.filter(depth=2).first()
    department = home.add_child(instance=DepartmentPage(title="营业部", slug="counter-dept"))
    return department.add_child(instance=PostPage(title="综合柜员", slug=code.lower(), code=code))


def test_award_and_skill_result_pages_render_with_their_audit_trail(client, hr, award, scheme, teller, examiner_a):
    from quizzes.certification.models import SkillTestType
    from quizzes.certification.services.results import enter_skill_result

    result = enter_skill_result(employee=teller, test_type=SkillTestType.objects.get(code="note-counting"), value=900,
                                errors=0, taken_on=timezone.localdate(), acting_user=examiner_a)
    client.force_login(hr)
    assert "Held before the portal" in client.get(f"/admin/certification/grades-held/inspect/{award.pk}/").content.decode()
    client.force_login(examiner_a)
    html = client.get(f"/admin/certification/skill-results/inspect/{result.pk}/").content.decode()
    assert "该成绩由您录入" in html or "another examiner must confirm" in html


def test_an_examiner_enters_a_skill_result_in_the_admin(client, examiner_a, scheme, teller):
    from quizzes.certification.models import SkillResult, SkillTestType

    client.force_login(examiner_a)
    response = client.post("/admin/certification/skill-results/enter/", {
        "employee": teller.pk, "test_type": SkillTestType.objects.get(code="chinese-entry").pk, "value": "42",
        "errors": "1", "taken_on": timezone.localdate().isoformat(), "session_label": "2026 春季",
    })
    assert response.status_code == 302
    result = SkillResult.objects.get()
    assert (result.entered_by, result.status) == (examiner_a, SkillResult.Status.PENDING)


def test_the_examiner_who_entered_a_result_is_refused_at_confirmation(client, examiner_a, scheme, teller):
    from quizzes.certification.models import SkillResult, SkillTestType
    from quizzes.certification.services.results import enter_skill_result

    result = enter_skill_result(employee=teller, test_type=SkillTestType.objects.get(code="note-counting"), value=900,
                                errors=0, taken_on=timezone.localdate(), acting_user=examiner_a)
    client.force_login(examiner_a)
    client.post(f"/admin/certification/skill-results/{result.pk}/confirm/", {})
    result.refresh_from_db()
    assert result.status == SkillResult.Status.PENDING


def test_hr_sees_what_a_person_is_still_missing(client, hr, award):
    client.force_login(hr)
    html = client.get("/admin/certification/gaps/progress/", {"employee": award.employee.pk}).content.decode()
    assert "中级柜员" in html and "尚无成绩" in html
    assert "持有初级柜员满 12 个月" in html


def test_the_progress_page_chooses_the_person_by_search_not_by_a_typed_number(client, hr, award):
    client.force_login(hr)
    html = client.get("/admin/certification/gaps/progress/").content.decode()
    assert 'data-search-chooser data-name="employee"' in html
    assert 'id="progress-employee"' not in html  # the old box for a typed employee number


def test_register_filters_by_post(client, hr, certificate, teller, org_tree):
    PostAssignment.objects.create(employee=teller, post=_make_post("TELLER-01"))
    PostCertificationRequirement.objects.create(post_code="OTHER", exam_code="RISK-01")
    client.force_login(hr)
    assert certificate.serial in client.get(INDEX, {"post": "TELLER-01"}).content.decode()
    assert certificate.serial not in client.get(INDEX, {"post": "OTHER"}).content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/certification/grades-held/award/",
        "/admin/certification/bulk-issue/",
        "/admin/certification/schemes/",
        "/admin/certification/levels/",
        "/admin/certification/skill-tests/",
        "/admin/certification/post-requirements/new/",
        "/admin/certification/exam-results/",
        "/admin/certification/skill-results/",
    ],
)
def test_hr_admin_pages_render(client, hr, certificate, url):
    client.force_login(hr)
    assert client.get(url).status_code == 200


def test_hr_edits_a_grade_level_with_its_requirements_inline(client, hr, levels):
    client.force_login(hr)
    html = client.get(f"/admin/certification/levels/edit/{levels['T2'].pk}/").content.decode()
    assert "TELLER-T2" in html and "理论考试" in html


def test_action_forms_render_for_hr(client, hr, certificate, award):
    client.force_login(hr)
    assert client.get(f"{INDEX}{certificate.pk}/reissue/").status_code == 200
    assert client.get(f"/admin/certification/grades-held/{award.pk}/withdraw/").status_code == 200


def test_a_second_examiner_confirms_in_the_admin(client, examiner_a, examiner_b, scheme, teller):
    from quizzes.certification.models import SkillResult, SkillTestType
    from quizzes.certification.services.results import enter_skill_result

    result = enter_skill_result(employee=teller, test_type=SkillTestType.objects.get(code="note-counting"), value=900,
                                errors=0, taken_on=timezone.localdate(), acting_user=examiner_a)
    client.force_login(examiner_b)
    assert client.get(f"/admin/certification/skill-results/{result.pk}/confirm/").status_code == 200
    client.post(f"/admin/certification/skill-results/{result.pk}/confirm/", {})
    result.refresh_from_db()
    assert (result.status, result.confirmed_by) == (SkillResult.Status.CONFIRMED, examiner_b)


def test_the_certificate_history_shows_the_revocation_and_its_reason(client, hr, certificate):
    client.force_login(hr)
    client.post(f"{INDEX}{certificate.pk}/revoke/", {"reason": "Issued in error"})
    inspect = client.get(f"{INDEX}inspect/{certificate.pk}/").content.decode()
    assert f"{INDEX}history/{certificate.pk}/" in inspect
    html = client.get(f"{INDEX}history/{certificate.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Issued in error" in html and ("证书已撤销" in html or "Certificate revoked" in html)


def test_an_examiner_may_not_read_the_certificate_history(client, examiner_a, certificate):
    client.force_login(examiner_a)
    assert client.get(f"{INDEX}history/{certificate.pk}/").status_code in (302, 403)


def test_listings_show_yes_no_as_icons_never_raw_true_false(client, hr, scheme):
    from tests.factories.certification import TheoryResultFactory

    TheoryResultFactory(passed=True)
    TheoryResultFactory(passed=False, score=40)
    client.force_login(hr)
    for url in ("/admin/certification/exam-results/", "/admin/certification/schemes/"):
        rows = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode().split("<tbody", 1)[1]
        words = " ".join(rows.split())
        assert "True" not in words and "False" not in words
        assert "icon-check" in rows and "是" in words
