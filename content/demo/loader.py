"""Turn the curated dataset in ``content/demo/data`` into the knowledge base's pages (``load_demo``).

What is built, under the home pages that content's migration 0002 created:

* a department page per org unit (the head office is the home page itself), in the org tree's shape;
* two regulation indexes (national laws, the bank's own rules) with a regulation page per
  ``regulations.json`` entry, its text parsed by ``content.regulations.parser`` (the admin's parser) and
  stored with ``RegulationPage.set_body_from_parsed``; header, status, excerpt flag and supersession
  come from the JSON;
* duty sets (snippets), post pages (duties, duty sets, requirements, certifications, the procedures
  they run, the regulations — whole, by chapter or by article — they must know, with levels), procedure
  pages (steps with post, deadline, frequency, control, forms and the articles they implement), manual
  pages, and the segregation-of-duty rules;
* an English translation (same ``translation_key``, locale ``en``, under the English home page) of
  every page and duty set the data has English text for; links stay on the Chinese targets and are
  shown in the reader's language, as content.services.post_details expects;
* the demo people's posts, through ``content.services.assignments.assign_post`` (the segregation check
  refuses an incompatible combination, as in the admin).

Everything is published through revisions (``save_revision().publish()``). Idempotent: see
``content.demo.pages`` — a second run finds every object by its natural key and writes nothing.
"""

from __future__ import annotations

import datetime
import html
import json
import re
from pathlib import Path

from django.core.exceptions import ValidationError
from wagtail.models import Locale

from content.models import (
    DepartmentPage,
    Duty,
    DutySet,
    HomePage,
    ManualPage,
    PostAssignment,
    PostCertification,
    PostDuty,
    PostDutySet,
    PostPage,
    PostProcedure,
    PostRegulationLink,
    PostRequirement,
    ProcedurePage,
    ProcedureStep,
    RegulationIndexPage,
    RegulationPage,
    SegregationRule,
    SegregationRuleMember,
)
from content.regulations.parser import parse_regulation
from content.services.assignments import assign_post
from portal.people.models import Employee, OrgUnit

from .english import parse_english_regulation
from .pages import (
    CREATED,
    UNCHANGED,
    UPDATED,
    DemoDataError,
    Tally,
    add_shell,
    find_child,
    find_translation,
    save_page,
    snapshot,
    sync_rows,
    translated_rows,
)

ZH, EN = "zh-hans", "en"

# The two regulation indexes: kind in regulations.json → (slug, Chinese title and intro, English title and intro)
INDEXES = {
    "national": (
        "national-regulations",
        ("国家法律法规", "监管机构发布的法律、行政法规和部门规章。"),
        ("National laws and regulations", "Laws, administrative regulations and rules issued by the regulators."),
    ),
    "internal": (
        "bank-rules",
        ("本社规章制度", "省联社制定的业务管理办法和制度。"),
        ("The bank's own rules", "Management measures and rules issued by the provincial union. "
                                 "They are kept in Chinese; follow a link to read the Chinese text."),
    ),
}

# English names of the certifications posts.json names (the dataset gives them in Chinese only).
CERTIFICATIONS_EN = {
    "电子银行业务岗位资格": "E-banking post qualification",
    "客服代表上岗资格": "Customer service agent qualification",
    "柜员等级评定（初级）": "Teller grade (junior)",
    "柜员等级评定（中级）": "Teller grade (intermediate)",
    "柜员等级评定（高级）": "Teller grade (senior)",
}

MANUAL_NOTE_EN = (
    "The headings of this manual are translated; its text is kept in Chinese, the working language. "
    "Switch to Chinese for the authoritative version."
)

_FIRST_HEADING = re.compile(r"^第[一二三四五六七八九十百零〇两0-9]+[章节条]")

REGULATION_FIELDS = [
    "title", "slug", "issuer", "document_number", "adopted_date", "promulgated_date", "effective_date",
    "status", "superseded_by_id", "is_excerpt", "preamble",
]
REGULATION_CHILDREN = {
    "chapters": ["number", "title"],
    "sections": ["chapter_number", "number", "title"],
    "articles": ["number", "chapter_number", "section_number", "text", "key", "translation_key"],
}
POST_FIELDS = ["title", "slug", "code", "summary"]
POST_CHILDREN = {
    "duties": ["text", "translation_key"],
    "requirements": ["text", "translation_key"],
    "certifications": ["name", "translation_key"],
    "duty_set_links": ["duty_set_id"],
    "procedure_links": ["procedure_id"],
    "regulation_links": ["regulation_id", "chapter_id", "article_id", "level"],
}
PROCEDURE_FIELDS = ["title", "slug", "summary"]
PROCEDURE_CHILDREN = {
    "steps": ["text", "post_id", "deadline", "frequency", "control", "forms", "articles", "translation_key"],
}


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _ordered_list(items: list[str]) -> str:
    if not items:
        return ""
    return "<ol>" + "".join(f"<li>{html.escape(item)}</li>" for item in items) + "</ol>"


def _header_lines(text: str) -> list[str]:
    """The non-empty lines of a regulation text before its first chapter/section/article heading."""
    lines = []
    for line in text.splitlines():
        line = line.strip()
        if _FIRST_HEADING.match(line):
            break
        if line:
            lines.append(line)
    return lines


class ContentLoader:
    def __init__(self, data_dir: Path, stdout=None):
        self.data_dir = Path(data_dir)
        self.stdout = stdout
        self.tally = Tally()
        self.zh = Locale.objects.get(language_code=ZH)
        self.en = Locale.objects.get(language_code=EN)
        self.home = HomePage.objects.get(locale=self.zh)
        self.home_en = HomePage.objects.get(locale=self.en)
        self.departments: dict[str, tuple] = {}  # unit code → (Chinese page, English page)
        self.indexes: dict[str, tuple] = {}
        self.regulations: dict[str, RegulationPage] = {}
        self.article_rows: dict[str, dict] = {}  # regulation code → {number: Chinese article row}
        self.chapter_rows: dict[str, dict] = {}
        self.regulations_en: dict[str, RegulationPage] = {}
        self.duty_sets: dict[str, DutySet] = {}
        self.posts: dict[str, PostPage] = {}
        self.procedures: dict[str, ProcedurePage] = {}

    # ------------------------------------------------------------------------------------ helpers

    def read(self, name: str):
        return json.loads((self.data_dir / name).read_text(encoding="utf-8"))

    def post(self, code: str) -> PostPage:
        try:
            return self.posts[code]
        except KeyError:
            raise DemoDataError(f"unknown post code {code!r}") from None

    def article(self, code: str, number: int):
        self.regulation(code)
        try:
            return self.article_rows[code][number]
        except KeyError:
            raise DemoDataError(f"{code} has no article {number}") from None

    def chapter(self, code: str, number: int):
        self.regulation(code)
        try:
            return self.chapter_rows[code][number]
        except KeyError:
            raise DemoDataError(f"{code} has no chapter {number}") from None

    def regulation(self, code: str) -> RegulationPage:
        try:
            return self.regulations[code]
        except KeyError:
            raise DemoDataError(f"unknown regulation code {code!r}") from None

    # ------------------------------------------------------------------------------------ run

    def run(self) -> str:
        org = self.read("org.json")["units"]
        posts = self.read("posts.json")
        self.load_departments(org)
        self.load_regulations(self.read("regulations.json"))
        self.load_duty_sets(posts["duty_sets"])
        self.add_post_shells(posts["posts"])
        procedures = self.read("procedures.json")
        self.load_procedures(procedures)
        self.load_posts(posts["posts"])
        self.load_procedures_en(procedures)
        self.load_posts_en(posts["posts"])
        self.load_rules(posts["incompatibilities"])
        self.load_manuals(self.read("manuals.json")["manuals"])
        self.assign_people(self.read("people.json")["people"])
        return "Content: " + self.tally.summary()

    # ------------------------------------------------------------------------------------ departments

    def load_departments(self, units: list[dict]) -> None:
        org_units = {u.code: u for u in OrgUnit.objects.all()}
        pending = list(units)
        while pending:
            progressed = False
            for unit in list(pending):
                parent_code = unit.get("parent")
                if parent_code and parent_code not in self.departments:
                    continue
                pending.remove(unit)
                progressed = True
                if not parent_code:  # the head office: the home page stands for it
                    self.departments[unit["code"]] = (self.home, self.home_en)
                    continue
                self.load_department(unit, org_units[unit["code"]], self.departments[parent_code])
            if not progressed:
                raise DemoDataError(f"org.json: unknown parents for {[u['code'] for u in pending]}")

    def load_department(self, unit: dict, org_unit: OrgUnit, parents: tuple) -> None:
        parent, parent_en = parents
        top_level = parent.pk == self.home.pk
        slug = unit["code"].lower()
        fields = ["title", "slug", "org_unit_id", "intro", "body", "show_in_menus"]

        def apply(page, title, intro, duties):
            page.title, page.slug, page.org_unit = title, slug, org_unit
            page.intro, page.body, page.show_in_menus = intro, _ordered_list(duties), top_level

        page = DepartmentPage.objects.filter(org_unit=org_unit, locale=self.zh).first() or DepartmentPage(
            locale=self.zh
        )
        page, outcome = save_page(
            page, parent, lambda p: apply(p, unit["name"], unit.get("summary", ""), unit.get("duties", [])),
            fields=fields,
        )
        self.tally.add("department pages", outcome)
        page_en = find_translation(page, self.en) or DepartmentPage(locale=self.en, translation_key=page.translation_key)
        page_en, outcome = save_page(
            page_en, parent_en,
            lambda p: apply(p, unit.get("name_en") or unit["name"], unit.get("summary_en", ""), unit.get("duties_en", [])),
            fields=fields,
        )
        self.tally.add("department pages (en)", outcome)
        self.departments[unit["code"]] = (page, page_en)

    # ------------------------------------------------------------------------------------ regulations

    def load_indexes(self) -> None:
        for kind, (slug, (title, intro), (title_en, intro_en)) in INDEXES.items():

            def apply(page, title, intro, slug=slug):
                page.title, page.slug, page.intro, page.show_in_menus = title, slug, intro, True

            page = find_child(self.home, RegulationIndexPage, slug=slug) or RegulationIndexPage(locale=self.zh)
            page, outcome = save_page(page, self.home, lambda p, t=title, i=intro: apply(p, t, i),
                                      fields=["title", "slug", "intro", "show_in_menus"])
            self.tally.add("regulation indexes", outcome)
            page_en = find_translation(page, self.en) or RegulationIndexPage(
                locale=self.en, translation_key=page.translation_key
            )
            page_en, outcome = save_page(page_en, self.home_en, lambda p, t=title_en, i=intro_en: apply(p, t, i),
                                         fields=["title", "slug", "intro", "show_in_menus"])
            self.tally.add("regulation indexes (en)", outcome)
            self.indexes[kind] = (page, page_en)

    def load_regulations(self, specs: list[dict]) -> None:
        self.load_indexes()
        # a regulation that supersedes another is loaded first, so the older one can point at it
        superseding = {s.get("superseded_by") for s in specs if s.get("superseded_by")}
        for spec in sorted(specs, key=lambda s: s["code"] not in superseding):
            self.load_regulation(spec)

    def load_regulation(self, spec: dict) -> None:
        code = spec["code"]
        text = (self.data_dir / spec["file"]).read_text(encoding="utf-8")
        parsed = parse_regulation(text)
        if parsed.errors:
            problems = "; ".join(f"line {e.line}: {e.message}" for e in parsed.errors)
            raise DemoDataError(f"{spec['file']} does not parse: {problems}")
        if parsed.title != spec["title"]:
            raise DemoDataError(f"{spec['file']}: title {parsed.title!r} is not {spec['title']!r}")
        if spec.get("article_count") is not None and len(parsed.articles) != spec["article_count"]:
            raise DemoDataError(f"{spec['file']}: {len(parsed.articles)} articles, the JSON says {spec['article_count']}")
        header = _header_lines(text)[1:]
        if spec.get("document_number") and header and header[0] == spec["document_number"]:
            header = header[1:]
        superseded_by = self.regulations.get(spec["superseded_by"]) if spec.get("superseded_by") else None
        if spec.get("superseded_by") and superseded_by is None:
            raise DemoDataError(f"{code} is superseded by unknown {spec['superseded_by']!r}")
        index, index_en = self.indexes[spec.get("kind", "internal")]
        slug = code.lower()

        def apply(page):
            page.title, page.slug = spec["title"], slug
            page.set_body_from_parsed(parsed)
            self._regulation_header(page, spec, superseded_by, spec.get("issuer", ""), spec.get("document_number", ""))
            page.preamble = "\n".join(header)

        page = find_child(index, RegulationPage, slug=slug) or RegulationPage.objects.filter(
            slug=slug, locale=self.zh
        ).first() or RegulationPage(locale=self.zh)
        page, outcome = save_page(page, index, apply, fields=REGULATION_FIELDS, children=REGULATION_CHILDREN)
        self.tally.add("regulations", outcome)
        self.regulations[code] = page
        self.article_rows[code] = {a.number: a for a in page.articles.all()}
        self.chapter_rows[code] = {c.number: c for c in page.chapters.all()}
        if spec.get("english_file"):
            self.load_regulation_en(spec, page, parsed, superseded_by, index_en)

    def _regulation_header(self, page, spec, superseded_by, issuer, document_number) -> None:
        page.issuer, page.document_number = issuer or "", document_number or ""
        page.adopted_date = _date(spec.get("adopted"))
        page.promulgated_date = _date(spec.get("promulgated"))
        page.effective_date = _date(spec.get("effective"))
        page.status = spec.get("status") or RegulationPage.Status.IN_FORCE
        page.superseded_by = superseded_by
        page.is_excerpt = bool(spec.get("excerpt"))

    def load_regulation_en(self, spec: dict, source: RegulationPage, parsed_zh, superseded_by, index_en) -> None:
        text = (self.data_dir / spec["english_file"]).read_text(encoding="utf-8")
        parsed, header = parse_english_regulation(text)
        if parsed.errors:
            problems = "; ".join(f"line {e.line}: {e.message}" for e in parsed.errors)
            raise DemoDataError(f"{spec['english_file']} does not parse: {problems}")
        zh_shape = [(a.number, a.chapter) for a in parsed_zh.articles]
        if [(a.number, a.chapter) for a in parsed.articles] != zh_shape:
            raise DemoDataError(f"{spec['english_file']}: its articles do not match the Chinese text's")
        if spec.get("document_number") and header:
            header = header[1:]  # the order's number line, shown as the document number
        title = spec.get("title_en") or parsed.title
        slug = source.slug

        def apply(page):
            page.title, page.slug = title, slug
            # the English articles take the Chinese articles' key and translation key (same number)
            page.set_body_from_parsed(parsed)
            self._regulation_header(page, spec, superseded_by, spec.get("issuer_en") or spec.get("issuer"),
                                    spec.get("document_number_en") or spec.get("document_number"))
            page.preamble = "\n".join(header)

        page = find_translation(source, self.en)
        if page is None:
            page = add_shell(RegulationPage(locale=self.en, translation_key=source.translation_key), index_en,
                             lambda p: (setattr(p, "title", title), setattr(p, "slug", slug)))
        page, outcome = save_page(page, index_en, apply, fields=REGULATION_FIELDS, children=REGULATION_CHILDREN)
        self.tally.add("regulations (en)", outcome)
        self.regulations_en[spec["code"]] = page

    # ------------------------------------------------------------------------------------ duty sets

    def load_duty_sets(self, specs: list[dict]) -> None:
        for spec in specs:
            duty_set = self._save_duty_set(
                DutySet.objects.filter(code=spec["code"], locale=self.zh).first()
                or DutySet(code=spec["code"], locale=self.zh),
                spec["name"], [{"text": t} for t in spec["duties"]], None, "duty sets",
            )
            self.duty_sets[spec["code"]] = duty_set
            if spec.get("duties_en"):
                self._save_duty_set(
                    find_translation(duty_set, self.en)
                    or DutySet(code=spec["code"], locale=self.en, translation_key=duty_set.translation_key),
                    spec.get("name_en") or spec["name"], [{"text": t} for t in spec["duties_en"]], duty_set,
                    "duty sets (en)",
                )

    def _save_duty_set(self, duty_set: DutySet, name: str, duties: list[dict], source, kind: str) -> DutySet:
        existing = list(duty_set.duties.all()) if duty_set.pk else []
        before = snapshot(duty_set, ["name", "code"], {"duties": ["text", "translation_key"]}) if duty_set.pk else None
        duty_set.name = name
        if source is None:
            duty_set.duties = sync_rows(existing, duties, Duty)
        else:
            duty_set.duties = translated_rows(source.duties.all(), duties, existing, self.en)
        if before is not None and snapshot(duty_set, ["name", "code"], {"duties": ["text", "translation_key"]}) == before:
            self.tally.add(kind, UNCHANGED)
            return duty_set
        self.tally.add(kind, UPDATED if before is not None else CREATED)
        duty_set.save()
        return DutySet.objects.get(pk=duty_set.pk)

    # ------------------------------------------------------------------------------------ posts

    def _post_links(self, page: PostPage, spec: dict, *, procedures: bool) -> None:
        duty_sets = []
        for code in spec.get("duty_sets", []):
            if code not in self.duty_sets:
                raise DemoDataError(f"post {spec['code']}: unknown duty set {code!r}")
            duty_sets.append({"duty_set": self.duty_sets[code]})
        page.duty_set_links = sync_rows(page.duty_set_links.all(), duty_sets, PostDutySet)
        links = []
        for ref in spec.get("regulations", []):
            regulation = self.regulation(ref["regulation"])
            level = ref.get("level") or PostRegulationLink.Level.UNDERSTAND
            base = {"regulation": regulation, "level": level, "chapter": None, "article": None}
            narrowed = False
            for number in ref.get("chapters", []):
                links.append({**base, "chapter": self.chapter(ref["regulation"], number)})
                narrowed = True
            for number in ref.get("articles", []):
                links.append({**base, "article": self.article(ref["regulation"], number)})
                narrowed = True
            if not narrowed:
                links.append(base)
        page.regulation_links = sync_rows(page.regulation_links.all(), links, PostRegulationLink)
        if procedures:
            rows = []
            for code in spec.get("procedures", []):
                if code not in self.procedures:
                    raise DemoDataError(f"post {spec['code']}: unknown procedure {code!r}")
                rows.append({"procedure": self.procedures[code]})
            page.procedure_links = sync_rows(page.procedure_links.all(), rows, PostProcedure)

    def _apply_post(self, page: PostPage, spec: dict, *, procedures: bool) -> None:
        page.title, page.slug, page.code = spec["title"], spec["code"].lower(), spec["code"]
        page.summary = spec.get("summary", "")
        page.duties = sync_rows(page.duties.all(), [{"text": t} for t in spec.get("duties", [])], PostDuty)
        page.requirements = sync_rows(
            page.requirements.all(), [{"text": t} for t in spec.get("requirements", [])], PostRequirement
        )
        page.certifications = sync_rows(
            page.certifications.all(), [{"name": n} for n in spec.get("certifications", [])], PostCertification
        )
        self._post_links(page, spec, procedures=procedures)

    def add_post_shells(self, specs: list[dict]) -> None:
        """Posts and procedures point at each other (steps name their post, posts list their procedures):
        new posts are added to the tree first, unpublished, and published once their procedures exist."""
        for spec in specs:
            page = PostPage.objects.filter(code=spec["code"], locale=self.zh).first()
            if page is None:
                parent = self.departments[spec["unit"]][0]
                page = add_shell(PostPage(locale=self.zh), parent,
                                 lambda p, s=spec: self._apply_post(p, s, procedures=False))
            self.posts[spec["code"]] = page

    def load_posts(self, specs: list[dict]) -> None:
        for spec in specs:
            page = PostPage.objects.get(pk=self.post(spec["code"]).pk)
            page, outcome = save_page(
                page, self.departments[spec["unit"]][0],
                lambda p, s=spec: self._apply_post(p, s, procedures=True),
                fields=POST_FIELDS, children=POST_CHILDREN,
            )
            self.tally.add("posts", outcome)
            self.posts[spec["code"]] = page

    def load_posts_en(self, specs: list[dict]) -> None:
        for spec in specs:
            if not spec.get("title_en"):
                continue
            source = self.post(spec["code"])

            def apply(page, spec=spec, source=source):
                page.title, page.slug, page.code = spec["title_en"], source.slug, spec["code"]
                page.summary = spec.get("summary_en", "")
                page.duties = translated_rows(
                    source.duties.all(), [{"text": t} for t in spec.get("duties_en", [])], page.duties.all(), self.en
                )
                page.requirements = translated_rows(
                    source.requirements.all(), [{"text": t} for t in spec.get("requirements_en", [])],
                    page.requirements.all(), self.en,
                )
                page.certifications = translated_rows(
                    source.certifications.all(),
                    [{"name": CERTIFICATIONS_EN.get(n, n)} for n in spec.get("certifications", [])],
                    page.certifications.all(), self.en,
                )
                # links are shared with the Chinese page: they point at the Chinese targets
                self._post_links(page, spec, procedures=True)

            page = find_translation(source, self.en) or PostPage(locale=self.en, translation_key=source.translation_key)
            page, outcome = save_page(page, self.departments[spec["unit"]][1], apply,
                                      fields=POST_FIELDS, children=POST_CHILDREN)
            self.tally.add("posts (en)", outcome)

    # ------------------------------------------------------------------------------------ procedures

    def _steps(self, spec: dict, *, english: bool) -> list[dict]:
        steps = []
        for number, step in enumerate(spec["steps"], start=1):
            articles = [self.article(a["regulation"], a["article"]) for a in step.get("articles") or []]
            deadline = (step.get("deadline_en") or step.get("deadline")) if english else step.get("deadline")
            text = step.get("text_en") if english else step["text"]
            if not text:
                raise DemoDataError(f"{spec['code']} step {number} has no {'English ' if english else ''}text")
            steps.append({
                "text": text,
                "post": self.post(step["post"]) if step.get("post") else None,
                "deadline": deadline or "",
                "frequency": step.get("frequency") or "",
                "control": step.get("control") or "",
                "forms": "\n".join(step.get("forms") or []),
                "articles": articles,
            })
        return steps

    def load_procedures(self, specs: list[dict]) -> None:
        for spec in specs:
            parent = self.departments[spec["unit"]][0]
            slug = spec["code"].lower()

            def apply(page, spec=spec, slug=slug):
                page.title, page.slug, page.summary = spec["title"], slug, spec.get("summary", "")
                page.steps = sync_rows(page.steps.all(), self._steps(spec, english=False), ProcedureStep)

            page = find_child(parent, ProcedurePage, slug=slug) or ProcedurePage.objects.filter(
                slug=slug, locale=self.zh
            ).first() or ProcedurePage(locale=self.zh)
            page, outcome = save_page(page, parent, apply, fields=PROCEDURE_FIELDS, children=PROCEDURE_CHILDREN)
            self.tally.add("procedures", outcome)
            self.procedures[spec["code"]] = page

    def load_procedures_en(self, specs: list[dict]) -> None:
        for spec in specs:
            if not spec.get("title_en"):
                continue
            source = self.procedures[spec["code"]]

            def apply(page, spec=spec, source=source):
                page.title, page.slug, page.summary = spec["title_en"], source.slug, spec.get("summary_en", "")
                page.steps = translated_rows(source.steps.all(), self._steps(spec, english=True), page.steps.all(), self.en)

            page = find_translation(source, self.en) or ProcedurePage(locale=self.en, translation_key=source.translation_key)
            page, outcome = save_page(page, self.departments[spec["unit"]][1], apply,
                                      fields=PROCEDURE_FIELDS, children=PROCEDURE_CHILDREN)
            self.tally.add("procedures (en)", outcome)

    # ------------------------------------------------------------------------------------ rules

    def load_rules(self, specs: list[dict]) -> None:
        for spec in specs:
            rule = SegregationRule.objects.filter(name=spec["rule"]).first()
            members = [{"post": self.post(code)} for code in spec["posts"]]
            source = spec.get("source", "")
            fields, children = ["name", "name_en", "source"], {"members": ["post_id"]}
            if rule is None:
                rule, before = SegregationRule(name=spec["rule"]), None
            else:
                before = snapshot(rule, fields, children)
            rule.name_en, rule.source = spec.get("rule_en", ""), source
            rule.members = sync_rows(rule.members.all() if rule.pk else [], members, SegregationRuleMember)
            if before is not None and snapshot(rule, fields, children) == before:
                self.tally.add("segregation rules", UNCHANGED)
                continue
            rule.save()
            self.tally.add("segregation rules", UPDATED if before is not None else CREATED)

    # ------------------------------------------------------------------------------------ manuals

    def load_manuals(self, specs: list[dict]) -> None:
        for spec in specs:
            parent, parent_en = self.departments[spec["unit"]]
            slug = spec["code"].lower()
            body = []
            body_en = [{"type": "note", "value": {"kind": "note", "text": f"<p>{html.escape(MANUAL_NOTE_EN)}</p>"}}]
            for section in spec["sections"]:
                level = "h3" if section.get("level") == 3 else "h2"
                body.append({"type": "heading", "value": {"text": section["heading"], "level": level}})
                body_en.append({"type": "heading",
                                "value": {"text": section.get("heading_en") or section["heading"], "level": level}})
                for paragraph in section.get("paragraphs", []):
                    body.append({"type": "paragraph", "value": paragraph})
                    body_en.append({"type": "paragraph", "value": paragraph})

            def apply(page, title, summary, blocks, slug=slug):
                page.title, page.slug, page.summary, page.body = title, slug, summary, blocks

            page = find_child(parent, ManualPage, slug=slug) or ManualPage.objects.filter(
                slug=slug, locale=self.zh
            ).first() or ManualPage(locale=self.zh)
            page, outcome = save_page(
                page, parent, lambda p, s=spec, b=body: apply(p, s["title"], s.get("summary", ""), b),
                fields=["title", "slug", "summary", "body"],
            )
            self.tally.add("manuals", outcome)
            if spec.get("title_en"):
                page_en = find_translation(page, self.en) or ManualPage(locale=self.en, translation_key=page.translation_key)
                page_en, outcome = save_page(
                    page_en, parent_en,
                    lambda p, s=spec, b=body_en: apply(p, s["title_en"], s.get("summary_en", ""), b),
                    fields=["title", "slug", "summary", "body"],
                )
                self.tally.add("manuals (en)", outcome)

    # ------------------------------------------------------------------------------------ people

    def assign_people(self, people: list[dict]) -> None:
        employees = {e.employee_number: e for e in Employee.objects.all()}
        for person in people:
            employee = employees.get(person["employee_number"])
            if employee is None:
                raise DemoDataError(f"people.json: {person['employee_number']} was not loaded")
            for code in person.get("posts", []):
                post = self.post(code)
                held = PostAssignment.objects.filter(employee=employee, post=post).exists()
                try:
                    assign_post(employee, post)
                except ValidationError as error:
                    raise DemoDataError(f"people.json: {'; '.join(error.messages)}") from error
                self.tally.add("post assignments", UNCHANGED if held else CREATED)


def load_content(data_dir, stdout=None) -> str:
    """Build (or bring up to date) the demo knowledge base from ``data_dir``; returns a summary line."""
    return ContentLoader(Path(data_dir), stdout).run()


__all__ = ["DemoDataError", "load_content"]
