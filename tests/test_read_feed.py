"""Reading feeds into Documents and ReadErrors (extractor.read)."""
from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path

import pytest

from extractor.document import Document, Published, ReadError
from extractor.read import read_feed, read_inputs, read_text

GOOD = {"id": "good", "text": "Exports rose 5.5% in November."}
LAST = {"id": "last", "text": "Imports fell 2%."}


def write_lines(path: Path, lines: list[str | dict | bytes]) -> Path:
    """A JSONL file from objects (dumped), strings (written as they are) and bytes."""
    data = b"".join(line if isinstance(line, bytes)
                    else (json.dumps(line) if isinstance(line, dict) else line).encode() + b"\n"
                    for line in lines)
    path.write_bytes(data)
    return path


def documents(items) -> list[Document]:
    return [item for item in items if isinstance(item, Document)]


def errors(items) -> list[ReadError]:
    return [item for item in items if isinstance(item, ReadError)]


# --- JSONL feeds -----------------------------------------------------------------------------------

def test_read_jsonl_feed_gives_documents_with_provenance_and_line_origin(tmp_path):
    feed = write_lines(tmp_path / "feed.jsonl", [
        {"id": "a", "text": "Exports rose 5%.", "published": "2025-12-01", "url": "https://x/a",
         "title": "Exports up", "outlet": "Wire", "note": "extra keys are ignored"},
        "",
        {"id": 7, "html": "<p>Imports fell 2%.</p>", "published": "2025-11"},
    ])
    items = list(read_feed(feed))
    assert items == [
        Document(id="a", text="Exports rose 5%.", published=Published(2025, 12, 1),
                 url="https://x/a", title="Exports up", outlet="Wire", origin=f"{feed}:1"),
        Document(id="7", text="Imports fell 2%.", published=Published(2025, 11), origin=f"{feed}:3"),
    ]


def test_read_jsonl_feed_keeps_text_exactly_as_given(tmp_path):
    text = "  Title\r\n\r\nExports rose 5%\u00a0in November.\n"
    feed = write_lines(tmp_path / "feed.jsonl", [{"id": "a", "text": text}])
    assert documents(read_feed(feed))[0].text == text


@pytest.mark.parametrize("suffix", [".jsonl.gz", ".ndjson.gz"])
def test_read_gzipped_jsonl_feed(tmp_path, suffix):
    feed = tmp_path / f"feed{suffix}"
    with gzip.open(feed, "wt", encoding="utf-8") as stream:
        stream.write(json.dumps(GOOD) + "\n" + json.dumps(LAST) + "\n")
    assert [doc.id for doc in read_feed(feed)] == ["good", "last"]


def test_read_jsonl_feed_with_utf8_bom(tmp_path):
    feed = write_lines(tmp_path / "feed.jsonl", [b"\xef\xbb\xbf" + json.dumps(GOOD).encode() + b"\n"])
    assert [doc.id for doc in read_feed(feed)] == ["good"]


@pytest.mark.parametrize("bad_line, reason", [
    ('{"id": "x", "text": "unterminated', "malformed JSON at column 21: Unterminated string"),
    ("not json at all", "malformed JSON at column 1: Expecting value"),
    ('["id", "text"]', "expected a JSON object, got an array"),
    ('"just a string"', "expected a JSON object, got a string"),
    ("[" * 100_000, "malformed JSON"),
    (b'{"id": "x", "text": "caf\xe9"}\n', "not UTF-8: invalid byte 0xe9 at byte 25"),
    ({"text": "no id"}, "missing 'id'"),
    ({"id": "", "text": "x"}, "empty 'id'"),
    ({"id": ["x"], "text": "x"}, "'id' must be a string, got an array"),
    ({"id": True, "text": "x"}, "'id' must be a string, got a boolean"),
    ({"id": "good", "text": "the same id again"}, "duplicate id 'good' (first at "),
    ({"id": "x"}, "missing 'text' (or 'html')"),
    ({"id": "x", "text": "a", "html": "<p>a</p>"}, "both 'text' and 'html' given"),
    ({"id": "x", "text": 5}, "'text' must be a string, got a number"),
    ({"id": "x", "text": "  \n\t "}, "empty text"),
    ({"id": "x", "html": ""}, "empty html"),
    ({"id": "x", "html": "<script>var a = 1;</script>"}, "no text found in the HTML"),
    ({"id": "x", "text": "a", "published": "2025-13"}, "'published': bad date '2025-13': month must be in 1..12"),
    ({"id": "x", "text": "a", "published": "Dec 1, 2025"},
     "'published': bad date 'Dec 1, 2025': expected YYYY, YYYY-MM or YYYY-MM-DD"),
    ({"id": "x", "text": "a", "published": "2025-02-30"},
     "'published': bad date '2025-02-30': day is out of range for month"),
    ({"id": "x", "text": "a", "url": 5}, "'url' must be a string, got a number"),
])
def test_read_jsonl_bad_line_is_an_error_naming_file_and_line(tmp_path, bad_line, reason):
    feed = write_lines(tmp_path / "feed.jsonl", [GOOD, bad_line, LAST])
    items = list(read_feed(feed))
    assert [doc.id for doc in documents(items)] == ["good", "last"]
    [error] = errors(items)
    assert error.origin == f"{feed}:2"
    assert error.reason.startswith(reason), error.reason
    assert str(error).startswith(f"{feed}:2")


def test_read_jsonl_error_names_the_id_when_known(tmp_path):
    feed = write_lines(tmp_path / "feed.jsonl", [{"id": "x", "text": ""}, {"text": "no id"}])
    assert [(error.doc_id, str(error)) for error in read_feed(feed)] == [
        ("x", f"{feed}:1 (id x): empty text"),
        (None, f"{feed}:2: missing 'id'"),
    ]


def test_read_jsonl_duplicate_id_keeps_the_first_document(tmp_path):
    feed = write_lines(tmp_path / "feed.jsonl", [GOOD, {"id": "good", "text": "second"}])
    first, second = read_feed(feed)
    assert first.text == GOOD["text"]
    assert second == ReadError(f"{feed}:2", f"duplicate id 'good' (first at {feed}:1)", "good")


@pytest.mark.parametrize("content, reason", [
    (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "binary file (contains NUL bytes)"),
    ("\n".join(json.dumps(GOOD) for _ in range(2)).encode("utf-16"),
     "UTF-16 text: a JSONL feed must be UTF-8"),
])
def test_read_jsonl_feed_that_is_not_text_is_one_error(tmp_path, content, reason):
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(content)
    assert list(read_feed(feed)) == [ReadError(str(feed), reason)]


def test_read_truncated_gzip_feed_keeps_the_lines_before_the_damage(tmp_path):
    feed = tmp_path / "feed.jsonl.gz"
    lines = "".join(json.dumps({"id": str(n), "text": f"Exports rose {n}% " * 50}) + "\n"
                    for n in range(200))
    data = gzip.compress(lines.encode())
    feed.write_bytes(data[: len(data) // 2])
    items = list(read_feed(feed))
    *good, error = items
    assert good and all(isinstance(doc, Document) for doc in good)
    assert error.origin == f"{feed}:{len(good) + 1}"
    assert error.reason.startswith("cannot read further:")


def test_read_file_that_is_not_gzip_despite_its_name(tmp_path):
    feed = write_lines(tmp_path / "feed.jsonl.gz", [GOOD])
    [error] = read_feed(feed)
    assert error.origin == str(feed) and error.reason.startswith("cannot read: Not a gzipped file")


# --- single files and directories ----------------------------------------------------------------

@pytest.mark.parametrize("name, content, text", [
    ("nov-exports.txt", b"Exports rose 5%.\r\n", "Exports rose 5%.\r\n"),
    ("nov-exports.html", b"<html><body><p>Exports rose 5%.</p></body></html>", "Exports rose 5%."),
    ("nov-exports.HTM", b"<p>Exports rose 5%.</p>", "Exports rose 5%."),
])
def test_read_single_file_uses_the_stem_as_id(tmp_path, name, content, text):
    path = tmp_path / name
    path.write_bytes(content)
    assert list(read_feed(path, published="2025-12")) == [
        Document(id="nov-exports", text=text, published=Published(2025, 12), origin=str(path))]


@pytest.fixture()
def article_dir(tmp_path) -> Path:
    root = tmp_path / "articles"
    (root / "korea").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "a.txt").write_text("Exports rose 5%.", encoding="utf-8")
    (root / "korea" / "b.html").write_text("<p>Imports fell 2%.</p>", encoding="utf-8")
    (root / ".hidden" / "c.txt").write_text("ignored", encoding="utf-8")
    (root / "notes.md").write_text("ignored", encoding="utf-8")
    write_lines(root / "meta.jsonl", [
        {"id": "a", "published": "2025-12-01", "outlet": "Wire", "url": "https://x/a", "note": "x"},
        {"id": "korea/b", "title": "Imports down"},
    ])
    return root


def test_read_directory_recursively_with_meta_sidecar(article_dir):
    assert list(read_feed(article_dir, published="2024")) == [
        Document(id="a", text="Exports rose 5%.", published=Published(2025, 12, 1), url="https://x/a",
                 outlet="Wire", origin=str(article_dir / "a.txt")),
        Document(id="korea/b", text="Imports fell 2%.", published=Published(2024), title="Imports down",
                 origin=str(article_dir / "korea" / "b.html")),
    ]


@pytest.mark.parametrize("name, content, reason", [
    ("bad.txt", b"", "empty text"),
    ("bad.txt", b" \n\n ", "empty text"),
    ("bad.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "binary file (contains NUL bytes)"),
    ("bad.txt", "café".encode("latin-1"), "not UTF-8 text: invalid byte 0xe9 at byte 3"),
    ("bad.html", b"<html><script>1</script></html>", "no text found in the HTML"),
])
def test_read_directory_bad_file_is_an_error_and_the_rest_is_read(article_dir, name, content, reason):
    path = article_dir / name
    path.write_bytes(content)
    items = list(read_feed(article_dir))
    assert [doc.id for doc in documents(items)] == ["a", "korea/b"]
    [error] = errors(items)
    assert error.origin == str(path) and error.doc_id == path.stem
    assert error.reason.startswith(reason), error.reason


def test_read_directory_files_with_the_same_stem_are_duplicates(article_dir):
    (article_dir / "a.html").write_text("<p>Exports rose 6%.</p>", encoding="utf-8")
    items = list(read_feed(article_dir))
    assert [doc.origin for doc in documents(items)] == [
        str(article_dir / "a.html"), str(article_dir / "korea" / "b.html")]
    assert errors(items) == [ReadError(str(article_dir / "a.txt"),
                                       f"duplicate id 'a' (first at {article_dir / 'a.html'})", "a")]


@pytest.mark.parametrize("meta_line, reason, doc_id", [
    ("{broken", "malformed JSON", None),
    ({"published": "2025"}, "missing 'id'", None),
    ({"id": "a", "published": "2025-1-1x"}, "'published': bad date '2025-1-1x'", "a"),
    ({"id": "a", "outlet": ["Wire"]}, "'outlet' must be a string, got an array", "a"),
    ({"id": "korea/b"}, "duplicate id 'korea/b' (first at ", "korea/b"),
    ({"id": "missing"}, "no .txt or .html or .htm file for this id in ", "missing"),
])
def test_read_directory_bad_meta_line_is_an_error_naming_meta_file_and_line(article_dir, meta_line,
                                                                            reason, doc_id):
    meta = article_dir / "meta.jsonl"
    write_lines(meta, [{"id": "korea/b", "title": "Imports down"}, meta_line])
    items = list(read_feed(article_dir))
    [error] = errors(items)
    assert (error.origin, error.doc_id) == (f"{meta}:2", doc_id)
    assert error.reason.startswith(reason), error.reason
    expected_ids = ["korea/b"] if doc_id == "a" else ["a", "korea/b"]
    assert [doc.id for doc in documents(items)] == expected_ids


def test_read_directory_unreadable_file_is_an_error(article_dir, monkeypatch):
    unreadable = article_dir / "a.txt"
    read_bytes = Path.read_bytes

    def refuse_one(path: Path) -> bytes:
        if path == unreadable:
            raise PermissionError(13, "Permission denied", str(path))
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", refuse_one)
    items = list(read_feed(article_dir))
    assert errors(items) == [ReadError(str(unreadable), "cannot read: Permission denied", "a")]
    assert [doc.id for doc in documents(items)] == ["korea/b"]


def test_read_directory_unlistable_folder_is_an_error(article_dir, monkeypatch):
    unlistable = article_dir / "korea"
    scandir = os.scandir

    def refuse_one(path):
        if Path(path) == unlistable:
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refuse_one)
    items = list(read_feed(article_dir))
    listing_error, meta_error = errors(items)
    assert listing_error == ReadError(str(unlistable), "cannot list: Permission denied")
    assert meta_error.doc_id == "korea/b"  # its file could not be found, and that is said too
    assert [doc.id for doc in documents(items)] == ["a"]


def test_read_shared_seed_directory(seeds_dir):
    items = list(read_feed(seeds_dir))
    assert items and not errors(items)
    assert all(doc.published is not None for doc in items)


# --- arguments and several inputs ----------------------------------------------------------------

def test_read_published_applies_only_to_documents_without_a_date(tmp_path):
    feed = write_lines(tmp_path / "feed.jsonl", [{"id": "a", "text": "x", "published": "2025-11"},
                                                 {"id": "b", "text": "y"}])
    assert [doc.published for doc in read_feed(feed, published="2026-01-09")] == [
        Published(2025, 11), Published(2026, 1, 9)]


@pytest.mark.parametrize("path, published, exception, message", [
    ("missing.jsonl", None, FileNotFoundError, "no such file or directory: '.*missing.jsonl'"),
    ("notes.md", None, ValueError, "cannot read '.*notes.md': expected a directory or a file ending in"),
    ("feed.jsonl", "yesterday", ValueError, "bad date 'yesterday'"),
])
def test_read_feed_rejects_bad_arguments_before_reading(tmp_path, path, published, exception, message):
    (tmp_path / "notes.md").write_text("x")
    write_lines(tmp_path / "feed.jsonl", [GOOD])
    with pytest.raises(exception, match=message):
        read_feed(tmp_path / path, published=published)


def test_read_text_makes_one_document():
    assert read_text("GDP grew 2.1%.", published="2025-10", doc_id="q3") == Document(
        id="q3", text="GDP grew 2.1%.", published=Published(2025, 10), origin="<text>")


@pytest.mark.parametrize("text, published, message", [
    ("", None, "empty text"),
    ("GDP grew 2%.", "2025/10", "bad date '2025/10'"),
])
def test_read_text_rejects_bad_input(text, published, message):
    with pytest.raises(ValueError, match=message):
        read_text(text, published=published)


def test_read_inputs_reads_text_stdin_and_feeds_in_order_with_unique_ids(tmp_path, article_dir):
    feed = write_lines(tmp_path / "feed.jsonl", [GOOD, {"id": "a", "text": "clashes with a.txt"}])
    stdin = io.BytesIO("수출 5% 증가".encode())
    items = list(read_inputs(["-", feed, article_dir], published="2025", text="GDP grew 2%.",
                             stdin=stdin))
    assert [(doc.id, doc.origin) for doc in documents(items)] == [
        ("text", "<text>"), ("stdin", "<stdin>"), ("good", f"{feed}:1"), ("a", f"{feed}:2"),
        ("korea/b", str(article_dir / "korea" / "b.html"))]
    assert documents(items)[1].text == "수출 5% 증가"
    assert errors(items) == [ReadError(str(article_dir / "a.txt"), f"duplicate id 'a' (first at {feed}:2)", "a")]


@pytest.mark.parametrize("stdin_bytes, reason", [
    (b"", "empty text"),
    (b"\x00\x01binary", "binary file (contains NUL bytes)"),
])
def test_read_inputs_bad_stdin_is_an_error(stdin_bytes, reason):
    assert list(read_inputs(["-"], stdin=io.BytesIO(stdin_bytes))) == [
        ReadError("<stdin>", reason, "stdin")]


def test_read_inputs_checks_every_path_before_reading_any(tmp_path):
    feed = write_lines(tmp_path / "feed.jsonl", [GOOD])
    with pytest.raises(FileNotFoundError, match="nope"):
        read_inputs([feed, tmp_path / "nope"])


def test_read_feed_streams_without_reading_ahead(tmp_path):
    feed = write_lines(tmp_path / "feed.jsonl", [GOOD, "{broken"])
    items = read_feed(feed)
    assert next(items).id == "good"  # the bad second line is not touched yet
    assert isinstance(next(items), ReadError)
