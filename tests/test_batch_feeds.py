"""Feeds for large runs: CSV feeds in extractor.read, and the driver/worker split of reading
(``scan_inputs`` + ``build_document``) giving what ``read_inputs`` gives."""
from __future__ import annotations

import gzip
import json

import pytest

from extractor.document import Document, Published, ReadError
from extractor.read import build_document, read_feed, read_inputs, scan_inputs


def write_csv(path, text: str):
    path.write_text(text, encoding="utf-8", newline="")
    return path


def test_batch_feeds_csv_with_header_multiline_cells_and_empty_cells(tmp_path):
    feed = write_csv(tmp_path / "feed.csv",
                     'id,published,text,html,outlet,extra\r\n'
                     'a,2025-11,"Exports rose 5%,\nthen more.",,Wire,x\r\n'
                     '\r\n'
                     'b,,,<p>Imports fell 2%.</p>,,\r\n')
    assert list(read_feed(feed)) == [
        Document(id="a", text="Exports rose 5%,\nthen more.", published=Published(2025, 11),
                 outlet="Wire", origin=f"{feed}:2"),
        Document(id="b", text="Imports fell 2%.", origin=f"{feed}:5"),
    ]


def test_batch_feeds_csv_gzip_and_bad_rows(tmp_path):
    feed = tmp_path / "feed.csv.gz"
    feed.write_bytes(gzip.compress(b"id,text\na,Up 1%.\n,no id\nc,\nd,Down 2%.\n"))
    items = list(read_feed(feed))
    assert [item.id if isinstance(item, Document) else item.reason for item in items] == [
        "a", "missing 'id'", "missing 'text' (or 'html')", "d"]


@pytest.mark.parametrize("content, reason", [
    (b"name,body\nx,y\n", "a CSV feed needs a header row with an 'id' column and a 'text' or 'html' column"),
    (b"", "a CSV feed needs a header row"),
    (b"id,text\na,caf\xe9\n", "not UTF-8: invalid byte 0xe9: cannot read further"),
])
def test_batch_feeds_csv_that_cannot_be_read_is_an_error(tmp_path, content, reason):
    feed = tmp_path / "feed.csv"
    feed.write_bytes(content)
    [error] = list(read_feed(feed))
    assert isinstance(error, ReadError) and error.reason.startswith(reason)


def test_batch_feeds_scan_then_build_gives_what_read_inputs_gives(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join([json.dumps({"id": "a", "text": "Up 5%."}), "{broken",
                               json.dumps({"id": "b", "html": "<p>Down 2%.</p>", "published": "2025"}),
                               json.dumps({"id": "c", "text": " "})]) + "\n", encoding="utf-8")
    folder = tmp_path / "docs"
    (folder / "k").mkdir(parents=True)
    (folder / "k" / "x.html").write_text("<p>Exports 3%.</p>", encoding="utf-8")
    (folder / "y.txt").write_bytes(b"caf\xe9 1%")
    (folder / "meta.jsonl").write_text(json.dumps({"id": "k/x", "published": "2025-10"}) + "\n")
    inputs = [feed, folder]
    direct = list(read_inputs(inputs, published="2026-01"))
    split = [build_document(raw, Published(2026, 1)) for raw in scan_inputs(inputs)]
    assert split == direct
    assert [type(item).__name__ for item in split] == [
        "Document", "ReadError", "Document", "ReadError", "ReadError", "Document"]


def test_batch_feeds_scan_rejects_stdin_and_bad_paths_before_reading(tmp_path):
    with pytest.raises(ValueError, match="stdin"):
        scan_inputs(["-"])
    with pytest.raises(FileNotFoundError):
        scan_inputs([tmp_path / "missing.jsonl"])
