"""StreamField blocks for long-form pages (manuals)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock


class HeadingBlock(blocks.StructBlock):
    """A heading; level 2 and 3 headings make the manual's table of contents."""

    text = blocks.CharBlock(label=_("text"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("level"), choices=[("h2", _("Heading")), ("h3", _("Sub-heading"))], default="h2"
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "content/blocks/heading_block.html"


class NoteBlock(blocks.StructBlock):
    """A highlighted note or warning (注意 / 风险提示)."""

    kind = blocks.ChoiceBlock(
        label=_("kind"), choices=[("note", _("Note")), ("warning", _("Warning"))], default="note"
    )
    text = blocks.RichTextBlock(label=_("text"), features=["bold", "link", "ol", "ul"])

    class Meta:
        icon = "warning"
        label = _("Note")
        template = "content/blocks/note_block.html"


class ManualStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.TextBlock(label=_("Paragraph"), icon="pilcrow", template="content/blocks/paragraph_block.html")
    rich_text = blocks.RichTextBlock(
        label=_("Rich text"), features=["h4", "bold", "link", "document-link", "ol", "ul", "hr"]
    )
    note = NoteBlock()
    document = DocumentChooserBlock(label=_("Document"), template="content/blocks/document_block.html")
