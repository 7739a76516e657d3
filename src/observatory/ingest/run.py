"""The one ingest orchestration (CLI, web upload and scale runner all call it).

stream in -> store in chunks (dedupe) -> extract the newly stored reports -> save their
extractions -> relink incidents.  Only one chunk is held in memory at a time.
"""
from __future__ import annotations

import importlib
import importlib.util
import logging
from collections.abc import Callable, Iterable

from ..model import Extraction, Report
from ..store.db import IngestStats
from .errors import IngestError

log = logging.getLogger(__name__)


def _optional(module: str, name: str, stats: IngestStats, what: str):
    """``module.name`` or None (with a warning) while that stage is missing or broken."""
    try:
        if importlib.util.find_spec(module) is None:
            raise ImportError(f"no module {module}")
        fn = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError) as e:
        msg = f"{what} skipped: {module}.{name} is not available ({e})"
        stats.warnings.append(msg)
        log.info(msg)
        return None
    return fn


def count_error(stats: IngestStats, item: IngestError, on_error: Callable[[IngestError], None] | None) -> None:
    """Tally one input error (a skipped file or a failure) and report it."""
    if item.skipped:
        stats.skipped += 1
    else:
        stats.errors += 1
    if on_error is not None:
        on_error(item)
    else:
        log.warning("%s", item.describe())


def extract_safely(extract_report: Callable[[Report], Extraction], report: Report) -> Extraction:
    """Run extraction on one report; an exception becomes an Extraction carrying the error."""
    try:
        ex = extract_report(report)
    except Exception as e:  # noqa: BLE001 - one bad document never stops a batch
        log.debug("extraction failed for %s", report.id, exc_info=True)
        return Extraction(id=report.id, published=report.published, language=report.language or "en",
                          error=f"{type(e).__name__}: {e}")
    if ex.id != report.id:
        ex.id = report.id
    return ex


def ingest_reports(
    store,
    reports_or_errors: Iterable[Report | IngestError],
    *,
    extract: bool = True,
    link: bool = True,
    progress: Callable[[int], None] | None = None,
    on_error: Callable[[IngestError], None] | None = None,
    chunk_size: int = 500,
    extractor: Callable[[Report], Extraction] | None = None,
    extract_pending: bool = False,
) -> IngestStats:
    """Store a stream of reports (errors are counted and passed to ``on_error``).

    - ``extract``: run ``observatory.extract.pipeline.extract_report`` (or ``extractor``) on
      each newly stored report and save the result (skipped with a warning while the
      extraction stage is not installed);
    - ``link``: afterwards recompute incidents with ``observatory.reconcile.relink_store``;
    - ``progress(n)``: called as items are done (n items at a time) for a progress bar;
    - ``extract_pending``: also extract reports stored earlier without an extraction (after
      ``--no-extract``, or a run cut off between storing and extracting).

    Returns the batch's :class:`IngestStats`; ``stats.errors`` > 0 means some input failed.
    """
    stats = IngestStats()
    pending = 0

    def flush() -> None:
        nonlocal pending
        if progress is not None and pending:
            progress(pending)
        pending = 0

    def reports_only():
        nonlocal pending
        for item in reports_or_errors:
            pending += 1
            if isinstance(item, IngestError):
                count_error(stats, item, on_error)
                if pending >= 50:
                    flush()
                continue
            yield item

    extract_fn = None
    if extract:
        extract_fn = extractor or _optional("observatory.extract.pipeline", "extract_report", stats, "extraction")

    def on_chunk(stored: list[Report]) -> None:
        nonlocal pending
        if extract_fn is not None and stored:
            results = []
            for r in stored:
                ex = extract_safely(extract_fn, r)
                results.append((r.id, ex))
                if ex.error:
                    stats.extract_errors += 1
                else:
                    stats.extracted += 1
                if progress is not None and pending > 0:
                    progress(1)
                    pending -= 1
            store.save_extractions(results)
        flush()

    store.add_reports(reports_only(), chunk_size, on_chunk=on_chunk, stats=stats)
    flush()

    if extract_fn is not None and extract_pending:
        from itertools import islice

        pending_reports = store.iter_unextracted()
        while chunk := list(islice(pending_reports, chunk_size)):
            results = [(r.id, extract_safely(extract_fn, r)) for r in chunk]
            stats.extracted += sum(1 for _, ex in results if not ex.error)
            stats.extract_errors += sum(1 for _, ex in results if ex.error)
            store.save_extractions(results)

    if link and extract_fn is not None and (stats.extracted or stats.extract_errors):
        relink = _optional("observatory.reconcile", "relink_store", stats, "incident linking")
        if relink is not None:
            result = relink(store)
            stats.linked = True
            if isinstance(result, dict) and isinstance(result.get("incidents"), int):
                stats.incidents = result["incidents"]
    return stats
