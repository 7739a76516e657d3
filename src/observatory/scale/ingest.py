"""Ingest on a Dask cluster: read and store in the client, extract on the workers.

The client reads the inputs (:func:`observatory.ingest.read_paths`, streamed), stores them in
batches (``Store.add_reports``: exact and near-duplicate dedupe, idempotent), and feeds the
reports that still have no extraction to :func:`~observatory.scale.runner.dask_extract`;
the extractions come back in input order and are saved in batches
(``Store.save_extractions``).  Reading/storing and extracting overlap: while the workers
extract one window of partitions, the client stores the next batch.  Incidents are
recomputed once at the end (:func:`observatory.reconcile.relink_store`).

Re-running on the same inputs adds nothing: stored reports are skipped by their content
hash, and reports that already have an extraction (or a recorded extraction error) are not
sent to the workers again.  A run that was interrupted picks up the reports it stored but
did not extract.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import and_, select

from observatory.store import schema

from .runner import dask_extract

MAX_MESSAGES = 1000


@dataclass
class ScaleIngestStats:
    """What a run did.  ``errors`` holds the first messages (``n_errors`` counts them all)."""

    read: int = 0  # reports read from the inputs
    added: int = 0  # newly stored
    duplicates: int = 0  # exact duplicates skipped (already stored)
    near_duplicates: int = 0
    extracted: int = 0  # extractions saved without error
    extract_errors: int = 0  # documents whose extraction failed (reported, saved with the error)
    n_errors: int = 0  # input errors + extraction errors
    errors: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    relink: dict[str, Any] | None = None

    def error(self, msg: str) -> None:
        self.n_errors += 1
        if len(self.errors) < MAX_MESSAGES:
            self.errors.append(msg)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _batched(it: Iterable[Any], n: int) -> Iterator[list[Any]]:
    it = iter(it)
    while batch := list(islice(it, n)):
        yield batch


def _count(st: Any, *names: str) -> int:
    """A field of the store's IngestStats, whatever it is called (0 when absent)."""
    for name in names:
        v = getattr(st, name, None) if not isinstance(st, dict) else st.get(name)
        if isinstance(v, int):
            return v
        if isinstance(v, (list, tuple, set)):
            return len(v)
    return 0


def needs_extraction(engine: Any, ids: list[str]) -> set[str]:
    """Ids among ``ids`` stored in ``reports`` with neither an extraction nor an extraction error."""
    t = schema.reports
    out: set[str] = set()
    with engine.connect() as conn:
        for chunk in _batched(ids, 500):
            rows = conn.execute(select(t.c.id).where(and_(
                t.c.id.in_(chunk), t.c.extraction.is_(None), t.c.extract_error.is_(None))))
            out.update(r[0] for r in rows)
    return out


def report_record(report: Any) -> dict[str, Any]:
    """The JSONL-style record ``extract_record`` takes, from a stored Report."""
    return {"id": report.id, "text": report.text, "published": report.published,
            "title": report.title, "language": report.language, "publisher": report.publisher}


def dask_ingest(paths: Iterable[str | Path], store_url: Any, *, workers: int | None = None,
                scheduler: Any = None, extract: bool = True, link: bool = True,
                batch_size: int = 1000, partition_size: int = 500, window: int | None = None,
                func: Any = None, max_bytes: int | None = None,
                progress: Callable[[str, int], None] | None = None) -> ScaleIngestStats:
    """Ingest files/folders into the store at ``store_url``, extracting on a Dask cluster.

    ``workers``/``scheduler`` as for :func:`dask_extract` (``workers=0``: no cluster, extract
    in this process with the same batching).  ``store_url`` may also be a ready ``Store``.
    ``progress(stage, n)`` is called with ``"read"`` and ``"extracted"`` counts as they grow.
    ``func`` replaces ``extract_record`` (for tests).  Input errors and extraction errors are
    reported per document in the returned stats; they never stop the run.
    """
    from observatory.ingest import read_paths
    from observatory.model import extraction_from_dict
    from observatory.store import Store

    store = Store(store_url) if isinstance(store_url, str) else store_url
    stats = ScaleIngestStats()
    kw = {"max_bytes": max_bytes} if max_bytes else {}

    def stored_batches() -> Iterator[list[Any]]:
        reports: list[Any] = []
        for item in read_paths(paths, **kw):
            if hasattr(item, "text") and hasattr(item, "content_hash"):
                reports.append(item)
                stats.read += 1
            else:  # IngestError
                if getattr(item, "skipped", False):
                    if len(stats.skipped) < MAX_MESSAGES:
                        stats.skipped.append(str(item))
                else:
                    stats.error(str(item))
            if len(reports) >= batch_size:
                yield _store(reports)
                reports = []
        if reports:
            yield _store(reports)

    def _store(reports: list[Any]) -> list[Any]:
        st = store.add_reports(reports)
        stats.added += _count(st, "added", "new", "inserted", "stored")
        stats.duplicates += _count(st, "duplicates", "exact_duplicates", "skipped")
        stats.near_duplicates += _count(st, "near_duplicates", "linked")
        if progress:
            progress("read", len(reports))
        return reports

    if not extract:
        for _ in stored_batches():
            pass
    else:
        def records() -> Iterator[dict]:
            for batch in stored_batches():
                todo = needs_extraction(store.engine, [r.id for r in batch])
                for r in batch:
                    if r.id in todo:
                        todo.discard(r.id)  # same id twice in a batch: extract once
                        yield report_record(r)

        pending: list[tuple[str, Any]] = []
        for d in dask_extract(records(), workers=workers, scheduler=scheduler,
                              partition_size=partition_size, window=window, func=func):
            ext = extraction_from_dict(d)
            if ext.error:
                stats.extract_errors += 1
                stats.error(f"{ext.id}: extraction failed: {ext.error}")
            else:
                stats.extracted += 1
            pending.append((ext.id, ext))
            if len(pending) >= batch_size:
                store.save_extractions(pending)
                if progress:
                    progress("extracted", len(pending))
                pending = []
        if pending:
            store.save_extractions(pending)
            if progress:
                progress("extracted", len(pending))

    if link:
        from observatory.reconcile import relink_store

        stats.relink = relink_store(store)
    return stats
