"""Documents flowing into the pipeline and the problems met while reading them."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Published:
    """A publication date at the precision the feed gave it (year, month or day)."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value: str | date | None) -> "Published | None":
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ``ValueError`` on anything else."""
        if value is None or value == "":
            return None
        if isinstance(value, date):
            return cls(value.year, value.month, value.day)
        text = str(value).strip()
        parts = text.split("-")
        try:
            numbers = [int(p) for p in parts]
        except ValueError:
            raise ValueError(f"bad date {text!r}: expected YYYY, YYYY-MM or YYYY-MM-DD") from None
        if len(numbers) == 1 and len(parts[0]) == 4:
            return cls(numbers[0])
        if len(numbers) == 2 and len(parts[0]) == 4:
            date(numbers[0], numbers[1], 1)  # validates the month
            return cls(numbers[0], numbers[1])
        if len(numbers) == 3 and len(parts[0]) == 4:
            date(*numbers)
            return cls(*numbers)
        raise ValueError(f"bad date {text!r}: expected YYYY, YYYY-MM or YYYY-MM-DD")

    def __str__(self) -> str:
        out = f"{self.year:04d}"
        if self.month:
            out += f"-{self.month:02d}"
            if self.day:
                out += f"-{self.day:02d}"
        return out


@dataclass
class Document:
    """One article: its id, the text the pipeline reads, and its provenance."""

    id: str
    text: str
    published: Published | None = None
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    origin: str | None = None  # file (and line) it was read from, for error messages


@dataclass
class ReadError:
    """Input that could not be turned into a Document; reported, never silently dropped."""

    origin: str  # file, file:line, or "<text>"
    reason: str
    doc_id: str | None = None

    def __str__(self) -> str:
        where = f"{self.origin} (id {self.doc_id})" if self.doc_id else self.origin
        return f"{where}: {self.reason}"


RECORD_FIELDS = [
    "doc_id", "start", "end", "mention", "value", "unit", "role", "measure", "reporter",
    "partner", "sector", "period_start", "period_end", "basis", "approx", "status",
    "converted", "source", "sentence", "confidence",
]
"""Output record fields of SCHEMA §2, in output order; provenance fields may follow."""

PROVENANCE_FIELDS = ["url", "outlet", "title", "published"]
