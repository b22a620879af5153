"""Extract economic figures from news into structured, traceable records.

    >>> from extractor import extract
    >>> records = extract("Exports rose 5.5% to $60.11 billion in November.", published="2026-01-09")
    >>> [(r["mention"], r["value"], r["period_start"]) for r in records]
    [('5.5%', 5.5, '2025-11'), ('$60.11 billion', 60110000000.0, '2025-11')]

``extract`` takes one text; ``extract_frame`` takes a text, a file, a directory or a JSONL feed
and returns a pandas DataFrame (one row per record). For spaCy Docs use
``Extractor().parse(document)``: ``doc._.figures`` and ``doc.spans["figures"]``.
"""
from __future__ import annotations

from pathlib import Path

from .document import Document, Published, ReadError
from .pipeline import Extractor
from .settings import Settings

__all__ = ["Document", "Extractor", "Published", "ReadError", "Settings", "extract",
           "extract_frame"]
__version__ = "0.1.0"


def extract(text: str, published: str | None = None, doc_id: str = "text",
            settings: Settings | None = None, extractor: Extractor | None = None) -> list[dict]:
    """Records (SCHEMA §2 dicts) of one plain text; ``published`` is YYYY[-MM[-DD]]."""
    from .read import read_text

    return (extractor or Extractor(settings)).process(read_text(text, published, doc_id))


def extract_frame(source: str | Path, published: str | None = None,
                  settings: Settings | None = None, extractor: Extractor | None = None):
    """A pandas DataFrame of the records of a feed, file or directory (or of a text, when
    ``source`` is not an existing path). Input problems raise ``ValueError`` listing them all."""
    from .read import read_feed, read_text
    from .write import records_to_dataframe

    engine = extractor or Extractor(settings)
    path = _existing_path(source)
    if path is not None:
        items = list(read_feed(path, published))
    else:
        items = [read_text(str(source), published)]
    problems = [str(item) for item in items if isinstance(item, ReadError)]
    documents = [item for item in items if not isinstance(item, ReadError)]
    records = []
    for document, result in engine.pipe(documents):
        if isinstance(result, Exception):
            problems.append(f"{document.origin or document.id}: {result}")
        else:
            records.extend(result)
    if problems:
        raise ValueError("; ".join(problems))
    return records_to_dataframe(records)


def _existing_path(source: str | Path) -> Path | None:
    if isinstance(source, Path):
        return source
    try:
        path = Path(source)
        return path if path.exists() else None
    except (OSError, ValueError):  # a long text is not a file name
        return None
