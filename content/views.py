"""Views of the knowledge base that are not Wagtail pages."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import get_language

from content.models import PostPage
from content.services.post_details import load_post_details, locale_id_for, localize


@login_required
def my_posts(request):
    """The signed-in employee's posts — duties, procedures, regulations (to the article) and certifications —
    in the current language, in a fixed number of queries whatever the number of posts and links."""
    employee = getattr(request.user, "employee", None)
    locale_id = locale_id_for(get_language())
    posts = []
    if employee is not None:
        held = list(PostPage.objects.filter(assignments__employee=employee).live().order_by("title"))
        localized = localize(held, PostPage, locale_id)
        posts = [localized[p.pk] for p in held if localized.get(p.pk) is not None]
    return render(
        request,
        "content/my_posts.html",
        {"employee": employee, "posts": load_post_details(posts, locale_id)},
    )
