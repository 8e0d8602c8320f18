"""newsprism: a self-hosted news story engine.

Ingest articles from feeds, pages and files; strip the noise; spot copies; store them
safely; group them into stories. The public API is deliberately small.
"""

from importlib.metadata import PackageNotFoundError, version as _version

try:
    __version__ = _version("newsprism")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.1.0"

__all__ = ["__version__", "build_story", "estimate_leaning"]


def build_story(records, **kwargs):  # noqa: ANN001, ANN201 - documented in storypage.build_story
    """Article records (as in JSON Lines input) -> a story page dict (see CONTRACT.md)."""
    from .storypage import build_story as _build

    return _build(records, **kwargs)


def estimate_leaning(text, source=None, **kwargs):  # noqa: ANN001, ANN201 - see leaning.estimate_leaning
    """{"leaning": "left"|"center"|"right", "confidence": 0..1, "basis": "outlet"|"text"}."""
    from .leaning import estimate_leaning as _estimate

    return _estimate(text, source, **kwargs)
