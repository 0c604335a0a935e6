"""Builders for read-and-acknowledge: a rule with posts and holders, material publications, revisions.

Plain functions (like tests.factories.content): rounds are opened by publishing a revision through Wagtail,
exactly as the admin and ``publish_scheduled`` do, so the signal path is what every test exercises.
"""

from __future__ import annotations

from types import SimpleNamespace

from content.acknowledgements.models import Acknowledgement, AcknowledgementRound
from content.services.assignments import assign_post
from tests.factories import content as f
from tests.factories.people import EmployeeFactory


def holder(post, *, org_unit=None, **kwargs):
    """An active employee (with a login user) holding ``post``."""
    employee = EmployeeFactory(**({"org_unit": org_unit} if org_unit is not None else {}), **kwargs)
    assign_post(employee, post)
    return employee


def draft(page, **changes):
    """The page's latest version as an object to edit (not saved)."""
    obj = type(page).objects.get(pk=page.pk).get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(obj, name, value)
    return obj


def set_article(obj, number, text):
    """Change article ``number``'s text in an edited version (in memory)."""
    rows = list(obj.articles.all())
    for row in rows:
        if row.number == number:
            row.text = text
    obj.articles = rows
    return obj


def publish_material(page, summary="修改了第二条", *, due_days=14, user=None, edit=None, **changes):
    """Publish a new revision of ``page`` marked as a material change; ``edit(obj)`` may change it first.
    Returns (page re-read, revision, round or None)."""
    obj = draft(
        page, material_change=True, change_summary=summary, acknowledgement_due_days=due_days, **changes
    )
    if edit is not None:
        edit(obj)
    revision = obj.save_revision(user=user)
    revision.publish(user=user)
    page = type(page).objects.get(pk=page.pk)
    return page, revision, AcknowledgementRound.objects.filter(revision=revision).first()


def publish_plain(page, *, user=None, edit=None, **changes):
    """Publish a new, non-material revision."""
    obj = draft(page, material_change=False, change_summary="", **changes)
    if edit is not None:
        edit(obj)
    revision = obj.save_revision(user=user)
    revision.publish(user=user)
    return type(page).objects.get(pk=page.pk), revision


def rule_with_holders(n_holders=2, *, n_articles=4, org_unit=None, link_article=None):
    """A regulation, a post linked to it (or to one of its articles) and ``n_holders`` employees holding it,
    plus a second post not linked to it with one holder."""
    index = f.regulation_index()
    regulation = f.simple_regulation(index, n_articles=n_articles, title="电子银行业务管理办法")
    dept = f.department()
    post = f.post(dept, title="网银业务岗", code="EB-OPS")
    article = regulation.articles.get(number=link_article) if link_article else None
    f.link_regulation(post, regulation, article=article)
    post = f.publish(post)
    other_post = f.post(dept, title="保洁岗", code="CLEAN")
    holders = [holder(post, org_unit=org_unit) for _ in range(n_holders)]
    outsider = holder(other_post, org_unit=org_unit)
    return SimpleNamespace(
        index=index,
        regulation=regulation,
        dept=dept,
        post=post,
        other_post=other_post,
        holders=holders,
        outsider=outsider,
    )


def pending_employee_ids(round_) -> set[int]:
    return set(
        Acknowledgement.objects.filter(round=round_, status=Acknowledgement.Status.PENDING).values_list(
            "employee_id", flat=True
        )
    )
