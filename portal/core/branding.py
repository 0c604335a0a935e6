"""The bank's own admin branding, from settings (``PORTAL_ADMIN_BRANDING``): the name shown in the admin's
title, sign-in heading and dashboard, the logo in the sidebar and on the sign-in page, the favicon, and
the colours. Wagtail's admin colours are CSS custom properties given as hue / saturation / lightness
(``--w-color-primary-hue`` …): a colour from settings is turned into those three here, so the shades
Wagtail derives from them (hover, active, borders) follow the bank's colours too.

Settings keys (all optional; ``PORTAL_BRAND_*`` environment variables feed them in production):
``name`` (str, translatable), ``logo`` and ``favicon`` (static paths), ``primary`` (the sidebar and
headers, a dark colour) and ``secondary`` (buttons and links) as ``#rrggbb``.
"""

from __future__ import annotations

import colorsys
import re
from dataclasses import dataclass

from django.conf import settings
from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _

DEFAULTS = {
    "name": _("Knowledge & Certification Portal"),
    "logo": "portal/brand/logo.svg",
    "favicon": "portal/brand/favicon.svg",
    "primary": "#083a66",
    "secondary": "#0b4f8a",
}
_HEX = re.compile(r"^#?([0-9a-fA-F]{6})$")


LINKS_IN_TEXT = "main p a:not(.button), main dd a:not(.button), .nice-padding p a:not(.button) { text-decoration: underline; }"
# Wagtail draws a disabled button as grey text on a grey bar, which staff read as a blank bar: keep its text legible
DISABLED_BUTTONS = (".button:disabled, .button[disabled], .button[aria-disabled=true] { background-color: #e3e3e3;"
                    " border-color: #8a8a8a; color: #333333; opacity: 1; }"
                    # an icon in a plain form's button is otherwise drawn at the SVG default, 300 px wide, pushing
                    # the label out of the bar
                    " .button svg.icon { width: 1rem; height: 1rem; flex-shrink: 0; margin-inline-end: .5rem; }")


@dataclass(frozen=True)
class Branding:
    name: str
    logo_url: str
    favicon_url: str
    css: str  # the :root declarations of Wagtail's colour properties


def hsl_parts(colour: str) -> tuple[float, float, float]:
    """``#rrggbb`` → (hue in degrees, saturation %, lightness %), rounded as Wagtail writes them."""
    match = _HEX.match(colour.strip())
    if not match:
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    value = match.group(1)
    r, g, b = (int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))
    h, lightness, s = colorsys.rgb_to_hls(r, g, b)
    return round(h * 360, 1), round(s * 100, 1), round(lightness * 100, 1)


def _properties(role: str, colour: str) -> str:
    hue, saturation, lightness = hsl_parts(colour)
    return (
        f"--w-color-{role}-hue: {hue}; --w-color-{role}-saturation: {saturation}%; "
        f"--w-color-{role}-lightness: {lightness}%;"
    )


def admin_branding() -> Branding:
    config = {**DEFAULTS, **getattr(settings, "PORTAL_ADMIN_BRANDING", {})}
    css = ":root { " + _properties("primary", config["primary"]) + " " + _properties("secondary", config["secondary"]) + " }"
    # A link inside running text must not be told apart by colour alone (WCAG 1.4.1, axe link-in-text-block):
    # Wagtail's listing help texts ("… add one") and download links in paragraphs are underlined.
    css += " " + LINKS_IN_TEXT + " " + DISABLED_BUTTONS
    return Branding(
        name=str(config["name"]),
        logo_url=static(config["logo"]),
        favicon_url=static(config["favicon"]),
        css=css,
    )
