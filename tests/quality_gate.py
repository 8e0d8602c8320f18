"""What the quality-gate tests share: their floors file, and the check that the shared data
are the files the floors were measured on (skip, never fail, when they are not: a user's
laptop has no ../shared, and changed data needs a new measurement, not a red build)."""

from __future__ import annotations

import hashlib
import importlib
import json
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"


def floors(name: str) -> dict[str, Any]:
    """The floors file ``tests/quality/{name}``."""
    return json.loads((Path(__file__).parent / "quality" / name).read_text())


def require_measured_data(spec: dict[str, Any]) -> None:
    """Skip unless every file of ``spec["data"]`` ({path under ../shared: {"sha256"}}) is
    there as measured; then put the repository root on ``sys.path`` for ``benchmarks``."""
    if not SHARED.is_dir():
        pytest.skip(f"shared data folder {SHARED} is absent")
    for rel, expected in spec["data"].items():
        path = SHARED / rel
        if not path.is_file():
            pytest.skip(f"{path} is absent")
        if hashlib.sha256(path.read_bytes()).hexdigest() != expected["sha256"]:
            pytest.skip(f"{path} differs from the data the floors were measured on; re-measure")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))


def benchmark(spec: dict[str, Any], module: str, needs: tuple[str, ...] = ()) -> Any:
    """The ``benchmarks.{module}`` module, once the measured data are there and the packages
    in ``needs`` import (else the test is skipped)."""
    require_measured_data(spec)
    for package in needs:
        pytest.importorskip(package)
    return importlib.import_module(f"benchmarks.{module}")
