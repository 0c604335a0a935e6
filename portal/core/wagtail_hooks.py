"""The one loop that registers every app's declared audit actions with Wagtail's log registry."""

from wagtail import hooks

from . import audit


@hooks.register("register_log_actions")
def register_declared_log_actions(actions):
    audit.register_all(actions)
