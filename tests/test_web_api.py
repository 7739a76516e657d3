"""The JSON API and the pages, through FastAPI's TestClient, on a generated realistic store."""
from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parent))
from web_fixtures import XSS_SCRIPT, XSS_TITLE, make_dataset, seed_store  # noqa: E402

from observatory.store import Store  # noqa: E402
from observatory.web.app import create_app  # noqa: E402

TOKEN = "s3cret-token-for-tests"


@pytest.fixture(scope="module")
def dataset():
    return make_dataset(60, seed=7, xss=True)


@pytest.fixture(scope="module")
def db_url(tmp_path_factory, dataset):
    url = f"sqlite:///{tmp_path_factory.mktemp('webapi') / 'store.db'}"
    seed_store(Store(url).engine, *dataset)
    return url


@pytest.fixture(scope="module")
def client(db_url):
    return TestClient(create_app(db_url, token=None), raise_server_exceptions=False)


def _ids(resp) -> set[str]:
    assert resp.status_code == 200, resp.text
    return {i["id"] for i in resp.json()["items"]}


def _overlaps(i, since=None, until=None):
    ev = i["event"]
    end = ev["date_end"] or ev["date_start"]
    return (since is None or end >= since) and (until is None or ev["date_start"] <= until)


# ---------------------------------------------------------------- incidents list

def test_health(client, dataset):
    r = client.get("/api/health")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok" and body["incidents"] == len(dataset[1]) and body["reports"] == len(dataset[0])
    assert body["writable"] is False


def test_list_paginates_with_total(client, dataset):
    incs = dataset[1]
    r = client.get("/api/incidents", params={"limit": 25, "sort": "id"})
    body = r.json()
    assert body["total"] == len(incs) and body["pages"] == 3 and len(body["items"]) == 25
    seen = []
    for p in (1, 2, 3):
        seen += [i["id"] for i in client.get("/api/incidents", params={"limit": 25, "page": p, "sort": "id"}).json()["items"]]
    assert seen == sorted(i["id"] for i in incs)
    assert client.get("/api/incidents", params={"limit": 25, "page": 9}).json()["items"] == []


def test_sorts(client, dataset):
    items = client.get("/api/incidents", params={"sort": "-killed", "limit": 500}).json()["items"]
    kb = [i["killed"]["best"] for i in items]
    assert kb == sorted(kb, reverse=True)
    items = client.get("/api/incidents", params={"sort": "date", "limit": 500}).json()["items"]
    ds = [i["event"]["date_start"] for i in items]
    assert ds == sorted(ds)
    assert client.get("/api/incidents", params={"sort": "password"}).status_code == 422


@pytest.mark.parametrize("params,pred", [
    ({"country": "IQ"}, lambda i: i["location"]["country"] == "IQ"),
    ({"country": "iq,ps"}, lambda i: i["location"]["country"] in ("IQ", "PS")),
    ({"admin1": "Latakia"}, lambda i: i["location"]["admin1"] == "Latakia"),
    ({"event_type": "Battles"}, lambda i: i["event"]["type"] == "Battles"),
    ({"source": "sana"}, lambda i: any(s["name"] == "SANA" for s in i["sources"])),
    ({"min_killed": 30}, lambda i: i["killed"]["best"] >= 30),
    ({"q": "goma"}, lambda i: "goma" in (i["title"] + i["location"]["name"]).lower()),
    ({"q": "Network for Human"}, lambda i: any("Network for Human" in s["name"] for s in i["sources"])),
    ({"since": "2025-01-01"}, lambda i: _overlaps(i, since="2025-01-01")),
    ({"until": "2024-06"}, lambda i: _overlaps(i, until="2024-06-30")),
    ({"since": "2024-03-01", "until": "2024-03-31"}, lambda i: _overlaps(i, "2024-03-01", "2024-03-31")),
    ({"since": "2025", "until": "2025"}, lambda i: _overlaps(i, "2025-01-01", "2025-12-31")),
    ({"bbox": "35,34,37,37"}, lambda i: 34 <= i["location"]["lat"] <= 37 and 35 <= i["location"]["lon"] <= 37),
    ({"top_level": "true"}, lambda i: i["parent_id"] is None),
    ({"parent_id": "inc-episode"}, lambda i: i["parent_id"] == "inc-episode"),
    ({"country": "SY", "min_killed": 20, "since": "2024-06-01"},
     lambda i: i["location"]["country"] == "SY" and i["killed"]["best"] >= 20 and _overlaps(i, since="2024-06-01")),
])
def test_filters(client, dataset, params, pred):
    expected = {i["id"] for i in dataset[1] if pred(i)}
    assert expected, f"fixture has no incident for {params}"
    assert expected != {i["id"] for i in dataset[1]} or "since" in params
    got = _ids(client.get("/api/incidents", params={**params, "limit": 500}))
    assert got == expected
    assert client.get("/api/incidents", params={**params, "limit": 500}).json()["total"] == len(expected)


def test_text_query_is_literal_not_sql(client):
    for q in ("%", "_", "' OR 1=1 --", "\\", "%' OR '1'='1"):
        r = client.get("/api/incidents", params={"q": q})
        assert r.status_code == 200
        assert r.json()["total"] == 0, q


@pytest.mark.parametrize("params", [
    {"since": "2024-13-01"}, {"since": "yesterday"}, {"until": "2024-02-30"}, {"since": "2025-01-01", "until": "2024-01-01"},
    {"limit": 501}, {"limit": 0}, {"page": 0}, {"min_killed": -1}, {"bbox": "1,2,3"}, {"bbox": "a,b,c,d"},
    {"bbox": "0,80,10,100"}, {"country": "Syria"}, {"sort": "-nope"},
])
def test_bad_list_parameters_are_422(client, params):
    r = client.get("/api/incidents", params=params)
    assert r.status_code == 422, r.text
    assert "detail" in r.json()
    assert "Traceback" not in r.text


# ---------------------------------------------------------------- incident detail

def test_incident_detail(client, dataset):
    incs = {i["id"]: i for i in dataset[1]}
    r = client.get("/api/incidents/inc-episode")
    assert r.status_code == 200
    d = r.json()
    src = incs["inc-episode"]
    assert d["killed"] == src["killed"] and d["killed_by_group"] == src["killed_by_group"]
    assert {c["id"] for c in d["children"]} == {"inc-000001", "inc-000002"}
    assert d["parent"] is None
    assert len(d["claims"]) == len(src["claims"])
    for c in d["claims"]:
        assert c["state"] in ("current", "superseded") and c["evidence"]["text"]
    # the monitor's civilian toll, revised over three reports, in report order
    hist = next(h for h in d["revisions"] if h["source"] == "Syrian Observatory for Human Rights"
                and h["status"] == "killed" and h["group"] == "civilians")
    assert [c["published"] for c in hist["claims"]] == sorted(c["published"] for c in hist["claims"])
    assert [c["state"] for c in hist["claims"]] == ["superseded", "superseded", "current"]
    series = {s["source"]: s["points"] for s in d["toll_series"]}
    assert len(series["Syrian Observatory for Human Rights"]) == 3
    child = client.get("/api/incidents/inc-000001").json()
    assert child["parent"] == {"id": "inc-episode", "title": src["title"]}


def test_unknown_ids_are_404_json(client):
    for path in ("/api/incidents/no-such", "/api/reports/no-such", "/api/incidents/%27%20OR%201=1"):
        r = client.get(path)
        assert r.status_code == 404 and r.headers["content-type"].startswith("application/json")
        assert "detail" in r.json()
    r = client.get("/incidents/no-such", headers={"accept": "text/html"})
    assert r.status_code == 404 and "text/html" in r.headers["content-type"]


# ---------------------------------------------------------------- reports

def test_reports_list_and_filters(client, dataset):
    reports = dataset[0]
    body = client.get("/api/reports", params={"limit": 500}).json()
    assert body["total"] == len(reports)
    pubs = [r["published"] for r in body["items"]]
    assert pubs == sorted(pubs, reverse=True)
    assert "text" not in body["items"][0]
    afp = {r["id"] for r in reports if r["publisher"] == "AFP"}
    assert _ids(client.get("/api/reports", params={"publisher": "afp", "limit": 500})) == afp
    march = {r["id"] for r in reports if r["published"].startswith("2025-03")}
    assert _ids(client.get("/api/reports", params={"since": "2025-03", "until": "2025-03", "limit": 500})) == march
    ep = {c["report_id"] for i in dataset[1] if i["id"] == "inc-episode" for c in i["claims"]}
    assert _ids(client.get("/api/reports", params={"incident_id": "inc-episode", "limit": 500})) == ep
    assert client.get("/api/reports", params={"since": "March"}).status_code == 422
    assert client.get("/api/reports", params={"limit": 1000}).status_code == 422


def test_report_detail_with_evidence(client, dataset):
    rep = dataset[0][0]
    d = client.get(f"/api/reports/{rep['id']}").json()
    assert d["text"] == rep["text"] and d["publisher"] == rep["publisher"]
    assert len(d["evidence"]) == len(rep["extraction"]["claims"])
    for e in d["evidence"]:
        assert e["found"] == "offsets" and rep["text"][e["start"]:e["end"]] == e["text"]
    assert d["incidents"] and all(link["state"] for link in d["incidents"])


# ---------------------------------------------------------------- tallies

def _expected_tally(incs, key):
    out = defaultdict(lambda: [0, 0, 0])
    for i in incs:
        if i["parent_id"] is None:
            k = key(i)
            out[k][0] += 1
            out[k][1] += i["killed"]["best"] or 0
            out[k][2] += i["injured"]["best"] or 0
    return dict(out)


@pytest.mark.parametrize("by,key", [
    ("month", lambda i: i["event"]["date_start"][:7]),
    ("day", lambda i: i["event"]["date_start"]),
    ("year", lambda i: i["event"]["date_start"][:4]),
    ("admin1", lambda i: i["location"]["admin1"]),
    ("country", lambda i: i["location"]["country"]),
])
def test_tallies_sum_top_level_incidents(client, dataset, by, key):
    body = client.get("/api/tallies", params={"by": by}).json()
    got = {b["key"]: [b["incidents"], b["killed"]["best"], b["injured"]["best"]] for b in body["buckets"]}
    assert got == _expected_tally(dataset[1], key)


def test_tallies_week_group_source_and_filters(client, dataset):
    from datetime import date, timedelta
    incs = dataset[1]

    def monday(i):
        d = date.fromisoformat(i["event"]["date_start"])
        return (d - timedelta(days=d.weekday())).isoformat()
    got = {b["key"]: b["killed"]["best"] for b in client.get("/api/tallies", params={"by": "week"}).json()["buckets"]}
    assert got == {k: v[1] for k, v in _expected_tally(incs, monday).items()}

    groups = client.get("/api/tallies", params={"by": "group"}).json()["buckets"]
    civ = next(b for b in groups if b["key"] == "civilians")
    assert civ["killed"]["best"] == sum(i["killed_by_group"].get("civilians", {}).get("best", 0)
                                        for i in incs if i["parent_id"] is None)
    sources = {b["key"]: b["incidents"] for b in client.get("/api/tallies", params={"by": "source"}).json()["buckets"]}
    assert sources["SANA"] == sum(1 for i in incs if i["parent_id"] is None and any(s["name"] == "SANA" for s in i["sources"]))

    sy = client.get("/api/tallies", params={"by": "month", "country": "SY", "since": "2025-01-01"}).json()["buckets"]
    exp = _expected_tally([i for i in incs if i["location"]["country"] == "SY" and _overlaps(i, since="2025-01-01")],
                          lambda i: i["event"]["date_start"][:7])
    assert {b["key"]: b["killed"]["best"] for b in sy} == {k: v[1] for k, v in exp.items()}

    split = client.get("/api/tallies", params={"by": "month", "split_group": "true"}).json()["buckets"]
    assert sum(b["killed_by_group"].get("civilians", {}).get("best", 0) for b in split) == civ["killed"]["best"]


def test_tallies_errors(client):
    assert client.get("/api/tallies", params={"by": "hour"}).status_code == 422
    assert client.get("/api/tallies", params={"since": "2024-02-31"}).status_code == 422


# ---------------------------------------------------------------- export

@pytest.mark.parametrize("fmt", ["ucdp", "acled", "geojson", "csv", "json"])
def test_export(client, dataset, fmt):
    try:
        from observatory.export import write_export  # noqa: F401
    except ImportError:
        assert client.get(f"/api/export/{fmt}").status_code == 503
        pytest.skip("observatory.export.write_export not available yet")
    r = client.get(f"/api/export/{fmt}", params={"country": "IQ"})
    assert r.status_code == 200, r.text
    n_iq = sum(1 for i in dataset[1] if i["location"]["country"] == "IQ")
    if fmt == "json":
        assert len(r.json()) == n_iq
    elif fmt == "geojson":
        assert r.json()["type"] == "FeatureCollection" and len(r.json()["features"]) == n_iq
    else:
        assert r.headers["content-type"].startswith("text/csv") and len(r.text.strip().splitlines()) == n_iq + 1


def test_export_unknown_format_404(client):
    assert client.get("/api/export/xlsx").status_code == 404


# ---------------------------------------------------------------- writes and security

def test_post_refused_when_read_only(client):
    r = client.post("/api/reports", json={"text": "x"}, headers={"authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 403 and "read-only" in r.json()["detail"]


@pytest.fixture
def writable(tmp_path):
    url = f"sqlite:///{tmp_path / 'w.db'}"
    return TestClient(create_app(url, token=TOKEN, max_body=64 * 1024), raise_server_exceptions=False)


def test_post_needs_valid_token(writable):
    r = writable.post("/api/reports", json={"text": "Two people were killed."})
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    r = writable.post("/api/reports", json={"text": "x"}, headers={"authorization": "Bearer wrong"})
    assert r.status_code == 403
    r = writable.post("/api/reports", json={"text": "x"}, headers={"authorization": f"Basic {TOKEN}"})
    assert r.status_code == 401


def test_post_validates_body(writable):
    h = {"authorization": f"Bearer {TOKEN}"}
    assert writable.post("/api/reports", json={"text": "   "}, headers=h).status_code == 422
    assert writable.post("/api/reports", json={"text": "ok", "published": "08/03/2025"}, headers=h).status_code == 422
    assert writable.post("/api/reports", json={"title": "no text"}, headers=h).status_code == 422
    assert writable.post("/api/reports", content=b"{not json", headers={**h, "content-type": "application/json"}).status_code in (400, 422)


def test_body_size_limit(writable):
    h = {"authorization": f"Bearer {TOKEN}"}
    big = {"text": "x" * (70 * 1024)}
    r = writable.post("/api/reports", json=big, headers=h)
    assert r.status_code == 413
    # a chunked body without Content-Length is cut off too

    def chunks():
        for _ in range(20):
            yield b"x" * 8192
    r = writable.post("/api/reports", content=chunks(), headers={**h, "content-type": "application/json"})
    assert r.status_code == 413


def test_post_ingests_reports(writable):
    pytest.importorskip("observatory.ingest")
    h = {"authorization": f"Bearer {TOKEN}"}
    text = ("HOMS (Reuters) - An air strike on a market in Homs killed 12 civilians on Tuesday, "
            "the Syrian Observatory for Human Rights said.")
    r = writable.post("/api/reports", headers=h, json=[
        {"id": "api-1", "text": text, "publisher": "Reuters", "published": "2025-02-04", "title": "Strike on Homs market"},
        {"id": "api-2", "text": text + " <script>alert(1)</script>", "published": "2025-02-04"}])
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["ids"] == ["api-1", "api-2"] and body["stats"]["added"] == 2
    d = writable.get("/api/reports/api-1").json()
    assert d["text"] == text and d["publisher"] == "Reuters"
    # posting the same text again is deduplicated, not stored twice
    again = writable.post("/api/reports", headers=h, json={"reports": [{"id": "api-3", "text": text}]})
    assert again.status_code == 201 and again.json()["stats"]["exact_duplicates"] == 1
    assert writable.get("/api/reports").json()["total"] == 2


def test_html_escapes_report_content(client, dataset):
    rep = next(r for r in dataset[0] if XSS_SCRIPT in r["text"])
    html = client.get(f"/reports/{rep['id']}").text
    assert "<script>window.__xss" not in html and "&lt;script&gt;window.__xss = 1;&lt;/script&gt;" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=" in html
    inc = client.get("/incidents/inc-000001").text
    assert "<script>window.__xss" not in inc and "&lt;script&gt;" in inc
    # the JSON keeps the text as it is (JSON is data, not markup)
    assert client.get(f"/api/reports/{rep['id']}").json()["title"] == XSS_TITLE


def test_evidence_marked_on_incident_page(client, dataset):
    inc = next(i for i in dataset[1] if i["id"] == "inc-000002")
    html = client.get("/incidents/inc-000002").text
    marks = re.findall(r"<mark>(.*?)</mark>", html, flags=re.S)
    assert marks == [c["evidence"]["text"] for c in inc["claims"]]


def test_security_headers_and_no_cors(client):
    for path in ("/", "/api/incidents", "/api/docs", "/static/css/app.css"):
        r = client.get(path, headers={"origin": "https://evil.example"})
        assert r.status_code == 200
        csp = r.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-eval" not in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        assert "access-control-allow-origin" not in r.headers
    pre = client.options("/api/incidents", headers={"origin": "https://evil.example", "access-control-request-method": "GET"})
    assert "access-control-allow-origin" not in pre.headers


def test_pages_refer_only_to_local_assets(client):
    for path in ("/", "/incidents/inc-episode", "/reports", "/api/docs"):
        html = client.get(path).text
        for url in re.findall(r'(?:src|href)="([^"]+)"', html):
            assert url.startswith(("/", "#")), (path, url)
    static = Path(__file__).resolve().parents[1] / "src" / "observatory" / "web"
    for f in list(static.rglob("*.html")) + list((static / "static" / "js").glob("*.js")):
        assert not re.search(r"(src|href)=\"https?://", f.read_text()), f
    js = "".join(f.read_text() for f in (static / "static" / "js").glob("*.js"))
    assert not re.search(r"\.innerHTML|\.outerHTML|insertAdjacentHTML|document\.write", js)


def test_docs_and_openapi_offline(client):
    r = client.get("/api/docs")
    assert r.status_code == 200 and "/static/vendor/swagger-ui/swagger-ui-bundle.js" in r.text
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200
    assert client.get("/docs").status_code == 404 and client.get("/redoc").status_code == 404
    spec = client.get("/api/openapi.json").json()
    for p in ("/api/incidents", "/api/incidents/{incident_id}", "/api/reports", "/api/tallies", "/api/export/{fmt}",
              "/api/health"):
        assert p in spec["paths"], p
    assert "post" in spec["paths"]["/api/reports"]


def test_internal_errors_hide_details(db_url, monkeypatch):
    from observatory.store import queries

    def boom(*a, **k):
        raise RuntimeError("secret internals /etc/passwd")
    monkeypatch.setattr(queries, "list_incidents", boom)
    c = TestClient(create_app(db_url), raise_server_exceptions=False)
    r = c.get("/api/incidents")
    assert r.status_code == 500 and r.json() == {"detail": "internal server error"}
    assert "secret" not in r.text


def test_dashboard_pages_render(client, dataset):
    r = client.get("/", params={"country": "SY", "sort": "-killed"})
    assert r.status_code == 200
    n_sy = sum(1 for i in dataset[1] if i["location"]["country"] == "SY")
    assert f"{n_sy} incidents" in r.text
    assert client.get("/", params={"since": "2024-99"}).status_code == 422
    assert client.get("/reports", params={"q": "AFP"}).status_code == 200
    assert client.get("/", params={"min_killed": "abc"}).status_code == 422


# ---------------------------------------------------------------- PostgreSQL

@pytest.mark.postgres
def test_queries_on_postgresql(dataset):
    from observatory.scale import pgscratch
    from observatory.store import queries

    try:
        cm = pgscratch.scratch_database()
        url = cm.__enter__()
    except pgscratch.NoServer as e:
        pytest.skip(str(e))
    try:
        store = Store(url)
        seed_store(store.engine, *dataset)
        c = TestClient(create_app(url, warm_cache=False), raise_server_exceptions=False)
        incs = dataset[1]
        got = _ids(c.get("/api/incidents", params={"country": "SY", "min_killed": 10, "q": "latakia", "limit": 500}))
        assert got == {i["id"] for i in incs if i["location"]["country"] == "SY" and i["killed"]["best"] >= 10
                       and "latakia" in (i["title"] + i["location"]["name"] + (i["location"]["admin1"] or "")).lower()}
        for by, key in (("month", lambda i: i["event"]["date_start"][:7]), ("admin1", lambda i: i["location"]["admin1"])):
            b = c.get("/api/tallies", params={"by": by}).json()["buckets"]
            assert {x["key"]: x["killed"]["best"] for x in b} == {k: v[1] for k, v in _expected_tally(incs, key).items()}
        g = queries.tallies(store.engine, "group")["buckets"]
        assert any(x["key"] == "civilians" and x["killed"]["best"] > 0 for x in g)
        assert c.get("/api/incidents/inc-episode").json()["children"]
        assert c.get("/api/incidents", params={"q": "%"}).json()["total"] == 0
        c.app.state.engine.dispose()
        store.close()
    finally:
        cm.__exit__(None, None, None)


def test_serve_command_registered():
    from typer.testing import CliRunner

    from observatory.cli import app

    r = CliRunner().invoke(app, ["serve", "--help"])
    assert r.exit_code == 0, r.output
    for opt in ("--db", "--host", "--port"):
        assert opt in r.output


def test_app_from_env(db_url, monkeypatch):
    from observatory.web.app import app_from_env

    monkeypatch.setenv("OBSERVATORY_DB", db_url)
    monkeypatch.setenv("OBSERVATORY_TOKEN", TOKEN)
    c = TestClient(app_from_env())
    assert c.get("/api/health").json()["writable"] is True
    assert c.post("/api/reports", json={"text": "x"}).status_code == 401


def test_source_figures_both_shapes():
    from observatory.web.pages import source_figures

    real = {"name": "SOHR", "kind": "monitor", "killed": {"best": 1018, "low": 1000, "high": None},
            "killed_by_group": {"civilians": {"best": 745, "low": 745, "high": None}}}
    assert source_figures(real) == [("killed", "1018 (1000–?)"), ("killed · civilians", "745")]
    mapping = {"name": "X", "figures": {"killed": {"best": 7}, "civilians": {"best": 5}}}
    assert source_figures(mapping) == [("killed", "7"), ("civilians", "5")]
    assert source_figures({"name": "Y", "kind": "witness"}) == []
