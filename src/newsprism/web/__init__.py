"""The web UI, JSON API and story feeds (``newsprism serve``); see :func:`create_app`."""

from __future__ import annotations

from typing import Any


def create_app(*args: Any, **kwargs: Any) -> Any:
    """The ASGI app (imported lazily: the CLI should not load FastAPI to run ``ingest``)."""
    from .app import create_app as _create

    return _create(*args, **kwargs)


__all__ = ["create_app"]
