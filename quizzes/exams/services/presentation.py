"""What the candidate's browser receives. The one place that turns attempts and versions into payloads.

Before the review policy allows more, a payload is built from ``QuestionVersion.candidate_view()`` only
(stem, options, blank count) with the options in the candidate's display order: never a key, an
explanation, a model answer or an accepted blank. ``key_view`` (the key and the explanation) is used only
by the review of a paper whose policy shows it and by practice feedback after an answer.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import get_language

from content.models import RegulationArticle
from portal.core.bilingual import is_english
from quizzes.models import CHOICE_TYPES, QuestionType

from ..rules import deadlines, shuffle
from ..rules.scoring import MAX_BLANK, MAX_SHORT_ANSWER, blank_matches


def _english(language: str | None) -> bool:
    return bool(language) and is_english(language)


def question_view(version, *, language: str = "zh-hans") -> dict:
    """A practice question: the candidate view in the original option order."""
    view = version.candidate_view(language)
    return {
        "version_id": version.pk,
        "type": view["type"],
        "stem": view["stem"],
        "options": view["options"],
        "blank_count": view["blank_count"],
        "prompts": view["prompts"],
        "unit": view["unit"],
        "max_length": max_length(view["type"]),
    }


def max_length(qtype: str) -> int | None:
    """The longest answer the server accepts for a text question (the page's maxlength and counter)."""
    return {QuestionType.SHORT_ANSWER: MAX_SHORT_ANSWER, QuestionType.FILL_BLANK: MAX_BLANK}.get(qtype)


def item_view(item, *, language: str) -> dict:
    view = item.version.candidate_view(language)
    options = [view["options"][i] for i in item.option_order] if item.option_order else view["options"]
    return {
        "position": item.position,
        "section": item.section_index,
        "type": view["type"],
        "stem": view["stem"],
        "options": options,
        "blank_count": view["blank_count"],
        "prompts": view["prompts"],
        "unit": view["unit"],
        "max_length": max_length(view["type"]),
        "points": str(item.points),
        "response": shuffle.to_display(item.version.type, item.response, item.option_order),
        "seq": item.response_seq,
        "flagged": item.flagged,
    }


def section_title(item_or_dict, language: str | None = None) -> str:
    title_en = getattr(item_or_dict, "section_title_en", None)
    title = getattr(item_or_dict, "section_title", None)
    if isinstance(item_or_dict, dict):
        title, title_en = item_or_dict.get("title", ""), item_or_dict.get("title_en", "")
    return title_en if _english(language or get_language()) and title_en else title


def attempt_payload(attempt, items, *, now) -> dict:
    """The paper as the exam page needs it: questions, saved answers, flags, and the server's clock."""
    language = attempt.language
    sections: dict[int, dict] = {}
    for item in items:
        entry = sections.setdefault(item.section_index, {
            "index": item.section_index, "title": section_title(item), "count": 0, "points": str(item.points),
        })
        entry["count"] += 1
    sitting = attempt.sitting
    return {
        "attempt": {
            "id": attempt.pk,
            "number": attempt.number,
            "status": attempt.status,
            "title": sitting.display_title,
            "language": language,
            "deadline": attempt.deadline.isoformat(),
            "server_now": now.isoformat(),
            "remaining_seconds": deadlines.remaining_seconds(now, attempt.deadline),
            "max_score": str(attempt.max_score),
        },
        "sections": list(sections.values()),
        "questions": [item_view(item, language=language) for item in items],
    }


# ------------------------------------------------------------------------------- keys (review, practice)


def _explanation(version, language: str | None) -> str:
    if _english(language) and version.explanation_en:
        return version.explanation_en
    return version.explanation


def key_view(version, *, language: str | None = None) -> dict:
    """The key in words: right option texts (in order, for ordering), accepted blanks, model answer."""
    options = version.candidate_view(language)["options"]
    return {
        "type": version.type,
        "correct": list(version.correct) if version.type in CHOICE_TYPES else [],
        "correct_texts": [options[i] for i in version.correct if 0 <= i < len(options)]
        if version.type in CHOICE_TYPES else [],
        "blanks": [list(b) for b in version.blanks] if version.type == QuestionType.FILL_BLANK else [],
        "model_answer": version.model_answer if version.type == QuestionType.SHORT_ANSWER else "",
        "explanation": _explanation(version, language),
        "pairs": matching_pairs(version, language=language),
        "numeric": numeric_texts(version),
    }


def matching_pairs(version, *, language: str | None = None) -> list[list[str]]:
    """A matching key as [[left item, its answer]…]; [] for other types."""
    if version.type != QuestionType.MATCHING:
        return []
    view = version.candidate_view(language)
    return [[p, view["options"][c] if 0 <= c < len(view["options"]) else "?"]
            for p, c in zip(view["prompts"], version.correct, strict=False)]


def numeric_texts(version) -> list[str]:
    """A numerical key in words: "1822 ± 1", "3.141 – 3.142", with the credit when it is partial."""
    if version.type != QuestionType.NUMERICAL:
        return []
    texts = []
    for answer in version.numeric:
        if answer.get("low") is not None:
            text = f"{answer['low']} – {answer['high']}"
        else:
            tolerance = str(answer.get("tolerance") or "0")
            text = str(answer["value"])
            if Decimal(tolerance):
                text += f" ± {tolerance}{'×' if answer.get('relative') else ''}"
        if version.unit:
            text += f" {version.unit}"
        fraction = Decimal(str(answer.get("fraction", "1")))
        if fraction != 1:
            text += f" ({(fraction * 100).normalize():f}%)"
        texts.append(text)
    return texts


def with_knowledge_links(items):
    """Attempt items with each question's regulation articles (and their pages) and procedures fetched for the
    whole paper in two queries, for ``review_rows`` (otherwise ``knowledge_links`` asks twice per question)."""
    return items.prefetch_related(
        Prefetch("version__question__regulation_articles", queryset=RegulationArticle.objects.select_related("page")),
        "version__question__procedures",
    )


def knowledge_links(question) -> list[dict]:
    """The regulation articles and procedures a question tests, as links for the explanation."""
    links = []
    prefetched = getattr(question, "_prefetched_objects_cache", {})
    articles = (question.regulation_articles.all() if "regulation_articles" in prefetched
                else question.regulation_articles.select_related("page"))
    for article in articles:
        try:
            links.append({"label": str(article), "url": article.get_absolute_url()})
        except Exception:  # a page that is not routable (unpublished): name it without a link
            links.append({"label": str(article), "url": ""})
    for procedure in question.procedures.all():
        links.append({"label": procedure.title, "url": procedure.url or ""})
    return links


def answer_text(version, response, option_order=None, *, language: str | None = None) -> str:
    """A stored answer in words (option letters and texts, blanks joined, or the text)."""
    if response in (None, "", []):
        return ""
    if version.type == QuestionType.SHORT_ANSWER:
        return str(response)
    if version.type == QuestionType.FILL_BLANK:
        return "；".join(str(r) for r in response)
    if version.type == QuestionType.NUMERICAL:
        return f"{response} {version.unit}".strip() if version.unit and version.unit not in str(response) else str(response)
    options = version.candidate_view(language)["options"]
    if version.type == QuestionType.MATCHING:
        prompts = version.candidate_view(language)["prompts"]
        return "；".join(f"{p} → {options[r] if r is not None and 0 <= r < len(options) else '—'}"
                        for p, r in zip(prompts, list(response) + [None] * (len(prompts) - len(response)),
                                        strict=False))
    order = option_order or list(range(len(options)))
    letters = "ABCDEFGH"
    shown = {original: letters[pos] for pos, original in enumerate(order)}
    separator = " → " if version.type == QuestionType.ORDERING else "、"
    return separator.join(f"{shown.get(i, '?')}. {options[i]}" for i in response if 0 <= i < len(options))


def _right_answer(version, option_order, language) -> str:
    if version.type in CHOICE_TYPES or version.type == QuestionType.MATCHING:
        return answer_text(version, list(version.correct), option_order, language=language)
    if version.type == QuestionType.NUMERICAL:
        return "；".join(numeric_texts(version))
    return ""


def review_rows(attempt, items, *, language: str | None = None) -> list[dict]:
    """Each question with the candidate's answer, the key, the score and the explanation (review only)."""
    rows = []
    for item in items:
        version = item.version
        scoring_version = item.scoring_version
        key = key_view(scoring_version, language=language)
        view = version.candidate_view(language)
        options = [view["options"][i] for i in item.option_order] if item.option_order else view["options"]
        chosen = set(item.response or []) if version.type in CHOICE_TYPES else set()
        correct = set(scoring_version.correct) if version.type in CHOICE_TYPES else set()
        option_rows = [] if version.type == QuestionType.MATCHING else [
            {"letter": "ABCDEFGH"[pos], "text": text, "chosen": original in chosen, "correct": original in correct}
            for pos, (original, text) in enumerate(zip(item.option_order or range(len(options)), options, strict=False))
        ]
        blanks = []
        if version.type == QuestionType.FILL_BLANK:
            given = list(item.response or []) + [""] * (len(scoring_version.blanks) - len(item.response or []))
            blanks = [{"given": g, "accepted": list(a), "right": blank_matches(g, tuple(a))}
                      for g, a in zip(given, scoring_version.blanks, strict=False)]
        rows.append({
            "position": item.position,
            "section": section_title(item, language),
            "type": version.get_type_display(),
            "stem": view["stem"],
            "options": option_rows,
            "blanks": blanks,
            "answer": answer_text(version, item.response, item.option_order, language=language),
            "right_answer": _right_answer(scoring_version, item.option_order, language),
            "model_answer": key["model_answer"],
            "explanation": key["explanation"],
            "score": item.score,
            "points": item.points,
            "pending": item.score is None,
            "full_marks": item.score is not None and item.score >= item.points,
            "zero": item.score is not None and item.score == Decimal("0"),
            "grader_note": item.grader_note,
            "corrected_key": item.key_version_id is not None,
            "links": knowledge_links(version.question),
        })
    return rows


def machine_part(items) -> dict:
    """The machine-marked part of a paper awaiting an examiner: its score, its maximum, and what waits."""
    marked = [i for i in items if i.score is not None]
    waiting = [i for i in items if i.score is None]
    return {
        "score": sum((i.score for i in marked), Decimal("0")),
        "max": sum((i.points for i in marked), Decimal("0")),
        "pending": len(waiting),
        "pending_points": sum((i.points for i in waiting), Decimal("0")),
    }
