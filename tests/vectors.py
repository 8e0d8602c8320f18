"""Test embeddings whose cosines are known exactly."""

from __future__ import annotations

import numpy as np


def plane(degrees: float, dim: int = 8) -> np.ndarray:
    """A unit vector at ``degrees`` from e0 towards e1: the cosine of two such vectors is the
    cosine of the angle between them."""
    v = np.zeros(dim, dtype=np.float32)
    v[0], v[1] = np.cos(np.radians(degrees)), np.sin(np.radians(degrees))
    return v
