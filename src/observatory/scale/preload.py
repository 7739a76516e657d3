"""Dask worker preload: load the extraction stage and the gazetteer once, at worker start.

    dask worker tcp://scheduler:8786 --nworkers 4 --nthreads 1 --preload observatory.scale.preload

Without it, each worker loads them on its first partition (a few seconds), which is only a
matter of the first results arriving later.
"""
from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def warm() -> None:
    try:
        from observatory.extract.pipeline import extract_record

        extract_record({"id": "warm-up", "text": "Two people were killed in Aleppo on Monday.", "published": "2024-01-01"})
    except Exception as e:  # never stop a worker from starting
        log.warning("observatory preload: could not warm up extraction: %s", e)


def dask_setup(worker=None) -> None:  # called by `dask worker --preload`
    warm()
