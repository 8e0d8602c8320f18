"""Bytes to text: refuse binary content, find the charset, and strip a gzip layer.

Inputs arrive as bytes of unknown provenance: servers mislabel charsets, files carry no
label at all, and a URL or file named like a feed can hold an image. Decoding once,
with rules sturdier than any single parser's, means every reader sees the same text
and binary input is refused with a reason instead of read as mojibake. The gzip layer
(``.xml.gz`` sitemaps, feeds served as ``application/x-gzip``) is removed here too,
under a size cap against gzip bombs.
"""

from __future__ import annotations

import codecs
import re
import zlib

from .base import MAX_SITEMAP_BYTES, SourceError


_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\x7fELF", "ELF executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office document"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"OggS", "Ogg media"),
    (b"ID3\x03", "MP3 audio"),
    (b"ID3\x04", "MP3 audio"),
    (b"wOFF", "WOFF font"),
    (b"wOF2", "WOFF2 font"),
    (b"SQLite format 3\x00", "SQLite database"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)

# Bytes below 0x20 that real text uses: tab, LF, VT, FF, CR, and ESC (ISO-2022).
_TEXT_CONTROLS = frozenset(b"\t\n\x0b\x0c\r\x1b")
# Real text (any language, any legacy encoding) has next to no other C0 controls;
# binary formats are full of them. 10% over the first 8 KiB separates the two with a
# wide margin: text files we have seen with stray controls stay under 1%.
_CONTROL_RATIO_LIMIT = 0.10
_SNIFF_WINDOW = 8192

# Labels that mean "Windows-1252" in practice (WHATWG Encoding Standard): servers say
# iso-8859-1 while sending curly quotes in 0x80-0x9F.
_WHATWG_1252 = {"iso8859-1", "latin-1", "iso-8859-1", "ascii", "us-ascii", "latin1", "l1"}

_XML_DECL_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:\-]+)["']""")
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:\-]+)""", re.I)


def _binary_kind(data: bytes) -> str | None:
    """Why ``data`` is not text, or None when it plausibly is."""
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return f"looks like {name}"
    if data[:4] == b"RIFF" and data[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return f"looks like {data[8:12].decode().strip()} media"
    if data[4:8] == b"ftyp":
        return "looks like MP4 media"
    if any(data.startswith(bom) for bom, _ in _BOMS):
        return None  # UTF-16/32 text legitimately contains NUL bytes
    window = data[:_SNIFF_WINDOW]
    if b"\x00" in window:
        return "contains NUL bytes"
    if window:
        controls = sum(1 for b in window if b < 0x20 and b not in _TEXT_CONTROLS)
        if controls / len(window) > _CONTROL_RATIO_LIMIT:
            return "mostly control characters"
    return None


def _codec(label: str | None) -> str | None:
    """The Python codec for a charset label, or None when the label is unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in _WHATWG_1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _try_decode(data: bytes, codec: str) -> str | None:
    if codec.startswith(("utf-16", "utf-32")):
        return None  # a label without a BOM is almost always a copy-paste mistake
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        if codec == "cp1252":  # the label said latin-1: 0x81, 0x8D... are legal there
            return data.decode("latin-1")
        return None
    except LookupError:
        return None


def _try_declared(data: bytes, label: str | None) -> str | None:
    """Decode with a declared charset, unless the bytes are really UTF-8.

    Mislabelled UTF-8 is the usual mojibake on the web (a server default of
    iso-8859-1, a template's stale meta tag); text in a legacy encoding that happens to
    be valid multi-byte UTF-8 is vanishingly rare. So valid non-ASCII UTF-8 wins over
    any other declared charset.
    """
    codec = _codec(label)
    if codec is None:
        return None
    if codec not in ("utf-8", "utf-8-sig") and not data.isascii():
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
    return _try_decode(data, "utf-8" if codec == "utf-8-sig" else codec)


def _in_document_charset(data: bytes) -> str | None:
    m = _XML_DECL_ENCODING.match(data[:1024])
    if m:
        return m.group(1).decode("ascii")
    m = _META_CHARSET.search(data[:_SNIFF_WINDOW])
    if m:
        return m.group(1).decode("ascii")
    return None


# When charset_normalizer finds several encodings equally clean (the bytes fall in the
# range they share), pick the one most used on the web; without this tie-break it
# chose cp1250 for unlabelled French latin-1 ("Très" came back as "Trčs").
_GUESS_PREFERENCE = ("cp1252", "cp1251", "iso8859_15", "latin_1", "cp1250", "koi8_r", "cp1253")


def _guess(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - charset-normalizer is a hard dependency
        return None
    results = list(from_bytes(data))
    if not results:
        return None
    best = results[0]
    tied = [
        r
        for r in results
        if r.chaos <= best.chaos + 0.01 and r.coherence >= best.coherence - 0.05
    ]
    for preferred in _GUESS_PREFERENCE:
        for r in tied:
            if r.encoding == preferred:
                return str(r)
    return str(best)


def decode_bytes(data: bytes, declared: str | None = None, *, item: str = "input") -> str:
    """Decode bytes of unknown provenance into text, refusing binary content.

    Order: a byte-order mark; the ``declared`` charset (an HTTP header) if it decodes
    cleanly; an in-document declaration (XML prolog, HTML ``<meta charset>`` or
    ``http-equiv``) if it decodes cleanly; strict UTF-8; charset_normalizer's best
    guess (reads cp1251 or latin-1 without any declaration); UTF-8 with replacement
    characters as the last resort. A declared legacy charset loses to valid UTF-8
    (see :func:`_try_declared`).

    Raises :class:`SourceError` for binary content (a known file signature, NUL bytes,
    or mostly control characters), naming ``item``.
    """
    if isinstance(data, str):
        return data
    why = _binary_kind(data)
    if why:
        raise SourceError(item, f"binary content ({why}), not text")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    for label in (declared, _in_document_charset(data)):
        text = _try_declared(data, label)
        if text is not None:
            return text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    guessed = _guess(data)
    if guessed is not None:
        return guessed
    return data.decode("utf-8", errors="replace")


def _charset_from_content_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    m = re.search(r"charset\s*=\s*[\"']?([^\s;\"']+)", content_type, re.I)
    return m.group(1) if m else None


def gunzip_if_compressed(data: bytes, item: str, max_bytes: int = MAX_SITEMAP_BYTES) -> bytes:
    """Bytes as served, with a gzip layer removed if there is one (``.xml.gz`` sitemaps
    and feeds served as ``application/x-gzip`` rather than with Content-Encoding)."""
    return _gunzip(data, item, max_bytes) if data[:2] == b"\x1f\x8b" else data


def _gunzip(data: bytes, item: str, max_bytes: int) -> bytes:
    """Decompress gzip data, refusing output beyond ``max_bytes`` (gzip bombs)."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, max_bytes + 1)
    except zlib.error as exc:
        raise SourceError(item, f"corrupt gzip data: {exc}") from None
    if len(out) > max_bytes:
        raise SourceError(item, f"gzip data expands beyond the {max_bytes // 2**20} MiB limit")
    if not inflater.eof:
        raise SourceError(item, "truncated gzip data")
    return out
