"""Gold folders: mention + n resolved to offsets, and clear errors when they cannot be."""
from __future__ import annotations

import json
import re
import sys
import types
from pathlib import Path

import pytest

from eval.gold import find_occurrences, load_gold
from eval.jsonl import DataError


def write_folder(folder: Path, documents: dict[str, str], gold: list[dict]) -> Path:
    for name, content in documents.items():
        (folder / name).write_text(content, encoding="utf-8")
    (folder / "gold.jsonl").write_text("".join(json.dumps(r) + "\n" for r in gold),
                                       encoding="utf-8")
    return folder


@pytest.mark.parametrize("text, mention, starts", [
    ("sales rose 23.7 percent; a 7 percent share", "7 percent", [27]),
    ("up 5.5% and 5% later", "5%", [12]),
    ("output of 15% and 5.5%", "5%", []),
    ("exports of US$60.11 billion", "$60.11 billion", [13]),
    ("$1 Trillion then $1 trillion", "$1 trillion", [17]),   # case matters
    ("1,500 and 500", "500", [10]),
    ("it rose 5%.", "5%", [8]),
    ("for 31 months", "31 month", []),
    ("31 months, 31 months", "31 months", [0, 11]),
])
def test_gold_occurrences_are_whole_figures(text, mention, starts):
    assert find_occurrences(text, mention) == starts


def test_gold_resolves_nth_occurrence(tmp_path):
    text = "Exports rose 5% in May. Imports rose 5% too; 5.5% overall."
    write_folder(tmp_path, {"a.txt": text}, [
        {"doc_id": "a", "mention": "5%", "value": 5.0},
        {"doc_id": "a", "mention": "5%", "n": 2, "value": 5.0, "optional": True},
    ])
    (tmp_path / "meta.jsonl").write_text('{"id": "a", "published": "2025-06"}\n')
    gold = load_gold(tmp_path)
    assert [(r["start"], r["end"], r["optional"]) for r in gold.records] == [
        (13, 15, False), (37, 39, True)]
    assert gold.documents["a"].meta["published"] == "2025-06"


@pytest.mark.parametrize("gold_line, message", [
    ({"doc_id": "a", "mention": "9%"}, "gold.jsonl:2: mention '9%' (n=1) occurs 0 time(s)"),
    ({"doc_id": "a", "mention": "5%", "n": 2}, "gold.jsonl:2: mention '5%' (n=2) occurs 1"),
    ({"doc_id": "b", "mention": "5%"}, "gold.jsonl:2: document 'b' has no .txt or .html"),
    ({"doc_id": "a", "mention": "5%", "n": 0}, "gold.jsonl:2: 'n' must be an integer"),
    ({"doc_id": "a"}, "gold.jsonl:2: record lacks a non-empty string 'mention'"),
    ({"doc_id": "a", "mention": "rose 5%"}, "gold.jsonl:2: mention 'rose 5%' (n=1) is the same"),
])
def test_gold_errors_name_file_and_line(tmp_path, gold_line, message):
    write_folder(tmp_path, {"a.txt": "Exports rose 5%."},
                 [{"doc_id": "a", "mention": "rose 5%"}, gold_line])
    with pytest.raises(DataError, match=re.escape(message)):
        load_gold(tmp_path)


def test_gold_html_offsets_are_in_the_extracted_text(tmp_path, monkeypatch):
    # The product's HTML cleaner may not exist yet: stand in a simple one.
    clean = types.ModuleType("extractor.clean")
    clean.html_to_text = lambda html: html.replace("<p>", "").replace("</p>", "\n")
    monkeypatch.setitem(sys.modules, "extractor.clean", clean)
    write_folder(tmp_path, {"a.html": "<p>Title</p><p>Exports rose 5%.</p>"},
                 [{"doc_id": "a", "mention": "5%"}])
    gold = load_gold(tmp_path)
    text = gold.documents["a"].text
    record = gold.records[0]
    assert text[record["start"]:record["end"]] == "5%" and record["start"] == 19
