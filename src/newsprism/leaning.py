"""Outlet leanings: the shipped outlet registry, user overrides, story leaning and blindspots.

Where a leaning comes from matters as much as the leaning, so every value here carries
its basis:

* **rated**: the outlet is in the registry, a table shipped with newsprism
  (``data/outlets.csv``: domain, aliases, name, country, five-point leaning, owner, and
  the reason for the rating) which users extend, override or replace with their own CSV
  or TOML file. The method behind the shipped ratings is in ``docs/leaning.md``.
* **estimated**: the registry does not know the outlet and the text classifier
  (:mod:`newsprism.leaning_model`, optional) guessed from the article text.
* **unknown**: neither. An unknown outlet is shown as unknown, never silently "center":
  an unrated outlet counted as centrist would make every story look balanced.

The story rules (:func:`story_leaning`: the label and the blindspot flag) are pure
functions of the articles' leanings with their thresholds documented below and in
``docs/leaning.md``, so a user can check any story page by hand.
"""

from __future__ import annotations

import csv
import re
import tomllib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from dataclasses import replace as _replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from anyascii import anyascii

from .records import NewsprismError

#: The five-point scale of the registry, left to right.
LEANINGS = ("left", "lean-left", "center", "lean-right", "right")
#: The three sides of the story counts, plus "unknown" for unrated articles.
SIDES = ("left", "center", "right", "unknown")
#: Five-point leaning -> side. Anything else (unknown, estimated-but-missing) is "unknown".
SIDE_OF = {"left": "left", "lean-left": "left", "center": "center", "lean-right": "right", "right": "right"}
#: Five-point leaning -> position on the -2..+2 scale used by the story label.
SCORE = {"left": -2, "lean-left": -1, "center": 0, "lean-right": 1, "right": 2}
#: Story labels, in the order the rule checks them.
STORY_LABELS = ("unknown", "mixed", "left", "lean-left", "center", "lean-right", "right")

COLUMNS = ("domain", "aliases", "name", "country", "leaning", "owner", "basis")

# --------------------------------------------------------------------------- story rule constants
#: A story gets a label only when at least this many independent articles are rated ...
MIN_RATED_ARTICLES = 2
#: ... and the rated ones are at least this share of its independent articles. Below it,
#: the unrated majority could hold any mix, so the label would be a guess about them.
MIN_RATED_SHARE = 0.5
#: The mean leaning is rounded to the nearest point of the five-point scale: |mean| below
#: 0.5 is center, below 1.5 lean-*, from 1.5 left/right.
CENTER_BAND = 0.5
FULL_BAND = 1.5
#: "mixed" replaces "center" when the centred mean is an average of two camps: both the
#: left and the right side hold at least this share of the rated articles.
MIXED_SIDE_SHARE = 0.25
#: Blindspot: one side is missing when the other side has at least BLINDSPOT_MIN_SOURCES
#: independent sources and at least BLINDSPOT_RATIO times as many as the missing side,
#: which has at most BLINDSPOT_MAX_MISSING. So 3:0 and 4:1 flag; 2:0, 3:1 and 8:2 do not
#: (two sources on a side are real coverage, not a blindspot).
BLINDSPOT_MIN_SOURCES = 3
BLINDSPOT_RATIO = 4
BLINDSPOT_MAX_MISSING = 1
#: Sources of unknown leaning could be on either side: no blindspot is claimed unless at
#: least this share of the story's sources are rated.
BLINDSPOT_MIN_RATED_SHARE = 0.5

# --------------------------------------------------------------------------- estimate constants
#: Confidence of ``estimate_leaning`` when the outlet is rated, per five-point rating:
#: how often the registry's side for outlets with that rating matches Media Bias/Fact
#: Check's side where both rate the outlet (``python -m benchmarks.outlets``, the
#: emnlp18 and acl2020 tables pooled by domain, lean-* counted as left/right), smoothed
#: as (agree+1)/(n+2). Measured on 262 shared outlets: left 52/52, lean-left 40/43,
#: center 50/94 (MBFC rates most mainstream outlets we call center as left-center),
#: lean-right 20/25, right 47/48. A rating describes the outlet, not this article, so
#: it never reaches 1.0.
OUTLET_CONFIDENCE = {"left": 0.98, "lean-left": 0.91, "center": 0.53, "lean-right": 0.78, "right": 0.96}

UNKNOWN_ESTIMATE: dict[str, Any] = {"leaning": "unknown", "confidence": 0.0, "basis": "none"}

_SHIPPED = "outlets.csv"
_DOMAIN_RE = re.compile(r"^(?=.{3,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$")
_WWW_RE = re.compile(r"^(?:www\d*|m|amp|mobile)\.")
#: Source names that say nothing about the outlet ("local" is what files without a URL get).
_NO_OUTLET = frozenset({"", "local", "unknown", "none"})


class RegistryError(NewsprismError):
    """A bad outlet table: ``item`` names the file and line, ``reason`` what is wrong."""

    stage = "leaning"


@dataclass(frozen=True)
class Outlet:
    """One rated outlet. ``origin`` is the file the row came from (shipped table or a user's)."""

    domain: str
    name: str
    leaning: str
    country: str = ""
    owner: str = ""
    basis: str = ""
    aliases: tuple[str, ...] = ()
    origin: str = ""

    @property
    def side(self) -> str:
        """The three-way side: lean-left counts as left, lean-right as right."""
        return SIDE_OF[self.leaning]

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["aliases"] = list(self.aliases)
        out["side"] = self.side
        return out


# --------------------------------------------------------------------------- normalisation


def normalize_domain(value: str) -> str | None:
    """The registry key of a URL or host: lower-case, no scheme/port/path, no ``www.``.

    Returns None when ``value`` is not a host name (a name like "The Hill" is not).
    """
    s = value.strip().lower()
    if not s or any(c.isspace() for c in s):
        return None
    if "://" not in s:
        s = "//" + s
    try:
        host = urlsplit(s).hostname or ""
    except ValueError:
        return None
    host = host.rstrip(".")
    while _WWW_RE.match(host) and host.count(".") >= 2:
        host = _WWW_RE.sub("", host, count=1)
    return host if _DOMAIN_RE.match(host) else None


def name_key(value: str) -> str:
    """How outlet names are compared: ASCII-folded, case-folded, punctuation dropped,
    "&" read as "and", a leading "the" ignored ("The Hill" == "the hill" == "Hill")."""
    s = anyascii(value).casefold().replace("&", " and ")
    s = " ".join(re.sub(r"[^a-z0-9]+", " ", s).split())
    return s.removeprefix("the ")


def _name_fallbacks(value: str) -> Iterator[str]:
    """Looser keys tried after the exact name: without a "(section)" or " - section" tail,
    so "Reuters (UK)" and "Fox News - Politics" find their outlet."""
    s = value.strip()
    stripped = re.sub(r"\s*\([^)]*\)\s*$", "", s)
    if stripped != s and stripped:
        yield name_key(stripped)
    head = re.split(r"\s+[-–—|:]\s+", s, maxsplit=1)[0]
    if head != s and head:
        yield name_key(head)


def _normalize_leaning(value: str) -> str:
    s = re.sub(r"[\s_]+", "-", value.strip().lower()).replace("centre", "center")
    return {"center-left": "lean-left", "center-right": "lean-right", "left-center": "lean-left",
            "right-center": "lean-right", "unrated": "unknown"}.get(s, s)


# --------------------------------------------------------------------------- the registry


class Registry:
    """Outlets by domain, with lookup by URL, host, subdomain, name or alias.

    Later outlets win: building a registry from the shipped table followed by a user's
    rows overrides the shipped ratings for the domains (and names) the user lists.
    """

    def __init__(self, outlets: Iterable[Outlet], sources: Sequence[str] = ()):
        self._by_domain: dict[str, Outlet] = {}
        for o in outlets:
            self._by_domain[o.domain] = o
        self.sources = tuple(sources)
        self._domains: dict[str, str] = {}
        self._names: dict[str, str] = {}
        for o in self._by_domain.values():
            for key in (o.name, *o.aliases):
                dom = normalize_domain(key) if "." in key else None
                if dom:
                    self._domains[dom] = o.domain
                self._names[name_key(key)] = o.domain
            self._names[name_key(o.domain)] = o.domain
        for d in self._by_domain:  # a primary domain always beats another outlet's alias
            self._domains[d] = d

    def __len__(self) -> int:
        return len(self._by_domain)

    def __iter__(self) -> Iterator[Outlet]:
        return iter(sorted(self._by_domain.values(), key=lambda o: o.domain))

    def __contains__(self, source: object) -> bool:
        return isinstance(source, str) and self.lookup(source) is not None

    def get(self, domain: str) -> Outlet | None:
        """The outlet whose primary domain is exactly ``domain`` (normalised)."""
        d = normalize_domain(domain)
        return self._by_domain.get(d) if d else None

    def lookup(self, source: str | None) -> Outlet | None:
        """The outlet behind a URL, a host, a subdomain, or a name/alias; None if unknown.

        Hosts are matched from the most specific down to the registered domain:
        ``politicalticker.blogs.cnn.com`` finds cnn.com, while ``frontline.thehindu.com``
        (rated on its own) is found before thehindu.com. Names compare with
        :func:`name_key`; a name with a "(section)" or " - section" tail falls back to
        the part before it.
        """
        if not source or not isinstance(source, str) or source.strip().lower() in _NO_OUTLET:
            return None
        host = normalize_domain(source)
        if host:
            labels = host.split(".")
            for i in range(len(labels) - 1):
                d = self._domains.get(".".join(labels[i:]))
                if d:
                    return self._by_domain[d]
        key = name_key(source)
        d = self._names.get(key)
        if d is None:
            for alt in _name_fallbacks(source):
                d = self._names.get(alt)
                if d:
                    break
        return self._by_domain[d] if d else None

    def merged(self, outlets: Iterable[Outlet], removed: Iterable[str] = (), source: str = "") -> Registry:
        """A new registry: these outlets added or replacing, ``removed`` domains dropped."""
        gone = set(removed)
        kept = [o for d, o in self._by_domain.items() if d not in gone]
        return Registry([*kept, *outlets], sources=(*self.sources, source) if source else self.sources)


def shipped_path() -> Path:
    """Path of the outlet table that ships with newsprism."""
    return Path(str(resources.files("newsprism") / "data" / _SHIPPED))


def load_registry(
    extra: Path | str | Sequence[Path | str] | None = None,
    replace: Path | str | None = None,
) -> Registry:
    """The outlet registry: the shipped table (or ``replace``), then ``extra`` on top.

    ``replace``: a CSV/TOML table used *instead of* the shipped one (another rating
    scheme entirely). ``extra``: one or more CSV/TOML files applied in order; a row for
    a domain already in the table overrides it, a new domain is added. Override rows
    need only ``domain`` and ``leaning``: empty fields keep the existing row's values,
    and ``leaning = "unknown"`` removes the outlet (it will then show as unknown).
    Raises :class:`RegistryError` naming the file and line of any bad row.
    """
    base_path = Path(replace) if replace is not None else shipped_path()
    base_outlets, removed = _read_table(base_path, existing=None)
    registry = Registry(base_outlets, sources=(str(base_path),))
    if removed:
        raise RegistryError(f"{base_path}", "a base table cannot mark outlets 'unknown' (there is nothing to remove)")
    extras: list[Path | str]
    if extra is None:
        extras = []
    elif isinstance(extra, (str, Path)):
        extras = [extra]
    else:
        extras = list(extra)
    for p in extras:
        path = Path(p)
        outlets, removed = _read_table(path, existing=registry)
        registry = registry.merged(outlets, removed, source=str(path))
    return registry


@lru_cache(maxsize=8)
def _cached_registry(extra: tuple[str, ...], replace: str | None, stamp: tuple[float, ...]) -> Registry:
    return load_registry(list(extra) or None, replace)


def default_registry(extra: Sequence[Path | str] = (), replace: Path | str | None = None) -> Registry:
    """:func:`load_registry`, cached until one of the files changes (for per-article calls)."""
    paths = [Path(p) for p in extra] + ([Path(replace)] if replace else [shipped_path()])
    stamp = tuple(p.stat().st_mtime if p.exists() else -1.0 for p in paths)
    return _cached_registry(tuple(str(p) for p in extra), str(replace) if replace else None, stamp)


@lru_cache(maxsize=65536)  # the shipped table: it does not change while the process runs
def is_news_outlet(name: str) -> bool:
    """Whether a name is a news outlet's (the shipped table's names and aliases): "CNN said
    ...", "told the Financial Times". The stories' sources, not their subjects: neither a
    Top Keyword unless a headline names it, nor a "What is" question (on stories-2021, 13
    of 122 unanswered "What is" questions of 100 stories had asked about outlets). The
    broadcast networks' bare names too, which rate no article (an article credited to "ABC"
    could be the American or the Australian one): "What is CBS?" was asked of 7 stories-2021
    stories and answered "news cameras from ABC, CBS, and NBC were nowhere to be found".
    And a newspaper's name cut to its last word ("the Post reported"): stories-2021 asked
    "What is the Post?", answered by a sentence listing The Washington Post among outlets."""
    return name.strip() in _NETWORK_NAMES or name.strip() in _PAPER_HEADS or default_registry().lookup(name) is not None


#: Networks' names without "News" (see :func:`is_news_outlet`).
_NETWORK_NAMES = frozenset({"ABC", "CBS", "NBC", "Fox", "PBS", "CNBC", "MSNBC", "CNN"})
#: The last words of newspapers' names, which stories write alone for the paper ("the Post",
#: "the Journal"): no other organisation goes by one of them alone. ("Times" is a name of
#: its own in the outlet table.)
_PAPER_HEADS = frozenset({"Post", "Journal", "Herald", "Tribune", "Globe", "Gazette", "Chronicle", "Inquirer",
                          "Examiner", "Telegraph"})


# --------------------------------------------------------------------------- reading tables


def registry_for(settings: Any) -> Registry:
    """The registry a data folder uses: the shipped table (or ``outlets_replace``), then the
    user's ``outlets_file``, then an ``outlets.csv`` inside the data folder (the demo puts its
    invented outlets there, so the CLI and the web server rate them alike)."""
    extra: list[str] = [settings.outlets_file] if getattr(settings, "outlets_file", None) else []
    local = Path(settings.data_dir) / "outlets.csv"
    if local.is_file():
        extra.insert(0, str(local))
    return default_registry(extra=extra, replace=getattr(settings, "outlets_replace", None))


def _read_table(path: Path, existing: Registry | None) -> tuple[list[Outlet], list[str]]:
    """Rows of a CSV or TOML outlet table -> (outlets, domains marked unknown)."""
    if not path.is_file():
        raise RegistryError(str(path), "outlet table not found (give a CSV or TOML file)")
    suffix = path.suffix.lower()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RegistryError(str(path), f"cannot read the outlet table: {exc}") from exc
    if suffix == ".csv":
        rows = _csv_rows(path, text)
    elif suffix == ".toml":
        rows = _toml_rows(path, text)
    else:
        raise RegistryError(str(path), f"unsupported outlet table format {suffix or '(no extension)'!r}: use .csv or .toml")
    return _build_outlets(path, rows, existing)


def _csv_rows(path: Path, text: str) -> list[tuple[str, dict[str, str]]]:
    reader = csv.reader(text.splitlines())
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise RegistryError(f"{path}:1", "the file is empty (expected a header row with domain,leaning,...)") from None
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        raise RegistryError(f"{path}:1", f"unknown column(s) {', '.join(map(repr, unknown))}; allowed: {', '.join(COLUMNS)}")
    for required in ("domain", "leaning"):
        if required not in header:
            raise RegistryError(f"{path}:1", f"the header has no {required!r} column")
    rows = []
    for fields in reader:
        where = f"{path}:{reader.line_num}"
        if not any(f.strip() for f in fields):
            continue
        if fields[0].lstrip().startswith("#"):
            continue
        if len(fields) != len(header):
            raise RegistryError(where, f"expected {len(header)} fields ({','.join(header)}), found {len(fields)}"
                                " (quote fields that contain commas)")
        rows.append((where, {h: f.strip() for h, f in zip(header, fields)}))
    return rows


def _toml_rows(path: Path, text: str) -> list[tuple[str, dict[str, str]]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(str(path), f"not valid TOML: {exc}") from exc
    tables = data.get("outlet")
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise RegistryError(str(path), "expected [[outlet]] tables (domain = ..., leaning = ...)")
    extra_keys = sorted(set(data) - {"outlet"})
    if extra_keys:
        raise RegistryError(str(path), f"unexpected top-level key(s) {', '.join(extra_keys)}: only [[outlet]] tables are read")
    # tomllib keeps no positions: find the line of each [[outlet]] header for the messages.
    lines = [i for i, ln in enumerate(text.splitlines(), 1) if re.match(r"\s*\[\[\s*outlet\s*\]\]", ln)]
    rows = []
    for n, table in enumerate(tables):
        where = f"{path}:{lines[n]}" if n < len(lines) else f"{path}: [[outlet]] #{n + 1}"
        unknown = sorted(set(table) - set(COLUMNS))
        if unknown:
            raise RegistryError(where, f"unknown key(s) {', '.join(unknown)}; allowed: {', '.join(COLUMNS)}")
        row: dict[str, str] = {}
        for k, v in table.items():
            if k == "aliases" and isinstance(v, list) and all(isinstance(a, str) for a in v):
                row[k] = "|".join(a.strip() for a in v)
            elif isinstance(v, str):
                row[k] = v.strip()
            else:
                raise RegistryError(where, f"{k} must be a string{' or a list of strings' if k == 'aliases' else ''}")
        rows.append((where, row))
    return rows


def _build_outlets(
    path: Path, rows: list[tuple[str, dict[str, str]]], existing: Registry | None,
) -> tuple[list[Outlet], list[str]]:
    outlets: list[Outlet] = []
    removed: list[str] = []
    seen_domain: dict[str, str] = {}
    seen_name: dict[str, tuple[str, str]] = {}
    for where, row in rows:
        raw_domain = row.get("domain", "")
        if not raw_domain:
            raise RegistryError(where, "domain is empty")
        domain = normalize_domain(raw_domain)
        if not domain:
            raise RegistryError(where, f"domain {raw_domain!r} is not a host name like example.com")
        if domain in seen_domain:
            raise RegistryError(where, f"domain {domain} is already listed at {seen_domain[domain]}")
        seen_domain[domain] = where
        leaning = _normalize_leaning(row.get("leaning", ""))
        if leaning == "unknown":
            removed.append(domain)
            continue
        if leaning not in LEANINGS:
            raise RegistryError(where, f"leaning {row.get('leaning', '')!r} is not one of {', '.join(LEANINGS)}"
                                " (or 'unknown' to remove an outlet)")
        base = existing.get(domain) if existing is not None else None
        aliases = tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip())
        outlet = Outlet(
            domain=domain,
            name=row.get("name") or (base.name if base else domain),
            leaning=leaning,
            country=(row.get("country") or (base.country if base else "")).upper(),
            owner=row.get("owner") or (base.owner if base else ""),
            basis=row.get("basis") or (base.basis if base else ""),
            aliases=aliases or (base.aliases if base else ()),
            origin=str(path),
        )
        if base is not None and not row.get("basis"):
            outlet = _replace(outlet, basis=f"{base.basis} [leaning overridden in {path.name}]".strip())
        for key in {name_key(k) for k in (outlet.name, *outlet.aliases)} - {""}:
            other = seen_name.get(key)
            if other and other[0] != domain:
                raise RegistryError(where, f"name or alias {key!r} of {domain} is already used by {other[0]} at {other[1]}")
            seen_name[key] = (domain, where)
        outlets.append(outlet)
    return outlets, removed


# --------------------------------------------------------------------------- articles


def article_leaning(source: str | None, *, registry: Registry | None = None) -> tuple[str, str]:
    """(five-point leaning or "unknown", basis "rated" or "unknown") of an article's outlet.

    Only the registry is consulted: an unknown outlet stays "unknown" here (the text
    estimate, basis "estimated", is a separate, explicit step: :func:`estimate_leaning`).
    """
    outlet = (registry or default_registry()).lookup(source)
    return (outlet.leaning, "rated") if outlet else ("unknown", "unknown")


def rate_heads(heads: Iterable[Mapping[str, Any]], registry: Registry,
               cache: dict[str, tuple[str, str, str]] | None = None) -> Iterator[dict[str, Any]]:
    """Articles as story leaning and virality read them, from their heads alone (no text):
    ``id``, ``story_id``, ``published``, ``duplicate_of``, ``source`` (the outlet's domain, so
    "Fox News" and foxnews.com count as one source), its rated ``leaning`` (or "unknown")
    and ``country``. The home feed's cards and a story page's virality both use it, so a
    story shows the same numbers in both places. ``cache`` keeps lookups by source across
    calls (outlets repeat across an archive)."""
    cache = {} if cache is None else cache
    for h in heads:
        source, url = h.get("source") or "", h.get("url") or ""
        hit = cache.get(source)
        if hit is None:
            outlet = registry.lookup(source) or registry.lookup(url)
            key = outlet.domain if outlet else (normalize_domain(source) or source.lower())
            hit = (outlet.leaning, outlet.country or "", key) if outlet else ("unknown", "", key)
            if outlet or not url:  # an unrated source may still be rated through another URL
                cache[source] = hit
        yield {"id": h.get("id"), "story_id": h.get("story_id"), "published": h.get("published"),
               "duplicate_of": h.get("duplicate_of"), "source": hit[2], "leaning": hit[0], "country": hit[1]}


def estimate_leaning(text: str, source: str | None = None, *, registry: Registry | None = None) -> dict[str, Any]:
    """Guess the side of an article: from its outlet's rating, else from its text.

    Returns ``{"leaning": "left"|"center"|"right", "confidence": 0..1, "basis":
    "outlet"|"text"}`` (the library contract). The five-point rating collapses to three
    sides here (lean-left -> left); the full rating is added as ``"rating"`` with the
    ``"outlet"`` domain. The outlet's confidence is the measured agreement of that rating
    with an independent rating table (:data:`OUTLET_CONFIDENCE`).

    When the registry does not know the outlet, the text classifier of
    :mod:`newsprism.leaning_model` decides (basis "text"). When that is not installed,
    or there is no text, the answer is ``{"leaning": "unknown", "confidence": 0.0,
    "basis": "none"}``: never a silent "center".
    """
    if source:
        outlet = (registry or default_registry()).lookup(source)
        if outlet is not None:
            return {"leaning": outlet.side, "confidence": OUTLET_CONFIDENCE[outlet.leaning], "basis": "outlet",
                    "rating": outlet.leaning, "outlet": outlet.domain}
    if not text or not text.strip():
        return dict(UNKNOWN_ESTIMATE)
    try:
        from .leaning_model import predict_text
    except ImportError:
        return dict(UNKNOWN_ESTIMATE)
    return _text_estimate(predict_text(text))


def _text_estimate(result: Any) -> dict[str, Any]:
    """The classifier's answer in the contract's shape (a dict or a (label, confidence) pair)."""
    if isinstance(result, Mapping):
        label, conf = result.get("leaning"), result.get("confidence")
    elif isinstance(result, (tuple, list)) and len(result) == 2:
        label, conf = result
    else:
        return dict(UNKNOWN_ESTIMATE)
    label = SIDE_OF.get(str(label), str(label))
    if label not in ("left", "center", "right") or not isinstance(conf, (int, float)):
        return dict(UNKNOWN_ESTIMATE)
    out = dict(result) if isinstance(result, Mapping) else {}
    out.update({"leaning": label, "confidence": max(0.0, min(1.0, float(conf))), "basis": "text"})
    return out


# --------------------------------------------------------------------------- stories


def _get(article: Any, name: str) -> Any:
    return article.get(name) if isinstance(article, Mapping) else getattr(article, name, None)


def outlet_key(article: Any) -> str:
    """Who published an article, as independent sources are counted everywhere (story
    stats, story rows, leaning, the timeline): the outlet's domain or name key; an article
    whose source names no outlet ("local": a file without a URL) is a source of its own."""
    source = str(_get(article, "source") or "").strip()
    if source.lower() in _NO_OUTLET:
        return f"article:{_get(article, 'id')}"  # no outlet named: the article is its own source
    return normalize_domain(source) or name_key(source) or source.lower()


def story_leaning(articles: Iterable[Any]) -> dict[str, Any]:
    """Leaning of a story from its articles' leanings: counts, distribution, label, blindspot.

    ``articles``: dicts (or objects) with ``id``, ``source``, ``duplicate_of`` and
    ``leaning`` (five-point or "unknown"). A copy (``duplicate_of`` naming another
    article of the story) is not independent coverage and is not counted; a copy whose
    original is outside the story counts in its place.

    Returns ``leaning`` (the label), ``leaning_counts`` (independent articles per side:
    left, center, right, unknown), ``source_counts`` (distinct outlets per side),
    ``distribution`` (share of independent articles per side, unknown included, sums to
    1), ``score`` (mean of the rated articles on the -2..+2 scale, or None), ``rated``
    and ``independent`` (article counts), and ``blindspot`` (None, or the side that is
    missing: "left" means the story is covered by the right and not by the left).

    **The label rule**, over the independent articles:

    1. ``unknown`` when fewer than 2 are rated, or fewer than 50 % of them are.
    2. Otherwise the mean *m* of the rated ones on left=-2, lean-left=-1, center=0,
       lean-right=+1, right=+2, rounded to the nearest point: |m| < 0.5 center,
       0.5 <= |m| < 1.5 lean-left/lean-right, |m| >= 1.5 left/right.
    3. A centred mean that averages two camps is ``mixed``: |m| < 0.5 and both the left
       (left + lean-left) and the right (lean-right + right) hold >= 25 % of the rated.

    **The blindspot rule**, over distinct outlets: the side with fewer sources is missing
    when the other side has >= 3 sources and >= 4 times as many, and the missing side
    has at most 1 (3:0 and 4:1 flag; 2:0 and 3:1 do not); only when at least half of
    the story's outlets are rated, since unrated outlets could be on either side.
    """
    arts = list(articles)
    ids = {_get(a, "id") for a in arts}
    originals = [a for a in arts if not _get(a, "duplicate_of") or _get(a, "duplicate_of") not in ids]
    counts: Counter[str] = Counter()
    outlets: dict[str, set[str]] = {side: set() for side in SIDES}
    scores: list[int] = []
    for a in originals:
        leaning = str(_get(a, "leaning") or "unknown")
        side = SIDE_OF.get(leaning, "unknown")
        counts[side] += 1
        outlets[side].add(outlet_key(a))
        if leaning in SCORE:
            scores.append(SCORE[leaning])
    # An outlet rated somewhere in the story is not also an unknown source.
    outlets["unknown"] -= outlets["left"] | outlets["center"] | outlets["right"]
    n, rated = len(originals), len(scores)
    mean = sum(scores) / rated if rated else None
    label = _label(n, rated, mean, counts)
    source_counts = {side: len(outlets[side]) for side in SIDES}
    return {
        "leaning": label,
        "leaning_counts": {side: counts.get(side, 0) for side in SIDES},
        "source_counts": source_counts,
        "distribution": {side: (round(counts.get(side, 0) / n, 4) if n else 0.0) for side in SIDES},
        "score": round(mean, 4) if mean is not None else None,
        "rated": rated,
        "independent": n,
        "blindspot": _blindspot(source_counts),
    }


def _label(n: int, rated: int, mean: float | None, counts: Mapping[str, int]) -> str:
    if mean is None or rated < MIN_RATED_ARTICLES or rated / n < MIN_RATED_SHARE:
        return "unknown"
    if abs(mean) < CENTER_BAND:
        left, right = counts.get("left", 0) / rated, counts.get("right", 0) / rated
        return "mixed" if left >= MIXED_SIDE_SHARE and right >= MIXED_SIDE_SHARE else "center"
    if abs(mean) < FULL_BAND:
        return "lean-left" if mean < 0 else "lean-right"
    return "left" if mean < 0 else "right"


def _blindspot(sources: Mapping[str, int]) -> str | None:
    total = sum(sources.values())
    rated = total - sources.get("unknown", 0)
    if not total or rated / total < BLINDSPOT_MIN_RATED_SHARE:
        return None
    left, right = sources.get("left", 0), sources.get("right", 0)
    for covered, missing, side in ((left, right, "right"), (right, left, "left")):
        if covered >= BLINDSPOT_MIN_SOURCES and missing <= BLINDSPOT_MAX_MISSING and covered >= BLINDSPOT_RATIO * missing:
            return side
    return None


__all__ = [
    "LEANINGS",
    "SCORE",
    "SIDES",
    "SIDE_OF",
    "Outlet",
    "Registry",
    "RegistryError",
    "article_leaning",
    "default_registry",
    "estimate_leaning",
    "load_registry",
    "name_key",
    "normalize_domain",
    "outlet_key",
    "rate_heads",
    "registry_for",
    "shipped_path",
    "story_leaning",
]
