"""Loading a gold folder (SCHEMA §5) and resolving each gold mention to character offsets."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .jsonl import DataError, read_jsonl

DOCUMENT_SUFFIXES = (".txt", ".html")


@dataclass
class GoldDocument:
    """One document of a gold folder, with the text that offsets refer to."""

    id: str
    path: Path
    text: str  # the .txt file as read, or the text extracted from the .html page
    meta: dict = field(default_factory=dict)  # its meta.jsonl line (published, outlet, url)


@dataclass
class GoldSet:
    """A gold folder: its documents and its records, each with ``start``/``end`` resolved."""

    folder: Path
    documents: dict[str, GoldDocument]
    records: list[dict]


def load_gold(folder: str | Path) -> GoldSet:
    """Read ``gold.jsonl``, ``meta.jsonl`` and the documents of ``folder``.

    Each record gets ``start``/``end`` from its ``mention`` and ``n`` and ``optional`` as a bool;
    raises ``DataError`` naming file and line for a mention that cannot be resolved.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise DataError(f"{folder}: not a folder")
    gold_path = folder / "gold.jsonl"
    documents = load_documents(folder, load_meta(folder / "meta.jsonl"))
    records = []
    line_of_span: dict[tuple[str, int, int], int] = {}
    for line_number, record in read_jsonl(gold_path):
        where = f"{gold_path}:{line_number}"
        doc_id, mention, n = _checked_key_fields(record, where)
        document = documents.get(doc_id)
        if document is None:
            raise DataError(f"{where}: document {doc_id!r} has no .txt or .html file in {folder}")
        starts = find_occurrences(document.text, mention)
        if len(starts) < n:
            raise DataError(f"{where}: mention {mention!r} (n={n}) occurs {len(starts)} time(s) "
                            f"as a whole figure in {document.path.name}")
        start = starts[n - 1]
        span = (doc_id, start, start + len(mention))
        if span in line_of_span:
            # Two records on one span cannot both be matched one-to-one: an annotation slip.
            raise DataError(f"{where}: mention {mention!r} (n={n}) is the same span as line "
                            f"{line_of_span[span]}")
        line_of_span[span] = line_number
        records.append({**record, "start": span[1], "end": span[2],
                        "optional": bool(record.get("optional", False))})
    return GoldSet(folder=folder, documents=documents, records=records)


def load_meta(path: Path) -> dict[str, dict]:
    """``meta.jsonl`` by document id; a folder without one has no metadata."""
    if not path.is_file():
        return {}
    meta = {}
    for line_number, entry in read_jsonl(path):
        if not isinstance(entry.get("id"), str):
            raise DataError(f"{path}:{line_number}: meta line lacks a string 'id'")
        meta[entry["id"]] = entry
    return meta


def load_documents(folder: Path, meta: dict[str, dict]) -> dict[str, GoldDocument]:
    """The ``.txt`` / ``.html`` documents of ``folder`` by id (the file stem)."""
    documents: dict[str, GoldDocument] = {}
    for path in sorted(p for p in folder.iterdir() if p.suffix in DOCUMENT_SUFFIXES):
        if path.stem in documents:
            raise DataError(f"{folder}: document {path.stem!r} has both a .txt and an .html file")
        # Path.read_text translates line endings as the feed reader does, so offsets agree.
        content = path.read_text(encoding="utf-8")
        text = _html_to_text(content) if path.suffix == ".html" else content
        documents[path.stem] = GoldDocument(path.stem, path, text, meta.get(path.stem, {}))
    return documents


def find_occurrences(text: str, mention: str) -> list[int]:
    """Start offsets of ``mention`` in ``text`` where it stands as a whole figure.

    An occurrence inside a longer word or number does not count: in "23.7 percent ... 7 percent"
    the first "7 percent" is the second one (the seed gold is annotated that way).
    """
    starts = []
    start = text.find(mention)
    while start != -1:
        if _stands_alone(text, start, start + len(mention)):
            starts.append(start)
        start = text.find(mention, start + 1)
    return starts


def _stands_alone(text: str, start: int, end: int) -> bool:
    return not (_glued(text, start, start - 1, -1) or _glued(text, end - 1, end, +1))


def _glued(text: str, edge: int, neighbour: int, outward: int) -> bool:
    """Whether the character beside the mention's edge continues the edge's word or number."""
    if not 0 <= neighbour < len(text) or not text[edge].isalnum():
        return False
    if text[neighbour].isalnum():
        return True
    beyond = neighbour + outward
    return (text[edge].isdigit() and text[neighbour] in ".,"
            and 0 <= beyond < len(text) and text[beyond].isdigit())


def _checked_key_fields(record: dict, where: str) -> tuple[str, str, int]:
    doc_id, mention, n = record.get("doc_id"), record.get("mention"), record.get("n", 1)
    if not isinstance(doc_id, str) or not doc_id:
        raise DataError(f"{where}: record lacks a string 'doc_id'")
    if not isinstance(mention, str) or not mention:
        raise DataError(f"{where}: record lacks a non-empty string 'mention'")
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise DataError(f"{where}: 'n' must be an integer >= 1, got {n!r}")
    return doc_id, mention, n


def _html_to_text(html: str) -> str:
    # Imported here: only HTML documents need the product's extraction, and the scorer
    # must stay usable on plain-text gold without it.
    from extractor.clean import html_to_text

    return html_to_text(html)
