"""Read models for the reading views: a post with everything it links to, a procedure's steps, the posts
that must know a regulation — each in the reader's language, in a number of queries that does not grow
with the number of duties, links or steps (every relation is fetched once for all rows, then joined in
Python).

Links (post → duty set / procedure / regulation / incompatible post, step → post / article) are stored
once, usually pointing at the Chinese page, and are shown in the reader's language: the target's live
translation in that locale when there is one, else the original.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch, prefetch_related_objects
from django.utils import translation
from wagtail.models import Locale

from content.models import (
    DutySet,
    PostDutySet,
    PostPage,
    PostProcedure,
    PostRegulationLink,
    ProcedurePage,
    ProcedureStep,
    RegulationArticle,
    RegulationChapter,
    RegulationPage,
)
from content.models.mixins import default_language_code
from content.models.regulations import article_anchor, chapter_anchor
from content.regulations.ordinals import ordinal_label
from content.rules import segregation as rules


def _from_database(instance, relation: str) -> bool:
    """True when ``instance.<relation>`` reads the database (not an unsaved page, not an admin preview
    whose child rows are held in memory): only then is prefetching possible and useful."""
    return bool(instance.pk) and relation not in getattr(instance, "_cluster_related_objects", {})


def locale_id_for(language_code: str) -> int | None:
    return Locale.objects.filter(language_code=language_code).values_list("id", flat=True).first()


def localize(items: Iterable, model, locale_id: int | None, *, pages: bool = True) -> dict:
    """``{item.pk: the item's translation in locale_id}`` for pages or translatable snippets.

    Pages: only live translations count, and an item that is not live itself maps to None (hidden).
    One query for all items that are not already in ``locale_id``.
    """
    items = [i for i in items if i is not None]
    wanted = {i.translation_key for i in items if i.locale_id != locale_id}
    found = {}
    if wanted and locale_id is not None:
        queryset = model.objects.filter(translation_key__in=wanted, locale_id=locale_id)
        if pages:
            queryset = queryset.live()
        found = {obj.translation_key: obj for obj in queryset}
    result = {}
    for item in items:
        target = item if item.locale_id == locale_id else found.get(item.translation_key, item)
        if pages and not target.live:
            target = None
        result[item.pk] = target
    return result


# --- posts ----------------------------------------------------------------------------------------


@dataclass
class DutySetView:
    duty_set: DutySet
    duties: list


@dataclass
class RegulationRequirement:
    """One "must know" line: a regulation, or one chapter or article of it, and the level."""

    regulation: RegulationPage
    kind: str  # "regulation", "chapter" or "article"
    number: int | None
    label: str  # 第三章 / 第十二条 / Article 12 ("" for a whole regulation)
    title: str  # the chapter's title or the article's opening words, in the regulation's language
    anchor: str
    level: str
    level_label: str


@dataclass
class Incompatibility:
    post: PostPage
    rule_names: list[str]


@dataclass
class PostDetails:
    page: PostPage
    duties: list = field(default_factory=list)
    duty_sets: list[DutySetView] = field(default_factory=list)
    requirements: list = field(default_factory=list)
    certifications: list = field(default_factory=list)
    procedures: list[ProcedurePage] = field(default_factory=list)
    regulations: list[RegulationRequirement] = field(default_factory=list)
    incompatible: list[Incompatibility] = field(default_factory=list)

    @property
    def all_duties(self) -> list[str]:
        """Own duties then the duty sets' duties, as one numbered list would show them."""
        return [d.text for d in self.duties] + [d.text for s in self.duty_sets for d in s.duties]


def _excerpt(text: str, length: int = 40) -> str:
    first = (text or "").strip().splitlines()[0] if (text or "").strip() else ""
    return first if len(first) <= length else first[:length] + "…"


def _regulation_requirements(links: list[PostRegulationLink], locale_id) -> dict[int, list[RegulationRequirement]]:
    regulations = localize([link.regulation for link in links], RegulationPage, locale_id)
    # chapter titles / article texts of the translated regulations, by (page, number): two queries at most
    chapter_keys, article_keys = set(), set()
    for link in links:
        target = regulations.get(link.regulation_id)
        if target is None or target.pk == link.regulation_id:
            continue
        if link.article_id:
            article_keys.add((target.pk, link.article.number))
        elif link.chapter_id:
            chapter_keys.add((target.pk, link.chapter.number))
    chapter_titles, article_texts = {}, {}
    if chapter_keys:
        for page_id, number, title in RegulationChapter.objects.filter(
            page_id__in={k[0] for k in chapter_keys}, number__in={k[1] for k in chapter_keys}
        ).values_list("page_id", "number", "title"):
            chapter_titles[(page_id, number)] = title
    if article_keys:
        for page_id, number, text in RegulationArticle.objects.filter(
            page_id__in={k[0] for k in article_keys}, number__in={k[1] for k in article_keys}
        ).values_list("page_id", "number", "text"):
            article_texts[(page_id, number)] = text

    result: dict[int, list[RegulationRequirement]] = {}
    for link in links:
        target = regulations.get(link.regulation_id)
        if target is None:
            continue
        same = target.pk == link.regulation_id
        if link.article_id:
            number = link.article.number
            text = link.article.text if same else article_texts.get((target.pk, number), link.article.text)
            req = RegulationRequirement(
                regulation=target, kind="article", number=number, label=ordinal_label(number, "article"),
                title=_excerpt(text), anchor=article_anchor(number), level=link.level,
                level_label=link.get_level_display(),
            )
        elif link.chapter_id:
            number = link.chapter.number
            title = link.chapter.title if same else chapter_titles.get((target.pk, number), link.chapter.title)
            req = RegulationRequirement(
                regulation=target, kind="chapter", number=number, label=ordinal_label(number, "chapter"),
                title=title, anchor=chapter_anchor(number), level=link.level, level_label=link.get_level_display(),
            )
        else:
            req = RegulationRequirement(
                regulation=target, kind="regulation", number=None, label="", title="", anchor="",
                level=link.level, level_label=link.get_level_display(),
            )
        result.setdefault(link.page_id, []).append(req)
    return result


def _source_post_ids(posts: list[PostPage]) -> dict[int, int]:
    """``{post.pk: pk of its source-language page}``."""
    posts = [p for p in posts if p.pk]
    code = default_language_code()
    source_locale = locale_id_for(code) if posts else None
    result = {p.pk: p.pk for p in posts if p.locale_id == source_locale}
    others = {p.translation_key: p.pk for p in posts if p.locale_id != source_locale}
    if others:
        for pk, key in PostPage.objects.filter(translation_key__in=others, locale_id=source_locale).values_list(
            "pk", "translation_key"
        ):
            result[others[key]] = pk
    return result


def _incompatibilities(posts: list[PostPage], locale_id) -> dict[int, list[Incompatibility]]:
    from content.services.assignments import rules_involving

    sources = _source_post_ids(posts)
    if not sources:
        return {}
    domain_rules = rules_involving(set(sources.values()))
    per_post = {pk: rules.incompatible_posts(source_pk, domain_rules) for pk, source_pk in sources.items()}
    other_ids = {other for mapping in per_post.values() for other in mapping}
    if not other_ids:
        return {}
    others = list(PostPage.objects.filter(pk__in=other_ids).live().order_by("title"))
    localized = localize(others, PostPage, locale_id)
    result = {}
    for pk, mapping in per_post.items():
        rows = []
        for other in others:
            target = localized.get(other.pk)
            if other.pk in mapping and target is not None:
                rows.append(Incompatibility(post=target, rule_names=[r.name for r in mapping[other.pk]]))
        result[pk] = rows
    return result


def load_post_details(posts: list[PostPage], locale_id: int | None = None) -> list[PostDetails]:
    """Everything the post page and "My posts" show, for several posts at once (bounded queries)."""
    posts = list(posts)
    if not posts:
        return []
    if locale_id is None:
        locale_id = posts[0].locale_id
    prefetch_related_objects(
        [p for p in posts if _from_database(p, "duties")],
        "duties",
        "requirements",
        "certifications",
        Prefetch("duty_set_links", queryset=PostDutySet.objects.select_related("duty_set")),
        Prefetch("procedure_links", queryset=PostProcedure.objects.select_related("procedure")),
        Prefetch(
            "regulation_links",
            queryset=PostRegulationLink.objects.select_related("regulation", "chapter", "article"),
        ),
    )
    duty_set_links = [link for p in posts for link in p.duty_set_links.all()]
    duty_sets = localize([link.duty_set for link in duty_set_links], DutySet, locale_id, pages=False)
    prefetch_related_objects([d for d in set(duty_sets.values()) if d is not None], "duties")
    procedure_links = [link for p in posts for link in p.procedure_links.all()]
    procedures = localize([link.procedure for link in procedure_links], ProcedurePage, locale_id)
    requirements = _regulation_requirements([link for p in posts for link in p.regulation_links.all()], locale_id)
    incompatible = _incompatibilities(posts, locale_id)

    details = []
    for post in posts:
        seen_procedures = set()
        procedure_list = []
        for link in post.procedure_links.all():
            target = procedures.get(link.procedure_id)
            if target is not None and target.pk not in seen_procedures:
                seen_procedures.add(target.pk)
                procedure_list.append(target)
        details.append(
            PostDetails(
                page=post,
                duties=list(post.duties.all()),
                duty_sets=[
                    DutySetView(duty_set=duty_sets[link.duty_set_id], duties=list(duty_sets[link.duty_set_id].duties.all()))
                    for link in post.duty_set_links.all()
                ],
                requirements=list(post.requirements.all()),
                certifications=list(post.certifications.all()),
                procedures=procedure_list,
                regulations=requirements.get(post.pk, []),
                incompatible=incompatible.get(post.pk, []),
            )
        )
    return details


# --- regulations ----------------------------------------------------------------------------------


@dataclass
class RequiredBy:
    post: PostPage
    label: str
    title: str
    anchor: str
    level: str
    level_label: str


def posts_requiring(regulation: RegulationPage) -> list[RequiredBy]:
    """The live posts (source language, shown in the regulation's language) that must know ``regulation``."""
    links = list(
        PostRegulationLink.objects.filter(
            regulation__translation_key=regulation.translation_key,
            page__live=True,
            page__locale__language_code=default_language_code(),
        )
        .select_related("page", "chapter", "article")
        .order_by("page__title", "sort_order")
    )
    posts = localize([link.page for link in links], PostPage, regulation.locale_id)
    chapter_titles = {c.number: c.title for c in regulation.chapters.all()}
    rows = []
    for link in links:
        post = posts.get(link.page_id)
        if post is None:
            continue
        if link.article_id:
            n = link.article.number
            label, title, anchor = ordinal_label(n, "article"), "", article_anchor(n)
        elif link.chapter_id:
            n = link.chapter.number
            label, title, anchor = ordinal_label(n, "chapter"), chapter_titles.get(n, link.chapter.title), chapter_anchor(n)
        else:
            label, title, anchor = "", "", ""
        rows.append(RequiredBy(post, label, title, anchor, link.level, link.get_level_display()))
    return rows


# --- procedures -----------------------------------------------------------------------------------


@dataclass
class ArticleRef:
    regulation: RegulationPage
    number: int
    label: str
    anchor: str


@dataclass
class StepView:
    number: int
    step: ProcedureStep
    post: PostPage | None
    articles: list[ArticleRef]
    documents: list


def load_procedure_steps(procedure: ProcedurePage) -> list[StepView]:
    """The procedure's steps with their post, documents and articles in the procedure's language."""
    steps = list(procedure.steps.all())
    prefetch_related_objects(
        [s for s in steps if _from_database(procedure, "steps")],
        "post",
        "documents",
        Prefetch("articles", queryset=RegulationArticle.objects.select_related("page")),
    )
    posts = localize([s.post for s in steps if s.post_id], PostPage, procedure.locale_id)
    all_articles = [a for s in steps for a in s.articles.all()]
    regulations = localize({a.page for a in all_articles}, RegulationPage, procedure.locale_id)
    views = []
    for n, step in enumerate(steps, start=1):
        refs = []
        for article in sorted(step.articles.all(), key=lambda a: (a.page_id, a.number)):
            regulation = regulations.get(article.page_id)
            if regulation is not None:
                refs.append(
                    ArticleRef(regulation, article.number, ordinal_label(article.number, "article"), article.anchor)
                )
        views.append(
            StepView(
                number=n,
                step=step,
                post=posts.get(step.post_id) if step.post_id else None,
                articles=refs,
                documents=list(step.documents.all()),
            )
        )
    return views


def post_titles(codes: Iterable[str], language: str | None = None) -> dict[str, str]:
    """``{post code: the post's title in language}`` (default: the active one), falling back to the title in
    the source language; one query, for the charts and reports that group people by post code."""
    language = language or translation.get_language() or default_language_code()
    titles: dict[str, str] = {}
    source = default_language_code()
    for code, title, locale in PostPage.objects.filter(code__in=list(codes)).values_list(
        "code", "title", "locale__language_code"
    ):
        if locale == language or (locale == source and code not in titles):
            titles[code] = title
    return titles
