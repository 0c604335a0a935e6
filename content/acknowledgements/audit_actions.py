"""The audit actions of read-and-acknowledge (``acknowledgements.*``), written through ``portal.core.audit.record``.

Entries about a rule (a round opened or closed, a supersession, a refused self-approval) are logged on the
page, so they appear in the page's history next to Wagtail's own workflow and publish entries; entries
about one person's obligation (asked, acknowledged, withdrawn, reminded) are logged on the
``Acknowledgement`` row (Wagtail's ModelLogEntry), so a page's history is not flooded by thousands of them.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.core.audit import declare

ROUND_OPEN = "acknowledgements.round.open"
ROUND_CLOSE = "acknowledgements.round.close"
ASK = "acknowledgements.ask"
ACKNOWLEDGE = "acknowledgements.acknowledge"
WITHDRAW = "acknowledgements.withdraw"
REMIND = "acknowledgements.remind"
REFUSE_SELF_APPROVAL = "acknowledgements.review.refuse_self_approval"
REVIEW_DECISION = "acknowledgements.review.decision"
SUPERSEDE = "acknowledgements.regulation.supersede"
SUPERSEDE_SCHEDULED = "acknowledgements.regulation.supersede_scheduled"

# action → (label, message), declared once; portal.core registers them with Wagtail's log registry.
ACTIONS = declare({
    ROUND_OPEN: (_("Open acknowledgement round"), _("Acknowledgement round opened")),
    ROUND_CLOSE: (_("Close acknowledgement round"), _("Acknowledgement round closed")),
    ASK: (_("Ask to acknowledge"), _("Asked to read and acknowledge (took a linked post)")),
    ACKNOWLEDGE: (_("Acknowledge rule"), _("Read and acknowledged")),
    WITHDRAW: (_("Withdraw acknowledgement request"), _("No longer required to acknowledge")),
    REMIND: (_("Acknowledgement reminder"), _("Acknowledgement reminder sent")),
    REFUSE_SELF_APPROVAL: (
        _("Refuse self-approval"),
        _("Approval refused: the approver wrote or submitted the change"),
    ),
    REVIEW_DECISION: (
        _("Set effective date and publication"),
        _("The reviewer set the effective date or when it goes live"),
    ),
    SUPERSEDE: (_("Mark regulation superseded"), _("Regulation marked superseded")),
    SUPERSEDE_SCHEDULED: (
        _("Schedule supersession"),
        _("Regulation to be superseded on the new one's effective date"),
    ),
})
