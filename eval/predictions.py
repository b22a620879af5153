"""Reading predicted records (SCHEMA §2, with ``start``/``end``) and checking their spans."""
from __future__ import annotations

from pathlib import Path

from .jsonl import DataError, read_jsonl


def load_predictions(path: str | Path) -> list[dict]:
    """Records of a predictions JSON Lines file; raises ``DataError`` naming file and line."""
    path = Path(path)
    records = []
    for line_number, record in read_jsonl(path):
        check_prediction(record, f"{path}:{line_number}")
        records.append(record)
    return records


def check_prediction(record: dict, where: str) -> None:
    """Raise ``DataError`` unless the record has a ``doc_id`` and a well-formed span."""
    if not isinstance(record.get("doc_id"), str):
        raise DataError(f"{where}: record lacks a string 'doc_id'")
    start, end = record.get("start"), record.get("end")
    if not all(isinstance(x, int) and not isinstance(x, bool) for x in (start, end)):
        raise DataError(f"{where}: record lacks integer 'start' and 'end'")
    if not 0 <= start <= end:
        raise DataError(f"{where}: bad span start={start} end={end}")
