"""Turning pages, regulation articles and questions into search documents.

A :class:`SearchDocument` is what every backend indexes: display text (title, headings, body), where
it links, and the values the filters use. Which text goes where decides ranking (title > headings >
body), so each page type has an *extractor* here, written against the content models' public
attributes (no content model imports at module level, so the registry also works when an app is
absent):

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
from django.urls import NoReverseMatch, reverse
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


def _join(parts: Iterable) -> str:
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


def _tags(page) -> list[str]:
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
    from content.models import DepartmentPage

    return list(DepartmentPage.objects.ancestor_of(page, inclusive=True).order_by("depth"))


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


def _department_keys(pages: Iterable) -> list[str]:
    return sorted({str(p.translation_key) for p in pages})


def _departments_of_posts(post_keys: Iterable[str]) -> list[str]:
    from content.models import DepartmentPage, PostPage

    keys = set()
    for post in PostPage.objects.filter(translation_key__in=list(post_keys)):
        keys.update(
            str(k) for k in DepartmentPage.objects.ancestor_of(post).values_list("translation_key", flat=True)
        )
    return sorted(keys)


# ------------------------------------------------------------------------------------ registry

Extractor = Callable[[Page, "SearchDocument"], list["SearchDocument"]]
_EXTRACTORS: dict[str, Extractor] = {}


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
            departments=_department_keys(departments),
        )
        return extractor_for(page)(page, base)


@register("wagtailcore.page")
def generic_page(page, doc: SearchDocument) -> list[SearchDocument]:
    doc.body = _join(text for name, text in search_field_texts(page) if name != "title")
    return [doc]


@register("content.homepage")
def home_page(page, doc: SearchDocument) -> list[SearchDocument]:
    return []  # the home page is where search starts, not a result


@register("content.postpage")
def post_page(page, doc: SearchDocument) -> list[SearchDocument]:
    doc.kind = KIND_POST
    duties = [d.text for d in page.duties.all()]
    for link in page.duty_set_links.select_related("duty_set"):
        duty_set = link.duty_set
        localized = duty_set.get_translation_or_none(page.locale) or duty_set
        duties.append(localized.name)
        duties.extend(d.text for d in localized.duties.all())
    doc.headings = _join(duties)
    doc.body = _join(
        [page.summary, page.code]
        + [r.text for r in page.requirements.all()]
        + [c.name for c in page.certifications.all()]
        + _tags(page)
    )
    doc.posts = [str(page.translation_key)]
    return [doc]


@register("content.departmentpage")
def department_page(page, doc: SearchDocument) -> list[SearchDocument]:
    doc.kind = KIND_DEPARTMENT
    doc.headings = page.intro
    doc.body = _join([strip_tags(page.body or "")] + _tags(page))
    return [doc]


@register("content.procedurepage")
def procedure_page(page, doc: SearchDocument) -> list[SearchDocument]:
    from content.models import PostPage, PostProcedure

    doc.kind = KIND_PROCEDURE
    doc.headings = page.summary
    steps = list(page.steps.select_related("post"))
    doc.body = _join(
        [t for s in steps for t in (s.text, s.forms, s.deadline)] + _tags(page)
    )
    posts = {str(s.post.translation_key) for s in steps if s.post_id}
    linking = PostProcedure.objects.filter(procedure__translation_key=page.translation_key)
    posts.update(
        str(k) for k in PostPage.objects.filter(pk__in=linking.values("page_id")).values_list(
            "translation_key", flat=True
        )
    )
    doc.posts = sorted(posts)
    return [doc]


@register("content.manualpage")
def manual_page(page, doc: SearchDocument) -> list[SearchDocument]:
    doc.kind = KIND_MANUAL
    headings, body = [], [page.summary]
    for block in page.body:
        if block.block_type == "heading":
            headings.append(block.value["text"])
        else:
            try:
                body.extend(block.block.get_searchable_content(block.value))
            except Exception:
                logger.exception("search: cannot read a %s block of page %s", block.block_type, page.pk)
    doc.headings = _join(headings)
    doc.body = _join([strip_tags(t) if "<" in t else t for t in body] + _tags(page))
    return [doc]


def _regulation_post_links(page):
    from content.models import PostPage, PostRegulationLink

    links = list(
        PostRegulationLink.objects.filter(regulation__translation_key=page.translation_key).select_related(
            "chapter", "article"
        )
    )
    post_keys = dict(
        PostPage.objects.filter(pk__in={link.page_id for link in links}, live=True).values_list(
            "pk", "translation_key"
        )
    )
    return [(link, str(post_keys[link.page_id])) for link in links if link.page_id in post_keys]


@register("content.regulationpage")
def regulation_page(page, doc: SearchDocument) -> list[SearchDocument]:
    doc.kind = KIND_REGULATION
    doc.status = page.status
    doc.context = page.document_number or page.issuer
    chapters = {c.number: c for c in page.chapters.all()}
    sections = {(s.chapter_number, s.number): s for s in page.sections.all()}
    doc.headings = _join(
        [f"{c.label} {c.title}" for c in chapters.values()] + [f"{s.label} {s.title}" for s in sections.values()]
    )
    doc.body = _join([page.preamble, page.issuer, page.document_number] + _tags(page))

    links = _regulation_post_links(page)
    whole = {key for link, key in links if not link.chapter_id and not link.article_id}
    doc.posts = sorted({key for _link, key in links})
    departments = sorted(set(doc.departments) | set(_departments_of_posts(doc.posts)))
    doc.departments = departments

    documents = [doc]
    for article in page.articles.all():
        chapter = chapters.get(article.chapter_number)
        section = sections.get((article.chapter_number, article.section_number))
        # Article links are stored with the source-language rows; match them by number across languages.
        article_posts = set(whole)
        for link, key in links:
            if link.article_id and link.article.number == article.number:
                article_posts.add(key)
            elif link.chapter_id and not link.article_id and link.chapter.number == article.chapter_number:
                article_posts.add(key)
        label = article.label
        documents.append(
            SearchDocument(
                key=f"article:{article.pk}",
                group=doc.group,
                kind=KIND_REGULATION,
                language=doc.language,
                title=f"《{page.title}》{label}" if doc.language.startswith("zh") else f"{page.title}, {label}",
                title_terms=label,
                url=f"{doc.url}#{article.anchor}" if doc.url else "",
                context=" · ".join(f"{x.label} {x.title}" for x in (chapter, section) if x is not None),
                headings=_join(
                    [page.title] + [f"{x.label} {x.title}" for x in (chapter, section) if x is not None]
                ),
                body=article.text,
                status=page.status,
                page_id=page.pk,
                object_id=article.pk,
                departments=departments,
                posts=sorted(article_posts),
            )
        )
    return documents


# ------------------------------------------------------------------------------------ questions


def question_url(question) -> str:
    """Where an examiner opens a question: the first admin URL that exists for it."""
    for name in ("quizzes_question:edit", "wagtailsnippets_quizzes_question:edit", "quizzes:question_edit"):
        try:
            return reverse(name, args=[question.pk])
        except NoReverseMatch:
            continue
    return ""


def question_documents(question, bank_paths: dict[int, str] | None = None) -> list[SearchDocument]:
    """Examiner-only documents of a question: one in Chinese, one in English when it has English text.

    ``bank_paths`` memoises each bank's path (a tree walk) across the questions of one indexing run.
    """
    version = question.current_version
    if version is None:
        return []
    bank = question.bank
    bank_paths = {} if bank_paths is None else bank_paths
    if bank.pk not in bank_paths:
        bank_paths[bank.pk] = bank.full_path
    bank_path = bank_paths[bank.pk]
    tags = [t.name for t in question.tags.all()]
    base = {
        "group": f"question:{question.pk}",
        "kind": KIND_QUESTION,
        "audience": AUDIENCE_EXAMINER,
        "url": question_url(question),
        "status": question.status,
        "object_id": question.pk,
    }
    documents = [
        SearchDocument(
            key=f"question:{question.pk}:zh-hans",
            language="zh-hans",
            title=version.stem[:200],
            context=bank_path,
            headings=_join([bank_path] + tags),
            body=_join(
                [version.stem]
                + [str(o) for o in version.options]
                + [version.model_answer, version.explanation, question.knowledge_point_refs]
            ),
            **base,
        )
    ]
    if version.stem_en:
        documents.append(
            SearchDocument(
                key=f"question:{question.pk}:en",
                language="en",
                title=version.stem_en[:200],
                context=bank.name_en or bank_path,
                headings=_join([bank.name_en or bank_path] + tags),
                body=_join([version.stem_en] + [str(o) for o in version.options_en] + [version.explanation_en]),
                **base,
            )
        )
    return documents
