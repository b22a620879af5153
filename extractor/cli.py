"""Command line: ``extractor extract INPUT... [-o OUT]`` and ``extractor version``.

The commands only wire things together; reading is in ``read``, writing in ``write`` and the
extraction in ``pipeline``. Exit codes: 0 all processed, 1 some documents failed (the others are
still written), 2 usage errors, 130 interrupted.

``extract`` runs in one of two modes:

- simple (the default): one process, documents in feed order, the output written atomically;
- batch (``extractor.batch``), chosen by any of ``--workers``, ``--engine``, ``--scheduler``,
  ``--doc-timeout``, ``--chunk-size``, ``--dedupe/--no-dedupe``, ``--restart``, ``--table`` or a
  DuckDB output: parallel, resumable after a kill (re-run the same command), with per-document
  time limits, deduplication, an errors file and a manifest beside the output. Its output is
  JSONL, Parquet (a directory of part files) or a DuckDB table.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from enum import Enum
from importlib.metadata import PackageNotFoundError, version as package_version
from pathlib import Path
from typing import Annotated, Protocol

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.text import Text

from .document import Document, ReadError
from .pipeline import Extractor
from .read import parse_published, read_inputs, scan_inputs
from .settings import Settings
from .write import BATCH_FORMATS, FORMATS, error_writer, output_format, record_writer

DISTRIBUTION = "econ-figures"
OutputFormat = Enum("OutputFormat", {name: name for name in FORMATS}, type=str)
Engine = Enum("Engine", {"local": "local", "dask": "dask"}, type=str)
BATCH_PANEL = "Batch mode (parallel, resumable)"


class RecordExtractor(Protocol):
    """What the CLI needs of ``pipeline.Extractor`` (tests pass a fake)."""

    def pipe(self, documents: Iterable[Document]
             ) -> Iterator[tuple[Document, list[dict] | Exception]]: ...


@dataclass
class RunCounts:
    documents: int = 0
    records: int = 0
    errors: int = 0

    def __str__(self) -> str:
        return f"documents: {self.documents}, records: {self.records}, errors: {self.errors}"


def extract_records(items: Iterable[Document | ReadError], extractor: RecordExtractor,
                    write_records: Callable[[list[dict]], None],
                    report_error: Callable[[ReadError], None],
                    advance: Callable[[], None]) -> RunCounts:
    """Run the documents through the extractor, writing records and reporting every failure."""
    counts = RunCounts()

    def report(error: ReadError) -> None:
        counts.errors += 1
        report_error(error)

    def documents() -> Iterator[Document]:
        for item in items:
            if isinstance(item, ReadError):
                report(item)
            else:
                yield item

    for document, result in extractor.pipe(documents()):
        if isinstance(result, Exception):
            report(ReadError(document.origin or document.id,
                             f"{type(result).__name__}: {result}", document.id))
        else:
            write_records(result)
            counts.documents += 1
            counts.records += len(result)
        advance()
    return counts


def build_app(extractor_factory: Callable[[Settings], RecordExtractor] = Extractor) -> typer.Typer:
    """The Typer app; ``extractor_factory`` builds the extractor from the run's settings."""
    app = typer.Typer(no_args_is_help=True, add_completion=False,
                      pretty_exceptions_enable=False,
                      help="Extract economic figures from news into structured records.")

    @app.command()
    def extract(
        inputs: Annotated[list[str] | None, typer.Argument(
            metavar="INPUT", show_default=False,
            help="JSONL feed (.jsonl, .jsonl.gz), .txt/.html file, directory of them, "
                 "or - for text on stdin.")] = None,
        output: Annotated[Path | None, typer.Option(
            "--output", "-o", metavar="OUT",
            help="Output file; JSONL on stdout if not given.")] = None,
        fmt: Annotated[OutputFormat | None, typer.Option(
            "--format", help="Output format; by default from the suffix of OUT.")] = None,
        published: Annotated[str | None, typer.Option(
            metavar="DATE", callback=_check_date,
            help="Publication date (YYYY[-MM[-DD]]) of documents that give none.")] = None,
        text: Annotated[str | None, typer.Option(
            help="Text to extract from, as one more document.")] = None,
        errors: Annotated[Path | None, typer.Option(
            metavar="ERRORS.jsonl",
            help="Also write every error here (origin, doc_id, reason).")] = None,
        model: Annotated[str | None, typer.Option(
            metavar="NAME",
            help="Installed spaCy pipeline to parse with; default: none (rules only).")] = None,
        quiet: Annotated[bool, typer.Option(
            "--quiet", "-q", help="No progress bar, no summary.")] = False,
        workers: Annotated[int | None, typer.Option(
            min=1, metavar="N", rich_help_panel=BATCH_PANEL,
            help="Worker processes (local engine; default 1), or workers of the local Dask "
                 "cluster (default: one per core).")] = None,
        engine: Annotated[Engine | None, typer.Option(
            rich_help_panel=BATCH_PANEL,
            help="Where documents are processed: local processes or a Dask cluster.")] = None,
        scheduler: Annotated[str | None, typer.Option(
            metavar="ADDRESS", rich_help_panel=BATCH_PANEL,
            help="Dask scheduler (tcp://host:8786); default: a local cluster.")] = None,
        doc_timeout: Annotated[float | None, typer.Option(
            min=0, metavar="SECONDS", rich_help_panel=BATCH_PANEL,
            help="Time limit per document; it becomes an error row (default 60; 0: none).")] = None,
        chunk_size: Annotated[int | None, typer.Option(
            min=1, metavar="N", rich_help_panel=BATCH_PANEL,
            help="Documents per chunk: the unit of work, of commit and of resume "
                 "(default 250).")] = None,
        dedupe: Annotated[bool | None, typer.Option(
            "--dedupe/--no-dedupe", rich_help_panel=BATCH_PANEL,
            help="Process a document with the id or normalized text of an earlier one only "
                 "once (default on).")] = None,
        restart: Annotated[bool, typer.Option(
            "--restart", rich_help_panel=BATCH_PANEL,
            help="Discard the progress of an earlier run into OUT and start over (by default "
                 "a run resumes where the last one stopped).")] = False,
        table: Annotated[str | None, typer.Option(
            metavar="NAME", rich_help_panel=BATCH_PANEL,
            help="Table of a DuckDB output (default records).")] = None,
        progress_every: Annotated[float, typer.Option(
            min=0.1, metavar="SECONDS", rich_help_panel=BATCH_PANEL,
            help="Seconds between progress lines when stderr is not a terminal.")] = 10.0,
    ) -> None:
        """Extract figure records (SCHEMA §2) from news documents."""
        if not inputs and text is None:
            raise typer.BadParameter("none given (a file, a directory, - for stdin, or --text)",
                                     param_hint="INPUT")
        try:
            fmt = output_format(output, fmt.value if fmt else None)
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="'--output' / '--format'") from None
        batch_options = (workers, engine, scheduler, doc_timeout, chunk_size, dedupe, table)
        if any(option is not None for option in batch_options) or restart or fmt == "duckdb":
            _run_batch(extractor_factory, inputs or [], output, fmt, published, text, errors,
                       model, quiet, workers, engine.value if engine else None, scheduler,
                       doc_timeout, chunk_size, dedupe, restart, table, progress_every)
        try:
            items = read_inputs(inputs or [], published, text=text,
                                stdin=typer.get_binary_stream("stdin"))
        except (FileNotFoundError, ValueError) as exc:
            raise typer.BadParameter(str(exc), param_hint="INPUT") from None
        extractor = _load_extractor(extractor_factory, Settings(model=model))
        console = Console(stderr=True)
        stdout = typer.get_text_stream("stdout")
        # Records on the terminal are progress enough; a bar would be drawn through them.
        show_progress = (not quiet and console.is_terminal
                         and (output is not None or not stdout.isatty()))

        with ExitStack() as stack:
            write_records = stack.enter_context(record_writer(output, fmt, stdout))
            write_error = stack.enter_context(error_writer(errors)) if errors else None
            advance = stack.enter_context(_progress(console, show_progress))

            def report_error(error: ReadError) -> None:
                console.print(Text.assemble(("error", "bold red"), f": {error}"), soft_wrap=True)
                if write_error:
                    write_error(error)

            counts = extract_records(items, extractor, write_records, report_error, advance)
        if not quiet:
            console.print(str(counts), soft_wrap=True, highlight=False)
        raise typer.Exit(1 if counts.errors else 0)

    @app.command()
    def check(
        inputs: list[str] = typer.Argument(..., help="records JSONL from `extract`, or articles "
                                                     "(feeds, files, folders) to extract first"),
        output: Path | None = typer.Option(None, "-o", "--output", help="verdicts JSONL (default stdout)"),
        findings: Path | None = typer.Option(None, "--findings", help="document findings JSONL"),
        published: str | None = typer.Option(None, "--published", help="date for texts without one"),
        store: Path | None = typer.Option(None, "--store", help="series store (DuckDB file)"),
        snapshot_only: bool = typer.Option(False, "--snapshot-only",
                                           help="use only the bundled official snapshot"),
        tolerance: float = typer.Option(0.0, "--tolerance",
                                        help="relative tolerance added to the rounding rule"),
        no_rounding: bool = typer.Option(False, "--no-rounding",
                                         help="compare exactly instead of at the stated precision"),
        fx_quote_tolerance: float = typer.Option(
            0.01, "--fx-quote-tolerance", min=0.0, max=0.5,
            help="relative distance an exchange-rate quote may lie from the ECB reference rate"),
        quiet: bool = typer.Option(False, "-q", "--quiet", help="no table or summary"),
    ) -> None:
        """Check figures against official series: a verdict with evidence for each (SCHEMA §7)."""
        from .reconcile import Options
        from .reconcile import commands as reconcile

        options = Options(rounding=not no_rounding, tolerance=tolerance,
                          fx_quote_tolerance=fx_quote_tolerance)
        raise typer.Exit(reconcile.check(inputs, output, findings, options, published=published,
                                         store_path=store, snapshot_only=snapshot_only, quiet=quiet))

    series = typer.Typer(no_args_is_help=True, help="List, show, import and fetch official series.")
    app.add_typer(series, name="series")

    @series.command("list")
    def series_list(contains: str | None = typer.Argument(None, help="text in the id or label"),
                    store: Path | None = typer.Option(None, "--store")) -> None:
        """List the series in the store."""
        from .reconcile import commands as reconcile

        raise typer.Exit(reconcile.series_list(store, contains))

    @series.command("show")
    def series_show(series_id: str, store: Path | None = typer.Option(None, "--store")) -> None:
        """Show one series' observations with their sources."""
        from .reconcile import commands as reconcile

        raise typer.Exit(reconcile.series_show(series_id, store))

    @series.command("import")
    def series_import(paths: list[Path], store: Path | None = typer.Option(None, "--store")) -> None:
        """Import CSV/Parquet series files (columns as in corpus/series) into the store."""
        from .reconcile import commands as reconcile

        raise typer.Exit(reconcile.series_import(paths, store))

    @series.command("fetch")
    def series_fetch(name: str = typer.Argument(..., help="sdmx, imf, ecb, oecd, eurostat, worldbank, comtrade"),
                     query: str = typer.Argument(..., help="the provider query (see corpus/series/README.md)"),
                     store: Path | None = typer.Option(None, "--store")) -> None:
        """Fetch a series from a provider into the store (needs econ-figures[connectors] and network)."""
        from .reconcile.connectors import series_fetch as fetch

        raise typer.Exit(fetch(name, query, store))

    @app.command()
    def version() -> None:
        """Print the versions of the extractor and of spaCy."""
        typer.echo(f"{DISTRIBUTION} {_package_version(DISTRIBUTION)} "
                   f"(spaCy {_package_version('spacy')})")

    return app


def _run_batch(factory, inputs: list[str], output: Path | None, fmt: str, published: str | None,
               text: str | None, errors: Path | None, model: str | None, quiet: bool,
               workers: int | None, engine: str | None, scheduler: str | None,
               doc_timeout: float | None, chunk_size: int | None, dedupe: bool | None,
               restart: bool, table: str | None, progress_every: float) -> None:
    """``extract`` in batch mode; always ends with ``typer.Exit``."""
    from .batch import (DEFAULT_CHUNK_SIZE, DEFAULT_DOC_TIMEOUT, BatchJob, BatchOptions,
                        EngineError, JobBusy, JobMismatch, run_batch)
    from .batch.progress import ConsoleReporter

    if output is None:
        raise typer.BadParameter("batch mode (--workers, --engine, ...) writes to a file or "
                                 "folder: give -o OUT", param_hint="'--output'")
    if fmt not in BATCH_FORMATS:
        raise typer.BadParameter(f"batch mode writes {', '.join(BATCH_FORMATS)}, not {fmt}",
                                 param_hint="'--output' / '--format'")
    if text is not None or "-" in inputs:
        raise typer.BadParameter("batch mode reads files and directories, not --text or stdin",
                                 param_hint="INPUT")
    if scheduler and engine != "dask":
        raise typer.BadParameter("--scheduler needs --engine dask", param_hint="'--scheduler'")
    _require("duckdb", fmt == "duckdb", "'--output' / '--format'")
    _require("distributed", engine == "dask", "'--engine'")
    try:
        scan_inputs(inputs)  # checks every input before anything starts; reads nothing yet
    except (FileNotFoundError, ValueError) as exc:
        raise typer.BadParameter(str(exc), param_hint="INPUT") from None
    job = BatchJob(
        inputs=tuple(inputs), output=output, fmt=fmt, errors=errors,
        settings=Settings(model=model), published=published,
        chunk_size=chunk_size or DEFAULT_CHUNK_SIZE,
        doc_timeout=DEFAULT_DOC_TIMEOUT if doc_timeout is None else doc_timeout,
        dedupe=True if dedupe is None else dedupe, table=table or "records",
        extractor=f"{getattr(factory, '__module__', '?')}.{getattr(factory, '__qualname__', factory)}")
    options = BatchOptions(engine=engine or "local", workers=workers, scheduler=scheduler,
                           restart=restart)
    console = Console(stderr=True)
    try:
        with ConsoleReporter(console, live=console.is_terminal, every=progress_every,
                             quiet=quiet) as reporter:
            report = run_batch(job, options, factory, reporter)
    except (JobMismatch, JobBusy) as exc:
        console.print(Text.assemble(("error", "bold red"), f": {exc}"), soft_wrap=True)
        raise typer.Exit(2) from None
    except EngineError as exc:
        if model and "build the extractor" in str(exc):
            raise typer.BadParameter(f"cannot load {model!r}: {exc}", param_hint="'--model'") from None
        if scheduler:
            raise typer.BadParameter(str(exc), param_hint="'--scheduler'") from None
        console.print(Text.assemble(("error", "bold red"), f": {exc}"), soft_wrap=True)
        raise typer.Exit(2) from None
    except KeyboardInterrupt:
        console.print("interrupted: re-run the same command to resume", soft_wrap=True)
        raise typer.Exit(130) from None
    if not quiet:
        console.print(report.summary(), soft_wrap=True, highlight=False)
    raise typer.Exit(report.exit_status)


def _require(module: str, needed: bool, hint: str) -> None:
    if not needed:
        return
    import importlib.util

    if importlib.util.find_spec(module) is None:
        raise typer.BadParameter(f"needs the {module} package: pip install 'econ-figures[batch]'",
                                 param_hint=hint)


def _check_date(value: str | None) -> str | None:
    try:
        parse_published(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    return value


def _load_extractor(factory: Callable[[Settings], RecordExtractor],
                    settings: Settings) -> RecordExtractor:
    try:
        return factory(settings)
    except OSError as exc:  # spaCy's "can't find model" is an OSError
        if settings.model is None:
            raise
        raise typer.BadParameter(f"cannot load {settings.model!r}: {exc}",
                                 param_hint="'--model'") from None


@contextmanager
def _progress(console: Console, enabled: bool) -> Iterator[Callable[[], None]]:
    """A function to call per document: a live counter on stderr, or nothing."""
    if not enabled:
        yield lambda: None
        return
    columns = (SpinnerColumn(), TextColumn("{task.completed} documents"), BarColumn(),
               TimeElapsedColumn())
    # redirect_stdout=False: records written to stdout must not be captured into the display.
    with Progress(*columns, console=console, transient=True, redirect_stdout=False) as progress:
        task = progress.add_task("extract", total=None)
        yield lambda: progress.advance(task)


def _package_version(name: str) -> str:
    try:
        return package_version(name)
    except PackageNotFoundError:
        return "(not installed)"


app = build_app()


def main() -> None:
    """Console-script entry point (``extractor``)."""
    app()
