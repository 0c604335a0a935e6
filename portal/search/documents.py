"""Turning pages, regulation articles and questions into search documents.

A :class:`SearchDocument` is what every backend indexes: display text (title, headings, body), where
it links, and the values the filters use. Which text goes where decides ranking (title > headings >
body), so each page type has an *extractor*, registered (``register``) by the app that owns the page model
in its ``AppConfig.ready()`` — ``content.search_documents`` for the CMS pages, ``quizzes.search_documents``
for questions. This module imports none of them:

===============  ===================================  =======================================  =========
page type        title                                headings                                 body
===============  ===================================  =======================================  =========
PostPage         title                                its duties and its duty sets' duties     summary, requirements, certifications, code, tags
DepartmentPage   title                                introduction                             body, tags
ProcedurePage    title                                summary                                  steps, forms, deadlines, tags
ManualPage       title                                heading blocks                           the other blocks, summary, tags
RegulationPage   title                                chapter and section titles               preamble, issuer, document number, tags
 + each article  第X条 (shown as 《title》第X条)         regulation title, chapter/section title  the article text (links to #article-N)
other pages      title                                —                                        their Wagtail ``search_fields``
Question         stem (examiners only, per language)  bank path, tags                          stem, options, explanation, references
===============  ===================================  =======================================  =========

Filters: ``departments`` are the translation keys of the DepartmentPages above the page (a post's
department, a procedure's department …; for a regulation, the departments of the posts that must know
it); ``posts`` are translation keys of the PostPages concerned (the post itself, the posts performing
a procedure's steps or linked to it, the posts that must know a regulation / chapter / article).
Translation keys are shared by a page and its translations, so one filter value works in both languages.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import Manager
from django.utils.encoding import force_str
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

logger = logging.getLogger(__name__)

KIND_POST = "post"
KIND_REGULATION = "regulation"
KIND_PROCEDURE = "procedure"
KIND_MANUAL = "manual"
KIND_DEPARTMENT = "department"
KIND_QUESTION = "question"
KIND_PAGE = "page"

KIND_LABELS = {
    KIND_POST: _("Posts"),
    KIND_REGULATION: _("Regulations"),
    KIND_PROCEDURE: _("Procedures"),
    KIND_MANUAL: _("Manuals"),
    KIND_DEPARTMENT: _("Departments"),
    KIND_QUESTION: _("Question banks"),
    KIND_PAGE: _("Other pages"),
}
AUDIENCE_ALL = "all"
AUDIENCE_EXAMINER = "examiner"


@dataclass
class SearchDocument:
    key: str  # unique: "page:12", "article:34", "question:5:en"
    group: str  # replaced together: "page:12" (the page and its articles), "question:5"
    kind: str
    language: str
    title: str  # shown (and indexed as title unless title_terms is given)
    url: str = ""
    context: str = ""  # shown above the title: department, regulation, bank …
    headings: str = ""
    body: str = ""
    status: str = ""
    audience: str = AUDIENCE_ALL
    page_id: int | None = None
    object_id: int | None = None
    departments: list[str] = field(default_factory=list)
    posts: list[str] = field(default_factory=list)
    title_terms: str | None = None  # what is indexed as the title when it differs from the shown title

    @property
    def indexed_title(self) -> str:
        return self.title if self.title_terms is None else self.title_terms


# ------------------------------------------------------------------------------------ helpers


def join_texts(parts: Iterable) -> str:
    return "\n".join(p.strip() for p in (force_str(x) for x in parts if x) if p and p.strip())


def _flatten(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _flatten(v)]
    if isinstance(value, (list, tuple, set)):
        return [t for v in value for t in _flatten(v)]
    return [force_str(getattr(value, "name", value))]


def search_field_texts(obj, fields=None) -> Iterator[tuple[str, str]]:
    """(field name, text) for every Wagtail ``SearchField`` of obj, following ``RelatedFields``."""
    for search_field in fields if fields is not None else obj.get_search_fields():
        if isinstance(search_field, index.SearchField):
            try:
                value = search_field.get_value(obj)
            except Exception:  # a broken field must not stop indexing the rest of the page
                logger.exception("search: cannot read %s of %r", search_field.field_name, obj)
                continue
            for text in _flatten(value):
                yield search_field.field_name, strip_tags(text) if "<" in text else text
        elif isinstance(search_field, index.RelatedFields):
            related = search_field.get_value(obj)
            if related is None:
                continue
            if isinstance(related, Manager):
                related = related.all()
            elif callable(related):
                related = related()
            if not isinstance(related, Iterable) or isinstance(related, str):
                related = [related]
            for sub in related:
                yield from search_field_texts(sub, search_field.fields)


def page_tags(page) -> list[str]:
    tags = getattr(page, "tags", None)
    try:
        return [t.name for t in tags.all()] if tags is not None else []
    except Exception:
        return []


def page_language(page) -> str:
    return page.locale.language_code


def page_url(page) -> str:
    try:
        return page.get_url() or page.url_path
    except Exception:  # a page outside any site still deserves a (relative) link
        logger.exception("search: no URL for page %s", page.pk)
        return ""


def ancestor_departments(page) -> list[Page]:
    """The department pages above ``page`` (and itself), outermost first: asked of the app that registered
    them (``register_departments``), none otherwise."""
    return list(_DEPARTMENTS[0](page)) if _DEPARTMENTS else []


def org_context(page, departments: list) -> str:
    """Where a page sits in the bank: the organisation path above it ("A县联社 › 电子银行部" for a post,
    "A县联社" for that department's own page), so that every county's 电子银行部 can be told apart.
    The province-wide root is left out (every path starts there); department titles stand in for a
    department page with no organisation unit."""
    if not departments:
        return ""
    nearest = departments[-1].specific
    unit = getattr(nearest, "org_unit", None)
    if unit is not None:
        names = unit.path_names()
        if nearest.pk == page.pk:
            names = names[:-1]
    else:
        names = [d.title for d in departments if d.pk != page.pk]
    if len(names) > 1:
        names = names[1:]
    return " › ".join(names)


def register_departments(func: Callable[[Page], Iterable[Page]]) -> None:
    """The CMS says which pages are departments (the ``departments`` filter and a result's context)."""
    _DEPARTMENTS[:] = [func]


def department_keys(pages: Iterable) -> list[str]:
    return sorted({str(p.translation_key) for p in pages})


# ------------------------------------------------------------------------------------ registry

Extractor = Callable[[Page, "SearchDocument"], list["SearchDocument"]]
_EXTRACTORS: dict[str, Extractor] = {}
_DEPARTMENTS: list[Callable[[Page], Iterable[Page]]] = []


def register(model_label: str):
    """Register an extractor for a page model ("app_label.ModelName"). It receives the specific page and
    a base document (key, language, url, departments filled in) and returns the page's documents."""

    def decorator(func: Extractor) -> Extractor:
        _EXTRACTORS[model_label.lower()] = func
        return func

    return decorator


def extractor_for(page) -> Extractor:
    for klass in type(page).__mro__:
        meta = getattr(klass, "_meta", None)
        if meta is not None and not meta.abstract:
            found = _EXTRACTORS.get(meta.label_lower)
            if found is not None:
                return found
    return generic_page


def is_indexable(page) -> bool:
    """Live, below a locale root, and not behind a view restriction (search shows what anyone may read)."""
    if page is None or not page.live or page.depth <= 1:
        return False
    restricted = PageViewRestriction.objects.filter(
        page__in=Page.objects.ancestor_of(page, inclusive=True)
    ).exists()
    return not restricted


def page_documents(page) -> list[SearchDocument]:
    """The documents of one (live, specific) page; [] when it should not be searchable."""
    page = page.specific
    if not is_indexable(page):
        return []
    language = page_language(page)
    with override(language):
        departments = ancestor_departments(page)
        base = SearchDocument(
            key=f"page:{page.pk}",
            group=f"page:{page.pk}",
            kind=KIND_PAGE,
            language=language,
            title=page.title,
            url=page_url(page),
            page_id=page.pk,
            context=org_context(page, departments),
            departments=department_keys(departments),
        )
        return extractor_for(page)(page, base)


@register("wagtailcore.page")
def generic_page(page, doc: SearchDocument) -> list[SearchDocument]:
    doc.body = join_texts(text for name, text in search_field_texts(page) if name != "title")
    return [doc]
