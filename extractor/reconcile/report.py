"""Readable terminal tables (rich) of verdicts, findings and series."""
from __future__ import annotations

from collections import Counter

import pandas as pd
from rich.table import Table

from .fmt import amount

STYLES = {"consistent": "green", "inconsistent": "red", "mislabeled": "yellow",
          "unverifiable": "dim"}


def verdict_table(verdicts: list[dict], title: str = "Verdicts") -> Table:
    table = Table(title=title, show_lines=False, expand=False)
    for name, options in (("doc", {"max_width": 14, "overflow": "ellipsis"}), ("figure", {}),
                          ("verdict", {}), ("official", {}), ("period", {}),
                          ("explanation", {"ratio": 1, "overflow": "fold"})):
        table.add_column(name, **options)
    for v in verdicts:
        style = STYLES.get(v.get("verdict"), "")
        official = amount(v.get("official_value"), v.get("official_unit")) \
            if v.get("official_value") is not None else "-"
        table.add_row(str(v.get("doc_id") or ""), str(v.get("mention") or ""),
                      f"[{style}]{v.get('verdict')}[/{style}]" if style else str(v.get("verdict")),
                      official, str(v.get("official_period") or v.get("period") or ""),
                      str(v.get("explanation") or ""))
    return table


def summary_line(verdicts: list[dict], findings: list[dict]) -> str:
    counts = Counter(v.get("verdict") for v in verdicts)
    parts = [f"{name}: {counts.get(name, 0)}" for name in STYLES]
    return f"figures: {len(verdicts)}, " + ", ".join(parts) + f", findings: {len(findings)}"


def findings_table(findings: list[dict]) -> Table:
    table = Table(title="Document findings")
    table.add_column("doc", max_width=14, overflow="ellipsis")
    table.add_column("kind")
    table.add_column("explanation", overflow="fold")
    for finding in findings:
        table.add_row(str(finding.get("doc_id")), finding.get("kind", ""), finding.get("explanation", ""))
    return table


def series_table(frame: pd.DataFrame) -> Table:
    table = Table(title=f"Series ({len(frame)})")
    for name in ("series_id", "label", "observations", "first", "last", "agencies"):
        table.add_column(name, overflow="fold")
    for row in frame.itertuples(index=False):
        table.add_row(row.series_id, str(row.label), str(row.observations), str(row.first),
                      str(row.last), str(row.agencies))
    return table


def observations_table(frame: pd.DataFrame, series_id: str) -> Table:
    table = Table(title=series_id)
    for name in ("period", "value", "unit", "agency", "release", "vintage", "source_url"):
        table.add_column(name, overflow="fold")
    for row in frame.itertuples(index=False):
        table.add_row(row.time_period, amount(row.value, row.unit if row.transform == "level" else "%"),
                      row.unit, str(row.agency), str(row.release_date or ""), str(row.vintage or ""),
                      str(row.source_url))
    return table


