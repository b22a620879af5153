"""How a batch run shows itself: a live bar on a terminal, plain lines in a log."""
from __future__ import annotations

import time

from rich.console import Console
from rich.progress import Progress as RichProgress
from rich.progress import SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.text import Text

from .runner import Progress, Reporter

MAX_ERRORS_SHOWN = 20


class ConsoleReporter(Reporter):
    """Messages and errors on ``console`` (stderr); progress as a rich bar when ``live``, else
    as one plain line every ``every`` seconds (for logs: no control characters)."""

    def __init__(self, console: Console, live: bool, every: float = 10.0, quiet: bool = False):
        self.console, self.live, self.every, self.quiet = console, live, every, quiet
        self._errors_shown = 0
        self._last_line = time.monotonic()
        self._bar: RichProgress | None = None
        self._task = None
        self._latest: Progress | None = None

    def __enter__(self) -> "ConsoleReporter":
        return self

    def _start_bar(self) -> None:
        """Started at the first update, not before: the bar runs a thread, and the local engine
        forks its workers only while the process has a single thread."""
        if self.live and not self.quiet and self._bar is None:
            self._bar = RichProgress(
                SpinnerColumn(),
                TextColumn("{task.fields[documents]:,} docs"),
                TextColumn("{task.fields[rate]:,.0f} words/s"),
                TextColumn("[red]{task.fields[errors]:,} errors"),
                TextColumn("{task.fields[duplicates]:,} duplicates"),
                TimeElapsedColumn(),
                console=self.console, transient=True, redirect_stdout=False)
            self._bar.start()
            self._task = self._bar.add_task("batch", total=None, documents=0, rate=0.0,
                                            errors=0, duplicates=0)

    def __exit__(self, *exc_info) -> None:
        if self._bar is not None:
            self._bar.stop()
        elif self._latest is not None and not self.quiet and not self.live:
            self.console.print(self._line(self._latest), soft_wrap=True, highlight=False)

    def info(self, message: str) -> None:
        if not self.quiet:
            self.console.print(message, soft_wrap=True, highlight=False)

    def error(self, row: dict) -> None:
        self._errors_shown += 1
        if self._errors_shown <= MAX_ERRORS_SHOWN:
            where = (f"{row['origin']} (id {row['doc_id']})" if row.get("doc_id")
                     else row["origin"])
            self.console.print(Text.assemble(("error", "bold red"), f": {where}: {row['reason']}"),
                               soft_wrap=True)
        elif self._errors_shown == MAX_ERRORS_SHOWN + 1:
            self.console.print("(more errors: see the errors file)", soft_wrap=True)

    def update(self, progress: Progress) -> None:
        self._latest = progress
        if self.quiet:
            return
        self._start_bar()
        if self._bar is not None:
            self._bar.update(self._task, documents=progress.documents, rate=progress.words_per_s,
                             errors=progress.errors, duplicates=progress.duplicates)
        elif time.monotonic() - self._last_line >= self.every:
            self._last_line = time.monotonic()
            self.console.print(self._line(progress), soft_wrap=True, highlight=False)

    @staticmethod
    def _line(progress: Progress) -> str:
        elapsed = progress.elapsed
        return (f"progress: {progress.documents:,} documents, {progress.words:,} words, "
                f"{progress.words_per_s:,.0f} words/s, {progress.errors:,} errors, "
                f"{progress.duplicates:,} duplicates, {int(elapsed // 60)}m{elapsed % 60:04.1f}s")
