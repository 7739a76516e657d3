"""Commands of this group are registered on the shared app (filled in by its stage)."""
from __future__ import annotations

from . import app  # noqa: F401
