"""The text leaning model: scrubbing, the no-pickle file format, numpy prediction, aggregation."""

from __future__ import annotations

import math

import numpy as np
import pytest

from newsprism import leaning_model as lm
from newsprism.leaning_model import (
    LeaningModelError,
    load_model,
    predict_outlet,
    predict_text,
)

# --------------------------------------------------------------------------- scrubbing

def test_tokens_drop_outlet_names_urls_handles_and_honorifics():
    text = ("WASHINGTON (Reuters) - Mr. Smith told Fox News on Tuesday that the Wall Street "
            "Journal was wrong, see https://example.com/x and www.example.org/y.\n"
            "The vice president answered.")
    toks = lm.tokens(text)
    for gone in ("reuters", "fox", "wall", "journal", "mr", "https", "example", "org", "y"):
        assert gone not in toks, gone
    for kept in ("washington", "smith", "told", "tuesday", "wrong", "vice", "president"):
        assert kept in toks, kept


def test_short_furniture_paragraphs_are_dropped_long_reporting_kept():
    furniture = "Sign up for our Daily Newsletter to get the best stories."
    reporting = ("The senator said the newsletter sent to donors was misleading, " * 10).strip()
    toks = lm.tokens(f"Lawmakers met today.\n\n{furniture}\n\n{reporting}\n\n"
                     "Copyright 2019 Example LLC. Click here for reprint permission.\n\n"
                     "Questions? Write to desk@example.org")
    assert "lawmakers" in toks and "misleading" in toks
    for gone in ("best", "reprint", "llc", "questions", "desk"):
        assert gone not in toks, gone


def test_features_are_unigrams_then_bigrams():
    assert lm.features("Tax cuts now") == ["tax", "cuts", "now", "tax cuts", "cuts now"]
    assert lm.features("") == []


# --------------------------------------------------------------------------- model file


def _tiny_model(path):
    vocab = ["tax", "cuts", "climate", "tax cuts", "border"]
    idf = np.array([1.0, 1.5, 2.0, 2.5, 1.2])
    coef = np.array([[-1.0, -0.5, 2.0, -1.0, -1.5],   # left
                     [0.0, 0.0, 0.0, 0.0, 0.0],       # center
                     [1.0, 0.5, -2.0, 1.0, 2.0]])     # right
    intercept = np.array([0.1, 0.0, -0.1])
    lm.save_model(path, vocab, idf, coef, intercept, lm.LABELS, {"note": "test"})
    return vocab, idf, coef, intercept


def test_prediction_matches_a_hand_computed_tfidf_logistic_model(tmp_path):
    path = tmp_path / "m.npz"
    vocab, idf, coef, intercept = _tiny_model(path)
    model = load_model(path)
    out = predict_text("Tax cuts, tax cuts and the border.", model)
    counts = {"tax": 2, "cuts": 2, "tax cuts": 2, "border": 1}
    x = np.zeros(len(vocab))
    for f, c in counts.items():
        x[vocab.index(f)] = (1 + math.log(c)) * idf[vocab.index(f)]
    x /= np.linalg.norm(x)
    logits = coef @ x + intercept
    p = np.exp(logits - logits.max())
    p /= p.sum()
    assert out["leaning"] == "right"
    for i, label in enumerate(lm.LABELS):
        assert out["probabilities"][label] == pytest.approx(p[i], abs=1e-3)
    assert out["confidence"] == out["probabilities"]["right"]
    assert model.meta == {"note": "test"}


def test_text_without_known_words_is_uniform(tmp_path):
    path = tmp_path / "m.npz"
    _tiny_model(path)
    out = predict_text("", load_model(path))
    assert out["probabilities"] == {"left": 0.3333, "center": 0.3333, "right": 0.3333}


def test_saving_is_byte_reproducible(tmp_path):
    _tiny_model(tmp_path / "a.npz")
    _tiny_model(tmp_path / "b.npz")
    assert (tmp_path / "a.npz").read_bytes() == (tmp_path / "b.npz").read_bytes()


def test_model_files_never_unpickle(tmp_path):
    evil = tmp_path / "evil.npz"
    np.savez(evil, vocabulary=np.array([{"x": 1}], dtype=object), idf=np.ones(1))
    with pytest.raises(LeaningModelError, match="not a valid leaning model file"):
        load_model(evil)
    with pytest.raises(LeaningModelError, match="not found"):
        load_model(tmp_path / "missing.npz")
    garbage = tmp_path / "garbage.npz"
    garbage.write_bytes(b"not a zip")
    with pytest.raises(LeaningModelError, match="garbage.npz"):
        load_model(garbage)


def test_outlet_confidence_grows_with_agreeing_articles_and_is_capped(tmp_path):
    path = tmp_path / "m.npz"
    _tiny_model(path)
    model = load_model(path)
    texts = ["Climate action now.", "The climate bill passed.", "Climate and tax.",
             "A climate deal."]
    one = predict_outlet(texts[:1], model)
    four = predict_outlet(texts, model)
    assert one["leaning"] == four["leaning"] == "left"
    assert four["confidence"] > one["confidence"]
    assert four["articles"] == 4
    many = predict_outlet(texts * 10, model)
    more = predict_outlet(texts * 20, model)
    assert more["confidence"] >= many["confidence"]
    capped = predict_outlet(texts * 160, model)  # sqrt(n) is capped at 625 articles
    assert predict_outlet(texts * 170, model)["probabilities"] == capped["probabilities"]


def test_bad_inputs_raise_named_errors(tmp_path):
    path = tmp_path / "m.npz"
    _tiny_model(path)
    model = load_model(path)
    with pytest.raises(LeaningModelError, match="text"):
        predict_text(None, model)  # type: ignore[arg-type]
    with pytest.raises(LeaningModelError, match="no article texts"):
        predict_outlet([], model)
    with pytest.raises(LeaningModelError, match="list of article texts"):
        predict_outlet("one string", model)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- shipped model


def test_shipped_model_is_small_loads_and_predicts():
    assert lm.MODEL_PATH.is_file(), "run python -m benchmarks.train_leaning"
    assert lm.MODEL_PATH.stat().st_size < 20 * 1024 * 1024
    model = lm.default_model()
    assert len(model.index) > 10_000
    text = ("The administration's new rule on asylum seekers drew criticism from immigrant "
            "rights groups, while Republicans in Congress praised the crackdown at the border.")
    a, b = predict_text(text), predict_text(text)
    assert a == b
    assert a["leaning"] in lm.LABELS
    assert sum(a["probabilities"].values()) == pytest.approx(1.0, abs=1e-3)
    assert 1 / 3 <= a["confidence"] <= 1


# --------------------------------------------------------------------------- embedding view


def test_embedding_chunks_are_spread_scrubbed_windows():
    body = " ".join(f"w{i}" for i in range(400))
    text = (f"Headline here\nWASHINGTON (Reuters) - Mr. Smith told Fox News the plan failed.\n{body}")
    chunks = lm.embedding_chunks(text)
    assert len(chunks) == lm.EMBED_CHUNKS
    assert chunks[0].startswith("Headline here Smith told the plan failed.")
    for gone in ("Reuters", "Fox", "News", "Mr.", "WASHINGTON"):
        assert gone not in chunks[0], gone
    assert all(len(c.split()) == lm.EMBED_CHUNK_WORDS for c in chunks)
    assert chunks[-1].endswith("w399")  # the last window ends the article
    assert lm.embedding_chunks("Only a few words.") == ["Only a few words."]
    assert lm.embedding_chunks("   ") == []


def test_embedding_view_adds_standardised_mean_chunk_logits(tmp_path, monkeypatch):
    from newsprism import embed

    def fake_embed(texts):  # a deterministic 2-d "encoder": [1, 0] for "calm" chunks, else [0, 1]
        return np.array([[1.0, 0.0] if "calm" in t else [0.0, 1.0] for t in texts], np.float32)

    monkeypatch.setattr(embed, "embed_texts", fake_embed)
    path = tmp_path / "m.npz"
    emb_coef = np.array([[2.0, 0.0], [0.0, 0.0], [0.0, 2.0]])
    lm.save_model(path, ["tax"], np.ones(1), np.zeros((3, 1)), np.zeros(3), lm.LABELS, {},
                  embedding={"coef": emb_coef, "mean": np.array([0.5, 0.5]),
                             "scale": np.array([0.5, 0.5]), "chunks": 1})
    model = load_model(path)
    assert model.emb_chunks == 1
    calm = predict_text("A calm report.", model)
    z = (np.array([1.0, 0.0]) - 0.5) / 0.5
    logits = emb_coef @ z
    p = np.exp(logits - logits.max()) / np.exp(logits - logits.max()).sum()
    assert calm["leaning"] == "left"
    assert calm["probabilities"]["left"] == pytest.approx(p[0], abs=1e-3)
    assert predict_text("An angry rant.", model)["leaning"] == "right"
    both = predict_outlet(["A calm report.", "An angry rant.", "Another calm one."], model)
    assert both["leaning"] == "left" and both["articles"] == 3
    assert predict_text("", model)["probabilities"]["left"] == pytest.approx(1 / 3, abs=1e-3)


def test_embedding_arrays_must_match(tmp_path):
    path = tmp_path / "m.npz"
    lm.save_model(path, ["tax"], np.ones(1), np.zeros((3, 1)), np.zeros(3), lm.LABELS, {},
                  embedding={"coef": np.zeros((3, 4)), "mean": np.zeros(3),
                             "scale": np.ones(4), "chunks": 1})
    with pytest.raises(LeaningModelError, match="embedding arrays"):
        load_model(path)
