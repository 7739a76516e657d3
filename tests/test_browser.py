"""End-to-end: the dashboard in real headless Chromium (Debian's /usr/bin/chromium via Playwright).

(No ``wait_for_function``: its string predicates are eval'd in the page, which the strict
Content-Security-Policy rightly forbids; the tests wait on selectors instead.)
The app is served by uvicorn on a free loopback port in a thread.  Every request the
browser makes is recorded (and anything not for the loopback server is aborted) so the
tests can assert that nothing leaves localhost.
"""
from __future__ import annotations

import os
import shutil
import socket
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from web_fixtures import XSS_SCRIPT, make_dataset, seed_store  # noqa: E402

CHROMIUM = os.environ.get("OBSERVATORY_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
                 "--no-first-run", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]

pytestmark = pytest.mark.browser

if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright Python package is not installed")
uvicorn = pytest.importorskip("uvicorn")

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
SEED = Path(__file__).resolve().parents[1] / "examples" / "syria-coast-2025-03-08.txt"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served:
    def __init__(self, app):
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self):
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture(scope="module")
def dataset():
    return make_dataset(14, seed=3, xss=True)


@pytest.fixture(scope="module")
def server(tmp_path_factory, dataset):
    from observatory.store import Store
    from observatory.web.app import create_app

    db = tmp_path_factory.mktemp("web") / "store.db"
    store = Store(f"sqlite:///{db}")
    seed_store(store.engine, *dataset)
    with Served(create_app(f"sqlite:///{db}", token=None)) as s:
        yield s


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        except Exception as e:  # pragma: no cover - depends on the machine
            pytest.skip(f"Chromium did not start: {e}")
        yield b
        b.close()


class Watch:
    """Records every URL the page asks for, aborts anything not for the loopback server."""

    def __init__(self, context):
        self.urls: list[str] = []
        self.console: list[str] = []
        self.page_errors: list[str] = []
        context.route("**/*", self._route)

    def _route(self, route):
        url = route.request.url
        self.urls.append(url)
        host = urlsplit(url).hostname or ""
        if url.startswith("data:") or host in LOCAL_HOSTS:
            route.continue_()
        else:
            route.abort()

    def attach(self, page):
        page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        page.on("pageerror", lambda e: self.page_errors.append(str(e)))
        return page

    def outside(self) -> list[str]:
        return [u for u in self.urls if not u.startswith("data:") and (urlsplit(u).hostname or "") not in LOCAL_HOSTS]


@pytest.fixture
def ctx(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    watch = Watch(context)
    page = watch.attach(context.new_page())
    page.set_default_timeout(10_000)
    yield page, watch
    context.close()


def _located(incidents) -> list[dict]:
    return [i for i in incidents if (i.get("location") or {}).get("lat") is not None]


def test_map_shows_incidents_and_click_opens_incident(server, ctx, dataset):
    page, watch = ctx
    _, incidents = dataset
    page.goto(server.base + "/")
    page.wait_for_selector("#map[data-markers]", state="attached")
    assert page.get_attribute("#map", "data-markers") == str(len(_located(incidents)))
    markers = page.locator("path.incident-marker")
    assert markers.count() == len(_located(incidents))
    ids = set(markers.evaluate_all("els => els.map(e => e.getAttribute('data-id'))"))
    assert ids == {i["id"] for i in _located(incidents)}
    # borders from the vendored world-atlas are drawn (non-interactive paths in the overlay pane)
    borders = page.locator(".leaflet-overlay-pane path:not(.incident-marker)")
    deadline = time.monotonic() + 10
    while borders.count() <= 100 and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert borders.count() > 100
    # the timeline got its monthly buckets
    page.wait_for_selector("#timeline[data-buckets]", state="attached")
    assert page.locator("#timeline rect.bar").count() > 0
    # click the top-most marker (drawn last) and land on its page
    top = markers.nth(markers.count() - 1)
    target = top.get_attribute("data-id")
    top.click()
    page.wait_for_url(f"**/incidents/{target}")
    title = next(i["title"] for i in incidents if i["id"] == target)
    assert page.locator("h1").inner_text() == title
    assert watch.outside() == [], watch.outside()
    assert not watch.page_errors, watch.page_errors
    assert not [m for m in watch.console if "Content Security Policy" in m], watch.console


def test_evidence_highlighted_and_script_not_executed(server, ctx, dataset):
    page, watch = ctx
    reports, incidents = dataset
    inc = next(i for i in incidents if i["id"] == "inc-000001")  # its report carries the <script> payload
    page.goto(server.base + "/incidents/inc-000001")
    marks = page.locator("blockquote.evidence mark")
    assert marks.count() == len(inc["claims"])
    assert marks.all_inner_texts() == [c["evidence"]["text"] for c in inc["claims"]]
    # the payload is on the page as text, and did not run
    assert XSS_SCRIPT in page.locator("blockquote.evidence").first.inner_text()
    assert page.evaluate("window.__xss === undefined && window.__xss_title === undefined")

    rid = inc["claims"][0]["report_id"]
    page.goto(server.base + "/reports/" + rid)
    text = page.locator("#report-text").inner_text()
    report = next(r for r in reports if r["id"] == rid)
    assert text == report["text"]
    assert page.locator("#report-text mark").count() == len(report["extraction"]["claims"])
    assert page.locator("h1").inner_text() == report["title"]  # the <img onerror> title, as text
    assert page.locator("#report-text script, h1 img").count() == 0
    assert page.evaluate("window.__xss === undefined && window.__xss_title === undefined")
    assert watch.outside() == []
    assert not watch.page_errors, watch.page_errors


def test_episode_page_chart_children_and_phone_width(server, browser, dataset):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    watch = Watch(context)
    page = watch.attach(context.new_page())
    try:
        page.goto(server.base + "/incidents/inc-episode")
        assert page.locator("ul.children li").count() == 2
        assert page.locator("#toll-chart polyline").count() == 2  # two sources, one line each
        assert page.locator("#toll-chart circle").count() == 4  # 3 revisions of one source + 1 of the other
        # nothing wider than the phone (tables scroll inside their own box)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1
        page.goto(server.base + "/")
        page.wait_for_selector("#map[data-markers]", state="attached")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1
        assert page.locator("#map").bounding_box()["width"] <= 375
        assert watch.outside() == []
    finally:
        context.close()


def test_api_docs_work_offline(server, ctx):
    page, watch = ctx
    page.goto(server.base + "/api/docs")
    page.wait_for_selector(".swagger-ui .info .title", timeout=15_000)
    assert "Conflict observatory" in page.locator(".swagger-ui .info .title").inner_text()
    assert page.locator(".opblock-summary-path").count() >= 8
    assert watch.outside() == [], watch.outside()
    assert not [m for m in watch.console if "Content Security Policy" in m], watch.console


@pytest.fixture(scope="module")
def seed_server(tmp_path_factory):
    """The real seed report through the real pipeline (ingest -> extract -> relink)."""
    try:
        from observatory.ingest import ingest_reports, read_paths
        from observatory.store import Store
    except ImportError as e:  # pragma: no cover
        pytest.skip(f"ingest not available: {e}")
    from observatory.web.app import create_app

    if not SEED.exists():
        pytest.skip("examples/ seed report missing")
    db = tmp_path_factory.mktemp("seed") / "seed.db"
    store = Store(f"sqlite:///{db}")
    items = list(read_paths([SEED]))
    for r in items:
        if getattr(r, "published", "x") is None:
            r.published = "2025-03-08"
    stats = ingest_reports(store, items)
    if not stats.linked:
        pytest.skip(f"incident linking not available: {stats.warnings}")
    with Served(create_app(f"sqlite:///{db}")) as s:
        yield s


def test_seed_report_end_to_end(seed_server, ctx):
    import httpx

    page, watch = ctx
    incs = httpx.get(seed_server.base + "/api/incidents?limit=500").json()["items"]
    assert incs, "the seed report gave no incident"
    assert max(i["killed"]["best"] or 0 for i in incs) >= 1000
    page.goto(seed_server.base + "/")
    page.wait_for_selector("#map[data-markers]", state="attached")
    located = [i for i in incs if i["location"]["lat"] is not None]
    assert page.locator("path.incident-marker").count() == len(located)
    top = max(incs, key=lambda i: i["killed"]["best"] or 0)
    page.goto(seed_server.base + "/incidents/" + top["id"])
    detail = httpx.get(seed_server.base + "/api/incidents/" + top["id"]).json()
    with_ev = [c for c in detail["claims"] if (c.get("evidence") or {}).get("text")]
    assert with_ev
    marks = page.locator("blockquote.evidence mark").all_inner_texts()
    assert marks == [c["evidence"]["text"] for c in with_ev]
    assert any("1,018" in m or "1018" in m or "1,000" in m for m in marks) or any("745" in m for m in marks)
    assert watch.outside() == []
