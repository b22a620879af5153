"""Readable text for a ScoreReport: tables, optionally the errors, and a final JSON line."""
from __future__ import annotations

import io
import json

from rich.console import Console
from rich.table import Table

from .score import Accuracy, Counts, ScoreReport

REPORT_WIDTH = 160


def format_report(report: ScoreReport, show_errors: bool = False) -> str:
    """The report as plain text; its last line is ``report.headline()`` as one JSON object."""
    console = Console(file=io.StringIO(), record=True, width=REPORT_WIDTH, color_system=None)
    console.print(_figures_table(report))
    console.print(_accuracy_table(report))
    console.print(_documents_table(report))
    if report.unknown_documents:
        console.print(f"Not scored: predictions for {len(report.unknown_documents)} document(s) "
                      f"outside the gold folder: {', '.join(report.unknown_documents)}")
    if show_errors:
        console.print(_misses_table(report))
        console.print(_spurious_table(report))
    return console.export_text() + json.dumps(report.headline())


def _percent(x: float) -> str:
    return f"{100 * x:.1f}"


def _figures_table(report: ScoreReport) -> Table:
    table = Table(title="Mentions and records", title_justify="left")
    for column in ("", "P", "R", "F1", "right", "predicted", "gold"):
        table.add_column(column, justify="left" if not column else "right")
    rows = [("mention", report.mention), ("record", report.record),
            ("record, lenient", report.lenient_record)]
    for name, counts in rows:
        table.add_row(name, _percent(counts.precision), _percent(counts.recall),
                      _percent(counts.f1), str(counts.tp), str(counts.predicted), str(counts.gold))
    return table


def _accuracy_table(report: ScoreReport) -> Table:
    table = Table(title="Accuracy over matched pairs", title_justify="left")
    for column in ("", "accuracy", "right", "pairs"):
        table.add_column(column, justify="left" if not column else "right")
    rows: list[tuple[str, Accuracy]] = [("value and unit", report.value), *report.slots.items()]
    for name, accuracy in rows:
        table.add_row(name, _percent(accuracy.ratio), str(accuracy.correct), str(accuracy.total))
    return table


def _documents_table(report: ScoreReport) -> Table:
    table = Table(title="Per document", title_justify="left")
    for column in ("document", "gold", "predicted", "matched", "mention F1", "record F1",
                   "lenient F1"):
        table.add_column(column, justify="left" if column == "document" else "right")
    for document in report.documents:
        table.add_row(document.doc_id, str(document.mention.gold), str(document.mention.predicted),
                      str(document.mention.tp), _f1(document.mention), _f1(document.record),
                      _f1(document.lenient_record))
    return table


def _f1(counts: Counts) -> str:
    # A document with neither gold nor predicted records has no F1 to show.
    return _percent(counts.f1) if counts.gold or counts.predicted else "–"


def _misses_table(report: ScoreReport) -> Table:
    table = Table(title=f"Misses ({len(report.misses)}): gold not found, or found with a wrong "
                        "record slot (gold → predicted)", title_justify="left")
    for column in ("document", "mention", "kind", "slots", "context"):
        table.add_column(column, overflow="fold")
    for miss in report.misses:
        slots = "; ".join(f"{slot}: {gold!r} → {predicted!r}"
                          for slot, (gold, predicted) in miss.differences.items())
        table.add_row(miss.doc_id, miss.gold.get("mention", ""), miss.kind, slots, miss.context)
    return table


def _spurious_table(report: ScoreReport) -> Table:
    table = Table(title=f"Spurious predictions ({len(report.spurious)})", title_justify="left")
    for column in ("document", "mention", "record", "sentence"):
        table.add_column(column, overflow="fold")
    for spurious in report.spurious:
        record = spurious.predicted
        summary = " ".join(str(record.get(slot)) for slot in ("value", "unit", "role", "measure"))
        table.add_row(spurious.doc_id, str(record.get("mention", "")), summary, spurious.context)
    return table
