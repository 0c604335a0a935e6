"""The portal's home page: the root of each language's page tree."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from portal.core.dashboard import overview_for


class HomePage(Page):
    """One per locale (the English one is a translation of the Chinese one)."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    max_count_per_parent = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        employee = getattr(request.user, "employee", None) if request.user.is_authenticated else None
        if employee is not None:
            context["overview"] = overview_for(employee)
        return context
