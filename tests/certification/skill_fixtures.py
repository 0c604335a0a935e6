"""Builders for keyboard skill tests: definitions on the default scheme's test types, sittings, a passage source."""

from __future__ import annotations

import datetime

from django.utils import timezone

from quizzes.certification.defaults import load_skill_test_definitions, load_teller_scheme
from quizzes.certification.models import SkillSitting, SkillTestDefinition


def definitions(**changes):
    """The three demo definitions (short limits for tests); ``changes`` maps code → field values."""
    load_teller_scheme()
    load_skill_test_definitions()
    result = {}
    for definition in SkillTestDefinition.objects.all():
        for name, value in changes.get(definition.code, {}).items():
            setattr(definition, name, value)
        definition.save()
        result[definition.code] = definition
    return result


def sitting(definition, candidates, *, examiner=None, invigilated=True, hours=2):
    now = timezone.now()
    s = SkillSitting.objects.create(definition=definition, title=f"{definition.title} 考场", title_en="Room sitting",
                                    opens_at=now - datetime.timedelta(minutes=5),
                                    closes_at=now + datetime.timedelta(hours=hours), invigilated=invigilated,
                                    created_by=examiner)
    s.candidates.set(candidates)
    return s
