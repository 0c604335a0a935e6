"""The certificate PDF: A4 landscape, the Chinese name and serial as real text, every font embedded."""

import io

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from quizzes.certification.services.freezing import Subject
from quizzes.certification.services.grading import award_grade_manually
from quizzes.certification.services.issuing import issue_certificate
from tests.factories.people import EmployeeFactory

pytestmark = pytest.mark.django_db


def _reader(certificate) -> PdfReader:
    certificate.pdf.open("rb")
    try:
        return PdfReader(io.BytesIO(certificate.pdf.read()))
    finally:
        certificate.pdf.close()


def _fonts(reader):
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            yield font, (descendants[0].get_object() if descendants else font)["/FontDescriptor"].get_object()


def test_pdf_text_contains_the_chinese_name_and_the_serial(certificate):
    text = _reader(certificate).pages[0].extract_text()
    assert "张晓明" in text
    assert certificate.serial in text
    compact = text.replace(" ", "")
    assert "柜员等级证书" in compact and "TELLERGRADECERTIFICATE" in compact.upper()


def test_pdf_is_one_a4_landscape_page(certificate):
    reader = _reader(certificate)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)


def test_every_font_in_the_pdf_is_embedded(certificate):
    fonts = list(_fonts(_reader(certificate)))
    assert fonts
    for font, descriptor in fonts:
        assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]


def test_a_rare_character_in_a_name_is_printed_from_the_full_font_and_embedded(org_tree, levels, hr):
    employee = EmployeeFactory(name="王喆堃", org_unit=org_tree["BR01"])
    award = award_grade_manually(employee, levels["T1"], acting_user=hr, reason="Test")
    certificate, _created = issue_certificate(Subject.for_award(award), acting_user=hr)
    reader = _reader(certificate)
    assert "王喆堃" in reader.pages[0].extract_text()
    names = {str(font["/BaseFont"]).split("+")[-1] for font, _descriptor in _fonts(reader)}
    assert names == {"CertificateCommon", "CertificateFull"}


def test_a_name_the_font_cannot_print_is_refused_rather_than_printed_as_boxes(org_tree, levels, hr):
    employee = EmployeeFactory(name="张\U0001F600", org_unit=org_tree["BR01"])
    award = award_grade_manually(employee, levels["T1"], acting_user=hr, reason="Test")
    with pytest.raises(ValidationError) as refused:
        issue_certificate(Subject.for_award(award), acting_user=hr)
    assert refused.value.code == "missing_glyphs"


def test_the_pdf_fingerprint_is_stored_with_the_certificate(certificate):
    import hashlib

    certificate.pdf.open("rb")
    assert hashlib.sha256(certificate.pdf.read()).hexdigest() == certificate.content_hash


def _decode_qr(certificate, tmp_path) -> str:
    """The text of the QR code printed on the certificate, read from a 200 dpi rendering by zbar."""
    import shutil
    import subprocess

    if not (shutil.which("pdftoppm") and shutil.which("zbarimg")):
        pytest.skip("pdftoppm and zbarimg are needed (apt-get install poppler-utils zbar-tools)")
    pdf_path = tmp_path / "certificate.pdf"
    certificate.pdf.open("rb")
    try:
        pdf_path.write_bytes(certificate.pdf.read())
    finally:
        certificate.pdf.close()
    subprocess.run(["pdftoppm", "-png", "-r", "200", "-singlefile", pdf_path, tmp_path / "page"], check=True)
    result = subprocess.run(["zbarimg", "-q", "--raw", tmp_path / "page.png"], capture_output=True, text=True)
    return result.stdout.strip()


def test_the_printed_qr_code_decodes_to_the_verification_url(certificate, tmp_path):
    assert _decode_qr(certificate, tmp_path) == certificate.frozen["verify_url"]


def test_bulk_issued_pdfs_use_the_runs_own_font_and_print_every_name_with_embedded_fonts(org_tree, levels, hr, tmp_path):
    from quizzes.certification import fonts
    from quizzes.certification.services.issuing import BATCH_FONT_MIN, bulk_issue, subjects_for_level

    names = ["李明"] * BATCH_FONT_MIN + ["王喆堃"]
    for name in names:
        award_grade_manually(EmployeeFactory(name=name, org_unit=org_tree["BR01"]), levels["T1"], acting_user=hr, reason="T")

    outcome = bulk_issue(subjects_for_level(levels["T1"].pk), acting_user=hr, workers=1)

    assert len(outcome.issued) == len(names)
    rare = next(c for c in outcome.issued if c.holder.name == "王喆堃")
    reader = _reader(rare)
    assert "王喆堃" in reader.pages[0].extract_text()
    base_fonts = {str(font["/BaseFont"]) for font, _descriptor in _fonts(reader)}
    assert any(fonts.BATCH_FAMILY in name for name in base_fonts)
    for font, descriptor in _fonts(reader):
        assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]
    assert _decode_qr(rare, tmp_path) == rare.frozen["verify_url"]
    assert not list(fonts.batch_dir().glob("*.otf"))  # the run's font is removed afterwards


def test_a_certificate_rendered_in_a_new_thread_reuses_the_process_font_configuration(certificate):
    import threading

    from quizzes.certification import pdf

    pdf.warm_up()
    main_config = pdf._font_config()
    seen = []
    thread = threading.Thread(target=lambda: (pdf.warm_up(), seen.append(pdf._font_config())))
    thread.start()
    thread.join()
    assert seen == [main_config]


def test_the_warm_up_render_leaves_the_next_certificate_identical_in_text(award, hr):
    from quizzes.certification import pdf

    pdf.warm_up()
    certificate, _created = issue_certificate(Subject.for_award(award), acting_user=hr)
    text = _reader(certificate).pages[0].extract_text()
    assert "张晓明" in text and certificate.serial in text and "WARM-UP" not in text


def _other_certificate(frozen: dict, serial: str, name: str) -> dict:
    return {**frozen, "serial": serial, "holder_name": name, "verify_url": frozen["verify_url"] + serial + "/"}


def test_certificates_laid_out_together_are_each_the_same_pdf_as_rendered_alone(certificate):
    from quizzes.certification import pdf

    group = [certificate.frozen, _other_certificate(certificate.frozen, "2026-BR01-999999", "李明")]

    assert pdf.render_certificates(group) == [pdf.render_certificate(frozen) for frozen in group]


def test_each_pdf_of_a_group_is_one_page_with_its_own_title_text_and_qr_code(certificate, tmp_path):
    from quizzes.certification import pdf

    other = _other_certificate(certificate.frozen, "2026-BR01-999999", "李明")
    first, second = pdf.render_certificates([certificate.frozen, other])

    reader = PdfReader(io.BytesIO(second))
    assert len(reader.pages) == 1
    assert other["serial"] in reader.metadata.title and certificate.serial not in reader.metadata.title
    text = reader.pages[0].extract_text()
    assert "李明" in text and other["serial"] in text and certificate.serial not in text
    certificate.pdf.save("second.pdf", io.BytesIO(second), save=False)
    assert _decode_qr(certificate, tmp_path) == other["verify_url"]


def test_markup_expat_refuses_is_still_rendered_by_the_html5_parser(certificate):
    from quizzes.certification import pdf

    frozen = _other_certificate(certificate.frozen, "2026-BR01-999998", "李\x01明")  # not a character XML allows

    reader = PdfReader(io.BytesIO(pdf.render_certificate(frozen)))
    assert len(reader.pages) == 1 and "2026-BR01-999998" in reader.metadata.title


def test_the_seal_and_signature_drawn_from_their_recording_give_the_same_pdf_as_drawing_them_afresh(certificate):
    from quizzes.certification import pdf

    pdf.reset_caches()
    drawn = pdf.render_certificate(certificate.frozen)  # the first layout loads the images and draws them
    recorded = pdf.render_certificate(certificate.frozen)  # records each drawing
    replayed = pdf.render_certificate(certificate.frozen)  # appends the recorded operators

    recordings = [r for image in pdf._local.recorded_images.values() for r in image._recorded.values()]
    assert len(recordings) == 2 and all(r is not None for r in recordings)
    assert drawn == recorded == replayed


def test_an_svg_with_a_transparency_group_is_drawn_afresh_each_time(certificate, tmp_path, settings):
    from quizzes.certification import pdf

    seal = tmp_path / "seal.svg"
    seal.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" viewBox="0 0 10 10">'
                    '<g opacity="0.5"><rect width="10" height="10" fill="#c8161d"/></g></svg>')
    settings.PORTAL_CERTIFICATE_SEAL = str(seal)
    pdf.reset_caches()
    try:
        first = [pdf.render_certificate(certificate.frozen) for _ in range(3)]
        image = pdf._local.recorded_images[seal.resolve().as_uri()]
        assert list(image._recorded.values()) == [None]  # not recordable: drawn as WeasyPrint draws it
        assert first[0] == first[1] == first[2]
    finally:
        settings.PORTAL_CERTIFICATE_SEAL = ""
        pdf.reset_caches()


def test_the_qr_code_is_drawn_as_vector_squares_not_embedded_as_an_image(certificate):
    from quizzes.certification import pdf

    reader = PdfReader(io.BytesIO(pdf.render_certificate(certificate.frozen)))
    x_objects = reader.pages[0]["/Resources"].get("/XObject") or {}
    assert not [x for x in x_objects.values() if x.get_object().get("/Subtype") == "/Image"]
    assert not pdf._image_cache().get(pdf.qr_image_url(certificate.frozen["verify_url"]))  # only for its layout
