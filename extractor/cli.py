"""Command line: ``extractor extract INPUT... [-o OUT]`` and ``extractor version``.

The commands only wire things together; reading is in ``read``, writing in ``write`` and the
extraction in ``pipeline``. Exit codes: 0 all processed, 1 some documents failed (the others are
still written), 2 usage errors.
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
from .read import parse_published, read_inputs
from .settings import Settings
from .write import FORMATS, error_writer, output_format, record_writer

DISTRIBUTION = "econ-figures"
OutputFormat = Enum("OutputFormat", {name: name for name in FORMATS}, type=str)


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
    ) -> None:
        """Extract figure records (SCHEMA §2) from news documents."""
        if not inputs and text is None:
            raise typer.BadParameter("none given (a file, a directory, - for stdin, or --text)",
                                     param_hint="INPUT")
        try:
            fmt = output_format(output, fmt.value if fmt else None)
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="'--output' / '--format'") from None
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
    def version() -> None:
        """Print the versions of the extractor and of spaCy."""
        typer.echo(f"{DISTRIBUTION} {_package_version(DISTRIBUTION)} "
                   f"(spaCy {_package_version('spacy')})")

    return app


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
