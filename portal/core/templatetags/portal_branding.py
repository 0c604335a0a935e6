"""``{% admin_branding as brand %}`` for the admin's branding blocks (see ``portal.core.branding``)."""

from django import template

from portal.core.branding import admin_branding as _admin_branding

register = template.Library()


@register.simple_tag
def admin_branding():
    return _admin_branding()
