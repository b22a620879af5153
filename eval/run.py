"""Running the product extractor over a gold folder, for ``python -m eval run``."""
from __future__ import annotations

from dataclasses import dataclass, field

from .gold import GoldSet
from .predictions import check_prediction


@dataclass
class ExtractionRun:
    """Records the extractor produced, and every document it could not read or process."""

    records: list[dict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def extract_gold_folder(gold: GoldSet) -> ExtractionRun:
    """Read the gold folder as a feed and run ``Extractor().pipe`` over it."""
    # Imported at call time: scoring never needs the product, and tests can stand in for it.
    from extractor.document import ReadError
    from extractor.pipeline import Extractor
    from extractor.read import read_feed

    run = ExtractionRun()
    documents = []
    for item in read_feed(gold.folder):
        if isinstance(item, ReadError):
            run.problems.append(f"not read: {item}")
            continue
        gold_document = gold.documents.get(item.id)
        if gold_document is not None and gold_document.text != item.text:
            # Gold offsets were resolved on the gold loader's text; a different text moves them.
            run.problems.append(f"{item.id}: the feed's text differs from the gold text; "
                                "its spans may not line up")
        documents.append(item)
    for missing in sorted(set(gold.documents) - {d.id for d in documents}):
        run.problems.append(f"{missing}: in the gold folder but not in the feed")

    for document, result in Extractor().pipe(documents):
        if isinstance(result, Exception):
            run.problems.append(f"{document.id}: extractor failed: {result!r}")
            continue
        for index, record in enumerate(result):
            check_prediction(record, f"{document.id}, record {index}")
            run.records.append(record)
    return run
