"""Archives of a closed sitting and printed paper sittings (issue 16)."""

import datetime
import hashlib
import io
import json
import subprocess
import zipfile
from decimal import Decimal

import pytest
from django.core.files.storage import storages
from django.urls import reverse
from django.utils import timezone

from portal.people.roles import EMPLOYEE, EXAMINER
from quizzes.exams.models import ArchiveKind, Attempt, Sitting, SittingArchive
from quizzes.exams.services import archives, paper, paper_entry
from quizzes.exams.services.errors import ExamError
from tests.exams.test_candidate_api import start
from tests.exams.test_new_types_api import post_json, save_url
from tests.factories.exams import exam_with_all_types, matching_numerical_exam
from tests.factories.people import user_with_role


def pdf_text(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


@pytest.fixture
def handed_in(client, candidate_user, candidate):
    sitting, questions = matching_numerical_exam(employees=[candidate])
    client.force_login(candidate_user)
    attempt = start(client, sitting)
    post_json(client, save_url(attempt, 1), {"response": [0, 1, 2]})
    post_json(client, save_url(attempt, 2), {"response": "150"})
    client.post(reverse("exams:api_submit", args=[attempt.pk]), "{}", content_type="application/json")
    Sitting.objects.filter(pk=sitting.pk).update(closes_at=timezone.now() - datetime.timedelta(minutes=1))
    sitting.refresh_from_db()
    return sitting, attempt


def test_an_archive_zip_holds_a_pdf_per_attempt_whose_hashes_verify(handed_in):
    sitting, attempt = handed_in
    archive = archives.archive_sitting(sitting)
    data = storages["private"].open(archive.path, "rb").read()
    assert hashlib.sha256(data).hexdigest() == archive.sha256
    bundle = zipfile.ZipFile(io.BytesIO(data))
    manifest = json.loads(bundle.read("manifest.json"))
    assert [f["attempt"] for f in manifest["files"]] == [attempt.pk]
    for entry in manifest["files"]:
        assert hashlib.sha256(bundle.read(entry["file"])).hexdigest() == entry["sha256"]
    row = SittingArchive.objects.get(kind=ArchiveKind.ATTEMPT_PDF)
    assert row.sha256 == manifest["files"][0]["sha256"]


def test_an_attempt_pdf_holds_the_frozen_questions_answers_and_marks(handed_in):
    sitting, attempt = handed_in
    archives.archive_sitting(sitting)
    row = SittingArchive.objects.get(kind=ArchiveKind.ATTEMPT_PDF)
    text = pdf_text(storages["private"].open(row.path, "rb").read())
    assert "将业务与办理柜台配对" in text and "到期利息" in text and "4.00" in text and attempt.candidate_code in text


def test_an_open_sitting_cannot_be_archived(client, candidate_user, candidate):
    sitting, _ = matching_numerical_exam(employees=[candidate])
    with pytest.raises(ExamError):
        archives.archive_sitting(sitting)


def test_only_an_archive_holder_downloads_an_archive(client, handed_in):
    sitting, _attempt = handed_in
    archive = archives.archive_sitting(sitting)
    url = reverse("exams_archive_download", args=[archive.pk])
    client.force_login(user_with_role(EMPLOYEE, username="nosy", employee=True))
    assert client.get(url).status_code in (302, 403)
    client.force_login(user_with_role(EXAMINER, username="exam16"))
    response = client.get(url)
    assert response.status_code == 200 and response["X-Content-SHA256"] == archive.sha256
    assert client.get(reverse("exams_archive_download", args=[999999]), follow=True).status_code == 404


def test_archiving_is_a_post_by_an_archive_holder(client, handed_in):
    sitting, _ = handed_in
    url = reverse("exams_archive_create", args=[sitting.pk])
    client.force_login(user_with_role(EMPLOYEE, username="nosy2", employee=True))
    assert client.post(url).status_code in (302, 403) and not SittingArchive.objects.exists()
    client.force_login(user_with_role(EXAMINER, username="exam17"))
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302 and SittingArchive.objects.filter(kind="sitting_zip").count() == 1


def test_a_printed_paper_holds_every_question_of_that_candidates_draw(candidate):
    sitting, _ = exam_with_all_types(employees=[candidate])
    items = paper.paper_items(sitting, candidate)
    text = pdf_text(paper.render_papers(sitting, [candidate], kind="papers"))
    flat = "".join(text.split())
    for item in items:
        assert "".join(item.version.stem.split()) in flat
    assert candidate.employee_number in text


def test_each_candidate_gets_their_own_reproducible_draw(candidate, other_candidate):
    sitting, _ = exam_with_all_types(employees=[candidate, other_candidate])
    first = [i.option_order for i in paper.paper_items(sitting, candidate)]
    assert first == [i.option_order for i in paper.paper_items(sitting, candidate)]
    assert paper.paper_seed(sitting, candidate) != paper.paper_seed(sitting, other_candidate)


def test_the_key_pdf_needs_the_answer_key_permission(client, candidate):
    sitting, _ = matching_numerical_exam(employees=[candidate])
    url = reverse("exams_paper_print", args=[sitting.pk, "key"])
    client.force_login(user_with_role(EMPLOYEE, username="nosy3", employee=True))
    assert client.get(url).status_code in (302, 403)
    client.force_login(user_with_role(EXAMINER, username="exam18"))
    response = client.get(url)
    assert response.status_code == 200 and "150" in pdf_text(response.content)
    assert client.get(reverse("exams_paper_print", args=[sitting.pk, "etc"]), follow=True).status_code == 404
    assert client.get(url + "?employee=abc", follow=True).status_code == 404


def _sheet(sitting, candidate):
    """The right answers of the candidate's printed paper, as an examiner copies them (display letters)."""
    texts = {}
    for item in paper.paper_items(sitting, candidate):
        position = {original: shown for shown, original in enumerate(item.option_order)}
        letters = "ABCDEFGH"
        if item.version.type == "numerical":
            texts[str(item.position)] = "150"
        else:
            texts[str(item.position)] = "".join(letters[position[c]] for c in item.version.correct)
    return texts


def test_paper_answers_entered_by_one_examiner_wait_for_the_second(candidate):
    sitting, _ = matching_numerical_exam(employees=[candidate])
    first = user_with_role(EXAMINER, username="ex_a")
    outcome = paper_entry.enter_answers(sitting, candidate, _sheet(sitting, candidate), acting_user=first)
    assert outcome.status == "waiting" and not Attempt.objects.exists()


def test_the_same_examiner_entering_twice_does_not_confirm(candidate):
    sitting, _ = matching_numerical_exam(employees=[candidate])
    first = user_with_role(EXAMINER, username="ex_b")
    paper_entry.enter_answers(sitting, candidate, _sheet(sitting, candidate), acting_user=first)
    assert paper_entry.enter_answers(sitting, candidate, _sheet(sitting, candidate), acting_user=first).status == "waiting"
    assert not Attempt.objects.exists()


def test_two_examiners_who_disagree_are_shown_the_question_and_nothing_is_scored(candidate):
    sitting, _ = matching_numerical_exam(employees=[candidate])
    sheet = _sheet(sitting, candidate)
    paper_entry.enter_answers(sitting, candidate, sheet, acting_user=user_with_role(EXAMINER, username="ex_c"))
    outcome = paper_entry.enter_answers(sitting, candidate, {**sheet, "2": "15"},
                                        acting_user=user_with_role(EXAMINER, username="ex_d"))
    assert (outcome.status, outcome.differences) == ("mismatch", [2])
    assert not Attempt.objects.exists()


def test_two_examiners_who_agree_get_the_paper_scored_as_an_attempt(candidate):
    sitting, _ = matching_numerical_exam(employees=[candidate])
    sheet = _sheet(sitting, candidate)
    paper_entry.enter_answers(sitting, candidate, sheet, acting_user=user_with_role(EXAMINER, username="ex_e"))
    outcome = paper_entry.enter_answers(sitting, candidate, sheet, acting_user=user_with_role(EXAMINER, username="ex_f"))
    assert outcome.status == "confirmed"
    attempt = Attempt.objects.get()
    assert (attempt.status, attempt.score, attempt.submit_reason) == ("final", Decimal("4.00"), "paper")


def test_an_answer_that_does_not_fit_its_question_is_refused(candidate):
    sitting, _ = matching_numerical_exam(employees=[candidate])
    with pytest.raises(ValueError):
        paper_entry.enter_answers(sitting, candidate, {"1": "XYZ", "9": "A"},
                                  acting_user=user_with_role(EXAMINER, username="ex_g"))


def test_an_employee_cannot_enter_paper_answers(candidate):
    sitting, _ = matching_numerical_exam(employees=[candidate])
    with pytest.raises(ExamError):
        paper_entry.enter_answers(sitting, candidate, {"2": "150"},
                                  acting_user=user_with_role(EMPLOYEE, username="nosy4", employee=True))


def test_examiners_enter_a_paper_through_the_admin_page(client, candidate):
    sitting, _ = matching_numerical_exam(employees=[candidate])
    url = reverse("exams_paper_enter", args=[sitting.pk, candidate.pk])
    form = {f"a{k}": v for k, v in _sheet(sitting, candidate).items()}
    client.force_login(user_with_role(EMPLOYEE, username="nosy5", employee=True))
    assert client.post(url, form).status_code in (302, 403)
    for name in ("ex_h", "ex_i"):
        client.force_login(user_with_role(EXAMINER, username=name))
        assert client.get(url, follow=True).status_code == 200
        assert client.post(url, form).status_code == 302
    assert Attempt.objects.get().score == Decimal("4.00")
