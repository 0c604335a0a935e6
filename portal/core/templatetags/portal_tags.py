"""Template tags for the page chrome: language switcher and breadcrumbs."""

from django import template
from django.apps import apps
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Locale, Page

register = template.Library()


def _home_url(language_code, request):
    home_page_model = apps.get_model(settings.PORTAL_HOME_PAGE_MODEL)
    home = home_page_model.objects.live().filter(locale__language_code=language_code).first()
    return home.get_url(request) if home else f"/{language_code}/"


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to this same page in each language.

    On a Wagtail page: its live translation, or that language's home page when there is none yet.
    On any other view: the same URL under the other language prefix.
    """
    request = context.get("request")
    page = context.get("page")
    current = get_language()
    translations = {}
    if isinstance(page, Page):
        for translated in page.get_translations(inclusive=True).live().select_related("locale"):
            translations[translated.locale.language_code] = translated
    links = []
    for code, name in settings.LANGUAGES:
        if isinstance(page, Page):
            url = translations[code].get_url(request) if code in translations else _home_url(code, request)
        else:
            url = translate_url(request.get_full_path() if request else "/", code)
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return {"links": links}


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    """The page's ancestors from the home page down (the tree root is not shown)."""
    page = context.get("page")
    if not isinstance(page, Page) or page.depth <= 2:
        return {"crumbs": [], "current": None}
    ancestors = page.get_ancestors().filter(depth__gte=2).specific(defer=True)
    return {"crumbs": list(ancestors), "current": page, "request": context.get("request")}


@register.simple_tag
def locale_home_url(request=None):
    return _home_url(get_language(), request)


@register.filter
def locale_name(locale: Locale) -> str:
    return dict(settings.LANGUAGES).get(locale.language_code, locale.language_code)
