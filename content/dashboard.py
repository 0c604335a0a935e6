"""The knowledge base's panel of the home-page overview: the live posts the employee holds."""

from __future__ import annotations

from content.models import PostPage


def posts_panel(overview, employee, now) -> None:
    overview.posts = list(
        PostPage.objects.live().filter(assignments__employee=employee).order_by("title").distinct()
    )
