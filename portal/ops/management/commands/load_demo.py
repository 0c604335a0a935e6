"""Load the demo content built from the seeds: org structure, people, pages, question banks, grades.

Idempotent (running it twice changes nothing the second time) and refused under production settings.
"""

from contextlib import contextmanager
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models.signals import post_save
from django.test.utils import override_settings
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelsearch.backends import get_search_backends
from modelsearch.index import class_is_indexed, get_indexed_instance

from portal.people.demo import DEMO_PASSWORD, load_org, load_people
from portal.search import tasks
from portal.search.conf import search_setting
from quizzes.models import Question

DATA_DIR = Path(settings.BASE_DIR) / "content" / "demo" / "data"

# Loaders of the other apps, called in order: module path, function name.
APP_LOADERS = [
    ("content.demo.loader", "load_content"),
    ("content.acknowledgements.demo", "load_acknowledgements"),
    ("quizzes.demo.loader", "load_quizzes"),
    ("quizzes.certification.demo", "load_certification"),
    ("quizzes.exams.demo", "load_exams"),
]


def _root_object(instance):
    """The object a child row belongs to (through its ParentalKeys), as Wagtail's reference index wants."""
    while True:
        keys = [f for f in instance._meta.get_fields() if isinstance(f, ParentalKey)]
        if not keys:
            return instance
        parent = getattr(instance, keys[0].name)
        if parent is None:
            return None
        instance = parent


@contextmanager
def bulk_indexing():
    """Index what the load changed once at the end, instead of after every single save.

    During the load, Wagtail's reference index, its admin search index and the portal's search index do
    not follow each save (with the embedded in-process tasks, that is most of a first load's time: every
    publish re-indexed the page and the pages that mention it). Afterwards the objects saved are entered in
    the reference index and the admin search index once each (in bulk per model), and the pages published
    and questions written since the start are indexed in one task each. A load that changed nothing
    indexes nothing.
    """
    from wagtail.models import Page, ReferenceIndex
    from wagtail.signal_handlers import disable_reference_index_auto_update

    started = timezone.now()
    saved: set[tuple[type, object]] = set()
    searchable: set[tuple[type, object]] = set()

    def collect(sender, instance, raw=False, **kwargs):
        if raw:
            return
        if sender in ReferenceIndex.tracked_models:
            saved.add((sender, instance.pk))
        if class_is_indexed(sender):
            searchable.add((sender, instance.pk))

    follow_search = search_setting("AUTO_UPDATE")
    post_save.connect(collect, weak=False, dispatch_uid="load_demo_bulk_indexing")
    try:
        search = {**getattr(settings, "PORTAL_SEARCH", {}), "AUTO_UPDATE": False}
        admin_search = {name: {**params, "AUTO_UPDATE": False}
                        for name, params in getattr(settings, "WAGTAILSEARCH_BACKENDS", {}).items()}
        with disable_reference_index_auto_update(), override_settings(
            PORTAL_SEARCH=search, WAGTAILSEARCH_BACKENDS=admin_search
        ):
            yield
    finally:
        post_save.disconnect(dispatch_uid="load_demo_bulk_indexing")

    roots = {}
    for model, pk in saved:
        instance = model.objects.filter(pk=pk).first()
        root = _root_object(instance) if instance is not None else None
        if root is not None and ReferenceIndex.is_indexed(type(root)):
            roots[(type(root), root.pk)] = root
    for root in roots.values():
        ReferenceIndex.create_or_update_for_object(root)
    by_model: dict[type, dict] = {}
    for model, pk in searchable:
        instance = model.objects.filter(pk=pk).first()
        indexed = get_indexed_instance(instance) if instance is not None else None
        if indexed is not None:
            by_model.setdefault(type(indexed), {})[indexed.pk] = indexed
    backends = list(get_search_backends(with_auto_update=True))
    for model, objects in by_model.items():
        for backend in backends:
            backend.add_bulk(model, list(objects.values()))
    if follow_search:

        page_ids = list(Page.objects.filter(last_published_at__gte=started).values_list("pk", flat=True))
        if page_ids:
            tasks.index_pages.enqueue(page_ids)

        question_ids = list(Question.objects.filter(updated_at__gte=started).values_list("pk", flat=True))
        if question_ids:
            tasks.index_questions.enqueue(question_ids)


class Command(BaseCommand):
    help = "Load the demo organisation, people and content (idempotent; refused in production)."

    def handle(self, *args, **options):
        if getattr(settings, "PORTAL_ENVIRONMENT", "") == "production":
            raise CommandError("load_demo refuses to run under production settings.")
        with transaction.atomic(), bulk_indexing():
            units = load_org(DATA_DIR)
            employees, logins = load_people(DATA_DIR)
            self.stdout.write(f"Organisation units: {units}; employees: {len(employees)}")
            for module_path, func_name in APP_LOADERS:
                module = import_module(module_path)
                try:
                    summary = getattr(module, func_name)(DATA_DIR, stdout=self.stdout)
                except ValueError as error:  # the loaders' dataset errors: nothing is written
                    raise CommandError(f"{module_path}: {error}") from error
                if summary:
                    self.stdout.write(str(summary))
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD}):"))
        for login in logins:
            self.stdout.write(f"  {login.role:<20} {login.username:<12} {login.name}")
