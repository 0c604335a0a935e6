"""Tag through-models (django-taggit), one per page type.

modelcluster's ClusterTaggableManager keeps tags in the page's revisions, which needs a ParentalKey from
the through-model to the concrete page class, so each page type owns its own through-model. The tags
themselves (taggit.Tag) are shared: a tag "POS" finds posts, procedures and regulations alike.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase


class DepartmentPageTag(TaggedItemBase):
    content_object = ParentalKey("content.DepartmentPage", on_delete=models.CASCADE, related_name="tagged_items")

    class Meta:
        verbose_name = _("department tag")


class PostPageTag(TaggedItemBase):
    content_object = ParentalKey("content.PostPage", on_delete=models.CASCADE, related_name="tagged_items")

    class Meta:
        verbose_name = _("post tag")


class RegulationPageTag(TaggedItemBase):
    content_object = ParentalKey("content.RegulationPage", on_delete=models.CASCADE, related_name="tagged_items")

    class Meta:
        verbose_name = _("regulation tag")


class ProcedurePageTag(TaggedItemBase):
    content_object = ParentalKey("content.ProcedurePage", on_delete=models.CASCADE, related_name="tagged_items")

    class Meta:
        verbose_name = _("procedure tag")


class ManualPageTag(TaggedItemBase):
    content_object = ParentalKey("content.ManualPage", on_delete=models.CASCADE, related_name="tagged_items")

    class Meta:
        verbose_name = _("manual tag")
