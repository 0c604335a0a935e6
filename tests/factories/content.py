"""Builders for knowledge-base pages and snippets.

Plain functions rather than factory_boy factories: Wagtail pages must be added under a parent in the tree
and published through a revision (which sets ``last_published_at``, what translation freshness compares).
The Chinese and English home pages come from content's data migration.
"""

from __future__ import annotations

import itertools
from types import SimpleNamespace

from wagtail.models import Locale

from content.models import (
    DepartmentPage,
    Duty,
    DutySet,
    HomePage,
    ManualPage,
    PostCertification,
    PostDuty,
    PostDutySet,
    PostPage,
    PostProcedure,
    PostRegulationLink,
    PostRequirement,
    ProcedurePage,
    ProcedureStep,
    RegulationArticle,
    RegulationChapter,
    RegulationIndexPage,
    RegulationPage,
    RegulationSection,
    SegregationRule,
    SegregationRuleMember,
)

_numbers = itertools.count(1)


def locale(code: str = "zh-hans") -> Locale:
    return Locale.objects.get(language_code=code)


def home(code: str = "zh-hans") -> HomePage:
    return HomePage.objects.get(locale__language_code=code)


def publish(page):
    """Publish the page's current state through a revision; returns the page re-read from the database."""
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


def _add(parent, page, live=True):
    page.live = live
    parent.add_child(instance=page)
    return publish(page) if live else page


def department(parent=None, title="电子银行部", **kwargs) -> DepartmentPage:
    n = next(_numbers)
    return _add(parent or home(), DepartmentPage(title=title, slug=kwargs.pop("slug", f"dept-{n}"), **kwargs))


def post(parent, title="录入岗", code=None, duties=(), requirements=(), certifications=(), live=True, **kwargs):
    n = next(_numbers)
    page = PostPage(
        title=title,
        slug=kwargs.pop("slug", f"post-{n}"),
        code=code or f"P{n:03d}",
        duties=[PostDuty(text=t, sort_order=i) for i, t in enumerate(duties)],
        requirements=[PostRequirement(text=t, sort_order=i) for i, t in enumerate(requirements)],
        certifications=[PostCertification(name=t, sort_order=i) for i, t in enumerate(certifications)],
        **kwargs,
    )
    return _add(parent, page, live=live)


def regulation_index(parent=None, title="规章制度") -> RegulationIndexPage:
    n = next(_numbers)
    return _add(parent or home(), RegulationIndexPage(title=title, slug=f"rules-{n}"))


def regulation(index, title="电子银行业务管理办法", chapters=(), sections=(), articles=(), live=True, **kwargs):
    """``chapters``: [(number, title)]; ``sections``: [(chapter, number, title)];
    ``articles``: [(number, chapter, section, text)]."""
    n = next(_numbers)
    page = RegulationPage(
        title=title,
        slug=kwargs.pop("slug", f"reg-{n}"),
        chapters=[RegulationChapter(number=num, title=t, sort_order=i) for i, (num, t) in enumerate(chapters)],
        sections=[
            RegulationSection(chapter_number=c, number=num, title=t, sort_order=i)
            for i, (c, num, t) in enumerate(sections)
        ],
        articles=[
            RegulationArticle(number=num, chapter_number=c, section_number=s, text=t, sort_order=i)
            for i, (num, c, s, t) in enumerate(articles)
        ],
        **kwargs,
    )
    return _add(index, page, live=live)


def simple_regulation(index, n_articles=6, **kwargs) -> RegulationPage:
    """Two chapters (第一章 总则 with a section, 第二章 附则) and ``n_articles`` articles."""
    half = max(1, n_articles // 2)
    return regulation(
        index,
        chapters=[(1, "总则"), (2, "附则")],
        sections=[(1, 1, "一般规定")],
        articles=[
            (i, 1 if i <= half else 2, 1 if i <= half else None, f"第{i}条的内容。\n（一）第一项；\n（二）第二项。")
            for i in range(1, n_articles + 1)
        ],
        **kwargs,
    )


def procedure(parent, title="网银开户操作规程", steps=(), **kwargs) -> ProcedurePage:
    """``steps``: dicts of ProcedureStep fields (articles / documents lists allowed)."""
    n = next(_numbers)
    rows = []
    for i, spec in enumerate(steps):
        spec = {"sort_order": i, **spec}
        articles = spec.pop("articles", [])
        documents = spec.pop("documents", [])
        step = ProcedureStep(**spec)
        step.articles = articles
        step.documents = documents
        rows.append(step)
    return _add(parent, ProcedurePage(title=title, slug=kwargs.pop("slug", f"proc-{n}"), steps=rows, **kwargs))


def manual(parent, title="网银操作手册", body=(), **kwargs) -> ManualPage:
    n = next(_numbers)
    return _add(parent, ManualPage(title=title, slug=kwargs.pop("slug", f"manual-{n}"), body=list(body), **kwargs))


def duty_set(code="POS", name="POS业务职责", duties=(), lang="zh-hans") -> DutySet:
    ds = DutySet(code=code, name=name, locale=locale(lang), duties=[Duty(text=t) for t in duties])
    ds.save()
    return ds


def rule(name="六岗分离、不得兼任", posts=(), name_en="Six-post segregation") -> SegregationRule:
    r = SegregationRule(name=name, name_en=name_en, members=[SegregationRuleMember(post=p) for p in posts])
    r.save()
    return r


def link_duty_set(post_page, ds):
    post_page.duty_set_links.add(PostDutySet(duty_set=ds))
    return post_page


def link_procedure(post_page, procedure_page):
    post_page.duty_set_links  # noqa: B018 - keep child managers loaded
    post_page.procedure_links.add(PostProcedure(procedure=procedure_page))
    return post_page


def link_regulation(post_page, regulation_page, *, chapter=None, article=None, level="understand"):
    post_page.regulation_links.add(
        PostRegulationLink(regulation=regulation_page, chapter=chapter, article=article, level=level)
    )
    return post_page


def translate(page, code="en", **changes):
    """An English (or other) translation of ``page``, published, with ``changes`` applied."""
    target = locale(code)
    translated = page.copy_for_translation(target, copy_parents=True)
    for name, value in changes.items():
        setattr(translated, name, value)
    translated.save()
    return publish(translated)


def parsed(chapters=(), sections=(), articles=(), **header):
    """A duck-typed stand-in for content.regulations.parser.ParsedRegulation."""
    return SimpleNamespace(
        title=header.get("title", ""),
        document_number=header.get("document_number"),
        issuer=header.get("issuer"),
        adopted_date=header.get("adopted_date"),
        promulgated_date=header.get("promulgated_date"),
        effective_date=header.get("effective_date"),
        chapters=[SimpleNamespace(number=n, title=t, line=1) for n, t in chapters],
        sections=[SimpleNamespace(chapter=c, number=n, title=t, line=1) for c, n, t in sections],
        articles=[
            SimpleNamespace(number=n, chapter=c, section=s, text=t, line=1, items=[]) for n, c, s, t in articles
        ],
        errors=[],
    )


def ui(message: str, lang: str = "zh-hans", **params) -> str:
    """A UI string as the page shows it in ``lang`` (tests must not depend on whether it is translated yet)."""
    from django.utils import translation

    with translation.override(lang):
        text = translation.gettext(message)
    return text % params if params else text


def ui_plural(singular: str, plural: str, count: int, lang: str = "zh-hans", **params) -> str:
    """A plural UI string (``{% blocktranslate count %}``) as the page shows it in ``lang``."""
    from django.utils import translation

    with translation.override(lang):
        text = translation.ngettext(singular, plural, count)
    return text % params if params else text
