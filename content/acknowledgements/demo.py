"""Demo read-and-acknowledge: one open round per demo rule that posts must know, so staff have something to read.

Idempotent: a round is opened only for a live revision that has none yet (``open_round`` returns the existing
round otherwise), and never for a rule nobody holds a post for.
"""

from __future__ import annotations

from content.models import ProcedurePage, RegulationPage

from .models import AcknowledgementRound
from .services.audience import audience
from .services.rounds import open_round

DEMO_SUMMARY = "首次在门户发布，请相关岗位人员阅读并确认。"


def load_acknowledgements(data_dir, stdout=None) -> str:
    opened = 0
    for model in (RegulationPage, ProcedurePage):
        for page in model.objects.live().filter(locale__language_code="zh-hans").order_by("pk"):
            revision = page.live_revision
            if revision is None or AcknowledgementRound.objects.filter(page_id=page.pk).exists():
                continue
            if not audience(page).exists():
                continue
            open_round(page, revision, summary=DEMO_SUMMARY)
            opened += 1
    total = AcknowledgementRound.objects.open().count()
    return f"Acknowledgement rounds: {opened} opened this run, {total} open"
