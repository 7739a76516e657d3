"""Export incidents: UCDP GED-style rows, ACLED-style rows, GeoJSON, flat CSV, JSON.

All functions take incident dicts (``reconcile.incident_to_dict`` / ``store.incidents.list_incidents``)::

    to_ucdp_rows(incidents) -> list[dict]       # UCDP_COLUMNS
    to_acled_rows(incidents) -> list[dict]      # ACLED_COLUMNS
    to_geojson(incidents) -> dict               # FeatureCollection of points
    to_flat_rows(incidents) -> list[dict]       # FLAT_COLUMNS
    write_export(fmt, incidents, out)           # fmt: ucdp | acled | geojson | csv | json; out: path or text stream
"""
from __future__ import annotations

from .formats import (
    ACLED_COLUMNS, FLAT_COLUMNS, FORMATS, UCDP_COLUMNS, to_acled_rows, to_flat_rows, to_geojson, to_ucdp_rows,
    write_export,
)

__all__ = ["UCDP_COLUMNS", "ACLED_COLUMNS", "FLAT_COLUMNS", "FORMATS", "to_ucdp_rows", "to_acled_rows",
           "to_geojson", "to_flat_rows", "write_export"]
