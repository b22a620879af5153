"""Read feeds into Documents, one at a time (SCHEMA §1).

A feed is a JSONL file (optionally gzipped), a CSV file with a header row (optionally gzipped), a
single .txt/.html file, or a directory of them (recursive) with an optional ``meta.jsonl`` sidecar.
Every problem becomes a ``ReadError`` naming the file (and line), and reading goes on with the
next document: one bad line never costs the rest of a feed. Everything is streamed: memory does
not grow with the size of a feed (the id registry of one run aside).

Two ways to read:

- ``read_inputs`` / ``read_feed``: Documents and ReadErrors, one at a time, in one process.
- ``scan_inputs`` then ``build_document``: the batch engine's split. ``scan_inputs`` does only the
  cheap part (reading bytes, decoding JSON, finding ids) and yields small, picklable ``RawItem``s;
  ``build_document`` does the rest (decoding text, HTML extraction, metadata) where the item is
  processed, e.g. in a worker process. Ids are not checked for uniqueness there: the batch engine
  deduplicates them itself.
"""
from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import os
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import BinaryIO, Callable

from .clean import DecodeError, binary_reason, decode_bytes, html_to_text
from .document import Document, Published, ReadError

STDIN = "-"
META_FILE = "meta.jsonl"
PROVENANCE_KEYS = ("url", "title", "outlet")
FEED_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
CSV_SUFFIXES = (".csv", ".csv.gz")
CSV_COLUMNS = ("id", "text", "html", "published", *PROVENANCE_KEYS)
FILE_SUFFIXES = {".txt": "text", ".html": "html", ".htm": "html"}
_HEAD_SIZE = 8192
# Article bodies are often longer than the csv module's default cell limit (128 KiB).
csv.field_size_limit(2**31 - 1)

ReadItem = Document | ReadError
_Reader = Callable[[Path, "Published | None", "_IdRegistry"], Iterator[ReadItem]]
_Source = Callable[["Published | None", "_IdRegistry"], Iterator[ReadItem]]


class InvalidDocument(ValueError):
    """Why one document cannot be read; becomes the ``reason`` of a ReadError."""


@dataclass(frozen=True, slots=True)
class RawItem:
    """One unit of a feed as ``scan_inputs`` found it, before the document is built.

    Exactly one of ``entry`` (a JSONL object or CSV row), ``data`` (the bytes of a .txt/.html
    file) or ``error`` (why the unit cannot be read; ``build_document`` turns it into a
    ReadError) is set. ``doc_id`` is None only when the unit has no usable id.
    """

    origin: str
    doc_id: str | None
    entry: dict | None = None
    data: bytes | None = None
    kind: str | None = None  # "text" or "html", for data
    meta: tuple[str, dict] | None = None  # (origin, entry) of a meta.jsonl line, for data
    error: str | None = None

    @property
    def text(self) -> str | None:
        """The plain text of an entry given as ``text`` (not HTML), if that is all it has;
        None where only building the document tells (files, HTML)."""
        if self.entry is None or self.entry.get("html") is not None:
            return None
        text = self.entry.get("text")
        return text if isinstance(text, str) else None


class _IdRegistry:
    """Where each id was first seen: ids are unique across everything one run reads, and the
    first document with an id keeps it."""

    def __init__(self) -> None:
        self._first_seen: dict[str, str] = {}

    def claim(self, doc_id: str, origin: str) -> None:
        first = self._first_seen.setdefault(doc_id, origin)
        if first != origin:
            raise InvalidDocument(f"duplicate id {doc_id!r} (first at {first})")


def read_text(text: str, published: str | None = None, doc_id: str = "text") -> Document:
    """A Document from text given directly (``--text``); raises ``ValueError`` if it is empty."""
    return Document(id=doc_id, text=_checked_text(text), published=parse_published(published),
                    origin="<text>")


def read_feed(path: str | Path, published: str | None = None) -> Iterator[ReadItem]:
    """Documents and ReadErrors of one feed, streamed.

    ``published`` is the date of documents that give none. Raises at once (before reading) on a
    missing path (``FileNotFoundError``), an unsupported file type or a bad ``published``
    (``ValueError``).
    """
    return read_inputs([path], published)


def read_inputs(inputs: Sequence[str | Path], published: str | None = None, *,
                text: str | None = None, stdin: BinaryIO | None = None) -> Iterator[ReadItem]:
    """Everything one command reads as one stream: ``text`` first, then each input in order
    (``-`` is ``stdin``). Ids must be unique across all of them. Raises like ``read_feed``."""
    default = parse_published(published)
    sources: list[_Source] = [] if text is None else [partial(_read_given_text, text)]
    for source in inputs:
        if str(source) == STDIN:
            if stdin is None:
                raise ValueError("input '-' needs a stdin stream")
            sources.append(partial(_read_stdin, stdin))
        else:
            path = Path(source)
            sources.append(partial(_reader_for(path), path))
    return _read_sources(sources, default)


def scan_inputs(inputs: Sequence[str | Path]) -> Iterator[RawItem]:
    """The units of files and directories as ``RawItem``s, streamed, in the order
    ``read_inputs`` reads them; ``build_document`` makes each a Document or ReadError.

    Only the cheap work is done here: reading, decoding JSON/CSV, finding the id. Ids are not
    checked for uniqueness. Raises at once on a missing path (``FileNotFoundError``) or an
    unsupported file type (``ValueError``); stdin (``-``) is not accepted.
    """
    scanners = []
    for source in inputs:
        if str(source) == STDIN:
            raise ValueError("stdin ('-') cannot be read here: give files or directories")
        path = Path(source)
        reader = _reader_for(path)
        if reader is _read_directory:
            scanners.append(partial(_scan_directory, path))
        elif reader is _read_single_file:
            scanners.append(partial(_scan_files, iter([(path, path.stem, None)])))
        else:
            rows = _json_objects if reader is _read_jsonl else _csv_rows
            scanners.append(partial(_scan_entries, partial(rows, path)))
    return _chain(scanners)


def build_document(item: RawItem, default: Published | None = None) -> ReadItem:
    """The Document of a scanned unit, or the ReadError saying why there is none; ``default``
    is the publication date of documents that give none."""
    if item.error is not None:
        return ReadError(item.origin, item.error, item.doc_id)
    if item.entry is not None:
        try:
            return _entry_document(item.entry, item.origin, item.doc_id, default)
        except InvalidDocument as exc:
            return ReadError(item.origin, str(exc), item.doc_id)
    return _data_document(item.origin, item.doc_id, item.data, item.kind, item.meta, default)


def _chain(scanners: list[Callable[[], Iterator[RawItem]]]) -> Iterator[RawItem]:
    for scan in scanners:
        yield from scan()


def _scan_entries(rows: Callable[[], Iterator[tuple[str, dict] | ReadError]]
                  ) -> Iterator[RawItem]:
    for item in rows():
        if isinstance(item, ReadError):
            yield RawItem(item.origin, item.doc_id, error=item.reason)
            continue
        origin, entry = item
        try:
            yield RawItem(origin, _entry_id(entry), entry=entry)
        except InvalidDocument as exc:
            yield RawItem(origin, None, error=str(exc))


def _scan_directory(root: Path) -> Iterator[RawItem]:
    for item in _directory_files(root):
        if isinstance(item, ReadError):
            yield RawItem(item.origin, item.doc_id, error=item.reason)
        else:
            yield from _scan_files(iter([item]))


def _scan_files(files: Iterator[tuple[Path, str, "tuple[str, dict] | None"]]) -> Iterator[RawItem]:
    for path, doc_id, meta in files:
        name = str(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            yield RawItem(name, doc_id, error=f"cannot read: {exc.strerror or exc}")
            continue
        yield RawItem(name, doc_id, data=data, kind=FILE_SUFFIXES[path.suffix.lower()], meta=meta)


def _read_sources(sources: list[_Source], default: Published | None) -> Iterator[ReadItem]:
    ids = _IdRegistry()
    for source in sources:
        yield from source(default, ids)


def _read_given_text(text: str, default: Published | None, ids: _IdRegistry) -> Iterator[ReadItem]:
    yield _loose_text_document(text, "text", "<text>", default, ids)


def _read_stdin(stdin: BinaryIO, default: Published | None, ids: _IdRegistry) -> Iterator[ReadItem]:
    try:
        text = decode_bytes(stdin.read(), "<stdin>")
    except DecodeError as exc:
        yield ReadError("<stdin>", exc.reason, "stdin")
        return
    yield _loose_text_document(text, "stdin", "<stdin>", default, ids)


def _loose_text_document(text: str, doc_id: str, origin: str, default: Published | None,
                         ids: _IdRegistry) -> ReadItem:
    try:
        ids.claim(doc_id, origin)
        return Document(id=doc_id, text=_checked_text(text), published=default, origin=origin)
    except InvalidDocument as exc:
        return ReadError(origin, str(exc), doc_id)


def _reader_for(path: Path) -> _Reader:
    if not path.exists():
        raise FileNotFoundError(f"no such file or directory: {str(path)!r}")
    if path.is_dir():
        return _read_directory
    if path.name.lower().endswith(FEED_SUFFIXES):
        return _read_jsonl
    if path.name.lower().endswith(CSV_SUFFIXES):
        return _read_csv
    if path.suffix.lower() in FILE_SUFFIXES:
        return _read_single_file
    raise ValueError(f"cannot read {str(path)!r}: expected a directory or a file ending in "
                     f"{', '.join(FEED_SUFFIXES + CSV_SUFFIXES + tuple(FILE_SUFFIXES))}")


# --- JSONL feeds -------------------------------------------------------------------------------

def _read_jsonl(path: Path, default: Published | None, ids: _IdRegistry) -> Iterator[ReadItem]:
    yield from _read_entries(_json_objects(path), default, ids)


def _read_csv(path: Path, default: Published | None, ids: _IdRegistry) -> Iterator[ReadItem]:
    yield from _read_entries(_csv_rows(path), default, ids)


def _read_entries(entries: Iterator[tuple[str, dict] | ReadError], default: Published | None,
                  ids: _IdRegistry) -> Iterator[ReadItem]:
    for item in entries:
        if isinstance(item, ReadError):
            yield item
        else:
            origin, entry = item
            yield _feed_document(entry, origin, default, ids)


def _feed_document(entry: dict, origin: str, default: Published | None,
                   ids: _IdRegistry) -> ReadItem:
    doc_id = None
    try:
        doc_id = _entry_id(entry)
        ids.claim(doc_id, origin)
        return _entry_document(entry, origin, doc_id, default)
    except InvalidDocument as exc:
        return ReadError(origin, str(exc), doc_id)


def _entry_document(entry: dict, origin: str, doc_id: str, default: Published | None) -> Document:
    """Raises InvalidDocument."""
    return Document(id=doc_id, text=_entry_text(entry), origin=origin,
                    **_metadata(entry, default))


def _open_feed(path: Path) -> BinaryIO:
    """A feed file as bytes, gunzipped when its name ends in .gz."""
    return (gzip.open if path.name.lower().endswith(".gz") else open)(path, "rb")


def _not_utf8_text(stream: BinaryIO, kind: str) -> str | None:
    """Why the stream is no UTF-8 text feed (UTF-16, binary), or None; leaves it at the start."""
    head = stream.read(_HEAD_SIZE)
    stream.seek(0)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return f"UTF-16 text: a {kind} feed must be UTF-8"
    return binary_reason(head)


def _json_objects(path: Path) -> Iterator[tuple[str, dict] | ReadError]:
    """``(file:line, object)`` for each non-blank line of a JSONL file; a ReadError for each bad
    line, or one for the whole file when it cannot be read as text at all."""
    name = str(path)
    line_number = 0
    try:
        with _open_feed(path) as stream:
            reason = _not_utf8_text(stream, "JSONL")
            if reason:
                yield ReadError(name, reason)
                return
            for line_number, raw in enumerate(stream, 1):
                item = _json_object(raw, f"{name}:{line_number}", first_line=line_number == 1)
                if item is not None:
                    yield item
    except (OSError, EOFError, zlib.error) as exc:
        # Unreadable, not gzip after all, or a truncated gzip stream (after some good lines).
        if line_number:
            yield ReadError(f"{name}:{line_number + 1}", f"cannot read further: {exc}")
        else:
            yield ReadError(name, f"cannot read: {exc}")


def _json_object(raw: bytes, origin: str, first_line: bool) -> tuple[str, dict] | ReadError | None:
    try:
        line = raw.decode("utf-8-sig" if first_line else "utf-8").rstrip("\r\n")
    except UnicodeDecodeError as exc:
        return ReadError(origin, f"not UTF-8: invalid byte 0x{raw[exc.start]:02x} "
                                 f"at byte {exc.start + 1}")
    if not line.strip():
        return None
    try:
        entry = json.loads(line)
    except json.JSONDecodeError as exc:
        return ReadError(origin, f"malformed JSON at column {exc.colno}: {exc.msg}")
    except RecursionError:
        return ReadError(origin, "malformed JSON: nested too deeply")
    if not isinstance(entry, dict):
        return ReadError(origin, f"expected a JSON object, got {_json_type(entry)}")
    return origin, entry


# --- CSV feeds -----------------------------------------------------------------------------------

def _csv_rows(path: Path) -> Iterator[tuple[str, dict] | ReadError]:
    """``(file:line, row)`` for each row of a CSV feed with a header row (columns ``id``,
    ``text`` or ``html``, and optionally ``published``, ``url``, ``title``, ``outlet``; others are
    ignored). Empty cells count as absent. ``line`` is where the row starts: quoted cells may
    span lines."""
    name = str(path)
    line_number = 0
    try:
        with _open_feed(path) as binary:
            reason = _not_utf8_text(binary, "CSV")
            if reason:
                yield ReadError(name, reason)
                return
            stream = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
            reader = csv.reader(stream)
            header = next(reader, None)
            columns = [column.strip().lower() for column in header or []]
            if "id" not in columns or not {"text", "html"} & set(columns):
                yield ReadError(name, "a CSV feed needs a header row with an 'id' column and a "
                                      "'text' or 'html' column")
                return
            wanted = [(index, column) for index, column in enumerate(columns)
                      if column in CSV_COLUMNS]
            line_number = reader.line_num
            for row in reader:
                origin = f"{name}:{line_number + 1}"
                line_number = reader.line_num
                if not any(cell.strip() for cell in row):
                    continue
                yield origin, {column: row[index] for index, column in wanted
                               if index < len(row) and row[index] != ""}
    except UnicodeDecodeError as exc:
        yield ReadError(f"{name}:{line_number + 1}",
                        f"not UTF-8: invalid byte 0x{exc.object[exc.start]:02x}: cannot read further")
    except csv.Error as exc:
        yield ReadError(f"{name}:{line_number + 1}", f"malformed CSV: {exc}: cannot read further")
    except (OSError, EOFError, zlib.error) as exc:
        if line_number:
            yield ReadError(f"{name}:{line_number + 1}", f"cannot read further: {exc}")
        else:
            yield ReadError(name, f"cannot read: {exc}")


# --- files and directories ---------------------------------------------------------------------

def _read_single_file(path: Path, default: Published | None,
                      ids: _IdRegistry) -> Iterator[ReadItem]:
    yield _file_document(path, path.stem, None, default, ids)


def _read_directory(root: Path, default: Published | None,
                    ids: _IdRegistry) -> Iterator[ReadItem]:
    for item in _directory_files(root):
        if isinstance(item, ReadError):
            yield item
        else:
            path, doc_id, meta = item
            yield _file_document(path, doc_id, meta, default, ids)


_DirectoryItem = tuple[Path, str, "tuple[str, dict] | None"] | ReadError


def _directory_files(root: Path) -> Iterator[_DirectoryItem]:
    """``(file, id, meta entry)`` of each text/HTML file under ``root``, and the ReadErrors of
    the folder and of its ``meta.jsonl`` (a meta line naming no file comes last)."""
    meta: dict[str, tuple[str, dict]] = {}
    meta_path = root / META_FILE
    if meta_path.is_file():
        meta_ids = _IdRegistry()
        for item in _json_objects(meta_path):
            if isinstance(item, ReadError):
                yield item
                continue
            origin, entry = item
            doc_id = None
            try:
                doc_id = _entry_id(entry)
                meta_ids.claim(doc_id, origin)
                meta[doc_id] = (origin, entry)
            except InvalidDocument as exc:
                yield ReadError(origin, str(exc), doc_id)
    matched: set[str] = set()
    for item in _walk(root):
        if isinstance(item, ReadError):
            yield item
            continue
        doc_id = item.relative_to(root).with_suffix("").as_posix()
        matched.add(doc_id)
        yield item, doc_id, meta.get(doc_id)
    for doc_id, (origin, _) in meta.items():
        if doc_id not in matched:
            yield ReadError(origin, f"no {' or '.join(FILE_SUFFIXES)} file for this id in {root}",
                            doc_id)


def _walk(root: Path) -> Iterator[Path | ReadError]:
    """Text and HTML files under ``root`` in a stable order, skipping hidden files and folders;
    a folder that cannot be listed is a ReadError, not a silent gap."""
    failures: list[OSError] = []

    def listing_errors() -> Iterator[ReadError]:
        while failures:
            failure = failures.pop(0)
            yield ReadError(failure.filename or str(root), f"cannot list: {failure.strerror}")

    for folder, subfolders, files in os.walk(root, onerror=failures.append):
        yield from listing_errors()
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in FILE_SUFFIXES:
                yield Path(folder, name)
    yield from listing_errors()


def _file_document(path: Path, doc_id: str, meta: tuple[str, dict] | None,
                   default: Published | None, ids: _IdRegistry) -> ReadItem:
    name = str(path)
    try:
        ids.claim(doc_id, name)
        data = path.read_bytes()
    except OSError as exc:
        return ReadError(name, f"cannot read: {exc.strerror or exc}", doc_id)
    except InvalidDocument as exc:
        return ReadError(name, str(exc), doc_id)
    return _data_document(name, doc_id, data, FILE_SUFFIXES[path.suffix.lower()], meta, default)


def _data_document(name: str, doc_id: str, data: bytes, kind: str,
                   meta: tuple[str, dict] | None, default: Published | None) -> ReadItem:
    """The Document of a text or HTML file's bytes, or the ReadError saying why not."""
    try:
        raw = decode_bytes(data, name)
        text = _html_text(raw) if kind == "html" else _checked_text(raw)
    except DecodeError as exc:
        return ReadError(name, exc.reason, doc_id)
    except InvalidDocument as exc:
        return ReadError(name, str(exc), doc_id)
    meta_origin, entry = meta or (name, {})
    try:
        metadata = _metadata(entry, default)
    except InvalidDocument as exc:
        return ReadError(meta_origin, str(exc), doc_id)
    return Document(id=doc_id, text=text, origin=name, **metadata)


# --- fields --------------------------------------------------------------------------------------

def _entry_id(entry: dict) -> str:
    doc_id = entry.get("id")
    if doc_id is None:
        raise InvalidDocument("missing 'id'")
    if isinstance(doc_id, int) and not isinstance(doc_id, bool):
        return str(doc_id)  # numeric ids are common in exported feeds; records carry them as str
    if not isinstance(doc_id, str):
        raise InvalidDocument(f"'id' must be a string, got {_json_type(doc_id)}")
    if not doc_id.strip():
        raise InvalidDocument("empty 'id'")
    return doc_id


def _entry_text(entry: dict) -> str:
    text, html = entry.get("text"), entry.get("html")
    if text is not None and html is not None:
        # Record offsets index into one text; guessing which one the feed meant would be silent.
        raise InvalidDocument("both 'text' and 'html' given: keep one")
    if text is None and html is None:
        raise InvalidDocument("missing 'text' (or 'html')")
    key, value = ("html", html) if text is None else ("text", text)
    if not isinstance(value, str):
        raise InvalidDocument(f"'{key}' must be a string, got {_json_type(value)}")
    return _html_text(value) if key == "html" else _checked_text(value)


def _checked_text(text: str) -> str:
    if not text.strip():
        raise InvalidDocument("empty text")
    return text


def _html_text(html: str) -> str:
    if not html.strip():
        raise InvalidDocument("empty html")
    try:
        return html_to_text(html)
    except ValueError as exc:
        raise InvalidDocument(str(exc)) from None


def _metadata(entry: dict, default: Published | None) -> dict:
    """Document keyword arguments for the provenance keys of a feed line or meta.jsonl entry."""
    try:
        published = parse_published(entry.get("published"))
    except ValueError as exc:
        raise InvalidDocument(f"'published': {exc}") from None
    metadata = {"published": published or default}
    for key in PROVENANCE_KEYS:
        value = entry.get(key)
        if value is not None and not isinstance(value, str):
            raise InvalidDocument(f"'{key}' must be a string, got {_json_type(value)}")
        metadata[key] = value
    return metadata


def parse_published(value: object) -> Published | None:
    """``Published.parse`` with a message that always quotes the bad value."""
    try:
        return Published.parse(value)
    except (ValueError, TypeError) as exc:
        # Published.parse quotes some bad values itself; keep only its explanation.
        explanation = str(exc).rsplit(": ", 1)[-1]
        raise ValueError(f"bad date {value!r}: {explanation}") from None


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean",
             int: "a number", float: "a number", type(None): "null"}
    return names.get(type(value), type(value).__name__)
