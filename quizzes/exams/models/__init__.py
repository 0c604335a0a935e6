"""Exam engine models, one module per concern; re-exported so code imports ``from quizzes.exams.models …``."""

from .archives import ArchiveKind, SittingArchive
from .attempts import (
    CLIENT_EVENT_KINDS,
    Attempt,
    AttemptEvent,
    AttemptItem,
    AttemptStatus,
    EventKind,
    SubmitReason,
)
from .blueprints import (
    BlueprintSection,
    ExamBlueprint,
    MatchingScoring,
    MultipleChoiceScoring,
    OrderingScoring,
    SectionSource,
    split_tags,
)
from .paper import PaperEntry
from .practice import NotebookEntry, PracticeAnswer, PracticeBank
from .rescoring import RescoreChange, RescoreRun
from .sittings import CountingPolicy, ReviewPolicy, Sitting, SittingOverride

__all__ = [
    "PaperEntry",
    "ArchiveKind",
    "SittingArchive",
    "CLIENT_EVENT_KINDS",
    "Attempt",
    "AttemptEvent",
    "AttemptItem",
    "AttemptStatus",
    "BlueprintSection",
    "CountingPolicy",
    "EventKind",
    "ExamBlueprint",
    "MatchingScoring",
    "MultipleChoiceScoring",
    "NotebookEntry",
    "OrderingScoring",
    "PracticeAnswer",
    "PracticeBank",
    "RescoreChange",
    "RescoreRun",
    "ReviewPolicy",
    "SectionSource",
    "Sitting",
    "SittingOverride",
    "SubmitReason",
    "split_tags",
]
