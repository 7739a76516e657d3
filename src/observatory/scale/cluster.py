"""Getting a ``dask.distributed`` client: a local cluster of processes, or an existing one.

``client_for(workers=N)`` starts a :class:`~distributed.LocalCluster` of *N* single-threaded
worker processes on this machine (no dashboard, quiet logs) and shuts it down afterwards;
``client_for(scheduler="tcp://host:8786")`` connects to a cluster started elsewhere with
``dask scheduler`` / ``dask worker`` and leaves it running.  A ready
:class:`distributed.Client` may also be passed as ``scheduler`` (it is used, not closed).
"""
from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from typing import Any

log = logging.getLogger(__name__)

# Loggers that chatter at INFO/WARNING while clusters start and stop.
_NOISY = ("distributed", "distributed.scheduler", "distributed.nanny", "distributed.worker",
          "distributed.core", "distributed.comm", "distributed.http.proxy", "bokeh", "tornado")


def default_workers() -> int:
    """Worker processes for a local cluster when none is asked for: the usable cores."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - non-Linux
        return max(1, os.cpu_count() or 1)


# Dask keeps the last ``low-level-log-length`` (default 1000) messages of every batched
# stream, payload included when under 1 MB: with partitions of a few hundred KB that is
# hundreds of MB held in the client (and the in-process scheduler of a local cluster), a
# plateau reached after ~1000 partitions.  A short log keeps the client's memory flat.
LEAN_CONFIG = {"distributed.admin.low-level-log-length": 20}


@contextlib.contextmanager
def _quiet_logs(level: int = logging.ERROR) -> Iterator[None]:
    saved = {name: logging.getLogger(name).level for name in _NOISY}
    for name in _NOISY:
        logging.getLogger(name).setLevel(level)
    try:
        yield
    finally:
        for name, lvl in saved.items():
            logging.getLogger(name).setLevel(lvl)


@contextlib.contextmanager
def client_for(workers: int | None = None, scheduler: Any = None, *,
               memory_limit: str | int | None = "auto", quiet: bool = True) -> Iterator[Any]:
    """Yield a connected :class:`distributed.Client`.

    - ``scheduler`` a ``distributed.Client``: yielded as is (not closed afterwards);
    - ``scheduler`` an address (``tcp://host:8786``): a client of that cluster;
    - otherwise a local cluster of ``workers`` processes (default: the usable cores),
      ``threads_per_worker=1``, no dashboard, logs silenced unless ``quiet=False``.
    """
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError as e:  # dask is an optional dependency (the "scale" extra)
        raise RuntimeError(
            f"running on Dask needs dask and distributed ({e}); "
            "install them with: pip install 'conflict-observatory[scale]'") from e

    if scheduler is not None and not isinstance(scheduler, str):
        yield scheduler  # an existing Client
        return
    level = logging.ERROR if quiet else logging.WARNING
    with _quiet_logs(level), dask.config.set(LEAN_CONFIG):
        if scheduler:
            client = Client(scheduler, set_as_default=False)
            try:
                yield client
            finally:
                client.close()
            return
        n = int(workers) if workers else default_workers()
        cluster = LocalCluster(
            n_workers=n, threads_per_worker=1, processes=True,
            dashboard_address=":0", worker_dashboard_address=None,
            silence_logs=level, memory_limit=memory_limit,
        )
        try:
            client = Client(cluster, set_as_default=False)
            try:
                yield client
            finally:
                client.close()
        finally:
            cluster.close()


def worker_peak_rss(client: Any) -> dict[str, int]:
    """Peak resident memory (bytes) of every worker process, by worker address."""
    return client.run(_peak_rss)


def worker_cpu_seconds(client: Any) -> dict[str, float]:
    """User+system CPU seconds used so far by every worker process, by worker address."""
    return client.run(_cpu_seconds)


def _cpu_seconds() -> float:
    import resource

    ru = resource.getrusage(resource.RUSAGE_SELF)
    return float(ru.ru_utime + ru.ru_stime)


def _peak_rss() -> int:
    """Peak resident set size of this process in bytes (Linux: ru_maxrss is in KiB)."""
    import resource
    import sys

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak if sys.platform == "darwin" else peak * 1024)
