"""Versions of a rule as comparable units, and what changed for one reader.

A version is a page object: the live page, or a revision turned back into a page (``Revision.as_object()``,
whose chapters, articles and steps come from the revision's JSON). ``units_of`` flattens it into
``rules.diff.Unit`` rows — the preamble and each article of a regulation, the summary and each step of a
procedure — which ``rules.diff.compare`` compares.

For a reader, the base of the comparison is the revision they last acknowledged for this rule (any earlier
round); someone who never acknowledged it (e.g. just took the post) sees what changed in this version
against the version live before it, with a reminder to read the whole text.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from wagtail.models import Revision

from content.models import ProcedurePage, RegulationPage

from ..models import Acknowledgement, AcknowledgementRound
from ..rules import diff


def _step_text(step) -> str:
    lines = [step.text.strip()]
    if step.deadline:
        lines.append(_("Deadline: %(deadline)s") % {"deadline": step.deadline})
    if step.control:
        lines.append(_("Control: %(control)s") % {"control": step.get_control_display()})
    if step.forms.strip():
        lines.append(_("Forms: %(forms)s") % {"forms": "、".join(step.form_names)})
    return "\n".join(lines)


def units_of(page) -> list[diff.Unit]:
    """The comparable units of one version of a regulation or procedure."""
    units: list[diff.Unit] = []
    if isinstance(page, RegulationPage):
        if (page.preamble or "").strip():
            units.append(diff.Unit(key="preamble", label=_("Preamble"), text=page.preamble.strip()))
        for article in page.articles.all():
            units.append(
                diff.Unit(
                    key=str(article.key),
                    label=article.label,
                    text=article.text.strip(),
                    number=article.number,
                    anchor=article.anchor,
                )
            )
    elif isinstance(page, ProcedurePage):
        if (page.summary or "").strip():
            units.append(diff.Unit(key="summary", label=_("Summary"), text=page.summary.strip()))
        for n, step in enumerate(page.steps.all(), start=1):
            units.append(
                diff.Unit(
                    key=f"step-{step.pk}" if step.pk else f"new-step-{n}",
                    label=_("Step %(number)s") % {"number": n},
                    text=_step_text(step),
                    number=n,
                    anchor=f"step-{n}",
                )
            )
    return units


def version_of(revision_id: int | None):
    if revision_id is None:
        return None
    revision = Revision.objects.filter(pk=revision_id).first()
    return revision.as_object() if revision is not None else None


def compare_versions(old_page, new_page) -> diff.Comparison:
    return diff.compare(units_of(old_page) if old_page is not None else [], units_of(new_page))


def generated_english_summary(page, revision, previous_revision_id: int | None) -> str:
    """What changed from the previous live version to ``revision``, in English (``diff.english_summary``);
    a first publication is summarised as new."""
    new = revision.as_object()
    if previous_revision_id is None:
        return "New rule."
    noun = "Step" if isinstance(page, ProcedurePage) else "Article"
    return diff.english_summary(compare_versions(version_of(previous_revision_id), new), noun)


@dataclass
class ReaderChanges:
    """What one reader is shown: the comparison and what it is measured against."""

    comparison: diff.Comparison
    base_revision_id: int | None
    since_own_acknowledgement: bool  # False: the reader never acknowledged this rule before
    base_acknowledged_at: object = None


def changes_for_reader(employee, page, round_: AcknowledgementRound) -> ReaderChanges:
    """``page``: the live source page (its database rows are the live version)."""
    last = (
        Acknowledgement.objects.filter(
            employee=employee, round__page_id=page.pk, status=Acknowledgement.Status.ACKNOWLEDGED
        )
        .order_by("-acknowledged_at", "-pk")
        .values("revision_id", "acknowledged_at")
        .first()
    )
    if last is not None:
        base_id, since_own, at = last["revision_id"], True, last["acknowledged_at"]
    else:
        base_id, since_own, at = round_.previous_revision_id, False, None
    if base_id is not None and base_id == page.live_revision_id:
        comparison = diff.Comparison(changes=[], unchanged=len(units_of(page)))
    else:
        comparison = compare_versions(version_of(base_id), page)
    return ReaderChanges(comparison, base_id, since_own, at)
