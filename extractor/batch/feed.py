"""The driver's reading: the feed as numbered chunks of WorkItems, deduplicated where the
driver can tell.

Every unit of the inputs (document, bad line, unreadable file) gets a sequence number in feed
order; chunk k holds units ``k*size .. (k+1)*size - 1``. Reading is deterministic, so the same
feed gives the same chunks on every run: that is what lets a resumed run skip the committed
ones and continue exactly where the last one stopped.

Deduplication ("the first copy wins"), decided here in feed order: a unit is a duplicate when an
earlier document had the same id, or the same normalized text where the driver knows the text
(feed entries given as ``text``). Texts known only after building the document (HTML, files)
are compared when chunks are committed (``runner``), against the texts of kept documents.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..read import scan_inputs
from .ledger import KeySet
from .work import WorkItem, id_key, text_key


@dataclass
class Chunk:
    k: int
    items: list[WorkItem]


def read_chunks(inputs, size: int, keys: KeySet | None) -> Iterator[Chunk]:
    """Chunks of ``size`` units (the last may be smaller); ``keys`` None: no deduplication."""
    items: list[WorkItem] = []
    k = 0
    for seq, raw in enumerate(scan_inputs(inputs)):
        item = WorkItem(seq, raw.origin, raw.doc_id, raw)
        if keys is not None and raw.error is None and raw.doc_id is not None:
            item.duplicate = _duplicate(keys, raw)
            if item.duplicate is not None:
                item.raw = None
        items.append(item)
        if len(items) == size:
            yield Chunk(k, items)
            items, k = [], k + 1
    if items:
        yield Chunk(k, items)


def _duplicate(keys: KeySet, raw) -> tuple[str, str | None] | None:
    new, first = keys.claim(id_key(raw.doc_id), raw.doc_id)
    if not new:
        return "id", first
    text = raw.text
    if text is not None:
        new, first = keys.claim(b"t" + text_key(text), raw.doc_id)
        if not new:
            return "text", first
    return None
