"""Admin: the synonym list (a snippet editors maintain), and re-indexing posts when a duty set changes."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Synonym


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "search"
    menu_label = _("Search synonyms")
    menu_name = "search_synonyms"
    add_to_settings_menu = True
    list_display = ["__str__", "note", "active", "updated_at"]
    list_filter = ["active"]
    search_fields = ["terms", "note"]
    search_backend_name = None  # a short list: plain database filtering
    ordering = ["terms"]


register_snippet(SynonymViewSet)


def _reindex_posts_of_duty_set(request, instance):
    """A post's entry holds its duty sets' duties: re-index the posts that use this one."""
    if type(instance).__name__ != "DutySet" or type(instance)._meta.app_label != "content":
        return
    from .signals import _enqueue
    from .tasks import index_pages

    # Posts link the Chinese duty set and show the one of their language: follow every translation.
    translations = type(instance).objects.filter(translation_key=instance.translation_key)
    post_ids = list(
        translations.values_list("post_links__page_id", flat=True).exclude(post_links__page_id=None).distinct()
    )
    if post_ids:
        _enqueue(index_pages, post_ids)


hooks.register("after_create_snippet", _reindex_posts_of_duty_set)
hooks.register("after_edit_snippet", _reindex_posts_of_duty_set)
