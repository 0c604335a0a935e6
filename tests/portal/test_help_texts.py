"""Issue 17, item 12: no help text only repeats its field's label (in either language)."""

import pytest
from django.apps import apps
from django.conf import settings
from django.utils import translation

PROJECT_APPS = [c for c in apps.get_app_configs() if str(c.path).startswith(str(settings.BASE_DIR))
                and ".venv" not in str(c.path)]


def _bare(text) -> str:
    return "".join(ch for ch in str(text).lower() if ch.isalnum())


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_no_model_fields_help_text_repeats_its_label(language):
    repeats = []
    with translation.override(language):
        for config in PROJECT_APPS:
            for model in config.get_models():
                for field in model._meta.get_fields():
                    help_text, label = getattr(field, "help_text", ""), getattr(field, "verbose_name", "")
                    if help_text and label and _bare(help_text) == _bare(label):
                        repeats.append(f"{model._meta.label}.{field.name}")
    assert PROJECT_APPS
    assert repeats == []
