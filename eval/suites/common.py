"""Shared plumbing of the peer suites: where the data lives, the extractor, tables, timing."""
from __future__ import annotations

import dataclasses
import io
import json
import os
import platform
import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from time import perf_counter

from rich.console import Console
from rich.table import Table

REPO_ROOT = Path(__file__).resolve().parents[2]
EXTERNAL_DIR = Path(os.environ.get("EVAL_EXTERNAL_DIR", REPO_ROOT.parent / "shared" / "external"))
SHARED_CORPUS_DIR = REPO_ROOT.parent / "shared" / "corpus"
SUITES_DIR = Path(__file__).resolve().parent
TABLE_WIDTH = 160


class SuiteMissing(Exception):
    """The suite's data is not beside the checkout (../shared/external): skipped, not failed."""


class SettingMissing(RuntimeError):
    """The extractor has no ``Settings(quantities=...)`` switch yet."""


def external_path(*parts: str) -> Path:
    """A file or folder of ../shared/external, or SuiteMissing naming what is absent."""
    path = EXTERNAL_DIR.joinpath(*parts)
    if not path.exists():
        raise SuiteMissing(f"{path} is absent (the peer suites are read from ../shared/external; "
                           "they are never copied into the repository)")
    return path


def load_json(path: Path):
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


# -- the extractor ---------------------------------------------------------------------------
def quantities_extractor(quantities: bool = True):
    """``Extractor(Settings(quantities=True))``: the one pipeline with the quantities view on."""
    from extractor import Extractor, Settings

    if quantities and "quantities" not in {f.name for f in dataclasses.fields(Settings)}:
        raise SettingMissing(
            "extractor.Settings has no 'quantities' field: the quantities view "
            "(extractor/quantities.py, QuantityFinder) is not wired into the pipeline yet. "
            "Add `quantities: bool = False` to Settings and call QuantityFinder.find() in "
            "FigureComponent.__call__ after the economic finder (see eval/README.md, 'Peer suites').")
    settings = Settings(quantities=True) if quantities else Settings()
    return Extractor(settings)


def figures_and_records(extractor, document) -> list[tuple[object, dict]]:
    """(Figure, SCHEMA record) pairs of one document, as ``Extractor.process`` filters them."""
    from extractor.records import figure_record

    doc = extractor.parse(document)
    pairs = []
    for fig in doc._.figures or []:
        record = figure_record(fig, document.text, document)
        if record["confidence"] >= extractor.settings.min_confidence:
            pairs.append((fig, record))
    return pairs


# -- timing ----------------------------------------------------------------------------------
@dataclass
class Speed:
    """Sentences per second of one tool on the same sentences, in the same run."""

    tool: str
    sentences: int
    seconds: float  # median of the timed runs
    runs: int

    @property
    def per_second(self) -> float:
        return self.sentences / self.seconds if self.seconds else 0.0


def time_tool(tool: str, fn: Callable[[str], object], texts: list[str], runs: int = 3) -> Speed:
    """Median wall time of ``fn`` over all ``texts`` (after one warm-up sentence)."""
    if texts:
        fn(texts[0])
    timings = []
    for _ in range(runs):
        start = perf_counter()
        for text in texts:
            fn(text)
        timings.append(perf_counter() - start)
    return Speed(tool, len(texts), statistics.median(timings) if timings else 0.0, runs)


# -- output ----------------------------------------------------------------------------------
def make_table(title: str, columns: Iterable[str], rows: Iterable[Iterable[object]]) -> Table:
    columns = list(columns)
    table = Table(title=title, title_justify="left")
    for index, column in enumerate(columns):
        table.add_column(column, justify="left" if index == 0 else "right")
    for row in rows:
        table.add_row(*[_cell(v) for v in row])
    return table


def _cell(value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def render(*blocks) -> str:
    """Tables and strings as plain text."""
    console = Console(file=io.StringIO(), record=True, width=TABLE_WIDTH, color_system=None)
    for block in blocks:
        console.print(block)
    return console.export_text()


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} CPUs, " \
           f"Python {platform.python_version()}"


def pct(x: float) -> float:
    return round(100 * x, 1)
