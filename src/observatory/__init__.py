"""conflict-observatory: a sourced, auditable record of incidents and casualties from reports."""

__version__ = "0.1.0"
