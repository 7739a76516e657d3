"""Run a per-document function over a stream of records on a Dask cluster.

The input is cut into partitions (``partition_size`` records, and at most
``partition_bytes`` of text) as it is read; at most ``window`` partitions (default: two per
worker) are in flight at a time, and results are handed back in input order by waiting on
the oldest partition first.  So the client holds at most ``window`` partitions of input and
output whatever the input size, and each worker holds at most its share of the window.

A document whose function raises gets an output record with an ``"error"`` key (the
others of its partition are unaffected).  A partition whose worker dies is re-run by the
scheduler on another worker (``distributed.scheduler.allowed-failures``); a partition that
fails for good (e.g. it kills every worker it lands on) yields error records for its
documents instead of stopping the run.
"""
from __future__ import annotations

import importlib
import itertools
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any

DEFAULT_FUNC = "observatory.extract.pipeline:extract_record"
PARTITION_BYTES = 16_000_000

_resolved: dict[str, Callable[[dict], dict]] = {}


def resolve(func: str | Callable[[dict], dict] | None) -> Callable[[dict], dict]:
    """A callable from a callable or a ``"module:attribute"`` string (cached per process)."""
    if func is None:
        func = DEFAULT_FUNC
    if callable(func):
        return func
    f = _resolved.get(func)
    if f is None:
        mod, _, attr = func.partition(":")
        f = getattr(importlib.import_module(mod), attr)
        _resolved[func] = f
    return f


def error_record(record: Any, message: str) -> dict:
    """The output for a document that could not be processed: contract shape plus ``error``."""
    from observatory.model import Extraction

    rid = record.get("id", "") if isinstance(record, dict) else ""
    published = record.get("published") if isinstance(record, dict) else None
    d = Extraction(id=str(rid if rid is not None else ""), published=published if isinstance(published, str) else None).to_dict()
    d["error"] = message
    return d


def safe_call(func: Callable[[dict], dict], record: Any) -> dict:
    """``func(record)``, turning an exception or a non-dict result into an error record."""
    try:
        out = func(record)
    except Exception as exc:  # one bad document never stops the batch
        return error_record(record, f"{type(exc).__name__}: {exc}")
    if not isinstance(out, dict):
        return error_record(record, f"extractor returned {type(out).__name__}, not a dict")
    return out


def run_partition(func: str | Callable[[dict], dict] | None, records: list[dict]) -> list[dict]:
    """Apply the function to every record of one partition (runs on a worker)."""
    f = resolve(func)
    return [safe_call(f, r) for r in records]


def partitions(records: Iterable[dict], size: int = 500, max_bytes: int = PARTITION_BYTES) -> Iterator[list[dict]]:
    """Cut a stream of records into lists of at most ``size`` records / ``max_bytes`` of text."""
    size = max(1, int(size))
    it = iter(records)
    while True:
        chunk: list[dict] = []
        nbytes = 0
        for rec in it:
            chunk.append(rec)
            text = rec.get("text") if isinstance(rec, dict) else None
            nbytes += len(text) if isinstance(text, str) else 0
            if len(chunk) >= size or nbytes >= max_bytes:
                break
        if not chunk:
            return
        yield chunk


def _collect(item: tuple[Any, list[dict]]) -> list[dict]:
    fut, chunk = item
    try:
        out = fut.result()
        if not isinstance(out, list) or len(out) != len(chunk):
            raise RuntimeError("partition returned a wrong number of results")
        return out
    except Exception as exc:  # partition lost for good: report each document, go on
        msg = f"partition failed on the cluster: {type(exc).__name__}: {exc}"
        return [error_record(r, msg) for r in chunk]
    finally:
        fut.release()


def map_records(records: Iterable[dict], func: str | Callable[[dict], dict] | None = None, *,
                workers: int | None = None, scheduler: Any = None, partition_size: int = 500,
                window: int | None = None, retries: int = 1,
                progress: Callable[[int], None] | None = None,
                partition_bytes: int = PARTITION_BYTES) -> Iterator[dict]:
    """Yield ``func(record)`` for every record, in input order, computed on a Dask cluster.

    ``workers=0`` (and no ``scheduler``) runs in this process, partition by partition, with
    the same code: the serial reference.  ``progress(n)`` is called with the number of
    documents finished each time a partition comes back.
    """
    parts = partitions(records, partition_size, partition_bytes)
    if workers == 0 and scheduler is None:
        for chunk in parts:
            out = run_partition(func, chunk)
            if progress:
                progress(len(out))
            yield from out
        return

    first = next(parts, None)  # no input (e.g. a re-run with nothing new): no cluster either
    if first is None:
        return
    parts = itertools.chain([first], parts)

    from .cluster import client_for

    with client_for(workers, scheduler) as client:
        def current_window() -> int:  # workers may join or leave an external cluster
            return max(1, int(window) if window else 2 * max(1, sum(client.nthreads().values())))

        win = current_window()
        token = uuid.uuid4().hex[:12]
        inflight: deque[tuple[Any, list[dict]]] = deque()
        try:
            for i, chunk in enumerate(parts):
                if i and i % 20 == 0 and not window:
                    win = current_window()
                fut = client.submit(run_partition, func, chunk, key=f"observatory-part-{token}-{i}",
                                    pure=False, retries=retries)
                inflight.append((fut, chunk))
                while len(inflight) >= win:
                    out = _collect(inflight.popleft())
                    if progress:
                        progress(len(out))
                    yield from out
            while inflight:
                out = _collect(inflight.popleft())
                if progress:
                    progress(len(out))
                yield from out
        finally:
            for fut, _ in inflight:  # consumer stopped early: drop the rest
                fut.cancel()


def dask_extract(records: Iterable[dict], *, workers: int | None = None, scheduler: Any = None,
                 partition_size: int = 500, func: str | Callable[[dict], dict] | None = None,
                 window: int | None = None, progress: Callable[[int], None] | None = None) -> Iterator[dict]:
    """Extract every JSONL-style record (``{"id", "text", "published"?...}``) on Dask.

    Yields one contract dict per input record, in input order, identical to
    ``map(extract_record, records)``.  ``workers``: size of a local cluster of processes
    (default: the usable cores; ``0``: no cluster, run here); ``scheduler``: address of an
    existing cluster (or a ``distributed.Client``).  ``func`` replaces
    ``observatory.extract.pipeline.extract_record`` (a callable importable on the workers, or
    a ``"module:attribute"`` string).
    """
    return map_records(records, func, workers=workers, scheduler=scheduler,
                       partition_size=partition_size, window=window, progress=progress)


def extract_item(rec: dict) -> dict:
    """On a worker: what ``observatory extract`` does for one input item (see ``cli/extract.py``).

    ``rec`` is ``{"id", "text", "published", "error"}``; an input error passes through as an
    error document, an extraction failure becomes one (never raises).
    """
    rid, pub, error = rec.get("id"), rec.get("published"), rec.get("error")
    if error:
        return {"id": rid, "published": pub, "error": error}
    try:
        from observatory.extract.pipeline import extract

        return extract(rec["text"], id=rid, published=pub).to_dict()
    except Exception as e:  # never stop a batch
        return {"id": rid, "published": pub, "error": f"{rid}: extraction failed: {type(e).__name__}: {e}"}


def dask_extract_items(items: Iterable[tuple], *, workers: int | None = None, scheduler: Any = None,
                       partition_size: int = 500, window: int | None = None) -> Iterator[tuple]:
    """The ``observatory extract --workers/--scheduler`` path.

    Takes the command's ``(id, text, published, error)`` items and yields
    ``(id, text, published, error, doc)`` in the same order, ``doc`` computed on the cluster
    by :func:`extract_item` (identical to the command's serial output).
    """
    pending: deque[tuple] = deque()

    def records() -> Iterator[dict]:
        for it in items:
            pending.append(it)
            rid, text, pub, error = it
            yield {"id": rid, "text": text, "published": pub, "error": error}

    for doc in map_records(records(), extract_item, workers=workers, scheduler=scheduler,
                           partition_size=partition_size, window=window):
        rid, text, pub, error = pending.popleft()
        yield rid, text, pub, error, doc
