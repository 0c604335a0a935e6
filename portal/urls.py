"""URL map. Language-prefixed public pages (/zh-hans/…, /en/…); admin and APIs unprefixed."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from portal.core import media
from portal.ops import views as ops_views
from portal.search import views as search_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", ops_views.healthz, name="healthz"),
    # Wagtail's images when no web server is in front (make run); documents and private files have their views
    path(settings.MEDIA_URL.strip("/") + "/<path:path>", media.image, name="public_media"),
]

urlpatterns += i18n_patterns(
    path("accounts/", include("portal.accounts.urls")),
    path("search/", search_views.search, name="search"),
    path("", include("quizzes.certification.urls")),
    path("", include("quizzes.exams.urls")),
    path("", include("content.urls")),
    path("", include("content.acknowledgements.urls")),
    path("", include("portal.notifications.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
