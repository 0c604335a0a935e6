"""The knowledge base's audit actions (``content.*``), written through ``portal.core.audit.record``."""

from django.utils.translation import gettext_lazy as _

from portal.core.audit import declare

ASSIGN_POST = "content.post.assign"
UNASSIGN_POST = "content.post.unassign"
REASSIGN_POST = "content.post.reassign"
IMPORT_REGULATION = "content.regulation.import"

# action → (label, message), declared once; portal.core registers them with Wagtail's log registry.
ACTIONS = declare({
    ASSIGN_POST: (_("Assign post"), _("Post assigned")),
    UNASSIGN_POST: (_("Unassign post"), _("Post unassigned")),
    REASSIGN_POST: (_("Reassign post"), _("Post assignment changed")),
    IMPORT_REGULATION: (_("Import regulation text"), _("Regulation imported from text")),
})
