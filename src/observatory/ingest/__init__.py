"""Ingest: readers per format (text, HTML, JSON/JSONL, RSS/Atom, folders), normalisation, dedupe.

    from observatory.ingest import read_paths, ingest_reports
    stats = ingest_reports(store, read_paths(["reports/"]))
"""
from ..store.db import IngestStats
from .errors import IngestError
from .html import html_to_text
from .normalize import normalise_date, normalise_text
from .readers import DEFAULT_MAX_BYTES, estimate_count, read_file, read_paths
from .run import ingest_reports

__all__ = [
    "DEFAULT_MAX_BYTES", "IngestError", "IngestStats", "estimate_count", "html_to_text", "ingest_reports",
    "normalise_date", "normalise_text", "read_file", "read_paths",
]
