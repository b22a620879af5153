"""``python -m eval score`` and ``run`` end to end, with a stand-in extractor for ``run``."""
from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import pytest

from eval.__main__ import main
from extractor.document import Document, ReadError

TEXT = "Exports rose 5.5% to $60.11 billion."
FIGURES = [
    {"mention": "5.5%", "value": 5.5, "unit": "%", "role": "change_pct"},
    {"mention": "$60.11 billion", "value": 60.11e9, "unit": "USD", "role": "level"},
]
COMMON = {"measure": "exports", "reporter": "KOR", "partner": None, "sector": None,
          "period_start": "2025-11", "period_end": "2025-11"}


@pytest.fixture
def gold_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "gold"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    (folder / "b.txt").write_text(TEXT, encoding="utf-8")
    lines = [{"doc_id": doc, **figure, **COMMON} for doc in ("a", "b") for figure in FIGURES]
    (folder / "gold.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines))
    return folder


def predicted(doc_id: str) -> list[dict]:
    """Right records for TEXT, except that the level is given in the wrong unit."""
    return [{"doc_id": doc_id, "start": 13, "end": 17, **FIGURES[0], **COMMON},
            {"doc_id": doc_id, "start": 21, "end": 35, **FIGURES[1], **COMMON, "unit": "KRW"}]


def last_json_line(text: str) -> dict:
    return json.loads(text.strip().splitlines()[-1])


def test_eval_score_command(gold_dir, tmp_path, capsys):
    predictions = tmp_path / "pred.jsonl"
    predictions.write_text("".join(json.dumps(r) + "\n" for r in predicted("a")))
    assert main(["score", str(gold_dir), str(predictions), "--show-errors"]) == 0
    out = capsys.readouterr().out
    assert "unit: 'USD' → 'KRW'" in out
    headline = last_json_line(out)
    assert (headline["matched"], headline["gold"]) == (2, 4)
    assert (headline["record_precision"], headline["record_recall"]) == (0.5, 0.25)


def test_eval_score_command_reports_bad_predictions(gold_dir, tmp_path, capsys):
    predictions = tmp_path / "pred.jsonl"
    predictions.write_text('{"doc_id": "a", "start": 3}\n')
    assert main(["score", str(gold_dir), str(predictions)]) == 2
    assert "pred.jsonl:1: record lacks integer 'start' and 'end'" in capsys.readouterr().err


def test_eval_run_command(gold_dir, tmp_path, capsys, monkeypatch):
    def read_feed(path):
        yield Document(id="a", text=TEXT)
        yield Document(id="b", text=TEXT)
        yield ReadError(origin=str(Path(path) / "c.txt"), reason="not UTF-8")

    class Extractor:
        def pipe(self, documents):
            for document in documents:
                failed = document.id == "b"
                yield document, RuntimeError("boom") if failed else predicted(document.id)

    monkeypatch.setitem(sys.modules, "extractor.read", types.SimpleNamespace(read_feed=read_feed))
    monkeypatch.setitem(sys.modules, "extractor.pipeline",
                        types.SimpleNamespace(Extractor=Extractor))
    output = tmp_path / "out.jsonl"
    assert main(["run", str(gold_dir), "-o", str(output)]) == 0
    captured = capsys.readouterr()
    assert "c.txt: not UTF-8" in captured.err and "b: extractor failed" in captured.err
    assert [json.loads(line) for line in output.read_text().splitlines()] == predicted("a")
    assert last_json_line(captured.out)["record_recall"] == 0.25
