"""Hostile uploads in a real browser: the examiner sees the refusal, naming the limit, in both languages and at
phone and desktop widths; nothing is staged. Screenshots go to /work/wt/shots/iup/ (and test-results)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.users.models import UserProfile

from portal.core.models import StagedUpload
from portal.people.roles import EXAMINER
from tests.factories.people import user_with_role
from tests.portal.uploads_fixtures import PDF_BYTES, xlsx_bomb

pytestmark = pytest.mark.browser

SHOTS = Path("/work/wt/shots/iup")


def _sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("width", [390, 1366])
def test_a_zip_bomb_and_a_lying_pdf_are_refused_on_screen_with_the_limit(live_server, browser, transactional_db,
                                                                         language, width):
    user = user_with_role(EXAMINER, username=f"browser_examiner_{language}_{width}")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        _sign_in(page, live_server, user)
        SHOTS.mkdir(parents=True, exist_ok=True)
        for name, payload, expected in (
            ("bomb", xlsx_bomb(64), ("压缩炸弹", "zip bomb")),
            ("pdf", PDF_BYTES, ("PDF",)),
        ):
            page.goto(live_server.url + reverse("question_imports:upload"))
            page.set_input_files("input[name=file]", files=[{
                "name": "题库.xlsx", "mimeType": "application/octet-stream", "buffer": payload}])
            page.select_option("select[name=file_format]", "xlsx")
            page.fill("input[name=new_bank_path]", "培训/测验")
            page.locator("form[enctype='multipart/form-data'] button[type=submit], "
                         "form[enctype='multipart/form-data'] input[type=submit]").first.click()
            page.wait_for_load_state("networkidle")
            error = page.locator(".error-message, .w-field__errors").first
            text = error.inner_text()
            assert any(word in text for word in expected), text
            page.screenshot(path=str(SHOTS / f"question-import-{name}-{language}-{width}.png"), full_page=True)
        assert not StagedUpload.objects.exists()
    finally:
        context.close()
