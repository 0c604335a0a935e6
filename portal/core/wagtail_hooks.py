"""Admin hooks of the portal core: the one loop that registers every app's declared audit actions with Wagtail's
log registry, and Wagtail's help menu keeping only what works on an intranet (its "What's new" and "Editor Guide"
items link to guide.wagtail.org, an internet host; issue 13)."""

from wagtail import hooks

from . import audit


@hooks.register("register_log_actions")
def register_declared_log_actions(actions):
    audit.register_all(actions)


def _is_local(url: str) -> bool:
    return not url.startswith(("http://", "https://", "//"))


@hooks.register("construct_help_menu")
def keep_local_help_items(request, menu_items):
    menu_items[:] = [item for item in menu_items if _is_local(getattr(item, "url", "") or "")]
