"""Clustering metrics, the baseline and the evaluation file reader (no model needed)."""

from __future__ import annotations

import json

import pytest

from newsprism.evaluate import (
    EvaluationError,
    bcubed,
    cluster_scores,
    eval_clusters_file,
    evaluate_baseline,
    format_report,
    proxy_entities,
)


def test_bcubed_perfect_and_degenerate():
    gold = ["a", "a", "b", "b", "b"]
    assert bcubed(gold, [1, 1, 2, 2, 2]) == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    one = bcubed(gold, [0] * 5)
    assert one["recall"] == 1.0 and one["precision"] == pytest.approx((2 * 2 / 5 + 3 * 3 / 5) / 5)
    singletons = bcubed(gold, list(range(5)))
    assert singletons["precision"] == 1.0
    assert singletons["recall"] == pytest.approx((2 * 0.5 + 3 / 3) / 5)


def test_bcubed_hand_computed():
    # gold {1,2,3} {4,5}; predicted {1,2} {3,4,5}
    b = bcubed(["x", "x", "x", "y", "y"], [1, 1, 2, 2, 2])
    assert b["precision"] == pytest.approx((1 + 1 + 1 / 3 + 2 / 3 + 2 / 3) / 5)
    assert b["recall"] == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1 + 1) / 5)


def test_cluster_scores_include_ari_ami():
    s = cluster_scores(["a", "a", "b", "b"], ["p", "p", "q", "q"])
    assert s["ari"] == 1.0 and s["ami"] == 1.0 and s["b3_f1"] == 1.0 and s["clusters"] == 2


def test_baseline_separates_clear_topics_and_reports_oracle():
    texts = ["senate budget bill vote passes"] * 2 + ["earthquake magnitude rescue rubble"] * 2
    texts = [t + f" filler{i}" for i, t in enumerate(texts)]
    out = evaluate_baseline(texts, ["b", "b", "q", "q"])
    assert out["oracle"]["b3_f1"] == 1.0
    assert out["oracle"]["b3_f1"] >= out["fixed"]["b3_f1"]
    assert 0.3 <= out["oracle"]["threshold"] <= 0.98


def test_proxy_entities_keeps_names_not_sentence_starts():
    ents = proxy_entities("Biden meets Angela Merkel in Berlin",
                          "Officials said the Bank of England would act. The talks in Berlin ended.")
    assert {"angela merkel", "berlin", "bank of england", "biden"} <= ents
    assert "officials" not in ents and "the" not in ents


def _write(tmp_path, rows):
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    return path


def test_eval_file_without_embeddings(tmp_path):
    rows = []
    for i in range(3):
        rows.append({"url": f"https://a.test/budget/{i}", "title": f"Senate passes budget bill {i}",
                     "text": "The Senate passed the budget bill after an all-night session of votes "
                             "on amendments, sending it to the House.",
                     "published": f"2024-03-0{i + 1}T10:00:00Z", "story": "budget"})
        rows.append({"url": f"https://a.test/quake/{i}", "title": f"Earthquake strikes Malatya {i}",
                     "text": "A magnitude 6.4 earthquake struck Malatya province, killing 38 people; "
                             "rescuers searched the rubble.",
                     "published": f"2024-03-0{i + 1}T11:00:00Z", "story": "quake"})
    report = eval_clusters_file(_write(tmp_path, rows), use_embeddings=False,
                                entity_fn=lambda items: [proxy_entities(t, x) for _, t, x in items])
    assert report["articles"] == 6 and report["gold_stories"] == 2
    assert report["ours"]["b3_f1"] == 1.0
    assert report["baseline_oracle"]["b3_f1"] == 1.0
    table = format_report(report)
    assert "ours (online)" in table and "tfidf-agglo oracle" in table


@pytest.mark.parametrize("row, reason", [
    ({"title": "x", "story": "s"}, "has no url"),
    ({"url": "https://a.test/1", "title": "x"}, "no gold 'story'"),
    ({"url": "https://a.test/1", "story": "s"}, "neither title nor text"),
    ({"url": "https://a.test/1", "title": "x", "story": "s", "published": "yesterday"},
     "not an ISO 8601 date"),
])
def test_bad_records_name_the_item_and_reason(tmp_path, row, reason):
    with pytest.raises(EvaluationError, match=reason):
        eval_clusters_file(_write(tmp_path, [row]), use_embeddings=False, baseline=False)


def test_bad_json_line_names_the_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"url": "https://a.test/1", "title": "x", "story": "s"}\n{oops\n')
    with pytest.raises(EvaluationError, match=r"bad.jsonl:2"):
        eval_clusters_file(path, use_embeddings=False)


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(EvaluationError, match="cannot read"):
        eval_clusters_file(tmp_path / "nope.jsonl")
