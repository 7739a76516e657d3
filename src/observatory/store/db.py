"""The store: reports, their extractions, claims and places, in SQLite or PostgreSQL.

One code path for both databases (SQLAlchemy Core).  Opening a store runs the Alembic
migrations.  Writes go in chunks, one transaction each: a crash mid-batch keeps every
chunk committed before it and no part of the chunk it was in.  Inserts use
``INSERT .. ON CONFLICT DO NOTHING`` and each write transaction takes a lock (SQLite:
``BEGIN IMMEDIATE``; PostgreSQL: a transaction-level advisory lock) so that several
processes can ingest into one store at once without losing or duplicating anything.

Dedupe: a report whose normalised text hash is already stored is skipped (exact
duplicate).  A report that nearly repeats a stored one (the same wire story under another
masthead) is stored with ``duplicate_of`` set to the earliest such report; the MinHash
LSH band keys in ``report_bands`` find candidates with indexed lookups (no all-pairs
comparison, no loading of earlier reports).
"""
from __future__ import annotations

import logging
import os
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, create_engine, delete, event, func, select, text, update
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.pool import StaticPool

from ..model import Extraction, Report, content_hash, extraction_from_dict, to_dict
from .schema import claims, metadata, places, report_bands, reports

log = logging.getLogger(__name__)

DEFAULT_URL = "sqlite:///observatory.db"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_WRITE_LOCK = 7_206_493_001  # PostgreSQL advisory lock keys (arbitrary, fixed)
_MIGRATE_LOCK = 7_206_493_002
_IN_BATCH = 900  # bound parameters per IN (...) list
_REPORT_COLS = ("id", "content_hash", "text", "title", "url", "publisher", "published", "language",
                "ingested_at", "source_path", "duplicate_of")


@dataclass
class IngestStats:
    """What a batch did. ``added`` counts stored reports, near duplicates included."""

    read: int = 0
    added: int = 0
    exact_duplicates: int = 0
    near_duplicates: int = 0
    renamed: int = 0  # stored under ``id~hash`` because the id was taken by another text
    errors: int = 0
    skipped: int = 0
    extracted: int = 0
    extract_errors: int = 0
    linked: bool = False
    incidents: int | None = None  # incidents in the store after relinking
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [
            f"added {self.added}",
            f"exact duplicates {self.exact_duplicates}",
            f"near duplicates {self.near_duplicates}",
            f"errors {self.errors}",
        ]
        if self.skipped:
            parts.append(f"skipped {self.skipped}")
        if self.renamed:
            parts.append(f"renamed ids {self.renamed}")
        if self.extracted or self.extract_errors:
            parts.append(f"extracted {self.extracted}")
        if self.extract_errors:
            parts.append(f"extraction errors {self.extract_errors}")
        if self.linked and self.incidents is not None:
            parts.append(f"incidents {self.incidents}")
        return ", ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        return to_dict(self)


# ----------------------------------------------------------------------------- engine


def normalise_url(url: str | None) -> str:
    """A SQLAlchemy URL; a bare path is a SQLite file, ``postgresql://`` means psycopg 3."""
    url = url or os.environ.get("OBSERVATORY_DB") or DEFAULT_URL
    if "://" not in url:
        url = "sqlite:///" + url
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            url = "postgresql+psycopg://" + url[len(prefix):]
    return url


def make_engine(url: str) -> Engine:
    u = make_url(normalise_url(url))
    if u.get_backend_name() != "sqlite":
        # prepare_threshold=None: no server-side prepared statements.  A statement psycopg
        # prepares after five runs keeps the generic plan of that moment; planned while a new
        # store's tables were empty, the dedupe lookups kept scanning report_bands whole as it
        # grew (100k-report ingest falling to ~90 reports/s).  Planning each query costs little.
        return create_engine(u, pool_pre_ping=True, connect_args={"prepare_threshold": None})
    db = u.database or ""
    memory = db in ("", ":memory:") or "mode=memory" in str(u)
    if memory:
        engine = create_engine(u, poolclass=StaticPool, connect_args={"check_same_thread": False})
    else:
        Path(db).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(u, connect_args={"timeout": 120, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # pragma: no cover - exercised by every test
        dbapi_conn.isolation_level = None  # transactions are begun by _on_begin below
        cur = dbapi_conn.cursor()
        if not memory:
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=120000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # pragma: no cover
        mode = conn.get_execution_options().get("sqlite_begin", "")
        conn.exec_driver_sql(f"BEGIN {mode}".strip())

    return engine


def _alembic_config(connection: Connection):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


_HEAD: list[str] = []


def _head() -> str:
    if not _HEAD:
        from alembic.script import ScriptDirectory

        cfg = _alembic_config(None)
        _HEAD.append(ScriptDirectory.from_config(cfg).get_current_head())
    return _HEAD[0]


@contextmanager
def _locked(engine: Engine, lock_key: int) -> Iterator[Connection]:
    """A write transaction that excludes other writers (of this store, in any process)."""
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            conn = conn.execution_options(sqlite_begin="IMMEDIATE")
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": lock_key})
            yield conn


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision (no-op when it is there already)."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    if current == _head():
        return
    with _locked(engine, _MIGRATE_LOCK) as conn:
        command.upgrade(_alembic_config(conn), "head")


# ----------------------------------------------------------------------------- helpers


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while True:
        chunk = list(islice(it, size))
        if not chunk:
            return
        yield chunk


def _clip(value: str | None, n: int) -> str | None:
    return value if value is None or len(value) <= n else value[:n]


def _row_to_report(row) -> Report:
    m = row._mapping
    return Report(**{c: m[c] for c in _REPORT_COLS})


class _SigCache:
    """Signatures of recently seen stored reports (bounded, so memory stays flat)."""

    def __init__(self, size: int = 2048):
        self.size = size
        self.data: OrderedDict[str, tuple] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            v = self.data.get(key)
            if v is not None:
                self.data.move_to_end(key)
            return v

    def put(self, key, value) -> None:
        with self.lock:
            self.data[key] = value
            self.data.move_to_end(key)
            while len(self.data) > self.size:
                self.data.popitem(last=False)


# ----------------------------------------------------------------------------- the store


class Store:
    """Reports, extractions, claims and places in one database (SQLite or PostgreSQL)."""

    def __init__(self, url: str | None = None, *, migrate_schema: bool = True):
        self.url = normalise_url(url)
        self.engine = make_engine(self.url)
        self.dialect = self.engine.dialect.name
        if self.dialect not in ("sqlite", "postgresql"):
            raise ValueError(f"unsupported database {self.dialect!r} (use SQLite or PostgreSQL)")
        self.metadata = metadata
        if migrate_schema:
            migrate(self.engine)
        self._sigs = _SigCache()

    def __repr__(self) -> str:
        return f"Store({self.engine.url.render_as_string(hide_password=True)!r})"

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    # -- plumbing

    def _insert(self, table):
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        return insert(table)

    @staticmethod
    def _copy_rows(conn: Connection, table, columns: tuple[str, ...], rows: list[tuple]) -> None:
        """``COPY table (columns) FROM STDIN`` on the transaction's own psycopg connection."""
        cols = ", ".join('"' + c.replace('"', '""') + '"' for c in columns)
        with conn.connection.driver_connection.cursor() as cur:
            with cur.copy(f'COPY "{table.name}" ({cols}) FROM STDIN') as cp:
                for row in rows:
                    cp.write_row(row)

    @classmethod
    def _copy_dicts(cls, conn: Connection, table, rows: list[dict]) -> None:
        """COPY rows given as dicts of the same keys (JSON values wrapped for psycopg)."""
        if not rows:
            return
        from psycopg.types.json import Json

        cols = tuple(rows[0])
        cls._copy_rows(conn, table, cols, [
            tuple(Json(v) if isinstance(v, (dict, list)) else v for v in (r[c] for c in cols)) for r in rows])

    def write(self):
        """A write transaction holding the store's writer lock (use as a context manager)."""
        return _locked(self.engine, _WRITE_LOCK)

    @staticmethod
    def _select_in(conn: Connection, query_for: Callable[[list], Any], values: Iterable) -> list:
        values = list(values)
        rows: list = []
        for i in range(0, len(values), _IN_BATCH):
            rows.extend(conn.execute(query_for(values[i : i + _IN_BATCH])).all())
        return rows

    # -- reports

    def add_reports(
        self,
        reports_in: Iterable[Report],
        chunk_size: int = 500,
        *,
        on_chunk: Callable[[list[Report]], None] | None = None,
        stats: IngestStats | None = None,
    ) -> IngestStats:
        """Store reports, ``chunk_size`` per transaction; returns what happened.

        ``on_chunk`` is called after each commit with the reports that chunk stored (with
        their final id and ``duplicate_of``); exact duplicates are not stored or passed on.
        If the input raises, chunks already committed stay and the partial chunk is dropped.
        """
        stats = stats if stats is not None else IngestStats()
        for chunk in _chunks(reports_in, chunk_size):
            stored = self._add_chunk(chunk, stats)
            if on_chunk is not None:
                on_chunk(stored)
        return stats

    def _add_chunk(self, chunk: list[Report], stats: IngestStats) -> list[Report]:
        from ..ingest import dedupe
        from ..ingest.normalize import make_id

        stats.read += len(chunk)
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        by_hash: dict[str, Report] = {}
        for r in chunk:
            if "\x00" in r.text:
                r.text = r.text.replace("\x00", " ")
                r.content_hash = ""
            if not r.content_hash:
                r.content_hash = content_hash(r.text)
            if r.content_hash in by_hash:
                stats.exact_duplicates += 1
                continue
            r.id = make_id(r.id)
            by_hash[r.content_hash] = r
        items = list(by_hash.values())
        sigs = [dedupe.signature(r.text) for r in items]  # outside the transaction
        cfg = dedupe.config()

        with self.write() as conn:
            known = {
                h for (h,) in self._select_in(
                    conn, lambda v: select(reports.c.content_hash).where(reports.c.content_hash.in_(v)),
                    by_hash)
            }
            keep = [i for i, r in enumerate(items) if r.content_hash not in known]
            stats.exact_duplicates += len(items) - len(keep)
            items = [items[i] for i in keep]
            sigs = [sigs[i] for i in keep]

            # ids already taken by another text: keep both, the newcomer as id~hash
            taken = {
                i for (i,) in self._select_in(
                    conn, lambda v: select(reports.c.id).where(reports.c.id.in_(v)), [r.id for r in items])
            }
            used: set[str] = set()
            for r in items:
                if r.id in taken or r.id in used:
                    suffix = "~" + r.content_hash[:10]
                    r.id = make_id(r.id)[: 200 - len(suffix)] + suffix
                    stats.renamed += 1
                used.add(r.id)

            self._link_near_duplicates(conn, items, sigs, cfg, stats)

            for r in items:
                r.ingested_at = r.ingested_at or now
            rows = [
                {
                    "id": r.id, "content_hash": r.content_hash, "text": r.text,
                    "title": r.title, "url": r.url, "publisher": _clip(r.publisher, 300),
                    "published": _clip(r.published, 32), "language": _clip(r.language, 8),
                    "ingested_at": _clip(r.ingested_at, 32), "source_path": r.source_path,
                    "duplicate_of": r.duplicate_of,
                }
                for r in items
            ]
            inserted: set[str] = set()
            if rows:
                stmt = self._insert(reports).on_conflict_do_nothing().returning(reports.c.id)
                inserted = {rid for (rid,) in conn.execute(stmt, rows).all()}
            band_rows = [
                (b, k, r.id)
                for r, sig in zip(items, sigs) if sig is not None and r.id in inserted
                for b, k in sig.bands
            ]
            if band_rows and self.dialect == "sqlite":  # the driver's executemany: 16 rows a report
                conn.exec_driver_sql(
                    "INSERT OR IGNORE INTO report_bands (band, key, report_id) VALUES (?, ?, ?)", band_rows)
            elif band_rows:
                # PostgreSQL: COPY (executemany would run one server statement per row, 16 a
                # report).  The rows belong to reports this transaction has just inserted
                # (RETURNING above), so no other writer can hold them: no conflict to skip.
                self._copy_rows(conn, report_bands, ("band", "key", "report_id"), band_rows)

        stored = [r for r in items if r.id in inserted]
        stats.exact_duplicates += len(items) - len(stored)  # lost a race to another writer
        stats.added += len(stored)
        stats.near_duplicates += sum(1 for r in stored if r.duplicate_of)
        for r, sig in zip(items, sigs):
            if sig is not None and r.id in inserted:
                self._sigs.put(r.id, (sig, r.duplicate_of or r.id, r.ingested_at))
        return stored

    def _link_near_duplicates(self, conn, items, sigs, cfg, stats) -> None:
        """Set ``duplicate_of`` on reports that nearly repeat a stored or earlier one."""
        from ..ingest import dedupe

        by_band: dict[int, set[str]] = {}
        for sig in sigs:
            if sig is not None:
                for b, k in sig.bands:
                    by_band.setdefault(b, set()).add(k)
        if not by_band:
            return
        index: dict[tuple[int, str], list[str]] = {}
        for band, keys in sorted(by_band.items()):  # band = ? AND key IN (...): uses the (band, key) index
            for key, rid in self._select_in(
                conn,
                lambda v, band=band: select(report_bands.c.key, report_bands.c.report_id)
                .where(report_bands.c.band == band, report_bands.c.key.in_(v)),
                sorted(keys),
            ):
                index.setdefault((band, key), []).append(rid)

        # candidates among stored reports, most shared bands first
        wanted: list[list[str]] = []
        for sig in sigs:
            if sig is None:
                wanted.append([])
                continue
            counts = Counter(rid for bk in sig.bands for rid in index.get(bk, ()))
            wanted.append([rid for rid, _ in counts.most_common(cfg["max_candidates"])])
        missing = sorted({rid for ws in wanted for rid in ws if self._sigs.get(rid) is None})
        for row in self._select_in(
            conn,
            lambda v: select(reports.c.id, reports.c.text, reports.c.duplicate_of, reports.c.ingested_at)
            .where(reports.c.id.in_(v)),
            missing,
        ):
            sig = dedupe.signature(row.text)
            if sig is not None:
                self._sigs.put(row.id, (sig, row.duplicate_of or row.id, row.ingested_at))

        in_chunk: dict[tuple[int, str], list[int]] = {}
        for pos, (r, sig) in enumerate(zip(items, sigs)):
            if sig is None:
                continue
            if r.duplicate_of is None:
                best = None
                for rid in wanted[pos]:
                    cached = self._sigs.get(rid)
                    if cached is None or not dedupe.is_near_duplicate(sig, cached[0]):
                        continue
                    order = (cached[2] or "", rid)
                    if best is None or order < best[0]:
                        best = (order, cached[1])
                if best is not None:
                    r.duplicate_of = best[1]
                else:
                    earlier = sorted({p for bk in sig.bands for p in in_chunk.get(bk, ())})
                    for p in earlier:
                        if dedupe.is_near_duplicate(sig, sigs[p]):
                            r.duplicate_of = items[p].duplicate_of or items[p].id
                            break
            for bk in sig.bands:
                in_chunk.setdefault(bk, []).append(pos)

    def get_report(self, report_id: str) -> Report | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(*[reports.c[c] for c in _REPORT_COLS]).where(reports.c.id == report_id)
            ).first()
        return _row_to_report(row) if row is not None else None

    def count_reports(self, *, include_duplicates: bool = True) -> int:
        q = select(func.count()).select_from(reports)
        if not include_duplicates:
            q = q.where(reports.c.duplicate_of.is_(None))
        with self.engine.connect() as conn:
            return int(conn.execute(q).scalar_one())

    def iter_reports(self, *, include_duplicates: bool = True, batch: int = 1000) -> Iterator[Report]:
        """All reports in id order, fetched ``batch`` at a time (keyset pagination)."""
        cols = [reports.c[c] for c in _REPORT_COLS]
        for row in self._keyset(cols, include_duplicates=include_duplicates, batch=batch):
            yield _row_to_report(row)

    def _keyset(self, cols, *, include_duplicates: bool, batch: int, extracted: bool = False):
        last = None
        while True:
            q = select(*cols).order_by(reports.c.id).limit(batch)
            if last is not None:
                q = q.where(reports.c.id > last)
            if not include_duplicates:
                q = q.where(reports.c.duplicate_of.is_(None))
            if extracted:
                q = q.where(reports.c.extraction.is_not(None))
            with self.engine.connect() as conn:
                rows = conn.execute(q).all()
            if not rows:
                return
            yield from rows
            last = rows[-1].id
            if len(rows) < batch:
                return

    def list_reports(self, *, limit: int | None = 50, offset: int = 0) -> list[dict[str, Any]]:
        """Newest first: report metadata (no text) with text length, extraction and claim count."""
        n_claims = (
            select(func.count()).select_from(claims).where(claims.c.report_id == reports.c.id).scalar_subquery()
        )
        q = (
            select(
                *[reports.c[c] for c in _REPORT_COLS if c != "text"],
                func.length(reports.c.text).label("chars"),
                reports.c.extraction.is_not(None).label("has_extraction"),
                reports.c.extract_error,
                n_claims.label("claims"),
            )
            .order_by(reports.c.ingested_at.desc(), reports.c.id)
            .offset(offset)
        )
        if limit is not None:
            q = q.limit(limit)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    # -- extractions

    def save_extractions(self, items: Iterable[tuple[str, Extraction]], chunk_size: int = 200) -> int:
        """Store extractions (replacing earlier ones) with their claims and places rows.

        One transaction per chunk.  Extractions of unknown report ids are skipped with a
        warning.  Returns how many were saved.
        """
        saved = 0
        for chunk in _chunks(items, chunk_size):
            latest: dict[str, Extraction] = {}
            for rid, ex in chunk:
                latest[str(rid)] = ex
            with self.write() as conn:
                known = {
                    i for (i,) in self._select_in(
                        conn, lambda v: select(reports.c.id).where(reports.c.id.in_(v)), latest)
                }
                for rid in latest.keys() - known:
                    log.warning("save_extractions: no report %r in the store; extraction skipped", rid)
                ids = [rid for rid in latest if rid in known]
                if not ids:
                    continue
                conn.execute(
                    update(reports)
                    .where(reports.c.id == bindparam("b_id"))
                    .values(extraction=bindparam("b_ex"), extract_error=bindparam("b_err")),
                    [{"b_id": rid, "b_ex": latest[rid].to_dict(), "b_err": latest[rid].error} for rid in ids],
                )
                for i in range(0, len(ids), _IN_BATCH):
                    part = ids[i : i + _IN_BATCH]
                    conn.execute(delete(claims).where(claims.c.report_id.in_(part)))
                    conn.execute(delete(places).where(places.c.report_id.in_(part)))
                claim_rows = [_claim_row(rid, i, c) for rid in ids for i, c in enumerate(latest[rid].claims)]
                place_rows = [_place_row(rid, i, p) for rid in ids for i, p in enumerate(latest[rid].places)]
                if self.dialect == "postgresql":  # COPY: one statement, not one per row
                    self._copy_dicts(conn, claims, claim_rows)
                    self._copy_dicts(conn, places, place_rows)
                else:
                    if claim_rows:
                        conn.execute(claims.insert(), claim_rows)
                    if place_rows:
                        conn.execute(places.insert(), place_rows)
                saved += len(ids)
        return saved

    def get_extraction(self, report_id: str) -> Extraction | None:
        with self.engine.connect() as conn:
            data = conn.execute(select(reports.c.extraction).where(reports.c.id == report_id)).scalar()
        return extraction_from_dict(data) if isinstance(data, dict) else None

    def iter_extractions(
        self, *, include_duplicates: bool = False, batch: int = 1000
    ) -> Iterator[tuple[Report, Extraction]]:
        """(report, extraction) for every extracted report, in id order.

        Near duplicates are left out unless ``include_duplicates`` (their story is counted
        once, through the report they repeat).
        """
        cols = [reports.c[c] for c in _REPORT_COLS] + [reports.c.extraction]
        for row in self._keyset(cols, include_duplicates=include_duplicates, batch=batch, extracted=True):
            data = row.extraction
            if isinstance(data, dict):
                yield _row_to_report(row), extraction_from_dict(data)

    def iter_unextracted(self, *, batch: int = 1000) -> Iterator[Report]:
        """Reports that have no extraction yet (stored with --no-extract, or cut off by a crash)."""
        cols = [reports.c[c] for c in _REPORT_COLS]
        last = None
        while True:
            q = select(*cols).where(reports.c.extraction.is_(None)).order_by(reports.c.id).limit(batch)
            if last is not None:
                q = q.where(reports.c.id > last)
            with self.engine.connect() as conn:
                rows = conn.execute(q).all()
            for row in rows:
                yield _row_to_report(row)
            if len(rows) < batch:
                return
            last = rows[-1].id


def _claim_row(report_id: str, idx: int, c) -> dict[str, Any]:
    ev = c.evidence
    return {
        "report_id": report_id, "idx": idx, "status": c.status, "group": c.group or "unknown",
        "value": c.value, "low": c.low, "high": c.high, "qualifier": c.qualifier, "scope": c.scope,
        "source": c.source, "source_kind": _clip(c.source_kind, 16), "place": c.place,
        "date_start": _clip(c.date_start, 10), "date_end": _clip(c.date_end, 10),
        "evidence_start": ev.start if ev else None, "evidence_end": ev.end if ev else None,
        "evidence_text": ev.text if ev else None, "data": to_dict(c),
    }


def _place_row(report_id: str, idx: int, p) -> dict[str, Any]:
    return {
        "report_id": report_id, "idx": idx, "mention": p.mention, "start": p.start, "end": p.end,
        "name": p.name, "lat": p.lat, "lon": p.lon, "country": _clip(p.country, 2),
        "admin1": p.admin1, "admin2": p.admin2, "geonames_id": p.geonames_id,
        "feature": _clip(p.feature, 10), "precision": p.precision,
    }
