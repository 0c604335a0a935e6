"""The one upload → preview → confirm view every import uses (questions, employees, regulation text).

    GET  <import>/            the upload form
    POST <import>/            guard + parse ONCE + stage (portal.core.staging) → redirect to the preview
    GET  <import>/<pk>/       the preview, from the STORED plan (re-checked against the database)
    POST <import>/<pk>/       confirm: the stored plan is applied, all or nothing; never re-parsed

A subclass says who may use it (``has_permission``), which form uploads (``get_form``), how its plan is
made from the form (``stage``), rebuilt from storage (``plan_from_staged``) and applied (``apply``), and
what the pages show. A staged upload is only ever found for its own uploader (``get_staged``; an import
whose URL names a parent object, as a sitting's paper responses do, also checks the upload belongs to it).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views import View
from wagtail.admin import messages

from portal.core import staging
from portal.core.imports import ImportRejected
from portal.core.models import StagedUpload


class StagedImportView(View):
    kind = ""  # StagedUpload.kind
    upload_template_name = ""
    preview_template_name = ""
    preview_url_name = ""  # takes the staged upload's pk
    http_method_names = ["get", "post"]

    # ---------------------------------------------------------------- what each import says

    def has_permission(self, user) -> bool:
        raise NotImplementedError

    def forbidden(self, request):
        raise PermissionDenied

    def get_form(self, data=None, files=None):
        raise NotImplementedError

    def stage(self, form) -> StagedUpload:
        """Parse the guarded upload once and stage it with its plan (``staging.stage``)."""
        raise NotImplementedError

    def plan_from_staged(self, staged: StagedUpload):
        """The stored plan, re-checked against the database; the parser is not called."""
        raise NotImplementedError

    def apply(self, locked: StagedUpload):
        """Write the stored plan of ``locked`` (raises ImportRejected, nothing written)."""
        raise NotImplementedError

    def confirmed(self, outcome):
        """The response after a successful confirm (a message and a redirect)."""
        raise NotImplementedError

    def get_staged(self, pk) -> StagedUpload:
        """The uploader's own staged upload of this import (404 otherwise)."""
        return staging.staged_for(self.request.user, self.kind, pk)

    def preview_redirect(self, staged: StagedUpload):
        return redirect(self.preview_url_name, pk=staged.pk)

    def upload_context(self, form) -> dict:
        return {"form": form}

    def preview_context(self, staged: StagedUpload, plan) -> dict:
        return {"record": staged, "staged": staged, "plan": plan, "errors": plan.issues, "counts": plan.counts,
                "can_confirm": plan.ok and staged.status == StagedUpload.Status.STAGED}

    # ---------------------------------------------------------------- the flow

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission(request.user):
            return self.forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, pk=None, **kwargs):
        if pk is None:
            return self.render_upload(self.get_form())
        staged = self.get_staged(pk)
        return self.render_preview(staged, self.plan_from_staged(staged))

    def post(self, request, pk=None, **kwargs):
        if pk is None:
            form = self.get_form(request.POST, request.FILES)
            if not form.is_valid():
                return self.render_upload(form)
            staged = self.stage(form)
            return self.preview_redirect(staged)
        staged = self.get_staged(pk)
        if staged.status == StagedUpload.Status.APPLIED:
            messages.warning(request, _("This file has already been imported."))
            return self.preview_redirect(staged)
        try:
            outcome = staging.confirm(staged, apply=self.apply)
        except ImportRejected as rejected:
            messages.error(request, _("The file has errors; nothing was imported."))
            staged.refresh_from_db()
            return self.render_preview(staged, rejected.plan, status=200)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return self.preview_redirect(staged)
        return self.confirmed(outcome)

    def render_upload(self, form, status: int = 200):
        return TemplateResponse(self.request, self.upload_template_name, self.upload_context(form), status=status)

    def render_preview(self, staged, plan, status: int = 200):
        return TemplateResponse(
            self.request, self.preview_template_name, self.preview_context(staged, plan), status=status
        )
