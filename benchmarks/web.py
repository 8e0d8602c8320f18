"""Web serving under load: story page and home latency with 20 concurrent clients on a
100,000-article SQLite archive, and the server's memory.

Two steps, run from the repository root:

    python -m benchmarks.web build --out bench-results/web100k [--articles 100000]
    python -m benchmarks.web load  --data bench-results/web100k [--clients 20 --seconds 30]

**The archive.** The 36,254 real AllSides articles (../shared/data/allsides-articles, read,
never copied into the repository) plus generated copies up to ``--articles``: each copy
repeats an original's text under a syndicating site's URL, with ``duplicate_of`` set, as a
wire story reprinted by many sites would be. Articles are written through the store's own
``write_articles`` (the seam the pipeline uses), skipping extraction and cleaning, which
the ingest benchmark measures. Stories group articles by AllSides topic and day (copies
follow their original): the clusterer is measured by ``benchmarks.clusters``, and running it
over 36k articles (NER + embeddings, ~27 minutes here) would not change what this benchmark
measures, the serving path. The stories that the load test requests get real features
(embeddings + NER) and their pages are built once before the clock starts; the cold build
time of each is reported too.

**The load.** ``--clients`` threads, each a closed loop (send, wait for the answer, send the
next) over keep-alive connections for ``--seconds``, on loopback against ``newsprism serve``
in its own process: story pages (random among the sampled stories), then the home page
(ranked feed plus three filtered views), then ``/healthz`` as the baseline in the same run
(the framework's own floor: routing, middleware, one tiny query). The load generator shares
the two cores with the server, so the numbers are conservative.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import http.client
import json
import os
import platform
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSPRISM_SHARED", REPO.parent / "shared"))


# -- building the archive -------------------------------------------------------------
def _articles(limit: int | None = None):
    path = SHARED / "data" / "allsides-articles" / "articles.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if limit is not None and i >= limit:
                return
            yield json.loads(line)


def build(out: Path, total: int, sample: int, seed: int) -> None:
    from newsprism.config import load_settings
    from newsprism.records import Article, article_id
    from newsprism.store import Store

    out.mkdir(parents=True, exist_ok=True)
    settings = load_settings(overrides={"data_dir": out}, env={})
    db = out / "newsprism.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    rng = random.Random(seed)
    t0 = time.perf_counter()
    originals = []
    for rec in _articles():
        text = (rec.get("content_original") or "").strip()
        if len(text) < 200 or not rec.get("url"):
            continue
        try:
            published = datetime.fromisoformat(rec["date"]).replace(hour=12, tzinfo=timezone.utc)
        except (KeyError, ValueError):
            published = None
        aid = article_id(rec["url"])
        originals.append({"id": aid, "url": rec["url"], "title": rec.get("title") or text[:80], "text": text,
                          "source": rec.get("source") or "unknown", "published": published,
                          "topic": rec.get("topic") or "news"})
    seen_ids: set[str] = set()
    originals = [o for o in originals if not (o["id"] in seen_ids or seen_ids.add(o["id"]))]
    copies = []
    for n in range(max(0, total - len(originals))):
        o = originals[rng.randrange(len(originals))]
        url = f"https://syndicator{n % 400}.example/{n}/{o['id']}"
        copies.append({**o, "id": article_id(url), "url": url, "source": f"syndicator{n % 400}.example",
                       "duplicate_of": o["id"]})

    def article(r: dict) -> Article:
        h = hashlib.sha256((r["title"] + "\n" + r["text"]).encode()).hexdigest()
        return Article(id=r["id"], url=r["url"], source=r["source"], title=r["title"], text=r["text"], raw=r["text"],
                       raw_type="text", content_hash=h, text_hash=hashlib.sha256(r["text"].encode()).hexdigest(),
                       published=r["published"], duplicate_of=r.get("duplicate_of"))

    with Store.open(settings.effective_database_url) as store:
        rows = originals + copies
        for start in range(0, len(rows), 2000):
            store.write_articles([article(r) for r in rows[start:start + 2000]])
        written = time.perf_counter() - t0
        # Stories: AllSides topic x day; copies follow their original.
        groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
        for o in originals:
            day = o["published"].date().isoformat() if o["published"] else "undated"
            groups[(o["topic"], day)].append(o)
        story_of: dict[str, str] = {}
        stories = []
        for (topic, day), members in sorted(groups.items()):
            sid = hashlib.sha256(f"{topic}/{day}".encode()).hexdigest()[:16]
            for m in members:
                story_of[m["id"]] = sid
            dated = [m["published"] for m in members if m["published"]]
            stories.append({
                "id": sid, "title": members[0]["title"], "label": topic.replace("_", " ").title()[:40],
                "tags": [], "keywords": [], "why": {"grouped_by": "benchmark: AllSides topic and day"},
                "first_published": min(dated) if dated else None, "last_updated": max(dated) if dated else None,
                "article_count": len(members), "source_count": len({m["source"] for m in members}), "active": False,
            })
        counts: dict[str, int] = defaultdict(int)
        for c in copies:
            story_of[c["id"]] = story_of[c["duplicate_of"]]
            counts[story_of[c["id"]]] += 1
        for s in stories:
            s["article_count"] += counts.get(s["id"], 0)
        store.write_stories(stories, story_of)
        total_s = time.perf_counter() - t0
        # The stories the load test will request: real features, pages built once (cold).
        multi = [s for s in stories if s["article_count"] >= 3]
        picked = rng.sample(multi, min(sample, len(multi)))
        members = store.story_members([s["id"] for s in picked])
        from newsprism.stories import ensure_features, story_page

        t1 = time.perf_counter()
        ensure_features(store, [m for s in picked for m in members.get(s["id"], []) if not m["duplicate_of"]])
        features_s = time.perf_counter() - t1
        cold = []
        for s in picked:
            t = time.perf_counter()
            story_page(store, s["id"])
            cold.append(time.perf_counter() - t)
        info = {
            "articles": len(rows), "originals": len(originals), "copies": len(copies), "stories": len(stories),
            "sampled_stories": [s["id"] for s in picked],
            "sampled_sizes": {"median": statistics.median(s["article_count"] for s in picked),
                              "max": max(s["article_count"] for s in picked)},
            "write_seconds": round(written, 1), "build_seconds": round(total_s, 1),
            "features_seconds": round(features_s, 1),
            "cold_page_ms": {"p50": round(1000 * statistics.median(cold), 1),
                             "p95": round(1000 * _pct(cold, 95), 1), "max": round(1000 * max(cold), 1)},
            "db_mb": round(db.stat().st_size / 2**20, 1),
        }
    (out / "bench.json").write_text(json.dumps(info, indent=2))
    print(json.dumps({k: v for k, v in info.items() if k != "sampled_stories"}, indent=2))


# -- load -------------------------------------------------------------------------------
def _pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _rss(pid: int) -> dict[str, float]:
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "VmHWM:")):
            out[line.split(":")[0]] = round(int(line.split()[1]) / 1024, 1)
    return out


def _hammer(port: int, paths: list[str], clients: int, seconds: float, seed: int) -> dict:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(k: int) -> None:
        rng = random.Random(seed + k)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        while time.monotonic() < stop_at:
            path = paths[rng.randrange(len(paths))]
            t = time.perf_counter()
            try:
                conn.request("GET", path)
                resp = conn.getresponse()
                resp.read()
                ok = resp.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            mine.append(time.perf_counter() - t)
            if not ok:
                with lock:
                    errors[0] += 1
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    t0 = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall = time.perf_counter() - t0
    return {
        "requests": len(latencies), "errors": errors[0], "rps": round(len(latencies) / wall, 1),
        "p50_ms": round(1000 * _pct(latencies, 50), 1), "p95_ms": round(1000 * _pct(latencies, 95), 1),
        "p99_ms": round(1000 * _pct(latencies, 99), 1),
    }


def _series(data: Path, info: dict, clients: int, seconds: float, seed: int, env_extra: dict) -> dict:
    """Start a server with ``env_extra``, warm it, hammer story pages, home and /healthz."""
    port = _free_port()
    env = {**os.environ, "NEWSPRISM_LOG_LEVEL": "warning", **env_extra}
    server = subprocess.Popen([sys.executable, "-m", "newsprism.cli", "--data-dir", str(data), "serve", "--port",
                               str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                c.request("GET", "/healthz")
                if c.getresponse().status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("server did not start")
            time.sleep(0.2)
        story_paths = [f"/stories/{sid}" for sid in info["sampled_stories"]]
        home_paths = ["/", "/?leaning=center", "/?blindspot=any", "/?sort=latest"]
        # Warm-up: the feed index (one read of every story and article head) and each
        # page once, timed separately from the load.
        t = time.perf_counter()
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        c.request("GET", "/")
        c.getresponse().read()
        first_home = time.perf_counter() - t
        for p in story_paths + home_paths:
            c.request("GET", p)
            resp = c.getresponse()
            resp.read()
            if resp.status != 200:
                raise SystemExit(f"warm-up: {p} answered {resp.status}")
        c.close()
        rss_idle = _rss(server.pid)
        results = {
            "story": _hammer(port, story_paths, clients, seconds, seed),
            "home": _hammer(port, home_paths, clients, seconds, seed + 100),
            "healthz (baseline)": _hammer(port, ["/healthz"], clients, seconds, seed + 200),
        }
        rss = _rss(server.pid)
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
    return {"first_home_ms (index build)": round(1000 * first_home, 1),
            "server_rss_mb": {"after warm-up": rss_idle.get("VmRSS"), "after load": rss.get("VmRSS"),
                              "peak": rss.get("VmHWM")},
            "results": results}


def load(data: Path, clients: int, seconds: float, seed: int) -> None:
    info = json.loads((data / "bench.json").read_text())
    report = {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d"),
        "machine": f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}",
        "articles": info["articles"], "stories": info["stories"], "clients": clients, "seconds": seconds,
        "cold_page_ms": info["cold_page_ms"],
        # The default (rendered pages reused for 30 s) and every request rendered from the
        # stored page JSON (NEWSPRISM_WEB_CACHE_SECONDS=0), in the same run.
        "default": _series(data, info, clients, seconds, seed, {}),
        "render cache off": _series(data, info, clients, seconds, seed, {"NEWSPRISM_WEB_CACHE_SECONDS": "0"}),
    }
    print(json.dumps(report, indent=2))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("--out", type=Path, default=REPO / "bench-results" / "web100k")
    b.add_argument("--articles", type=int, default=100_000)
    b.add_argument("--sample", type=int, default=200, help="stories requested by the load test")
    b.add_argument("--seed", type=int, default=7)
    ld = sub.add_parser("load")
    ld.add_argument("--data", type=Path, default=REPO / "bench-results" / "web100k")
    ld.add_argument("--clients", type=int, default=20)
    ld.add_argument("--seconds", type=float, default=30)
    ld.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    if not (SHARED / "data" / "allsides-articles").exists():
        raise SystemExit(f"needs {SHARED}/data/allsides-articles")
    if args.cmd == "build":
        build(args.out, args.articles, args.sample, args.seed)
    else:
        load(args.data, args.clients, args.seconds, args.seed)


if __name__ == "__main__":
    main()
