"""How the knowledge base's pages become search documents (see ``portal.search.documents`` for the table of
what goes into title, headings and body). Registered by ``ContentConfig.ready()``."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.utils.html import strip_tags
from wagtail.models import Page

from content.models import DepartmentPage, PostPage, PostProcedure, PostRegulationLink
from portal.search.documents import (
    KIND_DEPARTMENT,
    KIND_MANUAL,
    KIND_POST,
    KIND_PROCEDURE,
    KIND_REGULATION,
    SearchDocument,
    join_texts,
    page_tags,
    register,
    register_departments,
)
from portal.search.indexing import register_dependents

logger = logging.getLogger(__name__)


def ancestor_departments(page) -> list[Page]:
    return list(DepartmentPage.objects.ancestor_of(page, inclusive=True).order_by("depth"))


def _departments_of_posts(post_keys: Iterable[str]) -> list[str]:
    keys = set()
    for post in PostPage.objects.filter(translation_key__in=list(post_keys)):
        keys.update(
            str(k) for k in DepartmentPage.objects.ancestor_of(post).values_list("translation_key", flat=True)
        )
    return sorted(keys)


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
    doc.headings = join_texts(duties)
    doc.body = join_texts(
        [page.summary, page.code]
        + [r.text for r in page.requirements.all()]
        + [c.name for c in page.certifications.all()]
        + page_tags(page)
    )
    doc.posts = [str(page.translation_key)]
    return [doc]


@register("content.departmentpage")
def department_page(page, doc: SearchDocument) -> list[SearchDocument]:
    doc.kind = KIND_DEPARTMENT
    doc.headings = page.intro
    doc.body = join_texts([strip_tags(page.body or "")] + page_tags(page))
    return [doc]


@register("content.procedurepage")
def procedure_page(page, doc: SearchDocument) -> list[SearchDocument]:
    doc.kind = KIND_PROCEDURE
    doc.headings = page.summary
    steps = list(page.steps.select_related("post"))
    doc.body = join_texts(
        [t for s in steps for t in (s.text, s.forms, s.deadline)] + page_tags(page)
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
    doc.headings = join_texts(headings)
    doc.body = join_texts([strip_tags(t) if "<" in t else t for t in body] + page_tags(page))
    return [doc]


def _regulation_post_links(page):
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
    doc.headings = join_texts(
        [f"{c.label} {c.title}" for c in chapters.values()] + [f"{s.label} {s.title}" for s in sections.values()]
    )
    doc.body = join_texts([page.preamble, page.issuer, page.document_number] + page_tags(page))

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
                headings=join_texts(
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


def dependent_page_ids(page_ids: Iterable[int]) -> set[int]:
    """Pages whose documents mention these pages (a post's regulations and procedures carry the post in
    their ``posts`` filter values), in every language."""
    posts = list(PostPage.objects.filter(pk__in=list(page_ids)).values_list("pk", flat=True))
    if not posts:
        return set()
    keys = set(PostRegulationLink.objects.filter(page_id__in=posts).values_list("regulation__translation_key", flat=True))
    keys |= set(PostProcedure.objects.filter(page_id__in=posts).values_list("procedure__translation_key", flat=True))
    return set(Page.objects.filter(translation_key__in=keys).values_list("pk", flat=True))


def connect() -> None:
    """Register the extractors (decorated above, on import), the department tree and the dependents."""
    register_departments(ancestor_departments)
    register_dependents(dependent_page_ids)
