"""Playwright driving Debian's Chromium (/usr/bin/chromium), headless, never touching the network."""

import importlib
import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make around it
# are ordinary synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def site_tree(transactional_db):
    """The page tree the migrations create (root, both home pages, the site), rebuilt after a flush.

    Live-server tests run in transactions that end with a flush, which empties the tables the data
    migrations filled; rebuilding them explicitly keeps each browser test independent of the order.
    """
    from django.apps import apps
    from wagtail.models import Collection, Locale, Page

    from content.models import HomePage

    if not HomePage.objects.exists():
        for code in ("zh-hans", "en"):
            Locale.objects.get_or_create(language_code=code)
        if not Page.objects.filter(depth=1).exists():
            Page.add_root(instance=Page(title="Root", slug="root", live=True))
        if not Collection.objects.filter(depth=1).exists():
            Collection.add_root(name="Root")
        migration = importlib.import_module("content.migrations.0002_create_home_pages")
        migration.create_home_pages(apps, None)
    return HomePage.objects.order_by("path")


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
