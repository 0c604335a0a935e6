"""The search page. Searches live pages of the current language through Wagtail's search backend."""

from django.core.paginator import Paginator
from django.shortcuts import render
from wagtail.models import Locale, Page

MAX_QUERY_LENGTH = 200


def search(request):
    query = (request.GET.get("q") or "").strip()[:MAX_QUERY_LENGTH]
    results = Page.objects.none()
    if query:
        pages = Page.objects.live().public().filter(locale=Locale.get_active(), depth__gt=1)
        results = pages.search(query)
    page_obj = Paginator(results, 20).get_page(request.GET.get("page"))
    return render(
        request, "search/search.html", {"search_query": query, "page_obj": page_obj, "results": page_obj}
    )
