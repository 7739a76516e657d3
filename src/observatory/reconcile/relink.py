"""relink_store: recompute every incident from the stored extractions and persist them."""
from __future__ import annotations

import contextlib
import time
from typing import Any


def relink_store(store, policy=None, *, progress: bool = False) -> dict[str, Any]:
    """Read ``store.iter_extractions()``, build incidents, replace them in the store.

    ``progress``: show a rich progress display on stderr (reading, linking, saving).
    Returns counts and timings: {"reports", "incidents", "claims", "link_seconds", "persist_seconds"}.
    """
    from ..store.incidents import replace_incidents
    from .build import build_incidents, incident_to_dict

    bar = None
    stack = contextlib.ExitStack()
    if progress:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        bar = stack.enter_context(Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                                           MofNCompleteColumn(), TimeElapsedColumn(),
                                           console=Console(stderr=True), transient=True))
    with stack:
        t0 = time.perf_counter()
        task = bar.add_task("reading extractions", total=None) if bar else None
        try:  # near-duplicates are listed among an incident's reports, their claims counted once
            source = store.iter_extractions(include_duplicates=True)
        except TypeError:
            source = store.iter_extractions()
        items = []
        for it in source:
            items.append(it)
            if bar and len(items) % 1000 == 0:
                bar.update(task, completed=len(items))
        if bar:
            bar.update(task, description=f"linking {len(items):,} reports", completed=len(items), total=len(items))
        incs = build_incidents(items, policy)
        t1 = time.perf_counter()
        dicts = (incident_to_dict(i) for i in incs)
        if bar:
            bar.update(task, description="saving incidents", completed=0, total=len(incs))
        cb = (lambda k: bar.update(task, completed=k)) if bar else None
        if hasattr(store, "write"):  # the store's writer lock: concurrent ingests wait
            with store.write() as conn:
                n = replace_incidents(conn, dicts, progress=cb)
        else:
            n = replace_incidents(store.engine, dicts, progress=cb)
        t2 = time.perf_counter()
    return {"reports": len(items), "incidents": n, "claims": sum(len(i.claims) for i in incs),
            "link_seconds": round(t1 - t0, 3), "persist_seconds": round(t2 - t1, 3)}
