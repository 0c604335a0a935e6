"""The portal's one audit trail: every service writes its audit row through ``record``.

* **Actions** are namespaced strings (``content.post.assign``, ``certification.grade.award``…) declared once per
  app with ``declare`` (in the app's ``audit_actions`` module, imported by its ``AppConfig.ready``) and
  registered with Wagtail's log registry by one loop (``portal.core.wagtail_hooks``), so Wagtail's history views
  and "Site history" report name them in both languages.
* **Log model**: Wagtail's own. Pages get ``PageLogEntry`` rows (they show in the page's history); every other
  object gets ``ModelLogEntry`` rows (shown by its viewset's History view), the sign-in objects too (a lock of
  an account name that is nobody's is logged on django-axes' ``AccessAttempt`` row for it).
  A ``reason`` is kept in ``data["reason"]`` and shown as the entry's comment.
* **Evidence tables** (``exams.AttemptEvent``, ``certification.SkillAttemptEvent``: one row per thing a candidate
  did during an attempt) are registered with ``register_evidence`` and written through the same ``record``;
  their "action" is the event kind.

``record(..., save=False)`` returns the unsaved row for ``bulk_create`` in bulk runs (imports, bulk issue);
``record_many`` writes the same rows for many objects of one (non-page) model without building a model
instance per row (the question import's tens of thousands of ``create`` entries).
This module is a leaf: it imports nothing from the portal's apps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.utils import timezone
from wagtail.log_actions import LogFormatter, get_active_log_context
from wagtail.log_actions import registry as log_registry

from portal.core import bulk

# action → (label, message), filled by each app's declare(); registered with Wagtail by register_all()
ACTIONS: dict[str, tuple] = {}


@dataclass(frozen=True)
class _Evidence:
    model: type
    subject_field: str
    action_field: str
    kinds: Callable[[], set[str] | None]  # None: any kind that is not a namespaced action


_EVIDENCE: dict[type, _Evidence] = {}


def declare(actions: dict[str, tuple]) -> dict[str, tuple]:
    """Declare an app's actions (``{action: (label, message)}``); returns them for the app's own constants."""
    for action in actions:
        if action in ACTIONS and ACTIONS[action] is not actions[action]:
            raise ValueError(f"Audit action {action!r} declared twice")
    ACTIONS.update(actions)
    return actions


def register_evidence(subject_model: type, event_model: type, *, subject_field: str = "attempt",
                      action_field: str = "kind") -> None:
    """Rows about a ``subject_model`` instance go to ``event_model`` (its own table); the action is the kind
    (one of the field's choices; any word without a dot when the field has none)."""
    field = event_model._meta.get_field(action_field)
    _EVIDENCE[subject_model] = _Evidence(event_model, subject_field, action_field,
                                         lambda: {value for value, _label in field.choices} if field.choices else None)


class _Formatter(LogFormatter):
    """The action's message, followed by the reason when one was given (Wagtail's history lists the message)."""

    def format_comment(self, log_entry):
        return (log_entry.data or {}).get("reason", "") if isinstance(log_entry.data, dict) else ""

    def format_message(self, log_entry):
        reason = self.format_comment(log_entry)
        return f"{self.message} — {reason}" if reason else self.message


def register_all(actions_registry) -> None:
    """Register every declared action with Wagtail's log registry (the ``register_log_actions`` hook)."""
    for action, (label, message) in ACTIONS.items():
        formatter = type("PortalLogFormatter", (_Formatter,), {"label": label, "message": message})
        actions_registry.register_action(action)(formatter)


def _actor(acting_user):
    """The acting user, or None for the system (an anonymous visitor or no one)."""
    if acting_user is None or not getattr(acting_user, "is_authenticated", False):
        return None
    return getattr(acting_user, "_wrapped", acting_user)


def record(instance, action: str, *, acting_user, reason: str = "", data: dict | None = None, save: bool = True,
           **fields):
    """Write the audit row of ``action`` on ``instance`` by ``acting_user`` (None: the system).

    ``fields`` are the log model's own columns (``revision`` of a page entry, ``timestamp``; ``at``,
    ``position``, ``ip_address`` of an evidence row).
    With ``save=False`` the row is returned unsaved, for ``bulk_create``.
    """
    user = _actor(acting_user)
    data = dict(data or {})
    if reason:
        data["reason"] = reason
    for address in {"ip", "ip_address"} & fields.keys():  # an unknown address is NULL, never ""
        fields[address] = fields[address] or None
    evidence = _EVIDENCE.get(type(instance)) or next(
        (e for model, e in _EVIDENCE.items() if isinstance(instance, model)), None
    )
    if evidence is not None and _is_kind(evidence, action):
        row = evidence.model(**{evidence.subject_field: instance, evidence.action_field: action},
                             user=user, data=data, **fields)
        if save:
            row.save()
        return row

    if action not in ACTIONS and not action.startswith("wagtail."):
        raise ValueError(f"Unknown audit action {action!r}: declare it in the app's audit_actions "
                         "(or, for an evidence row, use one of its model's kinds)")
    if save:
        return log_registry.log(instance=instance, action=action, user=user, data=data, **fields)
    return _unsaved(instance, action, user=user, data=data, **fields)


def _is_kind(evidence: _Evidence, action: str) -> bool:
    kinds = evidence.kinds()
    return action in kinds if kinds is not None else "." not in action


def _unsaved(instance, action: str, *, user, data: dict, content_type=None, timestamp=None, **fields):
    model = log_registry.get_log_model_for_instance(instance)
    if instance.pk is None:
        raise ValueError(f"Cannot log {action!r} for an unsaved {instance!r}")
    target = {"page": instance} if hasattr(model, "page") else {"object_id": str(instance.pk)}
    context = get_active_log_context()
    values = {
        "content_type": content_type or ContentType.objects.get_for_model(instance, for_concrete_model=False),
        "label": model.objects.get_instance_title(instance),
        "action": action,
        "timestamp": timestamp or timezone.now(),
        "user": user or context.user,
        "uuid": context.uuid,
        "data": data,
        **target,
    }
    return model(**{**values, **fields})


def record_many(model: type[Model], objects, action: str, *, acting_user, data: dict | None = None,
                timestamp=None, uuid=None, content_changed: bool = False) -> int:
    """Write the audit row of ``action`` for each of ``objects`` (``(pk, label)`` pairs of ``model``'s rows,
    the label as ``str(instance)`` gives it), as ``record(instance, …, save=False)`` and ``bulk_create``
    would write them, in lean multi-row INSERTs; returns the number of rows. Every row gets a copy of
    ``data``. Not for pages (their log rows name the page) nor for evidence tables."""
    if action not in ACTIONS and not action.startswith("wagtail."):
        raise ValueError(f"Unknown audit action {action!r}: declare it in the app's audit_actions")
    log_model = log_registry.get_log_model_for_model(model)
    if log_model is None or hasattr(log_model, "page") or model in _EVIDENCE:
        raise ValueError(f"record_many writes ModelLogEntry-like rows, not the log of {model.__name__}")
    context = get_active_log_context()
    user = _actor(acting_user) or context.user
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    data = dict(data or {})
    timestamp = timestamp or timezone.now()
    columns = ("content_type_id", "label", "action", "timestamp", "uuid", "user_id", "data", "content_changed",
               "object_id")
    common = (content_type.pk, action, timestamp, uuid or context.uuid, getattr(user, "pk", None))
    count = 0

    def rows():
        nonlocal count
        for pk, label in objects:
            if pk is None:
                raise ValueError(f"Cannot log {action!r} for an unsaved {model.__name__}")
            count += 1
            yield (common[0], label or f"{model.__name__} object ({pk})", *common[1:], dict(data), content_changed,
                   str(pk))

    bulk.insert(log_model, columns, rows())
    return count
