"""relink_store: recompute every incident from the stored extractions and persist them."""
from __future__ import annotations

import time
from typing import Any


def relink_store(store, policy=None, *, progress: bool = False) -> dict[str, Any]:
    """Read ``store.iter_extractions()``, build incidents, replace them in the store.

    Returns counts and timings: {"reports", "incidents", "claims", "link_seconds", "persist_seconds"}.
    """
    from ..store.incidents import replace_incidents
    from .build import build_incidents, incident_to_dict

    t0 = time.perf_counter()
    try:  # near-duplicates are listed among an incident's reports, their claims counted once
        items = list(store.iter_extractions(include_duplicates=True))
    except TypeError:
        items = list(store.iter_extractions())
    incs = build_incidents(items, policy)
    t1 = time.perf_counter()
    dicts = (incident_to_dict(i) for i in incs)

    def save(cb=None) -> int:
        if hasattr(store, "write"):  # the store's writer lock: concurrent ingests wait
            with store.write() as conn:
                return replace_incidents(conn, dicts, progress=cb)
        return replace_incidents(store.engine, dicts, progress=cb)

    if progress:
        from rich.console import Console
        from rich.progress import Progress

        with Progress(console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task("saving incidents", total=len(incs))
            n = save(lambda k: bar.update(task, completed=k))
    else:
        n = save()
    t2 = time.perf_counter()
    return {"reports": len(items), "incidents": n, "claims": sum(len(i.claims) for i in incs),
            "link_seconds": round(t1 - t0, 3), "persist_seconds": round(t2 - t1, 3)}
