"""Admin: the synonym list (a snippet editors maintain), and re-indexing posts when a duty set changes."""

from django.utils.translation import gettext_lazy as _
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
