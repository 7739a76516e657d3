"""Running the stages on a Dask cluster: a local cluster of processes or an existing one.

- :func:`dask_extract` — extract a stream of JSONL-style records on workers, results in
  input order, identical to the serial run;
- :func:`dask_ingest` — read files in the client, extract on workers, write to the store in
  idempotent batches from the client, relink incidents once.

``dask``/``distributed`` are imported only when a cluster is actually used.
"""
from __future__ import annotations

from .runner import dask_extract, map_records

__all__ = ["dask_extract", "dask_ingest", "map_records", "client_for"]


def __getattr__(name: str):
    if name == "dask_ingest":
        from .ingest import dask_ingest

        return dask_ingest
    if name == "client_for":
        from .cluster import client_for

        return client_for
    raise AttributeError(name)
