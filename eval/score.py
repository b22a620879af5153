"""The SCHEMA §6 scorer: span matching, then mention, value, slot and record figures."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

RECORD_SLOTS = ("value", "unit", "role", "measure", "reporter", "partner", "sector",
                "period_start", "period_end")
"""Slots that must all be right for a matched pair to count as a right record."""

ACCURACY_SLOTS = ("role", "measure", "reporter", "partner", "sector", "period", "basis", "approx",
                  "status", "converted", "source")
"""Slots whose accuracy over matched pairs is reported; ``period`` is start and end together."""

COMPARED_SLOTS = RECORD_SLOTS + ("basis", "approx", "status", "converted", "source")

VOCABULARY_SLOTS = frozenset({"measure", "sector", "partner", "reporter"})
"""Controlled vocabularies, where any ``other:…`` id equals any other ``other:…`` id."""

SUFFIXED_SLOTS = frozenset({"measure", "sector"})
"""Vocabularies whose dotted suffixes (variants, sub-segments) the lenient record F1 drops."""

VALUE_RELATIVE_TOLERANCE = 1e-4  # 0.01 %
VALUE_ABSOLUTE_TOLERANCE = 1e-9  # lets a gold 0 match a computed 0 that carries float noise

CONTEXT_WIDTH = 80  # characters shown either side of a missed mention


@dataclass
class Counts:
    """Matches against predicted and gold totals, for precision, recall and F1."""

    tp: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        """Percentages to one decimal, with the counts behind them."""
        return {"P": round(100 * self.precision, 1), "R": round(100 * self.recall, 1),
                "F1": round(100 * self.f1, 1), "tp": self.tp, "predicted": self.predicted,
                "gold": self.gold}

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.predicted += other.predicted
        self.gold += other.gold


@dataclass
class Accuracy:
    """Right answers among matched pairs."""

    correct: int = 0
    total: int = 0

    @property
    def ratio(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def count(self, right: bool) -> None:
        self.correct += right
        self.total += 1


@dataclass
class Miss:
    """A gold record that was not found, or found with a wrong record slot."""

    doc_id: str
    gold: dict
    predicted: dict | None  # None: no prediction overlapped it
    differences: dict[str, tuple[Any, Any]]  # record slot -> (gold, predicted), for wrong ones
    context: str

    @property
    def kind(self) -> str:
        return "missed" if self.predicted is None else "wrong"


@dataclass
class Spurious:
    """A prediction that overlaps no gold record."""

    doc_id: str
    predicted: dict
    context: str


@dataclass
class DocumentScore:
    doc_id: str
    mention: Counts
    record: Counts
    lenient_record: Counts


@dataclass
class ScoreReport:
    """Everything the scorer found; ``headline()`` gives the figures to track."""

    mention: Counts
    record: Counts
    lenient_record: Counts
    value: Accuracy  # value within tolerance and unit equal
    slots: dict[str, Accuracy]
    documents: list[DocumentScore]
    misses: list[Miss] = field(default_factory=list)
    spurious: list[Spurious] = field(default_factory=list)
    unknown_documents: list[str] = field(default_factory=list)  # predicted ids not scored

    def headline(self) -> dict:
        def rounded(x: float) -> float:
            return round(x, 4)

        return {
            "record_f1": rounded(self.record.f1),
            "record_precision": rounded(self.record.precision),
            "record_recall": rounded(self.record.recall),
            "lenient_record_f1": rounded(self.lenient_record.f1),
            "mention_f1": rounded(self.mention.f1),
            "mention_precision": rounded(self.mention.precision),
            "mention_recall": rounded(self.mention.recall),
            "value_accuracy": rounded(self.value.ratio),
            "gold": self.mention.gold,
            "predicted": self.mention.predicted,
            "matched": self.mention.tp,
            "documents": len(self.documents),
        }


def score(gold: Iterable[dict], predicted: Iterable[dict],
          texts: Mapping[str, str] | None = None) -> ScoreReport:
    """Score predicted records against gold records, both with ``doc_id``, ``start``, ``end``.

    ``texts`` (document id -> text) names the scored documents and gives context for misses;
    predictions for other documents are left out and listed in ``unknown_documents``. Without
    it, every document that has gold or predicted records is scored.
    """
    gold_by_doc, predicted_by_doc = _by_document(gold), _by_document(predicted)
    doc_ids = set(texts) if texts is not None else set(gold_by_doc) | set(predicted_by_doc)
    report = ScoreReport(Counts(), Counts(), Counts(), Accuracy(),
                         {slot: Accuracy() for slot in ACCURACY_SLOTS}, documents=[],
                         unknown_documents=sorted(set(predicted_by_doc) - doc_ids))
    for doc_id in sorted(doc_ids):
        _score_document(report, doc_id, gold_by_doc[doc_id], predicted_by_doc[doc_id],
                        (texts or {}).get(doc_id))
    return report


def match_spans(gold: list[dict], predicted: list[dict]) -> list[tuple[int, int]]:
    """One-to-one ``(gold index, predicted index)`` pairs of overlapping spans.

    Greedy by overlap size. Ties go to the closer pair (smaller union of the two spans), then to
    a required gold over an optional one (so the prediction earns credit), then to text order.
    """
    candidates = []
    for gold_index, g in enumerate(gold):
        for predicted_index, p in enumerate(predicted):
            overlap = min(g["end"], p["end"]) - max(g["start"], p["start"])
            if overlap > 0:
                union = max(g["end"], p["end"]) - min(g["start"], p["start"])
                candidates.append((-overlap, union, _is_optional(g), g["start"], p["start"],
                                   gold_index, predicted_index))
    candidates.sort()
    used_gold, used_predicted, pairs = set(), set(), []
    for *_, gold_index, predicted_index in candidates:
        if gold_index not in used_gold and predicted_index not in used_predicted:
            used_gold.add(gold_index)
            used_predicted.add(predicted_index)
            pairs.append((gold_index, predicted_index))
    return pairs


def slot_equal(slot: str, gold_value: Any, predicted_value: Any, lenient: bool = False) -> bool:
    """Whether a predicted slot value is right; ``lenient`` drops measure/sector suffixes."""
    if slot == "value":
        return values_close(gold_value, predicted_value)
    if slot in VOCABULARY_SLOTS:
        if lenient and slot in SUFFIXED_SLOTS:
            gold_value, predicted_value = _drop_suffix(gold_value), _drop_suffix(predicted_value)
        if _is_other(gold_value) and _is_other(predicted_value):
            return True  # free words after "other:" are not scored
    return gold_value == predicted_value


def values_close(gold_value: Any, predicted_value: Any) -> bool:
    """Within 0.01 % of the gold value (a gold 0 needs a predicted 0)."""
    if not (_is_number(gold_value) and _is_number(predicted_value)):
        return False
    tolerance = VALUE_RELATIVE_TOLERANCE * abs(gold_value) + VALUE_ABSOLUTE_TOLERANCE
    return abs(predicted_value - gold_value) <= tolerance


def _score_document(report: ScoreReport, doc_id: str, gold: list[dict], predicted: list[dict],
                    text: str | None) -> None:
    document = DocumentScore(doc_id, Counts(), Counts(), Counts())
    pairs = match_spans(gold, predicted)
    matched_gold = {g for g, _ in pairs}
    matched_predicted = {p for _, p in pairs}
    required = [g for g in gold if not _is_optional(g)]
    # A prediction on an optional gold is neither right nor spurious: it leaves the count.
    on_optional = sum(_is_optional(gold[g]) for g, _ in pairs)
    for counts in (document.mention, document.record, document.lenient_record):
        counts.predicted, counts.gold = len(predicted) - on_optional, len(required)

    misses = []
    for gold_index, predicted_index in pairs:
        g, p = gold[gold_index], predicted[predicted_index]
        if _is_optional(g):
            continue
        document.mention.tp += 1
        right = {slot: slot_equal(slot, g.get(slot), p.get(slot)) for slot in COMPARED_SLOTS}
        _count_accuracies(report, right)
        if all(right[slot] for slot in RECORD_SLOTS):
            document.record.tp += 1
        else:
            differences = {slot: (g.get(slot), p.get(slot))
                           for slot in RECORD_SLOTS if not right[slot]}
            misses.append(Miss(doc_id, g, p, differences, _context(g, text, p.get("sentence"))))
        if all(slot_equal(slot, g.get(slot), p.get(slot), lenient=True) for slot in RECORD_SLOTS):
            document.lenient_record.tp += 1
    misses += [Miss(doc_id, g, None, {}, _context(g, text)) for index, g in enumerate(gold)
               if index not in matched_gold and not _is_optional(g)]
    spurious = [Spurious(doc_id, p, p.get("sentence") or _context(p, text))
                for index, p in enumerate(predicted) if index not in matched_predicted]
    # In text order, so that a document's errors read like the article.
    report.misses += sorted(misses, key=lambda miss: miss.gold["start"])
    report.spurious += sorted(spurious, key=lambda item: item.predicted["start"])

    report.documents.append(document)
    report.mention.add(document.mention)
    report.record.add(document.record)
    report.lenient_record.add(document.lenient_record)


def _count_accuracies(report: ScoreReport, right: dict[str, bool]) -> None:
    report.value.count(right["value"] and right["unit"])
    right = {**right, "period": right["period_start"] and right["period_end"]}
    for slot in ACCURACY_SLOTS:
        report.slots[slot].count(right[slot])


def _context(record: dict, text: str | None, sentence: str | None = None) -> str:
    """The mention in brackets with some text either side, on one line; without the text,
    the sentence or else the bare mention."""
    if text is None:
        return sentence or record.get("mention", "")
    start, end = record["start"], record["end"]
    before = text[max(0, start - CONTEXT_WIDTH):start]
    after = text[end:end + CONTEXT_WIDTH]
    return " ".join(f"…{before}[{text[start:end]}]{after}…".split())


def _by_document(records: Iterable[dict]) -> defaultdict[str, list[dict]]:
    by_document: defaultdict[str, list[dict]] = defaultdict(list)
    for record in records:
        by_document[record["doc_id"]].append(record)
    return by_document


def _is_optional(record: dict) -> bool:
    return bool(record.get("optional", False))


def _is_other(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("other:")


def _drop_suffix(value: Any) -> Any:
    return value.split(".", 1)[0] if isinstance(value, str) else value


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
