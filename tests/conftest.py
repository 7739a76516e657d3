"""Shared fixtures: paths to the bundled example and to ../shared when it is beside the checkout."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"
SEED_TEXT = EXAMPLES / "syria-coast-2025-03-08.txt"


@pytest.fixture
def seed_text() -> str:
    return SEED_TEXT.read_text(encoding="utf-8")


def bench_corpus():
    """``bench/corpus.py`` (the synthetic corpus generator) as a module, loaded once.

    Registered in ``sys.modules`` so that functions from it pickle by reference for Dask."""
    import importlib.util
    import sys

    name = "obs_bench_corpus"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / "corpus.py")
        mod = importlib.util.module_from_spec(spec)
        sys.modules[name] = mod
        spec.loader.exec_module(mod)
    return sys.modules[name]
