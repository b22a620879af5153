"""Command line: ``python -m eval score|run|bench|batch`` and the peer suites ``newsquant|currency|
recognizers|quantulum|gold|peers`` (see eval/README.md)."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .gold import GoldSet, load_gold
from .jsonl import DataError
from .predictions import load_predictions
from .report import format_report
from .score import score


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.command(args)
    except DataError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


def score_command(args: argparse.Namespace) -> int:
    gold = load_gold(args.gold_dir)
    _print_score(gold, load_predictions(args.predictions), args.show_errors)
    return 0


def run_command(args: argparse.Namespace) -> int:
    from .run import extract_gold_folder  # loads the product only when asked to run it

    gold = load_gold(args.gold_dir)
    run = extract_gold_folder(gold)
    for problem in run.problems:
        print(f"warning: {problem}", file=sys.stderr)
    if args.output:
        with Path(args.output).open("w", encoding="utf-8") as out:
            for record in run.records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    _print_score(gold, run.records, args.show_errors)
    return 0


def bench_command(args: argparse.Namespace) -> int:
    from .bench import format_bench, run_bench  # imports spaCy: only for this command

    print(format_bench(run_bench(args.words, args.repeat)))
    return 0


def batch_command(args: argparse.Namespace) -> int:
    from .bench_batch import format_bench, run_bench  # runs the product: only for this command

    workers = [int(part) for part in args.workers.split(",") if part.strip()]
    print(format_bench(run_bench(args.articles, workers, args.chunk_size, args.keep)))
    return 0


def suite_command(args: argparse.Namespace) -> int:
    """A peer suite: tables, then one JSON line. Absent data skips cleanly (exit 0)."""
    from .suites.cli import run_suite  # imports the product and the peers: only when asked

    return run_suite(args)


def _print_score(gold: GoldSet, predicted: list[dict], show_errors: bool) -> None:
    texts = {doc_id: document.text for doc_id, document in gold.documents.items()}
    print(format_report(score(gold.records, predicted, texts), show_errors=show_errors))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m eval",
                                     description="Score and time the figure extractor.")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    score_parser = commands.add_parser("score", help="score a predictions file against gold")
    score_parser.add_argument("gold_dir", metavar="GOLD_DIR", type=Path)
    score_parser.add_argument("predictions", metavar="PRED.jsonl", type=Path)
    score_parser.add_argument("--show-errors", action="store_true",
                              help="list misses and spurious predictions")
    score_parser.set_defaults(command=score_command)

    run_parser = commands.add_parser("run", help="run the extractor over a gold folder and score")
    run_parser.add_argument("gold_dir", metavar="GOLD_DIR", type=Path)
    run_parser.add_argument("--show-errors", action="store_true",
                            help="list misses and spurious predictions")
    run_parser.add_argument("-o", "--output", metavar="PRED.jsonl", type=Path,
                            help="also write the predicted records here")
    run_parser.set_defaults(command=run_command)

    bench_parser = commands.add_parser("bench", help="words/second: ours against spaCy sm")
    bench_parser.add_argument("--words", type=_positive_int, default=200_000,
                              help="at least this many words of text (default 200000)")
    bench_parser.add_argument("--repeat", type=_positive_int, default=3,
                              help="timed runs of each pipeline (default 3)")
    bench_parser.set_defaults(command=bench_command)

    batch_parser = commands.add_parser(
        "batch", help="batch engine throughput: words/s with 1 and 2 workers, start-up, memory")
    batch_parser.add_argument("--articles", type=_positive_int, default=20_000,
                              help="articles in the generated feed (default 20000)")
    batch_parser.add_argument("--workers", default="1,2",
                              help="comma-separated worker counts to run (default 1,2)")
    batch_parser.add_argument("--chunk-size", type=_positive_int, default=250,
                              help="documents per chunk (default 250)")
    batch_parser.add_argument("--keep", type=Path, metavar="DIR",
                              help="write the feed and outputs here and keep them")
    batch_parser.set_defaults(command=batch_command)

    from .suites.cli import add_suite_parsers  # argparse only: nothing heavy is imported

    add_suite_parsers(commands, suite_command, _positive_int)
    return parser


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


if __name__ == "__main__":
    sys.exit(main())
