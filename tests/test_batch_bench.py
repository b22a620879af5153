"""The batch benchmark's generated feed and report (``python -m eval batch`` does the timing)."""
from __future__ import annotations

import json

from eval.bench_batch import BatchBench, WorkerRun, format_bench, team_articles, vary, write_feed
from extractor.batch.work import normalized_text


def test_batch_bench_feed_cycles_the_team_articles_with_distinct_variations(tmp_path):
    articles = team_articles()
    count = 3 * len(articles) + 2
    feed = tmp_path / "feed.jsonl"
    assert write_feed(feed, count)[0] == count
    entries = [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines()]
    assert len(entries) == count and all(e["published"] for e in entries)
    assert len({e["id"] for e in entries}) == count
    assert len({normalized_text(e["text"]) for e in entries}) == count  # dedupe keeps them all
    headline = articles[0][1].split("\n\n")[0]
    assert entries[len(articles)]["text"].split("\n\n")[0] == vary(headline, 1)  # still first
    assert vary(articles[0][1], 0) == articles[0][1]
    assert vary("Exports rose 15% to $60.11 billion.", 1) == "Exports rose 17% to $62.13 billion."


def test_batch_bench_report_ends_with_the_headline_json():
    runs = [WorkerRun(1, 100, 25_000, 2000, 0, 10.0, 1.0, 8.0, 3125.0, 12.5, [120.0], 170.0, 9.0, 0.2),
            WorkerRun(2, 100, 25_000, 2000, 0, 6.0, 1.5, 4.2, 5952.0, 23.8, [121.0, 122.0], 171.0,
                      9.4, 0.2)]
    text = format_bench(BatchBench(100, 25_000, 50, runs))
    headline = json.loads(text.splitlines()[-1])
    assert headline["scaling_2_over_1"] == round(5952 / 3125, 3)
    assert headline["worker_peak_rss_mb"] == 122.0
    assert headline["per_core_articles_per_hour"] == 45_000
    assert "2 workers / 1 worker: 1.90x" in text
