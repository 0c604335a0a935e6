"""Regulations (法规制度) down to the article.

A regulation is a page (staff read it, it has revisions, it is translated). Its body is not rich text but
three ordered child tables — chapters (章), sections (节) and articles (条) — held by ParentalKey, so they
live inside page revisions (a later issue diffs revisions article by article) and each article has:

* a URL anchor, ``#article-<number>`` (the same in every language: 第十二条 and Article 12 share it);
* a database identity (``RegulationArticle.pk``) that posts, procedure steps, questions and
  acknowledgements point to, kept across edits and re-imports (``set_body_from_parsed`` updates rows in
  place by article number), plus ``key``, a UUID that survives even a delete-and-recreate of the row
  through a revision restore and is copied to translations.

Sections and articles refer to their chapter by number (as the text does), not by foreign key, so the
three lists can be edited, imported and diffed independently.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from content.acknowledgements.page_fields import (
    EffectiveDateScheduleFormMixin,
    MaterialChangeMixin,
    SupersessionMixin,
    change_panel,
)
from content.regulations.ordinals import ordinal_label
from portal.textutils.lines import normalise_lines

from .mixins import KnowledgePageMixin
from .tags import RegulationPageTag


def article_anchor(number: int) -> str:
    return f"article-{number}"


def chapter_anchor(number: int) -> str:
    return f"chapter-{number}"


class RegulationIndexPage(KnowledgePageMixin, Page):
    """The list of regulations (法规制度), e.g. one for national laws and one for the bank's own rules."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["content.HomePage"]
    subpage_types = ["content.RegulationPage"]

    class Meta:
        verbose_name = _("regulation index")
        verbose_name_plural = _("regulation indexes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        status = request.GET.get("status", "")
        regulations = list(self._regulations_under(self, status))
        # A translated index (the English "bank's own rules") also lists the rules not translated yet, in
        # the portal's language: staff reading in English must still find every rule in force.
        source = None
        if self.locale.language_code != settings.LANGUAGE_CODE:
            source = self.get_translations().filter(locale__language_code=settings.LANGUAGE_CODE).first()
        if source is not None:
            translated = {r.translation_key for r in RegulationPage.objects.child_of(self)}
            regulations += [
                r for r in self._regulations_under(source, status) if r.translation_key not in translated
            ]
        context["regulations"] = regulations
        context["status_filter"] = status
        context["status_choices"] = RegulationPage.Status.choices
        return context


    @staticmethod
    def _regulations_under(index_page, status: str):
        regulations = (
            RegulationPage.objects.child_of(index_page).live().public().select_related("locale")
            .order_by("-effective_date", "title")
        )
        if status in RegulationPage.Status.values:
            regulations = regulations.filter(status=status)
        return regulations


class RegulationPageForm(EffectiveDateScheduleFormMixin, WagtailAdminPageForm):
    """Refuses duplicate chapter / article numbers and sections pointing at missing chapters.

    The checks span rows of the chapter, section and article formsets, which are validated after the
    page form itself, so they run in ``is_valid`` once every formset has its cleaned data.
    """

    def is_valid(self):
        valid = super().is_valid()
        return self._check_numbering() and valid

    def _rows(self, formset_name, *fields):
        formset = self.formsets.get(formset_name)
        rows = []
        for form in formset.forms if formset is not None else []:
            data = getattr(form, "cleaned_data", None) or {}
            if data and not data.get("DELETE"):
                rows.append((form, tuple(data.get(f) for f in fields)))
        return rows

    def _check_numbering(self) -> bool:
        ok = True
        chapter_numbers = []
        for form, (n,) in self._rows("chapters", "number"):
            if n in chapter_numbers:
                form.add_error("number", _("Chapter %(n)s appears more than once.") % {"n": n})
                ok = False
            chapter_numbers.append(n)
        seen = set()
        for form, (n,) in self._rows("articles", "number"):
            if n in seen:
                form.add_error("number", _("Article %(n)s appears more than once.") % {"n": n})
                ok = False
            seen.add(n)
        for form, (chapter, _n) in self._rows("sections", "chapter_number", "number"):
            if chapter is not None and chapter not in chapter_numbers:
                form.add_error("chapter_number", _("There is no chapter %(n)s.") % {"n": chapter})
                ok = False
        return ok


@dataclass
class SectionNode:
    section: RegulationSection
    articles: list = field(default_factory=list)


@dataclass
class ChapterNode:
    chapter: RegulationChapter | None
    sections: list[SectionNode] = field(default_factory=list)
    articles: list = field(default_factory=list)  # articles of the chapter outside any section

    @property
    def all_articles(self):
        return self.articles + [a for s in self.sections for a in s.articles]


class RegulationPage(KnowledgePageMixin, SupersessionMixin, MaterialChangeMixin, Page):
    """One regulation (law, measure, rule …) with its header data and chapter/section/article body."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_FORCE = "in_force", _("In force")
        AMENDED = "amended", _("Amended")
        SUPERSEDED = "superseded", _("Superseded")
        REPEALED = "repealed", _("Repealed")

    issuer = models.CharField(_("issuer"), max_length=200, blank=True, help_text=_("The body that issued the document, as printed at its head, e.g. XX省农村信用社联合社."))
    document_number = models.CharField(_("document number"), max_length=100, blank=True, help_text=_("As printed on the document, e.g. X农信联发〔2026〕7号; the English page keeps the same number."))
    adopted_date = models.DateField(_("adopted on"), null=True, blank=True)
    promulgated_date = models.DateField(_("promulgated on"), null=True, blank=True)
    effective_date = models.DateField(_("effective from"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.IN_FORCE)
    superseded_by = models.ForeignKey(
        "content.RegulationPage",
        verbose_name=_("superseded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supersedes",
    )
    is_excerpt = models.BooleanField(
        _("excerpt"), default=False, help_text=_("Only part of the regulation's text is held here.")
    )
    preamble = models.TextField(_("preamble"), blank=True)
    tags = ClusterTaggableManager(through=RegulationPageTag, blank=True, verbose_name=_("tags"))

    base_form_class = RegulationPageForm
    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("issuer"),
                FieldPanel("document_number"),
                FieldRowPanel([FieldPanel("adopted_date"), FieldPanel("promulgated_date"), FieldPanel("effective_date")]),
                FieldRowPanel([FieldPanel("status"), FieldPanel("is_excerpt")]),
                PageChooserPanel("superseded_by", "content.RegulationPage"),
                PageChooserPanel("supersedes_regulation", "content.RegulationPage"),
            ],
            heading=pgettext_lazy("regulation", "Header"),
        ),
        change_panel(FieldPanel("publish_on_effective_date")),
        FieldPanel("preamble"),
        InlinePanel("chapters", heading=_("Chapters"), label=_("chapter")),
        InlinePanel("sections", heading=pgettext_lazy("regulation", "Sections"), label=_("section")),
        InlinePanel("articles", heading=_("Articles"), label=_("article")),
    ]
    promote_panels = Page.promote_panels + [FieldPanel("tags")]

    search_fields = Page.search_fields + [
        index.SearchField("issuer"),
        index.SearchField("document_number"),
        index.SearchField("preamble"),
        index.FilterField("status"),
        index.FilterField("effective_date"),
        index.RelatedFields("chapters", [index.SearchField("title")]),
        index.RelatedFields("articles", [index.SearchField("text")]),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    override_translatable_fields = [SynchronizedField("document_number")]

    parent_page_types = ["content.RegulationIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("regulation")
        verbose_name_plural = _("regulations")

    # --- status ---------------------------------------------------------------------------------

    def is_in_force(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        if self.status not in (self.Status.IN_FORCE, self.Status.AMENDED):
            return False
        return self.effective_date is None or self.effective_date <= today

    def status_notices(self, today: datetime.date | None = None) -> list[dict]:
        """What the reader must be told before reading: kinds ``draft``, ``not_yet_in_force``,
        ``superseded`` (with ``by``, the superseding page in the reader's language, may be None),
        ``to_be_superseded`` (``by`` and ``date``: replaced from the replacement's effective date),
        ``repealed``, ``amended``, ``excerpt``."""
        today = today or timezone.localdate()
        notices = []
        if self.status == self.Status.DRAFT:
            notices.append({"kind": "draft"})
        if self.status == self.Status.REPEALED:
            notices.append({"kind": "repealed"})
        elif self.status == self.Status.SUPERSEDED or self.superseded_by_id:
            by = self.superseded_by
            from_date = by.effective_date if by is not None else None
            if by is not None:
                by = by.get_translation_or_none(self.locale) or by
                if not by.live:
                    by = None
            if self.status != self.Status.SUPERSEDED and from_date and from_date > today:
                # still in force: the replacement takes over on its effective date
                notices.append({"kind": "to_be_superseded", "by": by, "date": from_date})
            else:
                notices.append({"kind": "superseded", "by": by})
        elif self.effective_date and self.effective_date > today:
            notices.append({"kind": "not_yet_in_force", "date": self.effective_date})
        elif self.status == self.Status.AMENDED:
            notices.append({"kind": "amended"})
        if self.is_excerpt:
            notices.append({"kind": "excerpt"})
        return notices

    # --- body -----------------------------------------------------------------------------------

    @cached_property
    def outline(self) -> list[ChapterNode]:
        """Chapters → sections → articles, in order. Articles outside any chapter come in a first node
        whose ``chapter`` is None (a regulation without chapters has only that node)."""
        chapters = list(self.chapters.all())
        sections = list(self.sections.all())
        articles = list(self.articles.all())
        loose = ChapterNode(chapter=None)
        nodes = {c.number: ChapterNode(chapter=c) for c in chapters}
        section_nodes = {}
        for s in sections:
            node = nodes.get(s.chapter_number)
            section_node = SectionNode(section=s)
            section_nodes[(s.chapter_number, s.number)] = section_node
            if node is not None:
                node.sections.append(section_node)
        for a in articles:
            target = section_nodes.get((a.chapter_number, a.section_number)) if a.section_number else None
            if target is None:
                target = nodes.get(a.chapter_number, loose)
            target.articles.append(a)
        result = [loose] if loose.articles else []
        return result + list(nodes.values())

    def get_article(self, number: int):
        return next((a for a in self.articles.all() if a.number == number), None)

    def set_body_from_parsed(self, parsed, *, update_header: bool = False) -> None:
        """Replace chapters, sections and articles with a parser result (content.regulations.parser).

        Rows are matched by number and updated in place, so their primary keys (what posts, procedure steps
        and questions point to) and article ``key`` survive a re-import; rows whose number disappeared are
        deleted when the page (or a revision of it) is saved. A new article on a translation takes the
        ``key`` and ``translation_key`` of the source page's article with the same number.
        ``update_header`` also copies title, document number, issuer and dates when the parser found them.
        Nothing is written: call ``save()`` / ``save_revision()`` afterwards.
        """
        old_chapters = {c.number: c for c in self.chapters.all()}
        old_sections = {(s.chapter_number, s.number): s for s in self.sections.all()}
        old_articles = {a.number: a for a in self.articles.all()}
        source_ids = self._source_article_identities(
            {a.number for a in parsed.articles} - set(old_articles)
        )
        locale_kw = {"locale_id": self.locale_id} if self.locale_id else {}

        chapters = []
        for pc in parsed.chapters:
            row = old_chapters.get(pc.number) or RegulationChapter(number=pc.number, **locale_kw)
            row.title = pc.title
            chapters.append(row)
        sections = []
        for ps in parsed.sections:
            chapter = ps.chapter or None  # the parser says 0 for a section outside any chapter
            row = old_sections.get((chapter, ps.number)) or RegulationSection(
                chapter_number=chapter, number=ps.number, **locale_kw
            )
            row.title = ps.title
            sections.append(row)
        articles = []
        for pa in parsed.articles:
            row = old_articles.get(pa.number)
            if row is None:
                row = RegulationArticle(number=pa.number, **locale_kw)
                if pa.number in source_ids:
                    row.key, row.translation_key = source_ids[pa.number]
            row.chapter_number = pa.chapter or None
            row.section_number = pa.section or None
            row.text = pa.text
            articles.append(row)
        # number the rows in text order, as the admin's formsets do: modelcluster keeps the order only in
        # memory, and rows stored without it come back in any order on PostgreSQL
        for rows in (chapters, sections, articles):
            for position, row in enumerate(rows):
                row.sort_order = position
        self.chapters = chapters
        self.sections = sections
        self.articles = articles
        self.__dict__.pop("outline", None)

        if update_header:
            if getattr(parsed, "title", None):
                self.title = parsed.title
            for name in ("document_number", "issuer"):
                if getattr(parsed, name, None):
                    setattr(self, name, getattr(parsed, name))
            for name in ("adopted_date", "promulgated_date", "effective_date"):
                value = getattr(parsed, name, None)
                if isinstance(value, str):
                    value = datetime.date.fromisoformat(value)
                if value:
                    setattr(self, name, value)

    def _source_article_identities(self, numbers: set[int]) -> dict[int, tuple]:
        if not numbers or not self.pk:
            return {}
        source = self.source_page
        if source.pk == self.pk:
            return {}
        return {
            number: (key, translation_key)
            for number, key, translation_key in RegulationArticle.objects.filter(
                page_id=source.pk, number__in=numbers
            ).values_list("number", "key", "translation_key")
        }

    # --- reading view ---------------------------------------------------------------------------

    def get_context(self, request, *args, **kwargs):
        from content.services.post_details import posts_requiring

        context = super().get_context(request, *args, **kwargs)
        context["notices"] = self.status_notices()
        context["outline"] = self.outline
        context["required_by"] = posts_requiring(self)
        return context


class RegulationChapter(TranslatableMixin, Orderable):
    """A chapter (第X章) of a regulation."""

    page = ParentalKey(RegulationPage, on_delete=models.CASCADE, related_name="chapters")
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)

    panels = [FieldRowPanel([FieldPanel("number"), FieldPanel("title")])]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")
        ordering = ["sort_order"]

    def __str__(self):
        return f"{self.label} {self.title}"

    @property
    def label(self) -> str:
        return ordinal_label(self.number, "chapter")

    @property
    def anchor(self) -> str:
        return chapter_anchor(self.number)

    def get_absolute_url(self) -> str:
        return f"{self.page.url}#{self.anchor}"


class RegulationSection(TranslatableMixin, Orderable):
    """A section (第X节) inside a chapter; numbered from one in each chapter."""

    page = ParentalKey(RegulationPage, on_delete=models.CASCADE, related_name="sections")
    chapter_number = models.PositiveIntegerField(_("chapter"), null=True, blank=True)
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)

    panels = [FieldRowPanel([FieldPanel("chapter_number"), FieldPanel("number"), FieldPanel("title")])]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["sort_order"]

    def __str__(self):
        return f"{self.label} {self.title}"

    @property
    def label(self) -> str:
        return ordinal_label(self.number, "section")

    @property
    def anchor(self) -> str:
        return f"chapter-{self.chapter_number or 0}-section-{self.number}"


class RegulationArticle(TranslatableMixin, Orderable):
    """An article (第X条): the unit posts, procedure steps, questions and acknowledgements point to.

    ``text`` is plain text; items (（一）（二）…) and paragraphs (款) are kept on their own lines.
    """

    page = ParentalKey(RegulationPage, on_delete=models.CASCADE, related_name="articles")
    number = models.PositiveIntegerField(_("number"))
    chapter_number = models.PositiveIntegerField(_("chapter"), null=True, blank=True)
    section_number = models.PositiveIntegerField(_("section"), null=True, blank=True)
    text = models.TextField(_("text"))
    key = models.UUIDField(_("stable key"), default=uuid.uuid4, editable=False, db_index=True)

    panels = [
        FieldRowPanel([FieldPanel("number"), FieldPanel("chapter_number"), FieldPanel("section_number")]),
        FieldPanel("text"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["sort_order"]

    def __str__(self):
        page_title = self.page.title if self.page_id else ""
        return f"《{page_title}》{self.label}" if page_title else self.label

    @property
    def label(self) -> str:
        return ordinal_label(self.number, "article")

    @property
    def anchor(self) -> str:
        return article_anchor(self.number)

    def get_absolute_url(self) -> str:
        return f"{self.page.url}#{self.anchor}"

    @property
    def paragraphs(self) -> list[str]:
        """The text's non-empty lines: the article's paragraphs (款) and items (项), in order."""
        return [line.strip() for line in self.text.splitlines() if line.strip()]

    def clean(self):
        super().clean()
        self.text = normalise_lines(self.text)  # a browser sends CR LF: store what the importer stores
        if self.section_number and not self.chapter_number:
            raise ValidationError({"section_number": _("A section needs its chapter.")})
