"""The store on SQLite and PostgreSQL: schema, dedupe, near duplicates, transactions, extractions."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import uuid
from functools import lru_cache

import pytest
from sqlalchemy import func, select, text

from observatory.model import Claim, Evidence, Extraction, Place, Report
from observatory.store import Store
from observatory.store.schema import claims, metadata, places, report_bands, reports

PG_BASE = os.environ.get("OBSERVATORY_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@lru_cache(maxsize=1)
def _pg_problem() -> str | None:
    try:
        import psycopg

        with psycopg.connect(PG_BASE.replace("+psycopg", ""), connect_timeout=3) as c:
            c.execute("select 1")
    except Exception as e:  # noqa: BLE001
        return f"no PostgreSQL server answers at {PG_BASE}: {e}"
    return None


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request, tmp_path):
    """A fresh, empty store: a SQLite file, or a scratch schema in the PostgreSQL test database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    problem = _pg_problem()
    if problem:
        pytest.skip(problem)
    import psycopg

    schema = "t_" + uuid.uuid4().hex[:12]
    plain = PG_BASE.replace("+psycopg", "")
    with psycopg.connect(plain, autocommit=True) as c:
        c.execute(f"CREATE SCHEMA {schema}")
    try:
        yield f"{PG_BASE}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(plain, autocommit=True) as c:
            c.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def store(store_url):
    s = Store(store_url)
    yield s
    s.close()


def _count(store, table, *where) -> int:
    with store.engine.connect() as c:
        q = select(func.count()).select_from(table)
        for w in where:
            q = q.where(w)
        return c.execute(q).scalar_one()


STORY = (
    "Gunmen killed at least 14 people and wounded 9 others in an attack on a village in the central "
    "region on Sunday night, local officials and residents said on Monday. The attackers arrived on "
    "motorcycles, opened fire on worshippers leaving a mosque and set fire to shops and granaries before "
    "fleeing into the bush. A regional official said security forces had been deployed to the area and an "
    "investigation had been opened. No group has claimed responsibility for the attack, but jihadist groups "
    "linked to al Qaeda and Islamic State are active in the region and have carried out similar raids. "
    "Thousands of people have fled their homes in the area over the past year, according to the United "
    "Nations humanitarian office."
)
OTHER_STORY = (
    "Police fired tear gas to disperse hundreds of protesters who gathered outside parliament in the capital "
    "on Tuesday to denounce rising fuel prices, witnesses said. Several demonstrators were detained and at "
    "least two officers were hurt by stones, a police spokesman said. The opposition has called for a general "
    "strike next week unless the government reverses the price increase announced at the start of the month."
)


def _copy(header: str, footer: str, story: str = STORY) -> str:
    return f"{header}\n\n{story}\n\n{footer}"


# ----------------------------------------------------------------------------- schema


def test_migrations_create_schema_matching_metadata(store):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with store.engine.connect() as c:
        ctx = MigrationContext.configure(c)
        assert ctx.get_current_revision() == "0001"
        diffs = [d for d in compare_metadata(ctx, metadata) if d[0] in ("add_table", "add_column", "remove_column")]
    assert diffs == []
    # opening again is a no-op and keeps data
    store.add_reports([Report(id="a", text="one report")])
    again = Store(store.url)
    assert again.get_report("a").text == "one report"
    again.close()


def test_sqlite_wal_and_foreign_keys(tmp_path):
    s = Store(f"sqlite:///{tmp_path / 'x.db'}")
    with s.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    s.close()


# ----------------------------------------------------------------------------- reports


def test_add_get_iter_roundtrip(store):
    r = Report(id="r1", text="Five killed in blast.", title="Blast", url="https://x.org/1", publisher="X News",
               published="2025-01-02", language="en", source_path="a.jsonl:1")
    stats = store.add_reports([r, Report(id="r2", text="Another report entirely.")])
    assert (stats.added, stats.exact_duplicates, stats.near_duplicates) == (2, 0, 0)
    got = store.get_report("r1")
    assert (got.title, got.url, got.publisher, got.published, got.source_path) == (
        "Blast", "https://x.org/1", "X News", "2025-01-02", "a.jsonl:1")
    assert got.content_hash == r.content_hash and got.ingested_at
    assert store.get_report("missing") is None
    assert [x.id for x in store.iter_reports(batch=1)] == ["r1", "r2"]
    assert store.count_reports() == 2


def test_exact_duplicates_add_nothing(store):
    batch = [Report(id=f"d{i}", text=f"Report number {i} about an attack.") for i in range(5)]
    assert store.add_reports(batch).added == 5
    again = [Report(id=f"other{i}", text=f"  report NUMBER {i}   about an attack. ") for i in range(5)]
    stats = store.add_reports(again + [Report(id="dupe-in-batch", text="Report number 1 about an attack.")])
    assert (stats.added, stats.exact_duplicates) == (0, 6)
    assert _count(store, reports) == 5


def test_id_taken_by_other_text_keeps_both(store):
    store.add_reports([Report(id="same", text="First version of the text.")])
    stats = store.add_reports([Report(id="same", text="Completely different second text.")])
    assert stats.added == 1 and stats.renamed == 1
    ids = sorted(r.id for r in store.iter_reports())
    assert ids[0] == "same" and ids[1].startswith("same~")


def test_near_duplicates_linked_to_earliest(store):
    first = Report(id="wire", text=STORY, publisher="Wire")
    store.add_reports([first])
    copies = [
        Report(id="outlet-a", text=_copy("Outlet A | World | Africa", "Follow Outlet A on social media. Sign up for our newsletter.")),
        Report(id="outlet-b", text=_copy("BREAKING NEWS - Outlet B", "(Reporting by staff; Editing by desk)")),
    ]
    stats = store.add_reports(copies)
    assert stats.added == 2 and stats.near_duplicates == 2
    assert store.get_report("outlet-a").duplicate_of == "wire"
    assert store.get_report("outlet-b").duplicate_of == "wire"
    # a different story is not linked
    store.add_reports([Report(id="protest", text=OTHER_STORY)])
    assert store.get_report("protest").duplicate_of is None
    assert store.count_reports(include_duplicates=False) == 2


def test_near_duplicates_found_across_runs_and_within_a_chunk(store_url):
    s1 = Store(store_url)
    s1.add_reports([Report(id="orig", text=STORY)])
    s1.close()
    s2 = Store(store_url)  # a new process: nothing cached, the band keys in the table find it
    s2.add_reports([
        Report(id="copy", text=_copy("Outlet C", "All rights reserved.")),
        Report(id="p1", text=OTHER_STORY),
        Report(id="p2", text=_copy("Outlet D", "Share this article.", OTHER_STORY)),
    ])
    assert s2.get_report("copy").duplicate_of == "orig"
    assert s2.get_report("p1").duplicate_of is None
    assert s2.get_report("p2").duplicate_of == "p1"  # earlier in the same chunk
    with s2.engine.connect() as c:
        bands = c.execute(select(report_bands.c.report_id, func.count()).group_by(report_bands.c.report_id)).all()
    assert {rid for rid, _ in bands} == {"orig", "copy", "p1", "p2"}
    assert {n for _, n in bands} == {16}
    s2.close()


def test_update_with_new_toll_is_not_a_duplicate(store):
    store.add_reports([Report(id="v1", text=STORY)])
    updated = STORY.replace("at least 14 people", "at least 19 people")
    store.add_reports([Report(id="v2", text=updated)])
    assert store.get_report("v2").duplicate_of is None  # a revision: kept as a report of its own


def test_numbers_in_page_furniture_do_not_block_linking(store):
    store.add_reports([Report(id="w", text=STORY)])
    store.add_reports([Report(id="f", text=_copy("5 min read | Updated 12 minutes ago", "Comments (23)"))])
    assert store.get_report("f").duplicate_of == "w"


def test_short_texts_are_not_near_matched(store):
    store.add_reports([Report(id="s1", text="Two killed."), Report(id="s2", text="Two killed today.")])
    assert store.get_report("s2").duplicate_of is None


# ----------------------------------------------------------------------------- transactions


def test_interrupted_input_keeps_earlier_chunks(store):
    def stream():
        for i in range(25):
            yield Report(id=f"i{i:02d}", text=f"Report {i}: {' '.join(['word%d' % (i * 31 + j) for j in range(20)])}")
        raise RuntimeError("reader crashed")

    with pytest.raises(RuntimeError, match="reader crashed"):
        store.add_reports(stream(), chunk_size=10)
    assert _count(store, reports) == 20  # two whole chunks, nothing of the third
    assert _count(store, report_bands) == 20 * 16
    # resuming stores the rest and re-adds nothing
    stats = store.add_reports((Report(id=f"i{i:02d}", text=f"Report {i}: {' '.join(['word%d' % (i * 31 + j) for j in range(20)])}")
                               for i in range(25)), chunk_size=10)
    assert (stats.added, stats.exact_duplicates) == (5, 20)


def test_failing_insert_rolls_back_its_chunk_only(store, monkeypatch):
    good = [Report(id=f"g{i}", text=f"Good report {i} " + " ".join(f"w{i}x{j}" for j in range(15))) for i in range(10)]
    store.add_reports(good, chunk_size=5)
    original = Store._link_near_duplicates
    calls = {"n": 0}

    def boom(self, conn, items, sigs, cfg, stats):
        original(self, conn, items, sigs, cfg, stats)
        calls["n"] += 1
        if calls["n"] == 2:
            # write something inside the transaction, then fail: none of it may remain
            conn.execute(reports.insert().values(id="half", content_hash="h" * 64, text="half written"))
            raise RuntimeError("disk full")

    monkeypatch.setattr(Store, "_link_near_duplicates", boom)
    more = [Report(id=f"m{i}", text=f"More report {i} " + " ".join(f"v{i}y{j}" for j in range(15))) for i in range(10)]
    with pytest.raises(RuntimeError, match="disk full"):
        store.add_reports(more, chunk_size=5)
    ids = {r.id for r in store.iter_reports()}
    assert ids == {f"g{i}" for i in range(10)} | {f"m{i}" for i in range(5)}
    assert _count(store, report_bands) == 15 * 16


# ----------------------------------------------------------------------------- extractions


def _extraction(rid: str, n: int) -> Extraction:
    text = "Five people were killed in Aleppo."
    return Extraction(
        id=rid,
        claims=[Claim(status="killed", group="total", value=5 + i, evidence=Evidence(0, 27, text[:27]),
                      source="police", source_kind="official", date_start="2025-03-08") for i in range(n)],
        places=[Place(mention="Aleppo", start=28, end=34, name="Aleppo", lat=36.2, lon=37.16, country="SY",
                      geonames_id=170063, feature="PPLA", precision=1)],
    )


def test_save_and_iter_extractions(store):
    store.add_reports([Report(id="e1", text=STORY), Report(id="e2", text=OTHER_STORY),
                       Report(id="e3", text=_copy("Copy", "footer"))])
    assert store.get_report("e3").duplicate_of == "e1"
    assert store.save_extractions([("e1", _extraction("e1", 2)), ("e2", _extraction("e2", 1)),
                                   ("e3", _extraction("e3", 1)), ("ghost", _extraction("ghost", 1))]) == 3
    assert _count(store, claims) == 4 and _count(store, places) == 3
    with store.engine.connect() as c:
        row = c.execute(select(claims).where(claims.c.report_id == "e1", claims.c.idx == 1)).one()
    assert (row.status, row.group, row.value, row.evidence_start, row.evidence_text, row.source_kind) == (
        "killed", "total", 6, 0, "Five people were killed in ", "official")
    assert row.data["evidence"]["end"] == 27
    pairs = list(store.iter_extractions(batch=1))
    assert [r.id for r, _ in pairs] == ["e1", "e2"]  # the near duplicate is left out
    r, ex = pairs[0]
    assert ex.claims[1].value == 6 and ex.claims[1].evidence.text == "Five people were killed in "
    assert ex.places[0].geonames_id == 170063
    assert [r.id for r, _ in store.iter_extractions(include_duplicates=True)] == ["e1", "e2", "e3"]
    # re-saving replaces
    store.save_extractions([("e1", _extraction("e1", 1))])
    assert _count(store, claims, claims.c.report_id == "e1") == 1
    assert store.get_extraction("e1").claims[0].value == 5
    assert [r.id for r in store.iter_unextracted()] == []


def test_extraction_error_is_recorded(store):
    store.add_reports([Report(id="x", text="Some text.")])
    store.save_extractions([("x", Extraction(id="x", error="ValueError: boom"))])
    rows = store.list_reports()
    assert rows[0]["extract_error"] == "ValueError: boom"


# ----------------------------------------------------------------------------- concurrency

WRITER = textwrap.dedent("""
    import sys
    from observatory.model import Report
    from observatory.store import Store
    url, start, stop = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    store = Store(url)
    reps = (Report(id=f"c{i:04d}", text=f"Concurrent report {i} " + " ".join(f"t{i}q{j}" for j in range(14)))
            for i in range(start, stop))
    stats = store.add_reports(reps, chunk_size=25)
    print(stats.added, stats.exact_duplicates)
""")


def test_two_processes_ingesting_at_once(store_url):
    Store(store_url).close()  # schema in place
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, store_url, str(a), str(b)], stdout=subprocess.PIPE, text=True)
        for a, b in ((0, 300), (150, 450))
    ]
    outs = [p.communicate(timeout=120)[0].split() for p in procs]
    assert all(p.returncode == 0 for p in procs)
    added = sum(int(o[0]) for o in outs)
    dupes = sum(int(o[1]) for o in outs)
    assert added == 450 and dupes == 150  # nothing lost, nothing twice
    s = Store(store_url)
    assert _count(s, reports) == 450
    with s.engine.connect() as c:
        assert c.execute(text("SELECT count(DISTINCT content_hash) FROM reports")).scalar_one() == 450
    s.close()
