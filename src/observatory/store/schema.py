"""The store's tables (SQLAlchemy Core), shared by SQLite and PostgreSQL.

One row per report, per claim, per place mention, per incident and per claim-in-incident.
The full extraction document and the full incident record are also kept as JSON so that
the API can return them as the stages produced them; the scalar columns exist for
filtering, sorting and tallies.  Alembic migrations in ``store/migrations`` create these.
"""
from __future__ import annotations

from sqlalchemy import (
    JSON, Column, Float, ForeignKey, Index, Integer, MetaData, String, Table, Text, UniqueConstraint,
)

metadata = MetaData()

reports = Table(
    "reports", metadata,
    Column("id", String(200), primary_key=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("text", Text, nullable=False),
    Column("title", Text),
    Column("url", Text),
    Column("publisher", String(300)),
    Column("published", String(32), index=True),
    Column("language", String(8)),
    Column("ingested_at", String(32)),
    Column("source_path", Text),
    Column("duplicate_of", String(200), index=True),  # near-duplicate of another report
    Column("extraction", JSON),  # the contract document from extract, or null before extraction
    Column("extract_error", Text),
)

# MinHash LSH band keys of each report, for near-duplicate lookup without all-pairs comparison
report_bands = Table(
    "report_bands", metadata,
    Column("band", Integer, nullable=False),
    Column("key", String(40), nullable=False),
    Column("report_id", String(200), ForeignKey("reports.id", ondelete="CASCADE"), nullable=False),
    UniqueConstraint("band", "key", "report_id", name="uq_report_bands"),  # its index serves (band, key) lookups
)

claims = Table(
    "claims", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("report_id", String(200), ForeignKey("reports.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("idx", Integer, nullable=False),  # position in the report's extraction
    Column("status", String(16), nullable=False),
    Column("group", String(24), nullable=False),
    Column("value", Integer),
    Column("low", Integer),
    Column("high", Integer),
    Column("qualifier", String(16)),
    Column("scope", String(16)),
    Column("source", Text),
    Column("source_kind", String(16)),
    Column("place", Text),
    Column("date_start", String(10)),
    Column("date_end", String(10)),
    Column("evidence_start", Integer),
    Column("evidence_end", Integer),
    Column("evidence_text", Text),
    Column("data", JSON),  # the claim as extracted (all keys)
    UniqueConstraint("report_id", "idx", name="uq_claims_report_idx"),
)

places = Table(
    "places", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("report_id", String(200), ForeignKey("reports.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("idx", Integer, nullable=False),
    Column("mention", Text, nullable=False),
    Column("start", Integer),
    Column("end", Integer),
    Column("name", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("country", String(2)),
    Column("admin1", Text),
    Column("admin2", Text),
    Column("geonames_id", Integer),
    Column("feature", String(10)),
    Column("precision", Integer),
    UniqueConstraint("report_id", "idx", name="uq_places_report_idx"),
)

incidents = Table(
    "incidents", metadata,
    Column("id", String(64), primary_key=True),
    Column("parent_id", String(64), index=True),
    Column("title", Text),
    Column("event_type", String(64), index=True),
    Column("sub_event_type", String(64)),
    Column("date_start", String(10), index=True),
    Column("date_end", String(10)),
    Column("date_precision", Integer),
    Column("location_name", Text),
    Column("country", String(2), index=True),
    Column("admin1", Text, index=True),
    Column("admin2", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("where_prec", Integer),
    Column("killed_best", Integer, index=True),
    Column("killed_low", Integer),
    Column("killed_high", Integer),
    Column("injured_best", Integer),
    Column("injured_low", Integer),
    Column("injured_high", Integer),
    Column("grade", String(32)),
    Column("n_sources", Integer),
    Column("n_reports", Integer),
    Column("sources_text", Text),  # source names joined, for text search and source filter
    Column("data", JSON),  # the full incident record (model.Incident as a dict)
    Index("ix_incidents_lat_lon", "lat", "lon"),
    # covering index for the web tallies and filtered counts (top-level incidents by day); see docs/web.md
    Index("ix_incidents_tally", "parent_id", "date_start", "killed_best", "killed_low", "killed_high", "injured_best",
          "injured_low", "injured_high", "country", "admin1", "date_end", "event_type", "sources_text", "id"),
    # covering index for filtered incident lists (ids of a page, counts) without reading the JSON rows
    Index("ix_incidents_list", "country", "date_start", "killed_best", "date_end", "event_type", "admin1", "lat", "lon",
          "parent_id", "injured_best", "n_sources", "id"),
    # covering index for text search (q) and the source filter: a scan of it, not of the JSON rows
    Index("ix_incidents_text", "title", "location_name", "admin1", "sources_text", "id"),
)

incident_claims = Table(
    "incident_claims", metadata,
    Column("incident_id", String(64), ForeignKey("incidents.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("report_id", String(200), nullable=False, index=True),
    Column("claim_idx", Integer, nullable=False),
    Column("state", String(16), nullable=False),
    Column("reason", Text),
    UniqueConstraint("incident_id", "report_id", "claim_idx", name="uq_incident_claims"),
)
