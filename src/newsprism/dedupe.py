"""Copies: exact and near-duplicate detection, and the ``duplicate_of`` of each article.

A *copy* is the same piece of writing published again: a wire story carried by a
second outlet (new headline, an agency line added at the top or bottom, the last
paragraphs trimmed, a few words edited), or a page republished with different
whitespace and quotes. An independently written report on the same event is never a
copy, even when it quotes the same people: the clustering stage groups those into one
story, and each of them counts as a separate voice there. Copies do not.

Two tests, cheapest first:

* **exact**: the SHA-256 of the normalised text (case-folded, punctuation and
  whitespace removed), so reflowed paragraphs and curly quotes do not matter;
* **near**: MinHash signatures over word shingles, indexed with LSH band keys, and a
  verification of every LSH candidate by estimated Jaccard similarity *and*
  containment (the share of the shorter text found in the longer one), so a copy
  with its ending trimmed or a line added still matches.

The module is pure: it never opens the database. The store persists what
:func:`assign_copies` returns (hash, signature, shingle count, band keys) and answers
two lookups, by band keys and by hash. The numbers behind every tuned constant come
from ``python -m benchmarks.copies`` (see that module's docstring for the data).

Group semantics: every copy points at the earliest-published article of its group
(ties: the one stored first, then the smallest id), never at another copy, so the
group is a star, not a chain. When a newly ingested article turns out to be older
than the original of a stored group, it becomes the new original and the stored
articles are re-pointed (``CopyResult.stored_updates`` / ``CopyResult.regrouped``).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import Callable, Iterable, Literal, Sequence

import numpy as np
from datasketch import MinHash

from .clean import normalize_for_hash
from .records import Article, ItemError, NewsprismError

log = logging.getLogger(__name__)

# --- tuned constants ------------------------------------------------------------------------
# Evidence: ``python -m benchmarks.copies --split train --n 1200 --tune`` (train split
# originals with synthetic syndicated copies, AllSides roundups as hard negatives).

#: Words per shingle. Lowest containment of a copy / highest of an independent same-event
#: report (estimated, 120 permutations): k=3 0.839/0.815, k=4 0.836/0.726,
#: k=5 0.877/0.659, k=6 0.860/0.659. k=5 leaves the widest gap: every edit costs a copy k
#: shingles, so long shingles hurt copies; short ones let the stock phrases and shared
#: quotes of independent reports look alike.
SHINGLE_WORDS = 5
#: MinHash permutations. The standard error of the Jaccard estimate is
#: sqrt(J(1-J)/NUM_PERM), 0.046 at J=0.5: small beside the gap above. 120 = 40 x 3.
NUM_PERM = 120
#: LSH banding, BANDS x ROWS == NUM_PERM; see :func:`band_keys` for the S-curve.
BANDS = 40
ROWS = NUM_PERM // BANDS
#: Below this many shingles (about 24 words) a text takes part in exact matching only.
#: Same-event report pairs cut to their first W words and judged with no floor: 15 of
#: 7,305 pass as copies at 6 shingles, 4 at 11, 1-2 from 16 to 36 (a lead one outlet took
#: over verbatim before writing its own story), 0 at 56. The floor sits past that knee and
#: still lets a one-paragraph brief be matched.
MIN_SHINGLES = 20
#: Verification. Copies (all kinds the contract names): lowest estimated Jaccard 0.525
#: (trimmed to 60 % and edited), lowest containment 0.877. Independent same-event reports:
#: highest Jaccard 0.475, highest containment 0.659 (two short leads quoting the same
#: 40-word tweet). Containment decides, near the middle of its gap; the Jaccard floor
#: keeps a short text that a much longer one merely quotes from being taken for a copy of
#: it (a copy trimmed to 60 % keeps a size ratio >= 0.6), and sits more than 3 standard
#: errors below every copy.
MIN_JACCARD = 0.40
MIN_CONTAINMENT = 0.75

#: Identifies how signatures and band keys are computed. Signatures and keys made
#: under another scheme cannot be compared: a store should recompute them when this
#: changes.
SIGNATURE_SCHEME = f"minhash-affine32-seed1-w{SHINGLE_WORDS}-p{NUM_PERM}-b{BANDS}"

_SEED = 1
_MAX_HASH = np.uint32(0xFFFFFFFF)


# --- normalisation and fingerprints -------------------------------------------------------

# One normalisation for the whole pipeline: clean.normalize_for_hash case-folds, drops
# apostrophes inside words ("don't" == "don’t") and turns every other run of punctuation
# and whitespace into one space, so layout, quote styles and dashes never tell copies apart.
_normalize = normalize_for_hash


def _words(text: str) -> list[str]:
    normalized = _normalize(text)
    return normalized.split(" ") if normalized else []


def text_hash(text: str) -> str:
    """SHA-256 (hex) of the normalised text: equal for exact copies."""
    return hashlib.sha256(_normalize(text).encode("utf-8")).hexdigest()


def shingles(text: str, k: int = SHINGLE_WORDS) -> set[bytes]:
    """The set of word ``k``-grams of the normalised text (a shorter text: one shingle)."""
    return _shingles_of(_words(text), k)


def _shingles_of(words: list[str], k: int = SHINGLE_WORDS) -> set[bytes]:
    if not words:
        return set()
    if len(words) <= k:
        return {" ".join(words).encode("utf-8")}
    return {" ".join(words[i : i + k]).encode("utf-8") for i in range(len(words) - k + 1)}


def _minhash(shingle_set: Iterable[bytes], num_perm: int) -> MinHash:
    # The scheme is pinned so that signatures stored today compare with those made by a
    # later datasketch release (its default scheme may change; values carry no trace).
    mh = MinHash(num_perm=num_perm, seed=_SEED, scheme="affine32")
    mh.update_batch(list(shingle_set))
    return mh


def signature(text: str, num_perm: int = NUM_PERM) -> np.ndarray:
    """MinHash signature (``uint32[num_perm]``) of the text's word shingles.

    An empty text gives the all-``0xFFFFFFFF`` signature, which matches nothing.
    """
    return _signature_of(shingles(text), num_perm)


def _signature_of(shingle_set: set[bytes], num_perm: int = NUM_PERM) -> np.ndarray:
    # (the minimum does not depend on the order in which shingles are fed)
    return np.asarray(_minhash(shingle_set, num_perm).hashvalues, dtype=np.uint32)


def band_keys(sig: np.ndarray, bands: int = BANDS) -> list[str]:
    """LSH band keys of a signature: ``bands`` strings, each naming its band.

    Two articles are LSH candidates when they share at least one key. With ``b``
    bands of ``r`` rows, a pair with Jaccard similarity ``s`` shares a key with
    probability ``P(s) = 1 - (1 - s**r)**b`` (the S-curve). With b=40, r=3:
    P(0.2)=0.27, P(0.3)=0.67, P(0.4)=0.93, P(0.5)=0.995, P(0.6)=1.00, so a pair that
    can pass ``MIN_JACCARD`` (0.40) is almost always a candidate. Measured on the train
    pairs (copies found as candidates; same-event reports made candidates): b=40 r=3
    100 % / 0.31 %; b=30 r=4 100 % / 0.11 % but P(0.4)=0.54 (a copy trimmed to the
    limit and edited would often be missed); b=60 r=2 100 % / 2.0 % and half again as
    many index rows. Random pairs share a key at a rate of 5e-5 (1e-4 with b=60).

    A key is ``"{band:02x}{blake2b-64 of the band's values}"``: the band index is part of
    the key, so one indexed table ``(band_key, article_id)`` holds all bands. The empty
    signature has no keys.
    """
    sig = np.asarray(sig, dtype=np.uint32)
    if sig.ndim != 1 or sig.size % bands:
        raise ValueError(f"a signature of {sig.size} values cannot be cut into {bands} bands")
    if bool(np.all(sig == _MAX_HASH)):
        return []
    rows = sig.size // bands
    raw = sig.astype("<u4").tobytes()
    width = rows * 4
    return [
        f"{band:02x}{hashlib.blake2b(raw[band * width : (band + 1) * width], digest_size=8).hexdigest()}"
        for band in range(bands)
    ]


@dataclass(frozen=True)
class Fingerprint:
    """What the store persists for one article so later articles can be compared with it.

    ``content_hash`` is :func:`text_hash` of the text, or ``None`` for an empty text
    (empty texts are never copies of each other). ``band_keys`` is empty for texts
    shorter than ``MIN_SHINGLES`` shingles: they take part in exact matching only.
    """

    content_hash: str | None
    signature: np.ndarray
    shingle_count: int
    band_keys: tuple[str, ...]
    scheme: str = SIGNATURE_SCHEME

    @property
    def near_eligible(self) -> bool:
        return self.shingle_count >= MIN_SHINGLES


def fingerprint(text: str) -> Fingerprint:
    """Hash, signature, shingle count and band keys of one text."""
    normalized = _normalize(text)
    shingle_set = _shingles_of(normalized.split(" ") if normalized else [])
    sig = _signature_of(shingle_set)
    keys = tuple(band_keys(sig)) if len(shingle_set) >= MIN_SHINGLES else ()
    content_hash = hashlib.sha256(normalized.encode("utf-8")).hexdigest() if normalized else None
    return Fingerprint(content_hash, sig, len(shingle_set), keys)


# --- similarity ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Similarity:
    """Estimated Jaccard similarity and containment of two signatures."""

    jaccard: float
    containment: float

    @property
    def is_copy(self) -> bool:
        return self.jaccard >= MIN_JACCARD and self.containment >= MIN_CONTAINMENT


def similarity(sig_a: np.ndarray, count_a: int, sig_b: np.ndarray, count_b: int) -> Similarity:
    """Estimate Jaccard and containment from two signatures and their shingle counts.

    Jaccard is the share of agreeing MinHash values. The intersection follows from it,
    ``|A & B| = J / (1 + J) * (|A| + |B|)``, and containment is that intersection over
    the smaller set: a copy trimmed to 60 % of its original has Jaccard near 0.6 but
    containment near 1.
    """
    if count_a <= 0 or count_b <= 0:
        return Similarity(0.0, 0.0)
    a = np.asarray(sig_a)
    b = np.asarray(sig_b)
    if a.shape != b.shape:
        raise ValueError(f"signatures of different lengths ({a.size} and {b.size})")
    jaccard = float(np.count_nonzero(a == b)) / a.size
    intersection = jaccard / (1.0 + jaccard) * (count_a + count_b)
    containment = min(1.0, intersection / min(count_a, count_b))
    return Similarity(jaccard, containment)


# --- assigning duplicate_of ------------------------------------------------------------------


class DedupeError(NewsprismError):
    """An article copy detection cannot handle (its text or date has the wrong type)."""

    stage = "dedupe"


@dataclass(frozen=True)
class CopyCandidate:
    """A stored article as the store hands it back to :func:`assign_copies`."""

    article_id: str
    published: datetime | None
    content_hash: str | None
    signature: np.ndarray
    shingle_count: int
    duplicate_of: str | None = None


@dataclass(frozen=True)
class CopyMatch:
    """Why an article was found to be a copy: which article it matched, and how."""

    matched: str
    method: Literal["exact", "near"]
    jaccard: float
    containment: float


@dataclass(frozen=True)
class CopyResult:
    """The outcome of :func:`assign_copies` for one batch.

    * ``articles``: the batch, in its order, each with ``duplicate_of`` set (``None``
      for originals).
    * ``fingerprints``: article id -> :class:`Fingerprint`, to persist (the store
      indexes ``band_keys`` and ``content_hash``).
    * ``stored_updates``: stored article id -> its new ``duplicate_of``, for stored
      articles this batch re-points (a new article turned out older than their
      original, or joined two groups).
    * ``regrouped``: old original id -> new original id. The store must also re-point
      every stored article whose ``duplicate_of`` is the old id (``UPDATE ... SET
      duplicate_of = :new WHERE duplicate_of = :old``): the lookups only return the
      group members that look like the new article, and a group must never chain.
    * ``matches``: article id -> the :class:`CopyMatch` that made it a copy (for
      articles of this batch that matched something; an article that became an
      original through re-pointing keeps its match for the record).
    * ``errors``: articles left out of ``articles`` because they cannot be compared
      (text that is not a string, a date that is not a datetime), each with its reason.
    """

    articles: list[Article]
    fingerprints: dict[str, Fingerprint]
    stored_updates: dict[str, str | None] = field(default_factory=dict)
    regrouped: dict[str, str] = field(default_factory=dict)
    matches: dict[str, CopyMatch] = field(default_factory=dict)
    errors: list[ItemError] = field(default_factory=list)


_FAR_FUTURE = datetime.max.replace(tzinfo=timezone.utc).timestamp()


def _order_key(published: datetime | None, stored: bool, article_id: str) -> tuple:
    """Earliest published first; undated last; ties: stored before new, then id."""
    if published is None:
        ts = _FAR_FUTURE
    else:
        if published.tzinfo is None:  # naive datetimes are taken as UTC
            published = published.replace(tzinfo=timezone.utc)
        ts = published.timestamp()
    return (ts, 0 if stored else 1, article_id)


@dataclass
class _Node:
    id: str
    key: tuple
    stored: bool  # the store holds a row for this id (so copies we were not shown may point here)
    content_hash: str | None
    signature: np.ndarray
    shingle_count: int
    duplicate_of: str | None
    stored_duplicate_of: str | None = None  # as the store has it now


_METHOD_RANK = {"exact": 1, "near": 0}


def assign_copies(
    batch: Sequence[Article],
    lookup: Callable[[list[str]], list[CopyCandidate]],
    by_hash: Callable[[str], list[CopyCandidate]],
) -> CopyResult:
    """Set ``duplicate_of`` on every article of ``batch``.

    ``lookup(band_keys)`` returns the stored articles sharing at least one band key;
    ``by_hash(content_hash)`` the stored articles with that hash. Both must also
    return, for each candidate that is itself a copy, its original (the article its
    ``duplicate_of`` names), so the group's publication date is known; an original
    that is missing is assumed to be older than the new article (the safe side:
    nothing is re-pointed away from it).

    Articles of the batch are compared with the store and with each other, in
    publication order, through the same band keys the store indexes, so the outcome
    does not depend on how a stream is cut into batches (up to the order in which
    equally dated articles arrive). Pure and deterministic.
    """
    fingerprints: dict[str, Fingerprint] = {}
    errors: list[ItemError] = []
    accepted: list[Article] = []
    for a in batch:
        try:
            fingerprints[a.id] = _checked_fingerprint(a)
        except DedupeError as exc:
            errors.append(exc.as_record())
        else:
            accepted.append(a)
    batch = accepted
    nodes: dict[str, _Node] = {}
    members: dict[str, set[str]] = {}  # original id -> the copies we know of
    regrouped: dict[str, str] = {}
    matches: dict[str, CopyMatch] = {}
    batch_by_hash: dict[str, list[str]] = {}
    batch_by_band: dict[str, list[str]] = {}

    def remember(c: CopyCandidate) -> None:
        if c.article_id in nodes:  # seen before, maybe re-pointed since: keep ours
            return
        nodes[c.article_id] = _Node(
            c.article_id,
            _order_key(c.published, True, c.article_id),
            True,
            c.content_hash,
            np.asarray(c.signature, dtype=np.uint32),
            int(c.shingle_count),
            c.duplicate_of,
            c.duplicate_of,
        )
        if c.duplicate_of is not None:
            members.setdefault(c.duplicate_of, set()).add(c.article_id)

    def set_original(node: _Node, original: str | None) -> None:
        if node.duplicate_of is not None:
            members.get(node.duplicate_of, set()).discard(node.id)
        node.duplicate_of = original
        if original is not None:
            members.setdefault(original, set()).add(node.id)

    def original_of(node_id: str) -> str:
        seen = {node_id}
        current = node_id
        while True:
            node = nodes.get(current)
            if node is None or node.duplicate_of is None or node.duplicate_of in seen:
                return current  # (a cycle in stored data stops here rather than looping)
            seen.add(node.duplicate_of)
            current = node.duplicate_of

    for article in sorted(batch, key=lambda a: _order_key(a.published, False, a.id)):
        fp = fingerprints[article.id]
        previous = nodes.get(article.id)
        if previous is not None and not previous.stored:
            # the same id twice in one batch: the second occurrence shares the first's fate
            continue
        # A re-ingested stored article is compared afresh but keeps its place in the store.
        node = _Node(
            article.id,
            _order_key(article.published, False, article.id),
            previous is not None,
            fp.content_hash,
            fp.signature,
            fp.shingle_count,
            previous.duplicate_of if previous else None,
            previous.stored_duplicate_of if previous else None,
        )
        nodes[article.id] = node

        candidates: set[str] = set()
        if fp.content_hash is not None:
            for c in by_hash(fp.content_hash):
                remember(c)
                candidates.add(c.article_id)
            candidates.update(batch_by_hash.get(fp.content_hash, ()))
        if fp.band_keys:
            for c in lookup(list(fp.band_keys)):
                remember(c)
                candidates.add(c.article_id)
            for key in fp.band_keys:
                candidates.update(batch_by_band.get(key, ()))
        candidates.discard(article.id)

        best: CopyMatch | None = None
        roots: set[str] = set()
        for cid in sorted(candidates):
            other = nodes[cid]
            if fp.content_hash is not None and other.content_hash == fp.content_hash:
                match = CopyMatch(cid, "exact", 1.0, 1.0)
            elif fp.near_eligible and other.shingle_count >= MIN_SHINGLES:
                if other.signature.shape != fp.signature.shape:
                    log.warning("%s: candidate %s has a signature of another scheme", article.id, cid)
                    continue
                sim = similarity(fp.signature, fp.shingle_count, other.signature, other.shingle_count)
                if not sim.is_copy:
                    continue
                match = CopyMatch(cid, "near", sim.jaccard, sim.containment)
            else:
                continue
            roots.add(original_of(cid))
            if best is None or (_METHOD_RANK[match.method], match.jaccard) > (
                _METHOD_RANK[best.method],
                best.jaccard,
            ):
                best = match
        if best is None:
            _index(article.id, fp, batch_by_hash, batch_by_band)
            continue

        matches[article.id] = best
        # The group's original is the earliest of the matched groups' originals and this
        # article (and of whatever group this article already led, if re-ingested).
        roots.add(original_of(article.id))
        unknown = sorted(r for r in roots if r not in nodes)
        if unknown:
            log.warning("%s: originals %s were not returned by the lookup; assuming they are older",
                        article.id, unknown)
            new_original = unknown[0]
        else:
            new_original = min(roots, key=lambda r: nodes[r].key)
        for root in sorted(roots - {new_original}):
            for member_id in sorted(members.get(root, ())):
                set_original(nodes[member_id], new_original)
            if root in nodes:
                set_original(nodes[root], new_original)
            if root not in nodes or nodes[root].stored:
                regrouped[root] = new_original  # stored copies we were not shown point here
        if article.id != new_original and node.duplicate_of != new_original:
            set_original(node, new_original)
        _index(article.id, fp, batch_by_hash, batch_by_band)

    # Chains of re-pointing within one batch resolve to the final original.
    regrouped = {old: original_of(new) for old, new in regrouped.items()}
    stored_updates = {
        n.id: n.duplicate_of
        for n in sorted(nodes.values(), key=lambda n: n.id)
        if n.stored and n.duplicate_of != n.stored_duplicate_of
    }
    articles = [replace(a, duplicate_of=nodes[a.id].duplicate_of) for a in batch]
    return CopyResult(articles, fingerprints, stored_updates, regrouped, matches, errors)


def _checked_fingerprint(article: Article) -> Fingerprint:
    name = article.url or article.id
    if not isinstance(article.text, str):
        raise DedupeError(name, f"text is {type(article.text).__name__}, not a string")
    if article.published is not None and not isinstance(article.published, datetime):
        raise DedupeError(
            name, f"published is {type(article.published).__name__} {article.published!r}, "
            "not a datetime"
        )
    return fingerprint(article.text)


def _index(
    article_id: str,
    fp: Fingerprint,
    by_hash: dict[str, list[str]],
    by_band: dict[str, list[str]],
) -> None:
    """Make a processed batch article findable by the batch articles after it."""
    if fp.content_hash is not None:
        by_hash.setdefault(fp.content_hash, []).append(article_id)
    for key in fp.band_keys:
        by_band.setdefault(key, []).append(article_id)
