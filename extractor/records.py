"""Figure -> output record (SCHEMA §2)."""
from __future__ import annotations

from .document import Document
from .figures import Figure


def figure_record(fig: Figure, text: str, document: Document) -> dict:
    """One SCHEMA §2 record; offsets index ``text`` exactly as given."""
    record = {
        "doc_id": document.id,
        "start": fig.start,
        "end": fig.end,
        "mention": text[fig.start:fig.end],
        "value": fig.value,
        "unit": fig.unit,
        "role": fig.role,
        "measure": fig.measure,
        "reporter": fig.reporter,
        "partner": fig.partner,
        "sector": fig.sector,
        "period_start": fig.period_start,
        "period_end": fig.period_end,
        "basis": fig.basis,
        "approx": fig.approx,
        "status": fig.status,
        "converted": fig.converted,
        "source": fig.source,
        "sentence": text[fig.sentence_start:fig.sentence_end],
        "confidence": round(min(fig.confidence, 0.99), 2),
    }
    if fig.value_high is not None:
        record["value_high"] = fig.value_high
    for name in ("url", "outlet", "title"):
        value = getattr(document, name)
        if value:
            record[name] = value
    if document.published is not None:
        record["published"] = str(document.published)
    return record
