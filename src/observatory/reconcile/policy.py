"""The reconciliation policy: a JSON data file an analyst can read and change.

``load_policy()`` returns the shipped ``policy.json``; ``load_policy(path)`` or
``load_policy({...})`` overlays a user file or dict on it (keys given replace the shipped
ones; nested dicts are merged one level deep).  ``$OBSERVATORY_POLICY`` names a file to
overlay by default.
"""
from __future__ import annotations

import copy
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

POLICY_PATH = Path(__file__).with_name("policy.json")


@lru_cache(maxsize=1)
def _shipped() -> dict[str, Any]:
    return json.loads(POLICY_PATH.read_text(encoding="utf-8"))


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = {**out[k], **v}
        else:
            out[k] = v
    return out


def load_policy(policy: str | Path | dict[str, Any] | None = None) -> dict[str, Any]:
    """The effective policy dict (shipped defaults, overlaid by ``policy``)."""
    base = _shipped()
    env = os.environ.get("OBSERVATORY_POLICY")
    if policy is None and env:
        policy = env
    if policy is None:
        return copy.deepcopy(base)
    if isinstance(policy, (str, Path)):
        try:
            over = json.loads(Path(policy).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ValueError(f"{policy}: cannot read reconciliation policy: {exc}") from exc
        if not isinstance(over, dict):
            raise ValueError(f"{policy}: reconciliation policy must be a JSON object")
    else:
        over = policy
    return _merge(base, over)


def kind_rank(policy: dict[str, Any], kind: str | None) -> int:
    ranks = policy["source_kind_rank"]
    return int(ranks.get(kind or "other", ranks.get("other", 0)))
