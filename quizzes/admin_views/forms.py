"""Admin forms: a question with its current version's content, a category with its parent, an upload."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from portal.core import uploads
from quizzes.importers import notation
from quizzes.importers.base import letters_to_indices, split_alternatives, true_false_index
from quizzes.models import (
    TRUE_FALSE_OPTIONS,
    QuestionBank,
    QuestionCategory,
    QuestionImport,
    QuestionStatus,
    QuestionType,
)
from quizzes.services.banks import split_bank_path
from quizzes.services.knowledge import article_label
from quizzes.services.questions import QuestionContent

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _textarea(rows=3):
    return forms.Textarea(attrs={"rows": rows})


class QuestionAdminForm(WagtailAdminModelForm):
    """The question (bank, status, tags, source) plus the content of its current version.

    Saving never edits a live version: the view hands the content to ``revise_question``.
    """

    type = forms.ChoiceField(label=_("Question type"), choices=QuestionType.choices)
    stem = forms.CharField(label=_("Stem"), widget=_textarea(4))
    options = forms.CharField(
        label=_("Options"), required=False, widget=_textarea(6),
        help_text=_("One option per line, without the letter. True/false questions need none (对 / 错)."),
    )
    correct = forms.CharField(
        label=_("Correct answer"), required=False, max_length=20,
        help_text=_("Option letters: “B”, “ACD”; for ordering the letters in the right order (“BCAD”); "
                    "for true/false “对” or “错”."),
    )
    blanks = forms.CharField(
        label=_("Accepted blank answers"), required=False, widget=_textarea(3),
        help_text=_("Fill-in: one line per blank; several accepted answers separated by “/” or “；”."),
    )
    pairs = forms.CharField(
        label=_("Matching pairs"), required=False, widget=_textarea(5),
        help_text=_("Matching: one pair per line, “item -> answer”; “-> answer” adds an answer that matches no item."),
    )
    numeric = forms.CharField(
        label=_("Accepted numbers"), required=False, widget=_textarea(3),
        help_text=_("Numerical: one per line: 150, 150±0.01, 200±5% (relative), 3.141..3.142; partial credit "
                    "with @50%, e.g. 1822±2@50%."),
    )
    unit = forms.CharField(label=_("Unit"), required=False, max_length=20,
                           help_text=_("Numerical: e.g. 元; candidates may type it after the number."))
    weights = forms.CharField(
        label=_("Option weights"), required=False, max_length=200,
        help_text=_("Optional, single/multiple choice: “A:50%, B:50%, C:-100%” (the total never goes below 0). "
                    "Leave empty to mark by the blueprint's rule."),
    )
    model_answer = forms.CharField(label=_("Model answer"), required=False, widget=_textarea(4))
    marking_guide = forms.CharField(
        label=_("Marking guide"), required=False, widget=_textarea(2),
        help_text=_("For short answers, e.g. “any 3 of these 8 points, 2 marks each”."),
    )
    explanation = forms.CharField(label=_("Explanation (答案解析)"), required=False, widget=_textarea(4))
    difficulty = forms.TypedChoiceField(
        label=_("Difficulty"), coerce=int, initial=3, choices=[(i, str(i)) for i in range(1, 6)]
    )
    stem_en = forms.CharField(label=_("Stem (English)"), required=False, widget=_textarea(3))
    options_en = forms.CharField(
        label=_("Options (English)"), required=False, widget=_textarea(5),
        help_text=_("One per line, in the same order as the Chinese options."),
    )
    explanation_en = forms.CharField(label=_("Explanation (English)"), required=False, widget=_textarea(3))
    original_text = forms.CharField(
        label=_("Original text"), required=False, widget=_textarea(2),
        help_text=_("The stem as written in the source, when it was converted (e.g. Traditional characters)."),
    )
    change_note = forms.CharField(
        label=_("Change note"), required=False, max_length=255,
        help_text=_("Why this version differs from the last (kept in the question's history)."),
    )

    CONTENT_FIELDS = (
        "type", "stem", "options", "correct", "blanks", "model_answer", "marking_guide", "explanation",
        "difficulty", "stem_en", "options_en", "explanation_en", "original_text",
        "pairs", "numeric", "unit", "weights",
    )

    class Meta:
        fields = [
            "bank", "status", "tags", "source_file", "source_section", "source_number", "knowledge_point_refs",
            "regulation_articles", "procedures", "posts",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "bank" in self.fields:
            self.fields["bank"].queryset = QuestionBank.objects.select_related("category")
        self._limit_knowledge_points()
        version = self.instance.current_version if self.instance.pk else None
        if version is not None and not self.is_bound:
            self.initial.update(self.initial_from_version(version))

    def _limit_knowledge_points(self):
        """Offer the Chinese originals only, labelled the way references are written."""
        from wagtail.models import Locale

        try:
            locale = Locale.get_default()
        except Locale.DoesNotExist:
            locale = None
        for name in ("regulation_articles", "procedures", "posts"):
            field = self.fields.get(name)
            if field is None:
                continue
            queryset = field.queryset
            if locale is not None:
                queryset = queryset.filter(locale=locale)
            if name == "regulation_articles":
                queryset = queryset.select_related("page").order_by("page__title", "number")
                field.label_from_instance = article_label
            else:
                queryset = queryset.order_by("title")
            field.queryset = queryset
            field.widget.attrs.setdefault("size", 8)

    @staticmethod
    def initial_from_version(version) -> dict:
        if version.type == QuestionType.TRUE_FALSE:
            correct = TRUE_FALSE_OPTIONS[version.correct[0]] if version.correct else ""
        else:
            correct = version.correct_letters
        return {
            "type": version.type,
            "stem": version.stem,
            "options": "" if version.type == QuestionType.TRUE_FALSE else "\n".join(version.options),
            "correct": correct,
            "blanks": "\n".join(" / ".join(b) for b in version.blanks),
            "model_answer": version.model_answer,
            "marking_guide": version.marking_guide,
            "explanation": version.explanation,
            "difficulty": version.difficulty,
            "stem_en": version.stem_en,
            "options_en": "\n".join(version.options_en),
            "explanation_en": version.explanation_en,
            "original_text": version.original_text,
            "pairs": notation.format_pairs(version.prompts, version.options, version.correct)
            if version.type == QuestionType.MATCHING else "",
            "numeric": notation.format_numeric(version.numeric),
            "unit": version.unit,
            "weights": notation.format_weights(version.weights, numbered=version.type == QuestionType.FILL_BLANK),
        }

    def _correct_indices(self, qtype: str, text: str) -> list[int] | None:
        text = (text or "").strip()
        if not text:
            return []
        if qtype == QuestionType.TRUE_FALSE:
            index = true_false_index(text)
            return None if index is None else [index]
        if qtype in (QuestionType.MATCHING, QuestionType.NUMERICAL):
            return []
        return letters_to_indices(text)

    def clean(self):
        cleaned = super().clean()
        qtype = cleaned.get("type")
        if not qtype:
            return cleaned
        correct = self._correct_indices(qtype, cleaned.get("correct", ""))
        if correct is None:
            self.add_error("correct", _("Give the correct answer as option letters (e.g. “AC”) or 对/错."))
            return cleaned
        choice = qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.ORDERING)
        content = QuestionContent(
            type=qtype,
            stem=(cleaned.get("stem") or "").strip(),
            options=list(TRUE_FALSE_OPTIONS) if qtype == QuestionType.TRUE_FALSE
            else (_lines(cleaned.get("options", "")) if choice else []),
            correct=correct if qtype in (QuestionType.TRUE_FALSE,) or choice else [],
            blanks=[split_alternatives(line) for line in _lines(cleaned.get("blanks", ""))]
            if qtype == QuestionType.FILL_BLANK else [],
            model_answer=(cleaned.get("model_answer") or "").strip(),
            marking_guide=(cleaned.get("marking_guide") or "").strip(),
            explanation=(cleaned.get("explanation") or "").strip(),
            difficulty=cleaned.get("difficulty") or 3,
            stem_en=(cleaned.get("stem_en") or "").strip(),
            options_en=_lines(cleaned.get("options_en", "")) if choice else [],
            explanation_en=(cleaned.get("explanation_en") or "").strip(),
            original_text=(cleaned.get("original_text") or "").strip(),
        )
        try:
            self._add_new_type_content(content, cleaned)
        except notation.NotationError as error:
            self.add_error(error.args[1] if len(error.args) > 1 else None, str(error.args[0]))
            return cleaned
        for name, message in content.errors():
            self.add_error(name if name in self.fields else None, message)
        self.content = content
        status = cleaned.get("status")
        if (
            self.instance.pk
            and self.instance.status == QuestionStatus.ACTIVE
            and status == QuestionStatus.DRAFT
        ):
            self.add_error("status", _("An active question cannot go back to draft; retire it instead."))
        return cleaned


    def _add_new_type_content(self, content: QuestionContent, cleaned: dict) -> None:
        """Matching pairs, accepted numbers, unit and weights from their one-field notations; what the form
        does not edit (GIFT name, format, per-answer feedback) is carried over from the current version."""
        qtype = content.type
        if qtype == QuestionType.MATCHING:
            try:
                content.prompts, content.options, content.correct = notation.parse_pairs(cleaned.get("pairs", ""))
            except notation.NotationError as error:
                raise notation.NotationError(str(error), "pairs") from error
        if qtype == QuestionType.NUMERICAL:
            try:
                content.numeric = notation.parse_numeric(cleaned.get("numeric", ""))
            except notation.NotationError as error:
                raise notation.NotationError(str(error), "numeric") from error
            content.unit = (cleaned.get("unit") or "").strip()
        if qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.FILL_BLANK):
            count = len(content.blanks[0]) if qtype == QuestionType.FILL_BLANK and content.blanks else len(content.options)
            try:
                content.weights = notation.parse_weights(cleaned.get("weights", ""), count)
            except notation.NotationError as error:
                raise notation.NotationError(str(error), "weights") from error
        version = self.instance.current_version if self.instance.pk else None
        if version is not None:
            content.title, content.text_format = version.title, version.text_format
            if len(version.option_feedback) in (len(content.options), len(content.numeric)) and version.type == qtype:
                content.option_feedback = list(version.option_feedback)
            if len(version.prompts_en) == len(content.prompts):
                content.prompts_en = list(version.prompts_en)


class QuestionCategoryForm(WagtailAdminModelForm):
    """A category with a chooser for its parent (the tree position is set through treebeard)."""

    parent = forms.ModelChoiceField(
        label=_("Parent category"), queryset=QuestionCategory.objects.order_by("path"), required=False,
        help_text=_("Leave empty for a top-level category."),
    )

    class Meta:
        model = QuestionCategory
        fields = ["name", "name_en"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].label_from_instance = lambda c: c.full_path
        if self.instance.pk:
            subtree = self.instance.subtree().values_list("pk", flat=True)
            self.fields["parent"].queryset = QuestionCategory.objects.exclude(pk__in=subtree).order_by("path")
            if not self.is_bound:
                self.initial["parent"] = self.instance.get_parent()

    def clean(self):
        cleaned = super().clean()
        name, parent = cleaned.get("name"), cleaned.get("parent")
        if name:
            siblings = parent.get_children() if parent else QuestionCategory.get_root_nodes()
            if siblings.filter(name=name).exclude(pk=self.instance.pk).exists():
                self.add_error("name", _("There is already a category of this name here."))
        return cleaned


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("Question file"))
    file_format = forms.ChoiceField(label=_("Format"), choices=QuestionImport.Format.choices)
    bank = forms.ModelChoiceField(
        label=_("Into the bank"), queryset=QuestionBank.objects.select_related("category"), required=False
    )
    new_bank_path = forms.CharField(
        label=_("…or a new bank"), required=False, max_length=500,
        help_text=_("Path of categories and the bank, e.g. 柜员等级/电子银行 (created as needed)."),
    )
    on_duplicate = forms.ChoiceField(
        label=_("Questions already in the bank"), choices=QuestionImport.OnDuplicate.choices,
        initial=QuestionImport.OnDuplicate.SKIP, widget=forms.RadioSelect,
    )
    activate = forms.BooleanField(
        label=_("Make new questions active"), required=False, initial=True,
        help_text=_("Otherwise they are imported as drafts to review first."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bank"].label_from_instance = lambda b: b.full_path

    def clean_file(self):
        upload = self.cleaned_data["file"]
        uploads.safe_name(upload.name)
        uploads.read_capped(upload, MAX_UPLOAD_BYTES)
        return upload

    def clean(self):
        cleaned = super().clean()
        upload, fmt = cleaned.get("file"), cleaned.get("file_format")
        if upload is not None and fmt:
            accept = (uploads.XLSX,) if fmt == "xlsx" else (uploads.TEXT,)
            try:
                cleaned["upload"] = uploads.receive(upload, accept, max_bytes=MAX_UPLOAD_BYTES)
            except uploads.UploadRefused as exc:
                self.add_error("file", exc)
        bank, path = cleaned.get("bank"), (cleaned.get("new_bank_path") or "").strip()
        if bank and path:
            self.add_error("new_bank_path", _("Choose a bank or give a new path, not both."))
        elif not bank and not path:
            self.add_error("bank", _("Choose the bank to import into, or give a new bank path."))
        elif path:
            try:
                split_bank_path(path)
            except ValidationError as exc:
                self.add_error("new_bank_path", exc)
        cleaned["bank_path"] = bank.full_path if bank else path
        return cleaned
