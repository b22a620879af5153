"""Sub-commands of ``python -m eval`` for the peer suites (see eval/README.md, "Peer suites")."""
from __future__ import annotations

import argparse
import json
import sys

SUITES = {
    "newsquant": "NewsQuant (590 sentences): value, value+unit, value+change F1; peers side by side",
    "currency": "Recognizers-Text currency cases in NewsQuant form (currency-model.json)",
    "recognizers": "Recognizers-Text specs: currency, percent, number, number range, date periods",
    "quantulum": "quantulum3's own cases (value+unit): a smoke test",
    "gold": "our SCHEMA scorer on ../shared/corpus/* and corpus/team",
    "peers": "every suite above in one run; --write-results regenerates eval/RESULTS.md",
}


def add_suite_parsers(commands, handler, positive_int) -> None:
    for name, help_text in SUITES.items():
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("--limit", type=positive_int, default=None,
                         help="only the first N cases of each file (quick runs)")
        if name in ("newsquant", "currency", "peers"):
            sub.add_argument("--no-peers", action="store_true",
                             help="score our extractor only (no quantulum3, spaCy, GPT-3)")
            sub.add_argument("--repeat", type=positive_int, default=1,
                             help="timed passes over the sentences per tool (median; default 1)")
        if name in ("newsquant", "currency", "recognizers"):
            sub.add_argument("--show-errors", action="store_true", help="list our errors")
        if name == "peers":
            sub.add_argument("--write-results", action="store_true",
                             help="rewrite the 'Peer suites' section of eval/RESULTS.md")
        sub.set_defaults(command=handler, suite=name)


def run_suite(args: argparse.Namespace) -> int:
    from .common import SettingMissing, SuiteMissing, render

    try:
        result = _dispatch(args)
    except SuiteMissing as missing:
        print(f"skipped: {missing}", file=sys.stderr)
        print(json.dumps({"suite": args.suite, "skipped": str(missing)}))
        return 0
    except SettingMissing as missing:
        print(f"error: {missing}", file=sys.stderr)
        return 2
    blocks = [b for b in result.blocks if b is not None]
    print(render(*blocks), end="")
    print(json.dumps(result.headline, ensure_ascii=False))
    return 0


def _dispatch(args: argparse.Namespace):
    suite = args.suite
    if suite in ("newsquant", "currency"):
        from .newsquant_run import run_newsquant

        return run_newsquant(suite, args.limit, args.repeat, not args.no_peers, args.show_errors)
    if suite == "recognizers":
        from .recognizers import run_recognizers

        return run_recognizers(args.limit, args.show_errors)
    if suite == "quantulum":
        from .quantulum_cases import run_quantulum

        return run_quantulum(args.limit)
    if suite == "gold":
        from .gold_folders import run_gold

        return run_gold(args.limit)
    from .results import run_peers

    return run_peers(args.limit, args.repeat, not args.no_peers, args.write_results)
