"""The published texts a 汉字录入 passage is drawn from: regulations in force and procedures, live, in Chinese.

Read through the app registry (like ``register``), so the certification app does not import the content app;
without it there are simply no passages.
"""

from __future__ import annotations

from django.apps import apps

from .rules.skill_material import Source

SOURCE_LANGUAGE = "zh-hans"


def _model(name):
    try:
        return apps.get_model("content", name)
    except LookupError:
        return None


def passage_sources() -> list[Source]:
    sources = []
    Regulation, Article = _model("RegulationPage"), _model("RegulationArticle")
    if Regulation is not None and Article is not None:
        pages = Regulation.objects.live().filter(locale__language_code=SOURCE_LANGUAGE, status="in_force")
        texts: dict[int, list[str]] = {}
        titles = dict(pages.values_list("pk", "title"))
        for page_id, text in (Article.objects.filter(page_id__in=list(titles)).order_by("page_id", "sort_order",
                                                                                          "number")
                              .values_list("page_id", "text")):
            texts.setdefault(page_id, []).append(text)
        sources += [Source(f"regulation:{pk}", titles[pk], tuple(parts)) for pk, parts in texts.items()]
    Procedure, Step = _model("ProcedurePage"), _model("ProcedureStep")
    if Procedure is not None and Step is not None:
        titles = dict(Procedure.objects.live().filter(locale__language_code=SOURCE_LANGUAGE)
                      .values_list("pk", "title"))
        texts = {}
        for page_id, text in (Step.objects.filter(page_id__in=list(titles)).order_by("page_id", "sort_order")
                              .values_list("page_id", "text")):
            texts.setdefault(page_id, []).append(text)
        sources += [Source(f"procedure:{pk}", titles[pk], tuple(parts)) for pk, parts in texts.items()]
    return sources
