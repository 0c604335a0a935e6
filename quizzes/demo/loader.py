"""Load the demo question banks (``load_demo``), the way an examiner would, through the real code paths.

* ``seed_teller_bank.txt`` (format ``paper``): the legacy teller-grade bank, raw. The importer finds the
  seed's four real defects (an empty option, two garbled stems, a truncated key). An all-or-nothing
  import of the file is therefore rejected — the loader stages the upload and confirms it exactly as
  the admin does, so the rejected import and its errors are on record — and the examiner then takes
  the 46 questions the importer read cleanly from that same preview into the bank through the question
  service, leaving the four defective ones out and listing them (line and reason) to be retyped by hand.
  Nothing in the file is changed or guessed.
* ``seed_wjx_quiz.txt`` (format ``wjx``): clean; imported with ``apply_import`` (all or nothing).
* ``questions.json``: the hand-written bank (192 questions in 5 banks) through
  ``quizzes.services.questions`` (``create_question`` / ``revise_question``), with the English version,
  tags, source, and the knowledge points written as references (《办法》第N条, a procedure's or a post's
  title) that ``quizzes.services.knowledge`` links to the pages and articles ``content.demo`` created.

Every question ends up active. Idempotent: questions are found by their duplicate key (normalised stem
and options) in their bank, imports are only applied when they would create something, and unchanged
content writes nothing (``revise_question`` leaves an identical version alone).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from content.models import PostPage, ProcedurePage, RegulationArticle
from portal.core.models import StagedUpload
from quizzes.models import Question, QuestionStatus, QuestionType
from quizzes.services import knowledge
from quizzes.services.banks import resolve_bank, resolve_category, split_bank_path
from quizzes.services.imports import (
    CREATE,
    STAGED_KIND,
    UPDATE,
    ImportRejected,
    apply_import,
    confirm_staged,
    file_digest,
    plan_import,
    stage_import,
)
from quizzes.services.questions import QuestionContent, activate_question, create_question, revise_question

QUIZ_DATA = Path(settings.BASE_DIR) / "quizzes" / "demo" / "data"

TELLER_FILE = "seed_teller_bank.txt"
TELLER_BANK = "柜员等级评定/电子银行部分（旧题库）"
WJX_FILE = "seed_wjx_quiz.txt"
WJX_BANK = "内部培训/电子银行中心培训考试"
QUESTIONS_FILE = "questions.json"

# English names of the categories and seed banks (questions.json gives its banks' English paths itself).
ENGLISH_NAMES = {
    "柜员等级评定": "Teller grading",
    "电子银行部分（旧题库）": "E-banking (imported legacy bank)",
    "内部培训": "Internal training",
    "电子银行中心培训考试": "E-banking centre training quizzes",
}
DESCRIPTIONS = {
    TELLER_BANK: "从他行《柜员等级评定题库——电子银行部分》（种子003）原样导入的旧题库，题目涉及该行专有产品。"
                 "导入时发现的4道有缺陷的题目（空选项、乱码、答案截断）未导入，须人工核对后补录。",
    WJX_BANK: "问卷星导出的两次电子银行中心内部培训考试（种子004）。",
}
TELLER_TAGS = ["柜员等级评定题库", "旧题库"]
WJX_TAGS = ["问卷星导出", "内部培训"]


class DemoQuizError(ValueError):
    """The dataset is inconsistent (unknown knowledge point, unexpected parse result …)."""


def _examiner():
    """The demo examiner (questions are written in their name), or None before people are loaded."""
    return get_user_model().objects.filter(username="examiner").first()


def _set_english_names(path: str, english_path: str | None = None) -> None:
    """Give the categories and the bank of ``path`` their English names (from ``english_path`` "A / B"
    when given, else from ENGLISH_NAMES); only writes what differs."""
    segments = split_bank_path(path)
    english = [s.strip() for s in english_path.split(" / ")] if english_path else []
    if len(english) != len(segments):
        english = [ENGLISH_NAMES.get(s, "") for s in segments]
    category = resolve_category(segments[:-1])
    nodes = list(category.get_ancestors()) + [category] if category is not None else []
    bank, _created = resolve_bank(path)
    for node, name_en in zip([*nodes, bank], english, strict=True):
        if name_en and node.name_en != name_en:
            node.name_en = name_en
            node.save(update_fields=["name_en"])
    description = DESCRIPTIONS.get(path)
    if description and bank.description != description:
        bank.description = description
        bank.save(update_fields=["description"])


class QuizLoader:
    def __init__(self, data_dir: Path, stdout=None):
        self.data_dir = Path(data_dir)
        self.stdout = stdout
        self.user = _examiner()
        self.counts: Counter = Counter()

    def say(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(message)

    def run(self) -> str:
        self.load_teller_bank()
        self.load_wjx()
        self.load_written()
        per_bank = Counter(Question.objects.filter(status=QuestionStatus.ACTIVE).values_list(
            "bank__category__name", "bank__name"
        ))
        banks = "; ".join(f"{c + '/' if c else ''}{b} {n}" for (c, b), n in sorted(per_bank.items(), key=str))
        made = ", ".join(f"{n} {k}" for k, n in self.counts.items() if n)
        return f"Questions (active) per bank: {banks}" + (f" [{made}]" if made else "")

    # ------------------------------------------------------------------------------ the teller bank

    def load_teller_bank(self) -> None:
        data = (self.data_dir / TELLER_FILE).read_bytes()
        _set_english_names(TELLER_BANK)
        plan = plan_import(data, "paper", TELLER_BANK)
        if plan.errors:
            self._record_rejected_import(data, plan)
            self.say(f"{TELLER_FILE}: the importer reports {len(plan.errors)} defective question(s); "
                     f"they are left out, to be retyped by hand:")
            for error in plan.errors:
                self.say(f"  skipped line {error.line}: {error.message}")
        bank, _created = resolve_bank(TELLER_BANK)
        created = 0
        for item in plan.items:
            if item.action != CREATE:
                continue  # already in the bank (a second run), or a duplicate within the file
            parsed = item.question
            question = create_question(
                bank, item.content, acting_user=self.user, status=QuestionStatus.ACTIVE, tags=TELLER_TAGS + parsed.tags,
                source_file=TELLER_FILE, source_section=parsed.section or "", source_number=parsed.number,
                knowledge_point_refs=parsed.knowledge_points,
                change_note=f"Imported from {TELLER_FILE} (questions the importer read without errors)",
            )
            knowledge.link_references(question, parsed.knowledge_points)
            created += 1
        self.counts["created from the teller bank"] += created
        if created:
            self._record_partial_import(data, plan, created)

    def _record_partial_import(self, data: bytes, plan, created: int) -> None:
        """The questions read without errors went into the bank: the import log says so beside the refusal
        (otherwise the log shows only "not imported" for a bank that holds them)."""
        StagedUpload.objects.create(
            kind=STAGED_KIND, file_name=TELLER_FILE, data=data, size=len(data), sha256=file_digest(data),
            options={"bank_path": TELLER_BANK, "fmt": "paper"}, status=StagedUpload.Status.APPLIED,
            uploaded_by=self.user, applied_at=timezone.now(),
            summary={"create": created, "questions": created, "left_out": len(plan.errors)},
        )

    def _record_rejected_import(self, data: bytes, plan) -> None:
        """Upload and confirm the raw file as the admin does: it is refused, and the refusal is on record."""
        already = StagedUpload.objects.filter(
            kind=STAGED_KIND, sha256=file_digest(data), status=StagedUpload.Status.REJECTED
        ).exists()
        if already:
            return
        record = stage_import(data, file_name=TELLER_FILE, fmt="paper", bank_path=TELLER_BANK, user=self.user)
        try:
            confirm_staged(record, user=self.user)
        except ImportRejected:
            return
        raise DemoQuizError(f"{TELLER_FILE} was expected to be rejected ({len(plan.errors)} errors in the preview)")

    # ------------------------------------------------------------------------------ the survey export

    def load_wjx(self) -> None:
        data = (self.data_dir / WJX_FILE).read_bytes()
        _set_english_names(WJX_BANK)
        plan = plan_import(data, "wjx", WJX_BANK)
        if plan.errors:
            problems = "; ".join(f"line {e.line}: {e.message}" for e in plan.errors)
            raise DemoQuizError(f"{WJX_FILE} does not import: {problems}")
        if not plan.count(CREATE) and not plan.count(UPDATE):
            return
        outcome = apply_import(data, "wjx", WJX_BANK, user=self.user, activate=True, file_name=WJX_FILE)
        for question in Question.objects.filter(pk__in=outcome.question_ids):
            question.tags.add(*WJX_TAGS)
        self.counts["imported from the survey export"] += outcome.plan.count(CREATE)

    # ------------------------------------------------------------------------------ the written bank

    def references(self, points: list[dict]) -> list[str]:
        """Knowledge points as the references examiners write (what the knowledge service links)."""

        refs = []
        for point in points:
            if "regulation" in point:
                article = RegulationArticle.objects.filter(
                    page__slug=point["regulation"].lower(), page__locale__language_code=settings.LANGUAGE_CODE,
                    number=point["article"],
                ).select_related("page").first()
                target = article and knowledge.article_label(article)
            elif "procedure" in point:
                target = ProcedurePage.objects.filter(
                    slug=point["procedure"].lower(), locale__language_code=settings.LANGUAGE_CODE
                ).values_list("title", flat=True).first()
            elif "post" in point:
                target = PostPage.objects.filter(
                    code=point["post"], locale__language_code=settings.LANGUAGE_CODE
                ).values_list("title", flat=True).first()
            else:
                target = None
            if not target:
                raise DemoQuizError(f"{QUESTIONS_FILE}: unknown knowledge point {point} (load the content first)")
            refs.append(target)
        return refs

    def load_written(self) -> None:
        payload = json.loads((self.data_dir / QUESTIONS_FILE).read_text(encoding="utf-8"))
        banks = {}
        for spec in payload["banks"]:
            _set_english_names(spec["path"], spec.get("name_en"))
            banks[spec["path"]] = resolve_bank(spec["path"])[0]
        for number, spec in enumerate(payload["questions"], start=1):
            bank = banks[spec["bank"]]
            content = self.content(spec)
            refs = self.references(spec.get("knowledge_points", []))
            section = spec.get("source", "")[:120]
            question = Question.objects.filter(bank=bank, stem_key=content.stem_key).first()
            if question is None:
                question = create_question(
                    bank, content, acting_user=self.user, status=QuestionStatus.ACTIVE, tags=spec.get("tags", []),
                    source_file=f"quizzes/demo/data/{QUESTIONS_FILE}", source_section=section, source_number=number,
                    knowledge_point_refs=refs,
                )
                self.counts["written questions created"] += 1
            else:
                if revise_question(question, content, acting_user=self.user).pk != question.current_version_id:
                    self.counts["written questions revised"] += 1
                question.refresh_from_db()
                missing = set(spec.get("tags", [])) - set(question.tags.names())
                if missing:
                    question.tags.add(*missing)
                if question.status != QuestionStatus.ACTIVE:
                    activate_question(question, acting_user=self.user)
                if question.knowledge_point_ref_list == refs and question.source_number == number:
                    continue  # knowledge points already written and linked
                question.knowledge_point_refs, question.source_number = "\n".join(refs), number
                question.source_section = section
                question.save(update_fields=["knowledge_point_refs", "source_number", "source_section", "updated_at"])
            linked = knowledge.link_references(question, refs)
            if linked != len(refs):
                raise DemoQuizError(f"{QUESTIONS_FILE} question {number}: {len(refs) - linked} knowledge point(s) "
                                    f"did not link: {refs}")

    @staticmethod
    def content(spec: dict) -> QuestionContent:
        qtype = spec["type"]
        options_en = list(spec.get("options_en") or [])
        if qtype in (QuestionType.FILL_BLANK, QuestionType.SHORT_ANSWER):
            options_en = []
        content = QuestionContent(
            type=qtype,
            stem=spec["stem"],
            options=list(spec.get("options") or []),
            correct=list(spec.get("correct") or []),
            blanks=[list(b) for b in spec.get("blanks") or []],
            model_answer=spec.get("model_answer") or "",
            marking_guide=spec.get("marking_guide") or "",
            explanation=spec.get("explanation") or "",
            difficulty=spec.get("difficulty") or 3,
            stem_en=spec.get("stem_en") or "",
            options_en=options_en,
            explanation_en=spec.get("explanation_en") or "",
        )
        problems = content.errors()
        if problems:
            raise DemoQuizError(f"{QUESTIONS_FILE}: {spec['stem'][:30]}…: {problems}")
        return content


def load_quizzes(data_dir=None, stdout=None) -> str:
    """Load the demo question banks; ``data_dir`` is content's data folder (ignored: the question files
    live in quizzes/demo/data). Returns a summary line."""
    return QuizLoader(QUIZ_DATA, stdout).run()
