"""The optional LLM backend against a real OpenAI-compatible chat server on 127.0.0.1.

The server (tests/httpserver.py) plays the model: it reads the numbered source sentences the
client sends and answers as a faithful model would (restating a source sentence) or as a
hallucinating one would (adding a number or a name), so the grounding check and the page
bookkeeping are tested on the real wire format, with no network and no model.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from httpserver import HTTPTestServer, RecordedRequest, Route, http_server  # noqa: F401
from typer.testing import CliRunner

from newsprism.cli import app
from newsprism.config import ConfigError, load_settings
from newsprism.llm import ChatClient, LLMError, chat_url, check_sentence, clean_reply, rewrite_story

ARTICLES = [
    {"id": "a1", "title": "Belarus frees 123 political prisoners", "source": "left.example",
     "text": "Belarus freed 123 political prisoners on Saturday after the United States lifted sanctions on potash. "
             "The release came after talks in Minsk with an American envoy. "
             "Rights groups said hundreds of people remain behind bars."},
    {"id": "a2", "title": "Nobel laureate among 123 freed in Belarus", "source": "center.example",
     "text": "Belarus released 123 prisoners on Saturday, including Nobel laureate Ales Bialiatski. "
             "Ales Bialiatski, the founder of the rights group Viasna, had been jailed since 2021. "
             "The U.S. said it would lift sanctions on Belarusian potash."},
    {"id": "a3", "title": "Minsk releases prisoners in sanctions deal", "source": "right.example",
     "text": "Minsk released 123 prisoners in exchange for relief from sanctions on potash exports. "
             "Critics of the deal said it rewards the government in Minsk."},
]


def page_of() -> dict:
    """A story page as build_story writes it (the parts the backend rewrites)."""
    return {
        "id": "s1",
        "title": "Belarus frees 123 political prisoners",
        "breakdown": [
            {"text": ARTICLES[0]["text"].split(". ")[0] + ".", "sources": ["a1", "a2", "a3"], "support": 3},
            {"text": "Ales Bialiatski, the founder of the rights group Viasna, had been jailed since 2021.",
             "sources": ["a2"], "support": 1},
        ],
        "perspectives": {
            "left": {"count": 1, "summary": [{"text": "Rights groups said hundreds of people remain behind bars.",
                                              "sources": ["a1"]}]},
            "center": {"count": 1, "summary": []},
            "right": {"count": 1, "summary": [{"text": "Critics of the deal said it rewards the government in Minsk.",
                                               "sources": ["a3"]}]},
        },
        "questions": [
            {"question": "Who is Ales Bialiatski?",
             "answer": "Ales Bialiatski, the founder of the rights group Viasna, had been jailed since 2021.",
             "sources": ["a2"], "from_older_coverage": False},
        ],
    }


def sources_of(request: RecordedRequest) -> tuple[list[str], str]:
    """The numbered source sentences and the task of a chat request."""
    body = json.loads(request.body)
    user = body["messages"][-1]["content"]
    head, _, task = user.partition("\n\n")
    return re.findall(r"^\[\d+\] (.*)$", head, flags=re.M), task


def completion(content: str) -> Route:
    body = {"id": "chatcmpl-1", "object": "chat.completion", "model": "test-model",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}]}
    return Route(body=json.dumps(body), headers={"Content-Type": "application/json"})


def model(server: HTTPTestServer, answer: Callable[[list[str], str], str], path: str = "/v1/chat/completions") -> str:
    """Serve a chat model at ``path``; returns the base URL to configure."""
    server.route(path, handler=lambda req: completion(answer(*sources_of(req))))
    return server.url("/")


def faithful(sources: list[str], task: str) -> str:
    """Restates what the sources say: the title in other words, the rest as another source puts it."""
    if "headline" in task:
        return "Belarus releases 123 prisoners, including Ales Bialiatski"
    if task.startswith("Question:"):
        return "Ales Bialiatski founded the rights group Viasna. He had been jailed since 2021."
    return sources[1] if len(sources) > 1 else sources[0].rstrip(".") + ", the report said."


def inventive(sources: list[str], task: str) -> str:
    """Faithful, except that it invents a number for the first bullet and a name for the right side."""
    if sources[0].startswith("Belarus freed 123"):
        return "Belarus freed 140 political prisoners on Saturday after the United States lifted sanctions."
    if "right-leaning" in task:
        return "Critics led by Alexander Lukashenko said the deal rewards the government in Minsk."
    return faithful(sources, task)


# --------------------------------------------------------------------------- the client
@pytest.mark.parametrize("base, expected", [
    ("http://127.0.0.1:11434", "http://127.0.0.1:11434/v1/chat/completions"),
    ("http://127.0.0.1:8080/", "http://127.0.0.1:8080/v1/chat/completions"),
    ("https://api.openai.com/v1", "https://api.openai.com/v1/chat/completions"),
    ("https://gw.example/openai/v1/", "https://gw.example/openai/v1/chat/completions"),
    ("http://h:1/v1/chat/completions", "http://h:1/v1/chat/completions"),
])
def test_chat_url_accepts_a_base_url_with_or_without_v1(base, expected):
    assert chat_url(base) == expected


def test_chat_url_rejects_what_is_not_http():
    with pytest.raises(LLMError, match="http"):
        chat_url("ftp://example.com")


def test_request_shape_model_messages_and_bearer_key(http_server):
    url = model(http_server, lambda s, t: "ok")
    with ChatClient(url=url, model="llama3.1:8b", api_key="sk-test", timeout=5) as client:
        assert client.complete([{"role": "user", "content": "hi"}]) == "ok"
    (req,) = http_server.requests_to("/v1/chat/completions")
    assert req.method == "POST"
    assert req.headers["authorization"] == "Bearer sk-test"
    assert req.headers["content-type"].startswith("application/json")
    body = json.loads(req.body)
    assert body["model"] == "llama3.1:8b"
    assert body["messages"] == [{"role": "user", "content": "hi"}]
    assert body["temperature"] == 0 and body["stream"] is False and body["max_tokens"] > 0


def test_no_key_means_no_authorization_header(http_server):
    url = model(http_server, lambda s, t: "ok")
    with ChatClient(url=url + "v1", model="m", timeout=5) as client:
        client.complete([{"role": "user", "content": "hi"}])
    assert "authorization" not in http_server.requests_to("/v1/chat/completions")[0].headers


@pytest.mark.parametrize("route, message", [
    (Route(status=500, body='{"error": {"message": "model crashed"}}'), "HTTP 500: model crashed"),
    (Route(status=401, body='{"error": {"message": "invalid api key"}}'), "HTTP 401: invalid api key"),
    (Route(body="<html>not json</html>", headers={"Content-Type": "text/html"}), "not JSON"),
    (Route(body='{"choices": []}', headers={"Content-Type": "application/json"}), "no choices"),
    (Route(body='{"choices": [{"message": {"content": null}}]}'), "not text"),
])
def test_endpoint_failures_are_named_errors(http_server, route, message):
    http_server.route("/v1/chat/completions", handler=lambda req: route)
    with ChatClient(url=http_server.url("/"), model="m", timeout=5) as client:
        with pytest.raises(LLMError, match=message) as err:
            client.complete([{"role": "user", "content": "hi"}])
    assert err.value.item.endswith("/v1/chat/completions")
    # Server errors are retried once; a client error or a bad body is not.
    assert len(http_server.requests) == (2 if route.status == 500 else 1)


def test_timeout_and_response_size_cap(http_server):
    http_server.route("/slow/v1/chat/completions", body="{}", delay=2.0)
    http_server.route("/big/v1/chat/completions", body=b"x" * 4096)
    with ChatClient(url=http_server.url("/slow"), model="m", timeout=0.3) as client:
        with pytest.raises(LLMError, match="no answer within 0.3 s"):
            client.complete([{"role": "user", "content": "hi"}])
    with ChatClient(url=http_server.url("/big"), model="m", timeout=5, max_response_bytes=1000) as client:
        with pytest.raises(LLMError, match="larger than 1000 bytes"):
            client.complete([{"role": "user", "content": "hi"}])


def test_refused_connection_is_an_error_after_one_retry():
    server = HTTPTestServer().start()
    url = server.url("/")
    server.stop()  # nothing listens on that port now
    with ChatClient(url=url, model="m", timeout=2) as client:
        with pytest.raises(LLMError, match="cannot reach"):
            client.complete([{"role": "user", "content": "hi"}])


def test_clean_reply_strips_reasoning_preambles_and_quotes():
    assert clean_reply("<think>the user wants...</think>\n\nHere is the rewritten sentence:\n\"Belarus freed 123.\"") \
        == "Belarus freed 123."
    assert clean_reply("Headline: **Belarus frees prisoners**") == "Belarus frees prisoners"
    assert clean_reply("- Belarus freed 123 prisoners.") == "Belarus freed 123 prisoners."
    assert clean_reply("<think>never closed") == ""


# --------------------------------------------------------------------------- the check
EVIDENCE = [
    "Belarus freed 123 political prisoners on Saturday, 13 December 2025, including Nobel laureate "
    "Ales Bialiatski, after the U.S. lifted sanctions on potash.",
    "Maria Kolesnikova was among those released.",
]


@pytest.mark.parametrize("sentence", [
    "Belarus released 123 political prisoners, among them Nobel laureate Ales Bialiatski, after the "
    "United States lifted potash sanctions.",
    "The US lifted sanctions on potash.",
    "Belarusian authorities freed Kalesnikava on Saturday.",  # transliteration and demonym
    "On 13 December 2025, Belarus freed 123 political prisoners.",
])
def test_faithful_paraphrases_pass(sentence):
    check = check_sentence(sentence, EVIDENCE)
    assert check.supported, check.reason


@pytest.mark.parametrize("sentence, reason", [
    ("Belarus freed 140 political prisoners on Saturday.", "numbers not in the sources: 140"),
    ("Belarus freed three political prisoners on Saturday.", "numbers not in the sources: 3"),
    ("Belarus freed political prisoners on Friday.", "names not in the sources: Friday"),
    ("Lukashenko freed political prisoners on Saturday.", "names not in the sources: Lukashenko"),
    ("The European Union lifted sanctions on potash.", "names not in the sources: European, Union"),
    ("Belarus did not free political prisoners on Saturday.", "negation"),
    ("Stock markets rallied as investors cheered strong earnings.", "of its words are in the sources"),
])
def test_inventions_fail_with_the_reason(sentence, reason):
    check = check_sentence(sentence, EVIDENCE)
    assert not check.supported
    assert reason in check.reason


def test_a_negation_the_sources_make_passes():
    ev = ["The court did not rule on the second ban, which would halt all downloads of the app."]
    assert check_sentence("The court did not rule on the second ban.", ev).supported
    assert not check_sentence("The court did not halt the first order.", ev).supported


# --------------------------------------------------------------------------- rewriting a page
def test_faithful_rewrites_are_kept_with_their_extractive_text(http_server):
    url = model(http_server, faithful)
    with ChatClient(url=url, model="test-model", timeout=5) as client:
        out = rewrite_story(page_of(), ARTICLES, client)
    gen = out["generation"]
    assert gen["backend"] == "llm" and gen["model"] == "test-model" and gen["error"] is None
    assert gen["items"] == 6 and gen["rewritten"] == 6
    assert gen["dropped"] == 0 and gen["fallbacks"] == [] and gen["kept"] == gen["generated"] == 7
    assert out["title"] == "Belarus releases 123 prisoners, including Ales Bialiatski"
    assert gen["extractive_title"] == "Belarus frees 123 political prisoners"
    first = out["breakdown"][0]
    assert first["text"] != first["extractive"] and first["sources"] == ["a1", "a2", "a3"]
    assert out["questions"][0]["answer"].startswith("Ales Bialiatski founded")
    # The model saw only the cited sentences: the first bullet's request holds sentences of
    # a1, a2 and a3 about the release, never the unrelated "Rights groups said ...".
    requests = [sources_of(r)[0] for r in http_server.requests]
    bullet = next(s for s in requests if s[0].startswith("Belarus freed 123"))
    assert any("Belarus released 123" in s for s in bullet) and any("Minsk released 123" in s for s in bullet)
    assert not any("Rights groups" in s for s in bullet)
    assert len(http_server.requests) == 6


def test_invented_number_and_name_are_dropped_and_fall_back(http_server):
    url = model(http_server, inventive)
    with ChatClient(url=url, model="test-model", timeout=5) as client:
        out = rewrite_story(page_of(), ARTICLES, client)
    gen = out["generation"]
    assert gen["dropped"] == 2 and gen["rewritten"] == 4 and gen["kept"] == gen["generated"] - 2
    reasons = {(f["field"], f.get("side")): f["reason"] for f in gen["fallbacks"]}
    assert "140" in reasons[("breakdown", None)]
    assert "Lukashenko" in reasons[("perspectives", "right")]
    original = page_of()
    assert out["breakdown"][0]["text"] == original["breakdown"][0]["text"]
    assert "extractive" not in out["breakdown"][0]
    assert out["perspectives"]["right"]["summary"][0]["text"] == original["perspectives"]["right"]["summary"][0]["text"]
    assert out["breakdown"][1]["text"] != original["breakdown"][1]["text"]  # the faithful one stays rewritten


@pytest.mark.parametrize("route, message", [
    (Route(status=500, body="boom"), "HTTP 500"),
    (Route(body="garbage{", headers={"Content-Type": "application/json"}), "not JSON"),
    (Route(body="{}", delay=2.0), "no answer within"),
])
def test_a_failing_endpoint_leaves_the_page_extractive_with_the_error(http_server, route, message):
    http_server.route("/v1/chat/completions", handler=lambda req: route)
    with ChatClient(url=http_server.url("/"), model="m", timeout=0.5) as client:
        out = rewrite_story(page_of(), ARTICLES, client)
    original = page_of()
    assert out["title"] == original["title"] and out["breakdown"] == original["breakdown"]
    assert out["questions"] == original["questions"] and out["perspectives"] == original["perspectives"]
    gen = out["generation"]
    assert message in gen["error"] and gen["rewritten"] == 0 and gen["generated"] == 0
    # After the first failure no further item is asked (one retry for a 500).
    assert len(http_server.requests) == (2 if route.status == 500 else 1)


def test_an_overlong_or_empty_reply_falls_back(http_server):
    def answer(sources, task):
        return "" if "headline" in task else " ".join(["Belarus freed 123 political prisoners on Saturday."] * 8)

    url = model(http_server, answer)
    with ChatClient(url=url, model="m", timeout=5) as client:
        out = rewrite_story(page_of(), ARTICLES, client)
    reasons = [f["reason"] for f in out["generation"]["fallbacks"]]
    assert "empty reply" in reasons and any(r.startswith("too long") for r in reasons)
    assert out["title"] == page_of()["title"]


def test_build_story_with_and_without_llm(http_server):
    from newsprism import build_story

    records = [{"url": f"https://{a['source']}/{a['id']}", "title": a["title"], "text": a["text"],
                "source": a["source"], "published": f"2025-12-13T1{i}:00:00Z"} for i, a in enumerate(ARTICLES)]
    plain = build_story(records, entities=[])
    assert plain["generation"] == {"backend": "extractive"}
    url = model(http_server, faithful)
    with ChatClient(url=url, model="test-model", timeout=5) as client:
        page = build_story(records, entities=[], llm=client)
    gen = page["generation"]
    assert gen["backend"] == "llm" and gen["items"] >= 1 and gen["error"] is None
    assert gen["kept"] + gen["dropped"] == gen["generated"]
    for bullet, before in zip(page["breakdown"], plain["breakdown"]):
        assert bullet["sources"] == before["sources"]
        assert bullet.get("extractive", bullet["text"]) == before["text"]


# --------------------------------------------------------------------------- settings and the store
def test_llm_settings_from_env_and_toml(tmp_path: Path):
    s = load_settings(env={"NEWSPRISM_LLM_URL": "http://127.0.0.1:11434", "NEWSPRISM_LLM_MODEL": "llama3.1:8b",
                           "NEWSPRISM_LLM_TIMEOUT": "30", "NEWSPRISM_LLM_API_KEY": "sk-x"})
    assert (s.llm_url, s.llm_model, s.llm_timeout, s.llm_api_key) == ("http://127.0.0.1:11434", "llama3.1:8b", 30.0, "sk-x")
    client = ChatClient.from_settings(s)
    assert client.endpoint == "http://127.0.0.1:11434/v1/chat/completions" and client.api_key == "sk-x"
    cfg = tmp_path / "c.toml"
    cfg.write_text('[llm]\nurl = "http://127.0.0.1:8080/v1"\nmodel = "qwen2.5"\nmax_tokens = 200\n')
    s = load_settings(config_file=cfg, env={})
    assert (s.llm_url, s.llm_model, s.llm_max_tokens) == ("http://127.0.0.1:8080/v1", "qwen2.5", 200)
    assert ChatClient.from_settings(load_settings(env={})) is None  # off by default


@pytest.mark.parametrize("env, message", [
    ({"NEWSPRISM_LLM_URL": "http://127.0.0.1:11434"}, "llm_model"),
    ({"NEWSPRISM_LLM_URL": "127.0.0.1:11434", "NEWSPRISM_LLM_MODEL": "m"}, "llm_url"),
    ({"NEWSPRISM_LLM_TIMEOUT": "0"}, "llm_timeout"),
])
def test_bad_llm_settings_are_configuration_errors(env, message):
    with pytest.raises(ConfigError, match=message):
        load_settings(env=env)


def test_config_show_masks_the_llm_key(tmp_path):
    res = CliRunner().invoke(app, ["--data-dir", str(tmp_path), "config", "show", "--json"],
                             env={"NEWSPRISM_LLM_API_KEY": "sk-secret", "NEWSPRISM_LLM_URL": "http://127.0.0.1:1",
                                  "NEWSPRISM_LLM_MODEL": "m"})
    assert res.exit_code == 0, res.output
    shown = json.loads(res.stdout)
    assert shown["llm_api_key"] == "********" and "sk-secret" not in res.stdout
    assert shown["llm_url"] == "http://127.0.0.1:1" and shown["llm_model"] == "m"


def test_story_page_uses_the_configured_endpoint_and_caches_per_model(http_server, store, settings):
    import dataclasses

    from newsprism.pipeline import SerialExecutor, ingest
    from newsprism.stories import story_page, update_stories

    feed = settings.data_dir.parent / "story.jsonl"
    feed.write_text("".join(json.dumps({"url": f"https://{a['source']}/{a['id']}", "title": a["title"],
                                        "text": a["text"], "source": a["source"],
                                        "published": "2025-12-13T12:00:00Z"}) + "\n" for a in ARTICLES))
    ingest([str(feed)], store, settings, executor=SerialExecutor())
    update_stories(store)
    story_id = max(store.stories(), key=lambda s: s["article_count"])["id"]
    url = model(http_server, faithful)
    with_llm = dataclasses.replace(settings, llm_url=url, llm_model="model-a", llm_timeout=5.0)

    page = story_page(store, story_id, settings=with_llm)
    assert page["generation"]["backend"] == "llm" and page["generation"]["model"] == "model-a"
    asked = len(http_server.requests)
    assert asked == page["generation"]["items"] >= 1
    story_page(store, story_id, settings=with_llm)  # cached: the model is not asked again
    assert len(http_server.requests) == asked
    other = story_page(store, story_id, settings=dataclasses.replace(with_llm, llm_model="model-b"))
    assert other["generation"]["model"] == "model-b" and len(http_server.requests) > asked
    assert story_page(store, story_id, settings=settings)["generation"] == {"backend": "extractive"}

    # An endpoint error keeps the page extractive and is retried on the next read.
    http_server.route("/v1/chat/completions", handler=lambda req: Route(status=404, body="no such model"))
    failed = story_page(store, story_id, settings=dataclasses.replace(with_llm, llm_model="model-c"))
    assert "HTTP 404" in failed["generation"]["error"]
    before = len(http_server.requests)
    story_page(store, story_id, settings=dataclasses.replace(with_llm, llm_model="model-c"))
    assert len(http_server.requests) == before + 1
