"""build_story with a page helper: the same page, whether the helper builds its half, fails to
start, or fails mid-way."""

from __future__ import annotations

import json
from concurrent.futures import Executor, Future
from importlib import resources

import pytest

from newsprism import storypage
from newsprism.storypage import build_story


def _lesnovia() -> list[dict]:
    """The demo corpus's prisoner-release story: seven articles from six outlets."""
    path = resources.files("newsprism") / "data" / "demo" / "articles.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    story = [r for r in rows if "Lesnovia" in r["title"]]
    assert len(story) >= 5
    return [{**r, "id": f"l{k}"} for k, r in enumerate(story)]


def _page(**kwargs) -> str:
    page = build_story(_lesnovia(), entities=[], now=None, **kwargs)
    page["stats"].pop("virality")  # depends on the clock
    return json.dumps(page, sort_keys=True, default=str)


class _NoStart(Executor):
    def submit(self, fn, /, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        raise RuntimeError("cannot schedule new futures after shutdown")


class _FailsMidway(Executor):
    def submit(self, fn, /, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        future: Future = Future()
        future.set_exception(OSError("helper process died"))
        return future


def test_a_helper_process_builds_the_same_page():
    from concurrent.futures import ProcessPoolExecutor
    import multiprocessing

    alone = _page()
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as helper:
        helped = _page(helper=helper)
    assert helped == alone
    page = json.loads(helped)
    assert page["breakdown"] and page["timeline"] and page["title"]  # the helper's half is there


def test_a_helper_that_fails_costs_nothing_but_a_warning(caplog):
    alone = _page()
    with caplog.at_level("WARNING", logger="newsprism.storypage"):
        assert _page(helper=_NoStart()) == alone
        assert _page(helper=_FailsMidway()) == alone
    text = caplog.text
    assert "page helper unavailable" in text and "page helper failed" in text


def test_no_helper_on_one_core_and_one_kept_otherwise(monkeypatch):
    monkeypatch.setattr(storypage.os, "cpu_count", lambda: 1)
    assert storypage.page_helper() is None
    monkeypatch.setattr(storypage.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(storypage, "_HELPER", [])
    first = storypage.page_helper()
    try:
        assert first is not None and storypage.page_helper() is first
    finally:
        first.shutdown()


def test_the_web_app_asks_for_a_helper_unless_switched_off(tmp_path):
    from newsprism.config import Settings
    from newsprism.store import Store
    from newsprism.web.context import AppContext

    with Store.open(f"sqlite:///{tmp_path / 'n.db'}") as store:
        off = AppContext(Settings(data_dir=tmp_path, page_helper=False), store)
        assert off.page_helper() is None
        on = AppContext(Settings(data_dir=tmp_path), store)
        assert on.page_helper() is storypage.page_helper()


@pytest.mark.parametrize("helper", [None, _FailsMidway()])
def test_a_page_of_one_article_with_or_without_a_helper(helper):
    page = build_story(_lesnovia()[:1], entities=[], helper=helper)
    assert page["stats"]["article_count"] == 1 and page["breakdown"]


def test_the_helper_leaves_when_the_server_is_killed(tmp_path):
    """A server killed by a signal runs no exit handler: its helper must not stay behind."""
    import os
    import signal
    import subprocess
    import sys
    import time

    script = tmp_path / "server.py"
    script.write_text(
        "import os, sys, time\n"
        "from newsprism.storypage import page_helper\n"
        "if __name__ == '__main__':\n"
        "    helper = page_helper()\n"
        "    print(helper.submit(os.getpid).result(timeout=120), flush=True)\n"
        "    time.sleep(600)\n"
    )
    server = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    try:
        helper_pid = int(server.stdout.readline())
        os.kill(helper_pid, 0)  # the helper runs
        server.send_signal(signal.SIGKILL)
        server.wait(timeout=30)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                os.kill(helper_pid, 0)
            except ProcessLookupError:
                break
            # on Linux a zombie not yet reaped counts as gone: it runs nothing
            stat = f"/proc/{helper_pid}/stat"
            if os.path.exists("/proc/self/stat"):
                try:
                    with open(stat) as fh:
                        if fh.read().split()[2] == "Z":
                            break
                except FileNotFoundError:
                    break
            time.sleep(0.2)
        else:
            pytest.fail(f"helper {helper_pid} still runs after its server was killed")
    finally:
        server.kill()


def test_a_server_stopped_by_sigterm_shuts_its_helper_down(tmp_path):
    """A service manager stops the server with SIGTERM: the app's shutdown stops the helper,
    so the interpreter no longer warns of "leaked semaphore objects" at every stop."""
    import signal
    import socket
    import subprocess
    import sys
    import time

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    script = tmp_path / "server.py"
    script.write_text(
        "import os, sys\n"
        "import uvicorn\n"
        "from newsprism.config import load_settings\n"
        "from newsprism.storypage import page_helper\n"
        "from newsprism.web import create_app\n"
        "if __name__ == '__main__':\n"
        f"    settings = load_settings(overrides={{'data_dir': {str(tmp_path / 'data')!r}}}, env={{}})\n"
        "    print(page_helper().submit(os.getpid).result(timeout=120), flush=True)\n"
        f"    uvicorn.run(create_app(settings), host='127.0.0.1', port={port}, log_level='warning')\n"
    )
    server = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True)
    try:
        int(server.stdout.readline())  # the helper runs
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # until uvicorn listens (its lifespan has started)
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        server.send_signal(signal.SIGTERM)
        _, err = server.communicate(timeout=60)
    finally:
        server.kill()
    assert "leaked semaphore" not in err, err


def test_a_failed_helper_is_replaced_by_the_next_page(monkeypatch):
    """A helper whose process died is forgotten: the next page_helper() starts a new one,
    instead of every later page falling back to one process."""
    broken, failing = _NoStart(), _FailsMidway()
    monkeypatch.setattr(storypage, "_HELPER", [broken])
    build_story(_lesnovia()[:2], entities=[], helper=broken)
    assert storypage._HELPER == []
    monkeypatch.setattr(storypage, "_HELPER", [failing])
    build_story(_lesnovia()[:2], entities=[], helper=failing)
    assert storypage._HELPER == []
    other = _FailsMidway()
    monkeypatch.setattr(storypage, "_HELPER", [other])
    build_story(_lesnovia()[:2], entities=[], helper=_NoStart())  # not this process's helper
    assert storypage._HELPER == [other]


def test_a_page_pauses_the_cycle_collector_and_gives_it_back(monkeypatch):
    """Off while the page is built, on after it, also when the build fails; a caller who
    turned it off keeps it off; overlapping builds in threads turn it on once, at the end."""
    import gc
    import threading

    seen = []
    real = storypage.disputes.find_disagreements

    def spy(articles):
        seen.append(gc.isenabled())
        return real(articles)

    monkeypatch.setattr(storypage.disputes, "find_disagreements", spy)
    assert gc.isenabled()
    _page()
    assert seen == [False] and gc.isenabled()
    with pytest.raises(ValueError):
        build_story([])
    assert gc.isenabled()

    gc.disable()
    try:
        _page()
        assert not gc.isenabled()
    finally:
        gc.enable()

    inside, leave = threading.Event(), threading.Event()
    with storypage.collector_paused():
        def other() -> None:
            with storypage.collector_paused():
                inside.set()
                leave.wait(10)

        t = threading.Thread(target=other)
        t.start()
        inside.wait(10)
    assert not gc.isenabled()  # the other build is still running
    leave.set()
    t.join(10)
    assert gc.isenabled()
