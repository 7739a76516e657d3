"""Ingest on a Dask cluster: read and store in the client, extract on the workers.

The same steps as :func:`observatory.ingest.ingest_reports` (read -> store in chunks with
dedupe -> extract the newly stored reports -> save extractions -> relink incidents), with
the extraction moved to Dask workers:

- the client reads the inputs (:func:`observatory.ingest.read_paths`, streamed) and stores
  them chunk by chunk (``Store.add_reports``: exact and near-duplicate dedupe, safe with
  concurrent writers);
- the reports a chunk newly stored go to :func:`~observatory.scale.runner.map_records`,
  which runs ``extract_report`` on the workers, a bounded window of partitions at a time;
- the extractions come back in input order and are saved in batches from the client
  (``Store.save_extractions``), while the workers already extract the next window;
- incidents are recomputed once at the end (``observatory.reconcile.relink_store``).

Re-running on the same inputs adds nothing (stored reports are exact duplicates, so nothing
is sent to the workers).  Each bad input is counted and passed to ``on_error``; a document
whose extraction fails is saved with its error and counted, never stopping the run.
"""
from __future__ import annotations

import importlib
import importlib.util
import logging
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from .runner import map_records

log = logging.getLogger(__name__)

INGEST_FUNC = "observatory.scale.ingest:extract_report_record"
_REPORT_FIELDS = ("id", "text", "title", "url", "publisher", "published", "language", "content_hash",
                  "ingested_at", "source_path", "duplicate_of")


def report_record(report: Any) -> dict[str, Any]:
    """A stored Report as a plain dict (what is shipped to the workers)."""
    return {k: getattr(report, k, None) for k in _REPORT_FIELDS}


def extract_report_record(record: dict[str, Any]) -> dict[str, Any]:
    """On a worker: rebuild the Report and run ``extract_report`` exactly as serial ingest does."""
    from observatory.extract.pipeline import extract_report
    from observatory.ingest.run import extract_safely
    from observatory.model import Report

    report = Report(**{k: record.get(k) for k in _REPORT_FIELDS if k in record})
    return extract_safely(extract_report, report).to_dict()


def _batched(it: Iterable[Any], n: int) -> Iterator[list[Any]]:
    it = iter(it)
    while batch := list(islice(it, n)):
        yield batch


def _have(module: str, name: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None and hasattr(importlib.import_module(module), name)
    except ImportError:
        return False


def dask_ingest(paths: Iterable[str | Path], store_url: Any, *, workers: int | None = None,
                scheduler: Any = None, extract: bool = True, link: bool = True,
                chunk_size: int = 500, partition_size: int = 250, window: int | None = None,
                func: Any = None, max_bytes: int | None = None,
                progress: Callable[[int], None] | None = None,
                on_error: Callable[[Any], None] | None = None,
                reports: Iterable[Any] | None = None, extract_pending: bool = False):
    """Ingest files/folders into a store, extracting on a Dask cluster; returns ``IngestStats``.

    - ``store_url``: a SQLAlchemy URL (SQLite file or ``postgresql+psycopg://...``) or a
      ready ``Store``;
    - ``workers``/``scheduler``: as for :func:`~observatory.scale.dask_extract`
      (``workers=0``: no cluster, extract in this process with the same batching);
    - ``progress(n)``: called as input items are done (stored and, if they are new and
      ``extract``, extracted), n at a time, as ``ingest_reports`` does;
    - ``on_error(IngestError)``: called for each input that could not be read;
    - ``func``: replaces the worker function (a ``record -> contract dict`` callable or
      ``"module:attribute"``), for tests;
    - ``reports``: an iterable of ``Report | IngestError`` to use instead of reading ``paths``;
    - ``extract_pending``: afterwards also extract reports stored earlier without an
      extraction (after ``--no-extract``, or a run cut off between storing and extracting).
    """
    from observatory.ingest import IngestError, IngestStats, read_paths
    from observatory.model import extraction_from_dict
    from observatory.ingest.run import count_error
    from observatory.store import Store

    store = Store(store_url) if isinstance(store_url, str) else store_url
    stats = IngestStats()
    if reports is None:
        kw = {"max_bytes": max_bytes} if max_bytes else {}
        reports = read_paths(paths, **kw)

    def reports_only() -> Iterator[Any]:
        for item in reports:
            if isinstance(item, IngestError):
                count_error(stats, item, on_error)
                if progress is not None:
                    progress(1)
                continue
            yield item

    def stored_chunks() -> Iterator[list[Any]]:
        for chunk in _batched(reports_only(), chunk_size):
            stored: list[Any] = []
            store.add_reports(chunk, chunk_size, on_chunk=stored.extend, stats=stats)
            if progress is not None:  # items done now: all of them, or those not sent to extraction
                progress(len(chunk) - (len(stored) if extracting else 0))
            yield stored

    extracting = bool(extract) and (func is not None or _have("observatory.extract.pipeline", "extract_report"))
    if extract and not extracting:
        msg = "extraction skipped: observatory.extract.pipeline.extract_report is not available"
        stats.warnings.append(msg)
        log.warning(msg)

    if not extracting:
        for _ in stored_chunks():
            pass
    else:
        def records() -> Iterator[dict]:
            for stored in stored_chunks():
                for r in stored:
                    yield report_record(r)

        def extract_and_save(recs: Iterable[dict], client: Any, count: bool = True) -> None:
            pending: list[tuple[str, Any]] = []

            def flush() -> None:
                store.save_extractions(pending)
                if progress is not None and count:
                    progress(len(pending))
                pending.clear()

            for d in map_records(recs, func or INGEST_FUNC, workers=workers, scheduler=client,
                                 partition_size=partition_size, window=window):
                ex = extraction_from_dict(d)
                if ex.error:
                    stats.extract_errors += 1
                    log.warning("extraction failed for %s: %s", ex.id, ex.error)
                else:
                    stats.extracted += 1
                pending.append((ex.id, ex))
                if len(pending) >= chunk_size:
                    flush()
            if pending:
                flush()

        def run(client: Any) -> None:
            extract_and_save(records(), client)
            if extract_pending:  # after the main pass, so that nothing is extracted twice
                extract_and_save((report_record(r) for r in store.iter_unextracted()), client, count=False)

        if extract_pending and not (workers == 0 and scheduler is None):
            from .cluster import client_for

            with client_for(workers, scheduler) as client:  # one cluster for both passes
                run(client)
        else:
            run(scheduler)

    if link and extracting and (stats.extracted or stats.extract_errors):
        if _have("observatory.reconcile", "relink_store"):
            from observatory.reconcile import relink_store

            result = relink_store(store)
            stats.linked = True
            if isinstance(result, dict) and isinstance(result.get("incidents"), int) and hasattr(stats, "incidents"):
                stats.incidents = result["incidents"]
        else:
            msg = "incident linking skipped: observatory.reconcile.relink_store is not available"
            stats.warnings.append(msg)
            log.warning(msg)
    return stats
