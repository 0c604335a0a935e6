"""Importing a regulation from the admin: paste the text (or upload a .txt) → preview the structure → create.

Built on :mod:`content.services.regulation_import`, like ``manage.py import_regulation``. The preview shows
the header fields, the chapter/section/article tree, what happens to an existing regulation with the same
文号, and every error with its line. Only a preview without errors can be confirmed: the confirm form
carries the decoded text, the chosen index and options in a signed field (tied to the user, valid for a
few hours), and confirming re-parses and re-plans that text in one transaction, so what is written is what
the text says — never what the browser might send back — and nothing is written if anything is now wrong.

Only users who may add pages under a regulation index (Editors, Administrators) get here; everyone else
with admin access gets a 403 page (users without admin access are sent to the login page by Wagtail).
"""

from __future__ import annotations

import json
import zlib

from django import forms
from django.core import signing
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from content.models import RegulationIndexPage, RegulationPage
from content.services.regulation_import import (
    CREATE,
    REMOVE,
    UNCHANGED,
    UPDATE,
    RegulationImportPlan,
    RegulationImportRejected,
    apply_regulation_import,
    can_import_under,
    indexes_for,
    plan_regulation_import,
)
from portal.core import uploads

MAX_FILE_BYTES = 1024 * 1024  # a regulation of several hundred articles is a few hundred kB
MAX_TEXT_CHARS = 400_000
TOKEN_SALT = "content.regulation_import"
TOKEN_MAX_AGE = 6 * 3600  # seconds a preview can be confirmed


# ------------------------------------------------------------------------------------------ form


class _IndexChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.locale.get_display_name()})"


class RegulationImportForm(forms.Form):
    parent = _IndexChoiceField(
        queryset=RegulationIndexPage.objects.none(),
        label=gettext_lazy("Regulation index"),
        help_text=gettext_lazy("The regulation is created under this index, in its language."),
    )
    text = forms.CharField(
        label=gettext_lazy("Text of the regulation"),
        required=False,
        max_length=MAX_TEXT_CHARS,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "false"}),
        help_text=gettext_lazy(
            "Paste the whole text: title, document number and dates first, then the chapters (章), "
            "sections (节) and articles (条)."
        ),
    )
    file = forms.FileField(
        label=gettext_lazy("Or a text file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,text/plain"}),
        help_text=gettext_lazy("Plain text (.txt) in UTF-8; a GB18030 (GBK) file is read with a warning."),
    )
    title = forms.CharField(
        label=gettext_lazy("Title"),
        required=False,
        max_length=255,
        help_text=gettext_lazy("Only when the text has no title line, or to replace the title it has."),
    )
    publish = forms.BooleanField(
        label=gettext_lazy("Publish at once"),
        required=False,
        help_text=gettext_lazy("Otherwise the regulation is saved as a draft to review and publish later."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = indexes_for(user)
        if not _may_publish_somewhere(user):
            del self.fields["publish"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is not None:
            self.cleaned_data["upload"] = uploads.receive(upload, (uploads.TEXT,), max_bytes=MAX_FILE_BYTES)
        return upload

    def clean(self):
        cleaned = super().clean()
        has_text = bool((cleaned.get("text") or "").strip())
        has_file = cleaned.get("file") is not None
        if has_text and has_file:
            raise forms.ValidationError(_("Paste the text or upload a file, not both."))
        if not has_text and not has_file and not self.has_error("file") and not self.has_error("text"):
            raise forms.ValidationError(_("Paste the text of the regulation or upload a text file."))
        return cleaned

    def source(self) -> tuple[str | bytes, str]:
        """(text or file bytes, file name)."""
        upload = self.cleaned_data.get("upload")
        if upload is not None:
            return upload.data, upload.name
        return self.cleaned_data["text"], ""


def _may_publish_somewhere(user) -> bool:
    if user.is_superuser:
        return True
    publishable = PagePermissionPolicy().instances_user_has_permission_for(user, "publish")
    return indexes_for(user).filter(pk__in=publishable.values("pk")).exists()


# ------------------------------------------------------------------------------------------ token


class _CompactJSONSerializer:
    """JSON with the Chinese text as UTF-8 (not \\u escapes): a third of the size before compression."""

    def dumps(self, obj):
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    def loads(self, data):
        return json.loads(data.decode("utf-8"))


def make_token(plan: RegulationImportPlan, *, user, title: str, file_name: str) -> str:
    payload = {
        "user": user.pk,
        "parent": plan.parent.pk,
        "text": plan.text,
        "title": title,
        "publish": plan.publish,
        "file": file_name,
    }
    return signing.dumps(payload, salt=TOKEN_SALT, serializer=_CompactJSONSerializer, compress=True)


def read_token(token: str) -> dict | None:
    try:
        return signing.loads(token, salt=TOKEN_SALT, serializer=_CompactJSONSerializer, max_age=TOKEN_MAX_AGE)
    except (signing.BadSignature, ValueError, zlib.error):
        return None


# ------------------------------------------------------------------------------------------ views


def forbidden(request) -> TemplateResponse:
    """A 403 inside the admin's look (never Wagtail's redirect to the dashboard)."""
    return TemplateResponse(request, "content/admin/regulation_import_forbidden.html", {}, status=403)


def _requested_parent_allowed(request) -> bool:
    """False when the request names a regulation index the user may not add pages under."""
    value = request.POST.get("parent") or request.GET.get("parent") or ""
    if not value.isdigit():
        return True
    page = Page.objects.filter(pk=int(value)).first()
    return page is None or can_import_under(request.user, page)


def outline(parsed, changes: dict[int, str] | None = None) -> list[dict]:
    """The parsed tree for the preview: [{chapter, sections: [{section, articles}], articles}] in text order;
    articles outside any chapter come first under a node whose ``chapter`` is None. Each article is
    {"article": ParsedArticle, "action": create|update|unchanged|None} (``changes``: number → action)."""
    changes = changes or {}
    nodes: dict[int | None, dict] = {None: {"chapter": None, "sections": [], "articles": []}}
    for chapter in parsed.chapters:
        nodes.setdefault(chapter.number, {"chapter": chapter, "sections": [], "articles": []})
    sections: dict[tuple[int | None, int], dict] = {}
    for section in parsed.sections:
        node = nodes.setdefault(section.chapter or None, {"chapter": None, "sections": [], "articles": []})
        sections[(section.chapter or None, section.number)] = entry = {"section": section, "articles": []}
        node["sections"].append(entry)
    for article in parsed.articles:
        target = sections.get((article.chapter, article.section)) if article.section else None
        if target is None:
            target = nodes.setdefault(article.chapter, {"chapter": None, "sections": [], "articles": []})
        target["articles"].append({"article": article, "action": changes.get(article.number)})
    return [node for key, node in nodes.items() if key is not None or node["articles"] or node["sections"]]


def header_rows(parsed) -> list[tuple[str, str]]:
    """(label, value) of the header fields the parser found, labelled as the page editor labels them."""
    rows = []
    for name in ("title", "document_number", "issuer", "adopted_date", "promulgated_date", "effective_date"):
        value = getattr(parsed, name, None)
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        rows.append((capfirst(RegulationPage._meta.get_field(name).verbose_name), value or ""))
    return rows


def _preview(
    request, plan: RegulationImportPlan, *, token: str = "", status: int = 200, title: str = ""
) -> TemplateResponse:
    # what happens to each article only matters when a regulation is updated (otherwise all are new)
    changes = {c.number: c.action for c in plan.article_changes} if plan.existing is not None else {}
    return TemplateResponse(
        request,
        "content/admin/regulation_import_preview.html",
        {
            "plan": plan,
            "parsed": plan.parsed,
            "header": header_rows(plan.parsed),
            "outline": outline(plan.parsed, changes),
            "errors": plan.errors,
            "counts": plan.counts,
            "removed": plan.removed_articles,
            "token": token,
            "given_title": title,
            "actions": {"create": CREATE, "update": UPDATE, "unchanged": UNCHANGED, "remove": REMOVE},
        },
        status=status,
    )


def _start_again_initial(data) -> dict:
    """The form's initial values from a "start again" POST (the preview's hidden fields); only what the
    form would accept is kept (a text past the limit is cut, an index the user may not use is dropped by
    the form's own queryset)."""
    initial: dict = {"text": (data.get("text") or "")[:MAX_TEXT_CHARS], "title": (data.get("title") or "")[:255]}
    if (data.get("parent") or "").isdigit():
        initial["parent"] = int(data["parent"])
    if data.get("publish"):
        initial["publish"] = True
    return initial


@require_http_methods(["GET", "POST"])
def import_view(request):
    user = request.user
    if not indexes_for(user).exists() or not _requested_parent_allowed(request):
        return forbidden(request)
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request)
    if request.method == "POST" and "start_again" in request.POST:
        # back to the form with the pasted text, index, title and options as they were: nothing is parsed
        form = RegulationImportForm(user=user, initial=_start_again_initial(request.POST))
        return TemplateResponse(request, "content/admin/regulation_import.html", {"form": form})
    if request.method == "POST":
        form = RegulationImportForm(request.POST, request.FILES, user=user)
        if form.is_valid():
            source, file_name = form.source()
            title = form.cleaned_data.get("title") or ""
            plan = plan_regulation_import(
                source,
                parent=form.cleaned_data["parent"],
                title=title,
                user=user,
                publish=bool(form.cleaned_data.get("publish")),
            )
            token = make_token(plan, user=user, title=title, file_name=file_name) if plan.ok else ""
            return _preview(request, plan, token=token, title=title)
    else:
        initial = {}
        parent = request.GET.get("parent", "")
        if parent.isdigit():
            initial["parent"] = int(parent)
        form = RegulationImportForm(user=user, initial=initial)
    return TemplateResponse(request, "content/admin/regulation_import.html", {"form": form})


def _confirm(request):
    user = request.user
    payload = read_token(request.POST.get("token", ""))
    if payload is None or payload.get("user") != user.pk:
        messages.error(request, _("This preview has expired or was changed. Paste the text again."))
        return redirect("regulation_import:import")
    parent = Page.objects.filter(pk=payload.get("parent")).first()
    if parent is None or not can_import_under(user, parent):
        return forbidden(request)
    try:
        outcome = apply_regulation_import(
            payload["text"],
            parent=parent,
            title=payload.get("title") or None,
            user=user,
            publish=bool(payload.get("publish")),
            file_name=payload.get("file") or "",
        )
    except RegulationImportRejected as rejected:
        messages.error(request, _("The regulation has errors; nothing was imported."))
        return _preview(request, rejected.plan)
    page = outcome.page
    if outcome.created and outcome.published:
        message = _("Regulation 《%(title)s》 created and published.")
    elif outcome.created:
        message = _("Regulation 《%(title)s》 created as a draft.")
    elif outcome.published:
        message = _("Regulation 《%(title)s》 updated and published.")
    else:
        message = _("Regulation 《%(title)s》 updated: the changes are saved as a draft.")
    messages.success(request, message % {"title": page.title})
    return redirect("wagtailadmin_pages:edit", page.pk)


urlpatterns = [path("", import_view, name="import")]


# ------------------------------------------------------------------------------------------ menu and buttons


class RegulationImportMenuItem(MenuItem):
    def is_shown(self, request):
        return indexes_for(request.user).exists()


def menu_item() -> MenuItem:
    return RegulationImportMenuItem(
        gettext_lazy("Import regulation"),
        reverse("regulation_import:import"),
        name="regulation-import",
        icon_name="doc-full-inverse",
        order=260,
    )


class ImportRegulationButton(PageMenuItem):
    """"Import regulation text" in the header of a regulation index in the page explorer."""

    label = gettext_lazy("Import regulation text")
    icon_name = "upload"

    @property
    def url(self):
        return f"{reverse('regulation_import:import')}?parent={self.page.pk}"

    def is_shown(self, user):
        return issubclass(self.page.specific_class or Page, RegulationIndexPage) and can_import_under(user, self.page)
