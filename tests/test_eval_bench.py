"""The speed benchmark's corpus and report; `python -m eval bench` does the timing."""
from __future__ import annotations

import json

from eval.bench import BenchResult, bench_documents, count_words, format_bench


def test_bench_documents_cycle_articles_to_the_word_count(seeds_dir):
    documents = bench_documents(20_000)
    words = sum(count_words(d.text) for d in documents)
    assert words >= 20_000
    assert words - count_words(documents[-1].text) < 20_000  # no more than needed
    assert len({d.id for d in documents}) == len(documents)


def test_bench_report_without_spacy_model():
    result = BenchResult(words=1000, documents=3, repeat=1, ours_load_s=0.5,
                         ours_words_per_s=2000.0, failed_documents=0)
    text = format_bench(result)
    assert "not installed" in text
    assert json.loads(text.splitlines()[-1])["ratio"] is None


def test_bench_ratio_is_ours_over_spacy():
    result = BenchResult(1000, 3, 1, 0.5, 3000.0, 0, spacy_sm_load_s=0.7,
                         spacy_sm_words_per_s=1000.0)
    assert result.ratio == 3.0
    assert json.loads(format_bench(result).splitlines()[-1])["ratio"] == 3.0
