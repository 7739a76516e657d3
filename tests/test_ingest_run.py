"""ingest_reports: store -> extract new reports -> save -> relink, with errors counted, never fatal."""
from __future__ import annotations

from pathlib import Path

import pytest

import observatory.reconcile as reconcile
from observatory.ingest import IngestError, ingest_reports, read_paths
from observatory.ingest import run as run_mod
from observatory.model import Claim, Evidence, Extraction, Report
from observatory.store import Store

DATA = Path(__file__).parent / "data" / "ingest"


@pytest.fixture
def store(tmp_path):
    s = Store(f"sqlite:///{tmp_path / 'run.db'}")
    yield s
    s.close()


def fake_extract(report: Report) -> Extraction:
    if "FAIL-ME" in report.text:
        raise ValueError("extractor blew up")
    i = report.text.find("killed")
    claims = []
    if i >= 0:
        claims.append(Claim(status="killed", group="total", value=1, evidence=Evidence(i, i + 6, "killed")))
    return Extraction(id=report.id, claims=claims)


def test_ingest_folder_with_errors(store):
    seen_errors: list[IngestError] = []
    progress: list[int] = []
    items = list(read_paths([DATA / "good", DATA / "bad"]))
    stats = ingest_reports(store, iter(items), extractor=fake_extract, link=False,
                           on_error=seen_errors.append, progress=progress.append, chunk_size=4)
    n_reports = sum(isinstance(x, Report) for x in items)
    assert stats.added == n_reports == store.count_reports() == 14
    assert stats.errors == 10 and stats.skipped == 2  # .pdfx and .docx met while walking folders
    assert len(seen_errors) == 12 and any(e.line == 2 for e in seen_errors)
    assert sum(progress) == len(items)
    assert stats.extracted == 14 and stats.extract_errors == 0
    assert sum(len(ex.claims) for _, ex in store.iter_extractions()) == sum(
        "killed" in r.text for r in store.iter_reports())
    assert "added 14" in stats.summary() and "errors 10" in stats.summary()


def test_extraction_failure_is_recorded_and_batch_goes_on(store):
    reps = [Report(id="a", text="Three killed."), Report(id="b", text="FAIL-ME downtown."),
            Report(id="c", text="One killed.")]
    stats = ingest_reports(store, reps, extractor=fake_extract, link=False)
    assert (stats.added, stats.extracted, stats.extract_errors) == (3, 2, 1)
    assert store.get_extraction("b").error == "ValueError: extractor blew up"
    assert [r.id for r, _ in store.iter_extractions()] == ["a", "b", "c"]


def test_only_new_reports_are_extracted(store):
    calls: list[str] = []

    def counting(r):
        calls.append(r.id)
        return Extraction(id=r.id)

    reps = [Report(id="a", text="First."), Report(id="b", text="Second.")]
    ingest_reports(store, reps, extractor=counting, link=False)
    ingest_reports(store, reps + [Report(id="c", text="Third.")], extractor=counting, link=False)
    assert calls == ["a", "b", "c"]


def test_relink_called_after_extraction(store, monkeypatch):
    called = []
    monkeypatch.setattr(reconcile, "relink_store", lambda s: called.append(s) or {}, raising=False)
    stats = ingest_reports(store, [Report(id="a", text="Two killed.")], extractor=fake_extract, link=True)
    assert called == [store] and stats.linked
    called.clear()
    ingest_reports(store, [Report(id="b", text="Nothing new.")], extract=False, link=True)
    assert called == []  # nothing was extracted: incidents cannot have changed


def test_missing_stage_is_skipped_with_a_warning(store):
    stats = run_mod.IngestStats()
    assert run_mod._optional("observatory.no_such_stage", "extract_report", stats, "extraction") is None
    assert stats.warnings and "extraction skipped" in stats.warnings[0]


def test_no_extract_stores_only(store):
    stats = ingest_reports(store, [Report(id="a", text="Two killed.")], extract=False, link=False)
    assert stats.added == 1 and stats.extracted == 0
    assert [r.id for r in store.iter_unextracted()] == ["a"]


def test_input_crash_keeps_committed_chunks(store):
    def stream():
        for i in range(7):
            yield Report(id=f"r{i}", text=f"Report {i} text.")
        yield IngestError("x.jsonl", 8, "malformed JSON")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ingest_reports(store, stream(), extractor=fake_extract, link=False, chunk_size=3)
    assert store.count_reports() == 6  # two whole chunks committed, extracted too
    assert len(list(store.iter_extractions())) == 6


def test_extract_pending_catches_up(store):
    ingest_reports(store, [Report(id="a", text="Two killed."), Report(id="b", text="One killed.")], extract=False)
    assert len(list(store.iter_unextracted())) == 2
    stats = ingest_reports(store, [Report(id="c", text="Three killed.")], extractor=fake_extract, link=False)
    assert stats.extracted == 1 and {r.id for r in store.iter_unextracted()} == {"a", "b"}
    stats = ingest_reports(store, [], extractor=fake_extract, link=False, extract_pending=True)
    assert stats.extracted == 2 and list(store.iter_unextracted()) == []


PAGE = """<html><head><meta property="og:site_name" content="{site}"><title>{site}</title></head><body>
<header><nav>{nav}</nav></header><div class="promo">{promo}</div>
<article><h1>Gunmen kill 14 in village raid</h1>
<p>Gunmen killed at least 14 people and wounded 9 others in an attack on a village in the central region on
Sunday night, local officials and residents said on Monday.</p>
<p>The attackers arrived on motorcycles, opened fire on worshippers leaving a mosque and set fire to shops and
granaries before fleeing into the bush. A regional official said security forces had been deployed to the area
and an investigation had been opened.</p>
<p>No group has claimed responsibility for the attack, but jihadist groups are active in the region and have
carried out similar raids. Thousands of people have fled their homes in the area over the past year.</p>
<p>{byline}</p></article><footer>{site} - all rights reserved</footer></body></html>"""


def test_same_wire_story_on_two_sites_is_linked(store, tmp_path):
    (tmp_path / "a.html").write_text(PAGE.format(site="Daily One", nav="Home News Sport", promo="Subscribe today",
                                                 byline="Reporting by Wire staff"))
    (tmp_path / "b.html").write_text(PAGE.format(site="The Other Times", nav="Front page | World | Opinion",
                                                 promo="Download our app", byline="With agencies"))
    (tmp_path / "c.html").write_text(PAGE.replace("at least 14 people", "at least 21 people").format(
        site="Third", nav="", promo="", byline="Updated toll"))
    stats = ingest_reports(store, read_paths([tmp_path]), extract=False, link=False)
    assert (stats.added, stats.near_duplicates) == (3, 1)
    a, b = (store.get_report((tmp_path / n).as_posix()) for n in ("a.html", "b.html"))
    assert a.publisher == "Daily One" and a.duplicate_of is None
    assert b.duplicate_of == a.id
    assert store.get_report((tmp_path / "c.html").as_posix()).duplicate_of is None  # new toll: not a copy
