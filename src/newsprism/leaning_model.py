"""Text-based leaning estimate for outlets the registry does not rate.

A linear model over word unigrams and bigrams (sublinear TF-IDF, L2-normalised, multinomial
logistic regression) trained by ``benchmarks/train_leaning.py`` on AllSides-labelled articles,
media split: the outlets it is measured on were never seen in training. Its numbers are in
BENCHMARKS.md; they are modest, which is why the caller always labels the result "estimated"
and shows its confidence.

Why the text is scrubbed before features are taken: a model trained on whole articles learns
*who wrote them* (bylines, "Fox News' X contributed", newsletter footers, "Mr." house style)
rather than *how they are slanted*, and that knowledge is worthless on an unknown outlet.
:func:`tokens` therefore drops boilerplate paragraphs, URLs, e-mails and handles, outlet names
and honorifics; the training script additionally keeps only n-grams used by many different
outlets, none of which owns most of the uses.

The model may also carry an *embedding view* (MiniLM mean-pooled over a few windows of the
scrubbed article, :func:`embedding_chunks`, added to the logits). It is supported so the
training script's ``--chunks`` experiment ships and runs the same way, but the shipped model
does not use it: on unseen outlets it scored below the n-grams alone and did not help in
combination (numbers in ``benchmarks/train_leaning.py`` and BENCHMARKS.md). Without it a
prediction costs ~3 ms of one core and needs no encoder.

The shipped model (``data/leaning_model.npz``) is plain arrays loaded with
``allow_pickle=False`` so a model file can never execute code; prediction is numpy only
(no scikit-learn at runtime).
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import re
import zipfile
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

from newsprism.casefold import FoldedPattern
from newsprism.records import NewsprismError

MODEL_PATH = Path(__file__).resolve().parent / "data" / "leaning_model.npz"
LABELS = ("left", "center", "right")

#: Outlet aggregation: mean article log-probabilities are multiplied by ``min(sqrt(n), cap)``
#: before the softmax. Articles of one outlet are strongly correlated (same desk, same topics),
#: so summing their log-probabilities (treating them as independent) would be absurdly
#: confident after a handful; the square root lets confidence grow with evidence, and the cap
#: (reached at 625 articles) keeps a large outlet from claiming certainty from a model whose
#: single-article macro-F1 on unseen outlets is 0.41. Evidence, AllSides media-split *valid*
#: outlets in date order, each article labelled with its outlet's estimate from the outlet's
#: articles so far (``python -m benchmarks.outlet_estimates --caps 5``): accuracy rises with the
#: articles behind an estimate (1: 0.35, 2-4: 0.51, 5-9: 0.65, 10-24: 0.77, 25+: 0.97) while a
#: cap of 5 held the confidence near 0.67 whatever the count (calibration error 0.28); cap 25:
#: error 0.06, and at confidence >= 0.6 86 % of articles get an estimate, 96 % of them right.
OUTLET_SHARPEN_CAP = 25.0

# --------------------------------------------------------------------------- scrubbing

# Paragraphs that are site furniture rather than reporting; only short paragraphs are tested
# (a long paragraph mentioning "newsletter" is reporting, and skipping the regex on long
# paragraphs keeps tokenising at thousands of articles per second). Run over the lower-cased
# paragraph where that is exact (casefold.FoldedPattern): five times faster.
_BOILERPLATE = FoldedPattern(
    r"sign up|newsletter|subscribe|copyright|©|all rights reserved|click here|reprint|"
    r"follow (?:us|him|her|them|@)|contributed (?:to )?(?:this|the) report|reporting by|editing by|"
    r"writing by|additional reporting|toggle caption|enlarge this image|image caption|getty images|"
    r"photo:|photograph:|advertisement|story highlights|listen to article|share this article|"
    r"read more|related:|watch:|this (?:article|story) (?:was )?originally|correction:|privacy policy|"
    r"terms of (?:use|service)|recaptcha|inbox|download (?:the|our) app|email (?:us|the author)|"
    r"send tips|@\w+|this story has been|a version of this|appeared in print|produced by|"
    r"is the author of|sponsored|pullquote|photo by|credit:|ap photo|"
    r"(?:is|are) (?:a|an) (?:senior |staff |white house |political |national )?"
    r"(?:reporter|writer|correspondent|editor|columnist|contributor)"
)
_BOILERPLATE_MAX_CHARS = 400
_URLISH = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+|\b[\w.-]+\.(?:com|org|net|co\.uk|gov)\b",
                     re.IGNORECASE)
# What every _URLISH match contains. re scans for it far faster than it runs _URLISH's
# "[\w.-]+" from every word start, so most texts (no address at all) skip the substitution:
# the same output on 2,000 AllSides articles, 1.24 s -> 0.46 s.
_URLISH_HINT = re.compile(r"://|www\.|@|\.(?:com|org|net|co\.uk|gov)\b", re.IGNORECASE)
_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?")

# Outlet and programme names, matched as token sequences after lower-casing. Names tell the
# model who published a text, never how it leans on a new outlet. Public knowledge, not data.
_OUTLET_NAMES = """
associated press|ap|reuters|agence france presse|afp|bloomberg|cnbc|msnbc|cnn|cnnmoney|cnnpolitics|
cnnopinion|fox|foxnews|npr|politico|vox|the hill|usa today|usatoday|usat|washington times|
washington post|wapo|new york times|nyt|nytimes|new york post|new york magazine|new yorker|
wall street journal|wsj|christian science monitor|csmonitor|marketwatch|business insider|
huffpost|huffington post|daily beast|the atlantic|slate|salon|daily kos|daily wire|daily caller|
theblaze|blaze|townhall|national review|breitbart|washington examiner|free beacon|
realclearpolitics|real clear politics|fivethirtyeight|propublica|epoch times|axios|vanity fair|
newsweek|los angeles times|latimes|chicago tribune|sun times|suntimes|buzzfeed|the intercept|
democracy now|the federalist|american spectator|pj media|redstate|hot air|thinkprogress|mother jones|
the nation|guardian|al jazeera|aljazeera|bbc|nbc|cbs|abc|yahoo|forbes|economist|financial times|
new republic|american conservative|weekly standard|daily mail|the independent|telegraph|
newsmax|oan|infowars|gateway pundit|western journal|lifesitenews|christian post|deseret news|
flip side|allsides|intelligencer|spectator|jacobin|alternet|raw story|truthout|media matters|
quartz|vice news|the root|mediaite|the wrap|rolling stone|daily signal|the dispatch|bulwark|pbs|
newshour|c span|sky news|deutsche welle|france24|times|editorial|op ed|guest writer|getty|
getty images|photo|caption
"""
_NAME_SEQS: frozenset[tuple[str, ...]] = frozenset(
    tuple(name.split()) for name in _OUTLET_NAMES.replace("\n", "").split("|") if name.strip()
)
_NAME_FIRST = frozenset(seq[0] for seq in _NAME_SEQS)
_NAME_MAX = max(len(seq) for seq in _NAME_SEQS)

#: Honorifics and titles: "Mr. Obama" is a house style (NYT, WSJ, Washington Times), not a
#: leaning; a model keeping it learned to call the NYT right-leaning on the media split.
_STOP = frozenset(["mr", "mrs", "ms", "dr", "sen", "rep", "gov", "jr", "sr", "st"])


def scrub(text: str) -> str:
    """The article without furniture paragraphs, URLs, e-mail addresses and handles."""
    kept = []
    for para in re.split(r"\n+", text):
        para = para.strip()
        if not para:
            continue
        if len(para) < _BOILERPLATE_MAX_CHARS and _BOILERPLATE.search(para):
            continue
        kept.append(para)
    out = "\n".join(kept)
    return _URLISH.sub(" ", out) if _URLISH_HINT.search(out) else out


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens of the scrubbed text, outlet names and honorifics removed."""
    words = _TOKEN.findall(scrub(text).lower().replace("\u2019", "'").replace("-", " "))
    out: list[str] = []
    i, n = 0, len(words)
    while i < n:
        w = words[i]
        if w in _NAME_FIRST:
            for size in range(min(_NAME_MAX, n - i), 0, -1):
                if tuple(words[i:i + size]) in _NAME_SEQS:
                    i += size
                    break
            else:
                out.append(w)
                i += 1
            continue
        if w not in _STOP:
            out.append(w)
        i += 1
    return out


#: Embedding chunks: up to EMBED_CHUNKS windows of EMBED_CHUNK_WORDS words (~120 WordPiece
#: tokens, inside the encoder's 128-token window), spread evenly over the scrubbed article: the
#: lead states the event, later paragraphs carry the framing (whom the piece quotes, what it
#: calls things). Each chunk costs one MiniLM run (~20-25 ms on one core).
EMBED_CHUNKS = 3
EMBED_CHUNK_WORDS = 90

# Names as running text: the n-gram list plus the "<network> News" forms, so "Fox News told"
# loses both words rather than leaving a telltale "News told".
_EMBED_NAMES = _NAME_SEQS | {tuple(f"{n} news".split()) for n in
                             ("fox", "nbc", "cbs", "abc", "bloomberg", "sky", "cnn", "bbc")}
_NAME_RE = re.compile(
    r"\b(?:" + "|".join(sorted((r"\W+".join(map(re.escape, seq)) for seq in _EMBED_NAMES),
                                key=len, reverse=True)) + r")\b(?:'s)?",
    re.IGNORECASE,
)
_HONORIFIC_RE = re.compile(r"\b(?:Mr|Mrs|Ms|Dr)\.\s*")
#: A dateline opening a paragraph ("WASHINGTON (Reuters) -", "NEW YORK, May 3 --"): house style.
_DATELINE_RE = re.compile(r"^[A-Z][A-Z .,'-]{2,40}(?:,[^\n(—–-]{0,20})?\s*(?:\([^)\n]{0,30}\))?"
                          r"\s*(?:-{1,2}|—|–)\s*", re.MULTILINE)


def embedding_chunks(text: str) -> list[str]:
    """The texts embedded for one article: evenly spread windows of the scrubbed text.

    ``text`` is what :func:`predict_text` gets (title, newline, body), so the title opens the
    first window. Datelines, outlet names and honorifics are cut from the running text, as
    :func:`tokens` cuts them from the n-grams, so the sentence encoder cannot recognise the
    publisher either. A text with no words gives no chunk.
    """
    clean = _HONORIFIC_RE.sub("", _NAME_RE.sub(" ", _DATELINE_RE.sub("", scrub(text))))
    words = clean.split()
    if len(words) <= EMBED_CHUNK_WORDS:
        return [" ".join(words)] if words else []
    span = len(words) - EMBED_CHUNK_WORDS
    n = min(EMBED_CHUNKS, 1 + span // (EMBED_CHUNK_WORDS // 2))
    starts = sorted({round(i * span / max(n - 1, 1)) for i in range(n)})
    return [" ".join(words[s:s + EMBED_CHUNK_WORDS]) for s in starts]


def features(text: str) -> list[str]:
    """Unigrams and bigrams of :func:`tokens` (bigrams span removed names: harmless, rare)."""
    toks = tokens(text)
    return toks + [f"{a} {b}" for a, b in pairwise(toks)]


# --------------------------------------------------------------------------- model


class LeaningModelError(NewsprismError):
    """The model file is missing or malformed, or a text cannot be scored."""

    stage = "leaning"


@dataclass(frozen=True)
class LeaningModel:
    """A loaded linear model over two views of a text.

    ``logits = coef @ tfidf(ngrams) + emb_coef @ (mean_chunk_embedding - emb_mean) / emb_scale
    + intercept``. The embedding view is optional (``emb_coef is None``: n-grams only); when
    present, ``emb_chunks`` is how many :func:`embedding_chunks` windows are embedded.
    """

    index: dict[str, int]
    idf: np.ndarray  # (n_features,) float32
    coef: np.ndarray  # (n_classes, n_features) float32 (stored as float16)
    intercept: np.ndarray  # (n_classes,) float32
    labels: tuple[str, ...]
    meta: dict[str, Any]
    emb_coef: np.ndarray | None = None  # (n_classes, 384) float32
    emb_mean: np.ndarray | None = None  # (384,) float32
    emb_scale: np.ndarray | None = None  # (384,) float32
    emb_chunks: int = 0

    def ngram_logits(self, text: str) -> np.ndarray:
        """The n-gram part of the logits (zero when no known feature occurs)."""
        # Counted first, then looked up once per distinct feature (a text repeats most of its
        # words): the same counts in the same order as filtering every occurrence.
        counts = {f: c for f, c in Counter(features(text)).items() if f in self.index}
        if not counts:
            return np.zeros(len(self.labels))
        idx = np.fromiter((self.index[f] for f in counts), dtype=np.int64, count=len(counts))
        tf = 1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))
        x = tf * self.idf[idx]
        x /= np.linalg.norm(x)
        return self.coef[:, idx] @ x

    def embedding_logits(self, texts: list[str]) -> np.ndarray:
        """The embedding part of the logits, one row per text, all chunks in one encoder call.

        A text without words has no chunk and gets zero logits from this view.
        """
        out = np.zeros((len(texts), len(self.labels)))
        if self.emb_coef is None:
            return out
        from newsprism.embed import EmbeddingError, embed_texts

        chunks = [embedding_chunks(t)[:self.emb_chunks] for t in texts]
        flat = [c for cs in chunks for c in cs]
        if not flat:
            return out
        try:
            vecs = embed_texts(flat).astype(np.float64)
        except EmbeddingError as exc:
            raise LeaningModelError("embedding", str(exc)) from exc
        pos = 0
        for i, cs in enumerate(chunks):
            if cs:
                mean = vecs[pos:pos + len(cs)].mean(axis=0)
                out[i] = self.emb_coef @ ((mean - self.emb_mean) / self.emb_scale)
                pos += len(cs)
        return out

    def log_proba_many(self, texts: list[str]) -> np.ndarray:
        """Log class probabilities, one row per text (uniform for a text with no signal)."""
        emb = self.embedding_logits(texts)
        rows = []
        for text, e in zip(texts, emb):
            ng = self.ngram_logits(text)
            if not ng.any() and not e.any():
                rows.append(np.full(len(self.labels), -math.log(len(self.labels))))
                continue
            logits = ng + e + self.intercept
            rows.append(logits - _logsumexp(logits))
        return np.array(rows).reshape(len(texts), len(self.labels))

    def log_proba(self, text: str) -> np.ndarray:
        """Log class probabilities of one text (uniform when no known feature occurs)."""
        return self.log_proba_many([text])[0]


def save_model(path: Path, vocabulary: list[str], idf: np.ndarray, coef: np.ndarray,
               intercept: np.ndarray, labels: tuple[str, ...], meta: dict[str, Any], *,
               embedding: dict[str, Any] | None = None) -> None:
    """Write the model as plain arrays (no pickles): vocabulary as newline-joined UTF-8 bytes.

    ``embedding`` (optional): ``{"coef": (n_classes, 384), "mean": (384,), "scale": (384,),
    "chunks": int}``, the embedding view of :class:`LeaningModel`.
    """
    if any("\n" in v for v in vocabulary):
        raise LeaningModelError(str(path), "a vocabulary entry contains a newline")
    arrays = {
        "vocabulary": np.frombuffer("\n".join(vocabulary).encode("utf-8"), dtype=np.uint8),
        "idf": idf.astype(np.float32),
        "coef": coef.astype(np.float16),
        "intercept": intercept.astype(np.float32),
        "labels": np.frombuffer("\n".join(labels).encode("utf-8"), dtype=np.uint8),
        "meta": np.frombuffer(json.dumps(meta, sort_keys=True).encode("utf-8"), dtype=np.uint8),
    }
    if embedding is not None:
        arrays.update({"emb_coef": np.asarray(embedding["coef"], dtype=np.float32),
                       "emb_mean": np.asarray(embedding["mean"], dtype=np.float32),
                       "emb_scale": np.asarray(embedding["scale"], dtype=np.float32),
                       "emb_chunks": np.array([int(embedding["chunks"])], dtype=np.int32)})
    # A .npz written by hand with fixed zip timestamps, so retraining reproduces the file
    # byte for byte (np.savez stamps the current time into the archive).
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, arr in arrays.items():
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.ascontiguousarray(arr), allow_pickle=False)
            zf.writestr(info, buf.getvalue())


def load_model(path: Path | str | None = None) -> LeaningModel:
    """Load a model file; the shipped one by default (cached, see :func:`default_model`)."""
    path = Path(path) if path is not None else MODEL_PATH
    if not path.is_file():
        raise LeaningModelError(str(path), "leaning model file not found; run "
                                "`python -m benchmarks.train_leaning` to build it")
    try:
        with np.load(path, allow_pickle=False) as z:
            vocab = bytes(z["vocabulary"]).decode("utf-8").split("\n")
            labels = tuple(bytes(z["labels"]).decode("utf-8").split("\n"))
            model = LeaningModel(
                index={f: i for i, f in enumerate(vocab)},
                idf=z["idf"].astype(np.float32),
                coef=z["coef"].astype(np.float32),
                intercept=z["intercept"].astype(np.float32),
                labels=labels,
                meta=json.loads(bytes(z["meta"]).decode("utf-8")),
                **({"emb_coef": z["emb_coef"].astype(np.float32),
                    "emb_mean": z["emb_mean"].astype(np.float32),
                    "emb_scale": z["emb_scale"].astype(np.float32),
                    "emb_chunks": int(z["emb_chunks"][0])} if "emb_coef" in z.files else {}),
            )
    except (OSError, KeyError, ValueError) as exc:
        raise LeaningModelError(str(path), f"not a valid leaning model file: {exc}") from exc
    n = len(model.index)
    if model.idf.shape != (n,) or model.coef.shape != (len(labels), n) \
            or model.intercept.shape != (len(labels),) or set(labels) != set(LABELS):
        raise LeaningModelError(str(path), "array shapes or labels do not match the vocabulary")
    if model.emb_coef is not None:
        dim = model.emb_coef.shape[-1]
        if model.emb_coef.shape != (len(labels), dim) or model.emb_mean.shape != (dim,) \
                or model.emb_scale.shape != (dim,) or model.emb_chunks < 1:
            raise LeaningModelError(str(path), "embedding arrays do not match the labels")
    return model


@lru_cache(maxsize=1)
def default_model() -> LeaningModel:
    """The shipped model, loaded once per process."""
    return load_model(MODEL_PATH)


def predict_text(text: str, model: LeaningModel | None = None) -> dict[str, Any]:
    """Leaning of one article's text: ``{"leaning", "confidence", "probabilities"}``.

    ``confidence`` is the probability of the chosen class. A text with no word the model
    knows (empty, non-English) gets uniform probabilities and confidence 1/3.
    """
    if not isinstance(text, str):
        raise LeaningModelError("text", f"expected a string, got {type(text).__name__}")
    model = model or default_model()
    return _result(model.labels, model.log_proba(text), articles=1)


def predict_outlet(texts: list[str], model: LeaningModel | None = None) -> dict[str, Any]:
    """An outlet's leaning from several of its articles (see :func:`outlet_estimate`)."""
    if isinstance(texts, str) or not all(isinstance(t, str) for t in texts):
        raise LeaningModelError("texts", "expected a list of article texts")
    if not texts:
        raise LeaningModelError("texts", "no article texts to estimate an outlet's leaning from")
    model = model or default_model()
    return outlet_estimate(model.log_proba_many(list(texts)).sum(axis=0), len(texts), model)


def outlet_estimate(log_prob_sum: Any, n: int, model: LeaningModel | None = None) -> dict[str, Any]:
    """An outlet's leaning from the summed log-probabilities of its ``n`` articles, in the
    order of ``model.labels`` (without a model: :data:`LABELS`, the order a store keeps them
    in, so reading stored sums loads no model).

    Aggregation: the mean of the articles' log-probabilities (a geometric-mean consensus, so
    one extreme article cannot dominate) multiplied by ``min(sqrt(n), OUTLET_SHARPEN_CAP)``
    and renormalised; agreeing articles therefore raise the confidence as ``n`` grows. Taking
    sums lets a store keep one row per article and aggregate in SQL. The result carries
    ``articles`` (n).
    """
    if n < 1:
        raise LeaningModelError("outlet", "no articles to estimate an outlet's leaning from")
    mean = np.asarray(log_prob_sum, dtype=np.float64) / n
    sharpened = mean * min(math.sqrt(n), OUTLET_SHARPEN_CAP)
    return _result(model.labels if model else LABELS, sharpened - _logsumexp(sharpened), articles=n)


@lru_cache(maxsize=8)
def model_id(path: Path | str | None = None) -> str:
    """What produced a stored score: the model file's content hash (a retrained model is a
    new id, so stored scores are recomputed rather than mixed across models)."""
    data = Path(path or MODEL_PATH).read_bytes()
    return "leaning-ngram:" + hashlib.sha256(data).hexdigest()[:16]


def _result(labels: tuple[str, ...], log_p: np.ndarray, *, articles: int) -> dict[str, Any]:
    probs = np.exp(log_p - _logsumexp(log_p))
    by_label = {label: round(float(p), 4) for label, p in zip(labels, probs)}
    best = labels[int(np.argmax(probs))]
    return {"leaning": best, "confidence": by_label[best],
            "probabilities": {label: by_label[label] for label in LABELS}, "articles": articles}


def _logsumexp(v: np.ndarray) -> float:
    m = float(np.max(v))
    return m + math.log(float(np.sum(np.exp(v - m))))
