"""Entities on real articles: names in Title Case headlines, people with generational suffixes.

Run from the repository root::

    python -m benchmarks.entities [--articles 600] [--seed 7] [--list] [--top N]
    python -m benchmarks.entities --people
    python -m benchmarks.entities --types [--articles 400] [--seed 5] [--list]
    python -m benchmarks.entities --short-names
    python -m benchmarks.entities --acronyms

**Headlines** (the default): NER over Title Case headlines as written against in sentence case.

The small English model reads a run of capitalised words as one name, and many headlines are
Title Case: "Obama Endorses Biden For President" gave a person "Obama Endorses Biden".
``entities.ner_text`` gives NER the headline in sentence case (``entities.headline_case``:
only words the body itself writes in lower case, and never capitalised, lose their capital).
No data set marks the names in headlines, so this scores a proxy on real articles
(``allsides-articles``, a random sample): a headline mention is **confirmed** when its name
(``entities.surface_form``) appears as written in the article's body, where the reporter wrote
it in a sentence; a mention the body never writes is mostly a run-on ("Trump Blasts", "Congress
Ushers"), sometimes a real name only the headline uses. Both ways run in the same process on
the same articles: the NER input is the only difference. Also printed: how many confirmed
names each way finds that the other does not (``--list`` prints them, and the names the body
does not confirm that only one way finds: junk removed, or a real name lost). ``--top N``
prints the sample's N canonical entities in most articles, to read for junk.

**People** (``--people``): every full name with a generational suffix ("Donald Trump Jr.",
"John G. Roberts Jr.", "Joe Manchin III") or middle initials ("George H.W. Bush") that a
pattern finds in the bodies of all the articles, and the same names written without their
initials where the article writes them so ("George Bush"), resolved as person mentions the
way the store resolves names; counted: the canonical entities that hold full names of more than one
surname, or with different middle initials (two people made one).

**Types** (``--types``): NER with and without the context cues of ``entity_cues`` (a mention's
label corrected by the words around it: "in Alder Bay", "Drenovo, a farming town"), on the
sample and on the demo corpus, each resolved into canonical entities the store's way. Printed:
how many mentions the cues relabelled (from -> to), and every canonical entity whose type
changed, with its articles, to be read: no data set marks entity types, so whether each
change is right is judged by reading it (BENCHMARKS.md records the reading).

**Acronyms** (``--acronyms``): every acronym an article joins to the name it spells out
("Food and Drug Administration (FDA)", or the bare "FDA" beside it), by pair, and the
entities all of AllSides roundups train resolve into that hold an acronym and a name of
several words (bare acronyms of other articles joined by ``entities.resolve_groups``' step
4), to be read.

**Short names** (``--short-names``): every one-word name that ``entities`` made the short name
of an organisation its article names in full ("NBC" of "NBC News"), over the articles of
AllSides roundups ``train`` (NER mentions cached by ``benchmarks.labels``), counted by pair,
to be read: no data set marks them either.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--articles", type=int, default=600)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--top", type=int, default=0, metavar="N",
                    help="also print the sample's N canonical entities in most articles (to read for junk)")
    ap.add_argument("--people", action="store_true",
                    help="count people with suffixes or middle initials made one instead")
    ap.add_argument("--types", action="store_true",
                    help="entity types with and without the context cues of entity_cues, on the sample and the demo")
    ap.add_argument("--short-names", action="store_true",
                    help="every organisation short name made in AllSides roundups train, to read")
    ap.add_argument("--acronyms", action="store_true",
                    help="acronyms joined to the names they spell out in AllSides roundups train, to read")
    ap.add_argument("--list", action="store_true",
                    help="print the names only one way finds (confirmed by the body, then not)")
    args = ap.parse_args(argv)
    if args.acronyms:
        n_articles, pairs, joined, n_entities = acronyms()
        print(f"{n_articles} AllSides roundup articles (train): {sum(pairs.values())} acronyms joined to a name "
              f"their article spells out, {len(pairs)} distinct pairs; resolved together, {n_entities} entities, "
              f"{len(joined)} of them holding an acronym and a name of several words")
        for (acronym, full), k in pairs.most_common():
            print(f"  {k:4d} {acronym!r:10s} -> {full!r}")
        print("entities holding an acronym and a name of several words (articles, name, type, acronyms):")
        for e, acr in joined:
            print(f"  {len(e.articles):4d} {e.name!r:48s} {e.type:12s} {acr}")
        return 0
    if args.short_names:
        n_articles, pairs = short_names()
        print(f"{n_articles} AllSides roundup articles (train): {sum(pairs.values())} short names attached, "
              f"{len(pairs)} distinct")
        for (short, full), k in pairs.most_common():
            print(f"  {k:4d} {short!r:16s} -> {full!r}")
        return 0
    if args.articles < 1 or args.top < 0:
        ap.error("--articles must be at least 1, --top 0 (off) or more")
    path = args.shared / "data" / "allsides-articles" / "articles.jsonl.gz"
    if not path.exists():
        print(f"{path} not found", file=sys.stderr)
        return 2
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        rows = [r for r in map(json.loads, fh) if r.get("title") and r.get("content_original")]
    if args.people:
        merged, total = people_merges(rows)
        print(f"{len(rows)} AllSides articles: {total} people named with a suffix or middle initials; "
              f"{len(merged)} of them hold full names of more than one surname or other middle initials")
        for e in merged[: 40 if args.list else 10]:
            print(f"  {len(e.articles):4d} {e.name!r:32s} {list(e.aliases)[:6]}")
        return 0
    rows = random.Random(args.seed).sample(rows, min(args.articles, len(rows)))
    if args.types:
        demo = REPO / "src" / "newsprism" / "data" / "demo" / "articles.jsonl"
        demo_rows = [json.loads(line) for line in demo.read_text(encoding="utf-8").splitlines() if line.strip()]
        for name, docs in ((f"{len(rows)} AllSides articles (seed {args.seed})",
                            [(str(r["ID"]), r["title"], r["content_original"]) for r in rows]),
                           (f"the demo corpus ({len(demo_rows)} articles)",
                            [(r["url"], r["title"], r["text"]) for r in demo_rows])):
            _print_type_changes(name, *type_changes(docs), full=args.list)
        return 0
    report, mentions = measure(rows)
    print(f"{len(rows)} AllSides articles (seed {args.seed}); {report['sentence_cased']} headlines changed by "
          f"headline_case")
    for way in ("as_written", "sentence_case"):
        r = report[way]
        print(f"  {way:14s} headline mentions {r['mentions']:4d}: confirmed by the body {r['confirmed']:4d}, "
              f"not {r['unconfirmed']:4d} ({r['unconfirmed'] / max(1, r['mentions']):.1%})")
    print(f"  confirmed names only as written: {len(report['only_as_written'])}, "
          f"only in sentence case: {len(report['only_sentence_case'])}")
    if args.list:
        for way in ("only_as_written", "only_sentence_case", "unconfirmed_only_as_written",
                    "unconfirmed_only_sentence_case"):
            print(f"{way}:")
            for title, name in report[way]:
                print(f"  {name!r:40s} | {title[:90]}")
    if args.top:
        for e in top_entities(rows, mentions, args.top):
            print(f"  {len(e.articles):4d} {e.type:12s} {e.name!r:32s} aliases {list(e.aliases)[:6]}")
    return 0


def short_names() -> tuple[int, "Counter[tuple[str, str]]"]:
    """(articles read, Counter of (short name, the organisation's full name)) on AllSides
    roundups train: each article's local entities, as the store makes them."""
    from collections import Counter

    from benchmarks import labels
    from newsprism import entities

    stories = labels.load("train")
    mentions = labels._mentions("train", stories, labels.DATA)
    pairs: Counter = Counter()
    n = 0
    for story in stories:
        for art in story["articles"]:
            found = mentions.get(art["id"])
            if found is None:
                continue
            n += 1
            for loc in entities.localize([(art["id"], found)]):
                if loc.short:
                    full = max((f for f in loc.forms if f not in loc.short), key=lambda f: (loc.forms[f], len(f), f))
                    pairs.update((short, full) for short in loc.short)
    return n, pairs


def acronyms() -> tuple[int, "Counter[tuple[str, str]]", list, int]:
    """On AllSides roundups train: (articles read, Counter of (acronym, the name its article
    spells out) for every acronym an article joins to a name, the entities of all articles
    resolved together that hold an acronym and a name of several words, with those acronyms,
    most articles first, and the number of entities)."""
    from collections import Counter

    from benchmarks import labels
    from newsprism import entities, names

    stories = labels.load("train")
    mentions = labels._mentions("train", stories, labels.DATA)
    docs = [(art["id"], mentions[art["id"]]) for story in stories for art in story["articles"]
            if art["id"] in mentions]
    def shape(form: str) -> bool:  # "FDA" or "F.D.A."
        return bool(names.ACRONYM.fullmatch(form) or entities._DOTTED.match(form))

    pairs: Counter = Counter()
    for aid, found in docs:
        for loc in entities.localize([(aid, found)]):
            for short in loc.short:
                if shape(short):
                    full = max((f for f in loc.forms if f not in loc.short), key=lambda f: (loc.forms[f], len(f), f))
                    if entities._spells_out(full, short):  # not "NBC" of "NBC News", a first word
                        pairs[(short, full)] += 1
    resolved = entities.resolve_entities(docs)
    joined = [(e, [a for a in e.aliases if shape(a)]) for e in resolved]
    joined = [(e, acr) for e, acr in joined if acr and any(" " in a for a in e.aliases)]
    joined.sort(key=lambda ea: (-len(ea[0].articles), ea[0].name))
    return len(docs), pairs, joined, len(resolved)


_SUFFIXED = re.compile(r"\b[A-Z][a-z]+(?: [A-Z]\.)* [A-Z][a-z]+,? (?:Jr|Sr)\.?|\b[A-Z][a-z]+ [A-Z][a-z]+ (?:II|III|IV)\b"
                       r"|\b[A-Z][a-z]+ (?:[A-Z]\.){1,2} [A-Z][a-z]+\b")


def people_merges(rows: list[dict]) -> tuple[list, int]:
    """(entities holding full names of more than one surname or with different middle
    initials, number of entities) when the full names with a suffix or middle initials of
    ``rows`` are resolved as person mentions."""
    from newsprism.entities import Mention, resolve_entities

    docs = []
    for r in rows:
        text = r["content_original"]
        found = [Mention(m.group(), "PERSON", m.start(), m.end(), 0) for m in _SUFFIXED.finditer(text)]
        # The same name without its initials where the article writes it ("George Bush"
        # beside "George H.W. Bush"): it matches every initialled namesake, so it can bridge
        # two people within an article.
        plain_forms = set()
        for m in found:
            words = m.text.replace(",", "").split()
            if len(words) > 2 and words[-1].strip(".").lower() not in ("jr", "sr", "ii", "iii", "iv"):
                plain_forms.add(f"{words[0]} {words[-1]}")
        for plain in sorted(plain_forms):
            found += [Mention(plain, "PERSON", x.start(), x.end(), 0)
                      for x in re.finditer(rf"(?<![\w.]){re.escape(plain)}(?!\w)", text)]
        found.sort(key=lambda m: m.start)
        if found:
            docs.append((str(r["ID"]), found))
    out = resolve_entities(docs)

    def parts(alias: str) -> tuple[str, str]:  # (surname, middle initials), read here, not by newsprism
        words = alias.replace(",", "").split()
        if len(words) > 2 and words[-1].strip(".").lower() in ("jr", "sr", "ii", "iii", "iv"):
            words = words[:-1]
        middles = words[1:-1]
        initials = "".join(c for w in middles for c in w if c.isupper()) if all(
            re.fullmatch(r"(?:[A-Z]\.)+", w) for w in middles) else ""
        return words[-1], initials

    merged = []
    for e in out:
        read = [parts(a) for a in e.aliases if len(a.split()) > 1]
        if len({s for s, _ in read}) > 1 or len({i for _, i in read} - {""}) > 1:
            merged.append(e)
    return sorted(merged, key=lambda e: (-len(e.articles), e.name)), len(out)


def type_changes(docs: list[tuple[str, str, str]]) -> tuple[dict, list, int]:
    """For (id, title, text) articles: mentions relabelled by the context cues, as
    {(model's label, cue's label): count}; the canonical entities whose type the cues changed,
    as (articles, name, type without, type with), most articles first; the number of entities."""
    from collections import Counter
    from unittest import mock

    from newsprism import entities

    texts = [entities.ner_text(title, text) for _, title, text in docs]
    with mock.patch.object(entities, "context_label", lambda text, start, end, label: label):
        raw = entities.extract_mentions_many(texts)
    cued = entities.extract_mentions_many(texts)
    relabelled: Counter = Counter()
    for ms_raw, ms_cued in zip(raw, cued):
        for a, b in zip(ms_raw, ms_cued):  # the same spans in the same order: only labels differ
            if a.label != b.label:
                relabelled[(a.label, b.label)] += 1
    ids = [doc_id for doc_id, _, _ in docs]
    before = {e.name: e for e in entities.resolve_entities(list(zip(ids, raw)))}
    after = entities.resolve_entities(list(zip(ids, cued)))
    changed = sorted(((len(e.articles), e.name, before[e.name].type, e.type) for e in after
                      if e.name in before and before[e.name].type != e.type), key=lambda c: (-c[0], c[1]))
    return dict(relabelled), changed, len(after)


def _print_type_changes(name: str, relabelled: dict, changed: list, n_entities: int, full: bool) -> None:
    moves = ", ".join(f"{a}->{b} {n}" for (a, b), n in sorted(relabelled.items(), key=lambda kv: -kv[1]))
    print(f"{name}: {sum(relabelled.values())} mentions relabelled by context ({moves}); "
          f"{len(changed)} of {n_entities} entities change type, in {sum(c[0] for c in changed)} articles")
    for n, entity, was, now in changed if full else changed[:25]:
        print(f"  {n:3d} {entity!r:40s} {was} -> {now}")


def top_entities(rows: list[dict], mentions: list, n: int) -> list:
    """The ``n`` canonical entities of ``rows`` in most articles, resolved from ``mentions``
    (NER over ``entities.ner_text``, as the store reads an article) as the store resolves them."""
    from newsprism.entities import resolve_entities

    out = resolve_entities([(str(r["ID"]), m) for r, m in zip(rows, mentions)])
    return sorted(out, key=lambda e: (-len(e.articles), e.name))[:n]


def measure(rows: list[dict]) -> tuple[dict, list]:
    """Headline mentions of ``rows`` (``title``, ``content_original``) by both NER inputs; and
    the mentions of the sentence-case input (what the store reads), for :func:`top_entities`."""
    from newsprism.entities import extract_mentions_many, headline_case, surface_form

    inputs = {"as_written": [r["title"] for r in rows],
              "sentence_case": [headline_case(r["title"], r["content_original"]) for r in rows]}
    confirmed: dict[str, list[set[str]]] = {}
    unconfirmed: dict[str, list[set[str]]] = {}
    report: dict = {"sentence_cased": sum(a != b for a, b in zip(*inputs.values()))}
    read: dict[str, list] = {}
    for way, titles in inputs.items():
        found = read[way] = extract_mentions_many([f"{t}\n\n{r['content_original']}" for t, r in zip(titles, rows)])
        counts = {"mentions": 0, "confirmed": 0, "unconfirmed": 0}
        confirmed[way], unconfirmed[way] = [], []
        for r, mentions in zip(rows, found):
            names, others = set(), set()
            for m in mentions:
                if m.end > len(r["title"]):
                    continue
                name = surface_form(r["title"][m.start:m.end])
                if not name:
                    continue
                counts["mentions"] += 1
                if name in r["content_original"]:
                    counts["confirmed"] += 1
                    names.add(name)
                else:
                    counts["unconfirmed"] += 1
                    others.add(name)
            confirmed[way].append(names)
            unconfirmed[way].append(others)
        report[way] = counts
    for way, other in (("as_written", "sentence_case"), ("sentence_case", "as_written")):
        report[f"only_{way}"] = [(r["title"], n) for r, a, b in zip(rows, confirmed[way], confirmed[other])
                                 for n in sorted(a - b)]
        report[f"unconfirmed_only_{way}"] = [(r["title"], n) for r, a, b in
                                             zip(rows, unconfirmed[way], unconfirmed[other]) for n in sorted(a - b)]
    return report, read["sentence_case"]


if __name__ == "__main__":
    sys.exit(main())
