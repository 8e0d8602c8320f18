"""A small in-process cache of rendered pages ("micro-caching").

A story page is cached in the store as JSON, but turning it into HTML (and checking that
its articles have not changed) still costs milliseconds of Python per request; under 20
concurrent readers on two cores that alone would queue requests past the 50 ms target.
Rendered bytes are therefore kept for a few seconds, stamped with the feed index's store
token: an entry is served only while the store has not changed since it was rendered
(as far as the index has seen, which it checks every couple of seconds) and for at most
``ttl`` seconds, so a reader sees a new article within that time and virality (which
drifts by about 1 % in five minutes) is never visibly stale.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Any, Hashable

#: Thirty seconds: long enough that a popular page is rendered about twice a minute instead
#: of hundreds of times, short enough that nobody waits noticeably for news to appear.
TTL_SECONDS = 30.0
MAX_ENTRIES = 4096


class MicroCache:
    def __init__(self, ttl: float = TTL_SECONDS, size: int = MAX_ENTRIES):
        self.ttl = ttl
        self.size = size
        self._items: OrderedDict[Hashable, tuple[float, Any, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, token: Any) -> Any:
        if self.ttl <= 0:
            return None
        now = time.monotonic()
        with self._lock:
            item = self._items.get(key)
            if item is not None and item[1] == token and now - item[0] < self.ttl:
                self._items.move_to_end(key)
                self.hits += 1
                return item[2]
            if item is not None:
                del self._items[key]
            self.misses += 1
            return None

    def put(self, key: Hashable, token: Any, value: Any) -> None:
        if self.ttl <= 0:
            return
        with self._lock:
            self._items[key] = (time.monotonic(), token, value)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
