"""The knowledge base's panel of the home-page overview: the live posts the employee holds."""

from __future__ import annotations

from django.utils.translation import get_language

from content.models import PostPage
from content.services.post_details import locale_id_for, localize


def posts_panel(overview, employee, now) -> None:
    """The posts in the active language: each post's translation where there is one, else the Chinese page."""
    held = list(PostPage.objects.live().filter(assignments__employee=employee).order_by("title").distinct())
    localized = localize(held, PostPage, locale_id_for(get_language()))
    overview.posts = [localized.get(post.pk) or post for post in held]
