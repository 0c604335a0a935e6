"""Every declared audit action is written somewhere: no registered action that no code ever records."""

import importlib
import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
MODULES = ["content.audit_actions", "content.acknowledgements.audit_actions", "quizzes.audit_actions",
           "quizzes.exams.audit_actions", "quizzes.certification.audit_actions", "portal.accounts.audit_actions"]


def _source() -> str:
    files = [p for top in ("content", "quizzes", "portal") for p in (ROOT / top).rglob("*.py")
             if p.name != "audit_actions.py" and "migrations" not in p.parts]
    return "\n".join(p.read_text(encoding="utf-8") for p in files)


@pytest.mark.parametrize("module", MODULES)
def test_each_declared_action_is_written_by_some_code(module):
    source = _source()
    actions = importlib.import_module(module)
    names = {value: name for name, value in vars(actions).items() if name.isupper() and isinstance(value, str)}
    never = [a for a in actions.ACTIONS
             if f'"{a}"' not in source and not (a in names and re.search(rf"\b{names[a]}\b", source))]
    assert never == []
