"""Importing a regulation from the admin: paste the text (or upload a .txt) → preview the structure → create.

Built on :mod:`content.services.regulation_import`, like ``manage.py import_regulation``. The preview shows
the header fields, the chapter/section/article tree, what happens to an existing regulation with the same
文号, and every error with its line. Only a preview without errors can be confirmed: the text
(guarded like every upload) is parsed once and staged with its plan for its uploader only
(portal.core.import_views); confirming applies that stored plan, re-checked against the pages in one
transaction, so what is written is what the text said — never what the browser might send back — and
nothing is written if anything is now wrong.

Only users who may add pages under a regulation index (Editors, Administrators) get here; everyone else
with admin access gets a 403 page (users without admin access are sent to the login page by Wagtail).
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from content.models import RegulationIndexPage, RegulationPage
from content.services.regulation_import import (
    CREATE,
    REMOVE,
    STAGED_KIND,
    UNCHANGED,
    UPDATE,
    apply_stored,
    can_import_under,
    indexes_for,
    plan_from_stored,
    plan_regulation_import,
)
from portal.core import staging, uploads
from portal.core.import_views import StagedImportView

MAX_FILE_BYTES = 1024 * 1024  # a regulation of several hundred articles is a few hundred kB
MAX_TEXT_CHARS = 400_000


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


class RegulationImportView(StagedImportView):
    """Paste or upload → preview → confirm, on the one staged-import view (portal.core.import_views)."""

    kind = STAGED_KIND
    upload_template_name = "content/admin/regulation_import.html"
    preview_template_name = "content/admin/regulation_import_preview.html"
    preview_url_name = "regulation_import:preview"

    def has_permission(self, user) -> bool:
        return indexes_for(user).exists() and _requested_parent_allowed(self.request)

    def forbidden(self, request):
        return forbidden(request)

    def get_form(self, data=None, files=None):
        user = self.request.user
        if data is not None:
            return RegulationImportForm(data, files, user=user)
        initial = {}
        parent = self.request.GET.get("parent", "")
        if parent.isdigit():
            initial["parent"] = int(parent)
        return RegulationImportForm(user=user, initial=initial)

    def post(self, request, pk=None):
        if pk is None and "start_again" in request.POST:
            # back to the form with the pasted text, index, title and options as they were: nothing is parsed
            form = RegulationImportForm(user=request.user, initial=_start_again_initial(request.POST))
            return self.render_upload(form)
        return super().post(request, pk)

    def stage(self, form):
        source, file_name = form.source()
        title = form.cleaned_data.get("title") or ""
        plan = plan_regulation_import(
            source, parent=form.cleaned_data["parent"], title=title, user=self.request.user,
            publish=bool(form.cleaned_data.get("publish")),
        )
        return staging.stage(
            kind=STAGED_KIND, user=self.request.user, plan=plan, file_name=file_name,
            data=source if isinstance(source, bytes) else b"", text=source if isinstance(source, str) else "",
            options={"title": title, "parent": form.cleaned_data["parent"].pk,
                     "publish": bool(form.cleaned_data.get("publish"))},
        )

    def plan_from_staged(self, staged):
        return plan_from_stored(staged.plan, user=self.request.user)

    def apply(self, locked):
        parent = Page.objects.filter(pk=locked.plan.get("parent")).first()
        if parent is None or not can_import_under(self.request.user, parent):
            raise PermissionDenied
        return apply_stored(locked.plan, user=self.request.user, file_name=locked.file_name)

    def confirmed(self, outcome):
        page = outcome.page
        if outcome.created and outcome.published:
            message = _("Regulation 《%(title)s》 created and published.")
        elif outcome.created:
            message = _("Regulation 《%(title)s》 created as a draft.")
        elif outcome.published:
            message = _("Regulation 《%(title)s》 updated and published.")
        else:
            message = _("Regulation 《%(title)s》 updated: the changes are saved as a draft.")
        messages.success(self.request, message % {"title": page.title})
        return redirect("wagtailadmin_pages:edit", page.pk)

    def preview_context(self, staged, plan):
        # what happens to each article only matters when a regulation is updated (otherwise all are new)
        changes = {c.number: c.action for c in plan.article_changes} if plan.existing is not None else {}
        return {
            "staged": staged,
            "plan": plan,
            "parsed": plan.parsed,
            "header": header_rows(plan.parsed),
            "outline": outline(plan.parsed, changes),
            "errors": plan.errors,
            "counts": plan.counts,
            "removed": plan.removed_articles,
            "can_confirm": plan.ok and staged.status == staged.Status.STAGED,
            "given_title": staged.options.get("title", ""),
            "actions": {"create": CREATE, "update": UPDATE, "unchanged": UNCHANGED, "remove": REMOVE},
        }


urlpatterns = [
    path("", RegulationImportView.as_view(), name="import"),
    path("<int:pk>/", RegulationImportView.as_view(), name="preview"),
]


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
