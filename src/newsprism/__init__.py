"""newsprism: a self-hosted news story engine.

Ingest articles from feeds, pages and files; strip the noise; spot copies; store them
safely; group them into stories. The public API is deliberately small.
"""

from importlib.metadata import PackageNotFoundError, version as _version

try:
    __version__ = _version("newsprism")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.1.0"

__all__ = ["__version__"]
