"""The admin carries the bank's own branding from settings (name, logo, favicon, colours), not Wagtail's."""

import pytest
from django.test import override_settings
from django.urls import reverse

from portal.core.branding import admin_branding, hsl_parts
from portal.people.roles import EDITOR
from tests.factories.people import user_with_role


def test_a_hex_colour_becomes_wagtails_hue_saturation_and_lightness():
    assert hsl_parts("#0b4f8a") == (207.9, 85.2, 29.2)


def test_a_colour_that_is_not_hex_is_refused():
    with pytest.raises(ValueError):
        hsl_parts("purple")


@override_settings(PORTAL_ADMIN_BRANDING={"name": "示范农商银行", "primary": "#800000", "logo": "portal/brand/favicon.svg"})
def test_the_settings_choose_name_colour_and_logo():
    brand = admin_branding()
    assert brand.name == "示范农商银行"
    assert "--w-color-primary-hue: 0.0; --w-color-primary-saturation: 100.0%; --w-color-primary-lightness: 25.1%;" in brand.css
    assert brand.logo_url.endswith("portal/brand/favicon.svg")


@pytest.mark.django_db
@override_settings(PORTAL_ADMIN_BRANDING={"name": "示范农商银行", "secondary": "#006400"})
def test_the_admin_pages_show_the_banks_name_logo_and_colours_not_wagtails(client):
    client.force_login(user_with_role(EDITOR))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "<title>" in html and "示范农商银行</title>" in html.replace("\n", "")
    assert "--w-color-secondary-hue: 120.0;" in html
    assert 'href="/static/portal/brand/favicon.svg"' in html
    assert 'src="/static/portal/brand/logo.svg" alt="示范农商银行"' in html
    assert "wagtailadmin/images/favicon.ico" not in html


@pytest.mark.django_db
def test_the_sign_in_page_names_the_bank(client):
    html = client.get(reverse("wagtailadmin_login")).content.decode()
    assert "Wagtail" not in html.split("<body", 1)[1].split("<script", 1)[0]
