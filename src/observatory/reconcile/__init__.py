"""Reconcile: link claims across reports into incidents, track revisions, best/low/high.

Public API::

    build_incidents(items, policy=None) -> list[Incident]     # deterministic
    incident_to_dict(incident) -> dict                         # the incident JSON
    relink_store(store, policy=None) -> dict                   # recompute and persist all incidents
    load_policy(path_or_dict=None) -> dict                     # policy.json, overlaid
    explain_text(incident_dict) -> str                         # human-readable explanation
"""
from __future__ import annotations

from .build import build_incidents, incident_to_dict
from .explain import explain_text
from .policy import load_policy
from .relink import relink_store

__all__ = ["build_incidents", "incident_to_dict", "relink_store", "load_policy", "explain_text"]
