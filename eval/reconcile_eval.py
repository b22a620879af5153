"""Evaluate reconciliation on the seed articles (../shared/corpus/seeds).

    python -m eval.reconcile_eval [--seeds DIR] [--team DIR] [--show] [-o VERDICTS.jsonl]

Runs extraction (extractor.Extractor over the seed folder, dated by its meta.jsonl) and
reconciliation (extractor.reconcile.Reconciler over the bundled series snapshot), then prints:

- verdict agreement with ``verdicts.jsonl`` (figures matched by mention and occurrence ``n``;
  a seed figure the extractor missed counts as a disagreement);
- how many of the expected ``mislabeled`` verdicts and tenfold slips were found;
- whether the document findings include two values for one measure and period;
- coverage: the share of figures with status ``actual`` (corpus/team + seeds, as extracted) that
  get a verdict other than ``unverifiable``.

The last line is one JSON object with these figures.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
DEFAULT_TEAM = ROOT / "corpus" / "team"


def extract_folder(folder: Path, extractor) -> tuple[list[dict], dict[str, str]]:
    from extractor.document import ReadError
    from extractor.read import read_feed

    items = list(read_feed(folder))
    documents = [item for item in items if not isinstance(item, ReadError)]
    records = []
    for document, result in extractor.pipe(documents):
        if isinstance(result, Exception):
            print(f"warning: {document.id}: {result}", file=sys.stderr)
            continue
        records.extend(result)
    return records, {d.id: d.text for d in documents}


def occurrence(text: str, mention: str, start: int) -> int:
    """1-based index of the whole-figure occurrence of ``mention`` at ``start`` (as gold ``n``
    counts them, ``eval.gold.find_occurrences``)."""
    from eval.gold import find_occurrences

    starts = find_occurrences(text, mention)
    return starts.index(start) + 1 if start in starts else 1


def evaluate(seeds: Path, team: Path | None, show: bool = False, output: Path | None = None) -> dict:
    from extractor import Extractor
    from extractor.reconcile import Reconciler, SeriesStore

    extractor = Extractor()
    reconciler = Reconciler(SeriesStore.memory())
    records, texts = extract_folder(seeds, extractor)
    verdicts = reconciler.check_all(records)
    findings = reconciler.findings(records)
    by_mention = {}
    for record, verdict in zip(records, verdicts):
        n = occurrence(texts[record["doc_id"]], record["mention"], record["start"])
        by_mention.setdefault((record["doc_id"], record["mention"], n), verdict)
    expected = [json.loads(line) for line in (seeds / "verdicts.jsonl").read_text().splitlines()
                if line.strip()]
    agree, confusion, rows = 0, Counter(), []
    mislabels = tenfold = mislabels_expected = tenfold_expected = 0
    with_url = non_unverifiable = 0
    for item in expected:
        got = by_mention.get((item["doc_id"], item["mention"], item.get("n", 1)))
        verdict = got["verdict"] if got else "(not extracted)"
        confusion[(item["verdict"], verdict)] += 1
        agree += verdict == item["verdict"]
        if item["verdict"] == "mislabeled":
            mislabels_expected += 1
            mislabels += verdict == "mislabeled"
        if "tenfold" in (item.get("explanation") or ""):
            tenfold_expected += 1
            tenfold += bool(got) and "tenfold" in (got.get("cause") or "")
        if got and verdict != "unverifiable":
            non_unverifiable += 1
            with_url += bool(got.get("source_url"))
        rows.append((item, got))
    two_values = [f for f in findings if f["kind"] == "two_values"]
    if show:
        for item, got in rows:
            mark = "  " if got and got["verdict"] == item["verdict"] else "XX"
            print(f"{mark} {item['doc_id'][:3]} {item['mention']!r:28} expected {item['verdict']:12} "
                  f"got {got['verdict'] if got else '-':12} "
                  f"{(got or {}).get('official_value')} {(got or {}).get('explanation', '')[:150]}")
        for finding in findings:
            print(f"finding {finding['doc_id'][:3]} {finding['kind']}: {finding['explanation']}")
    coverage_records = [r for r in records if r.get("status") == "actual"]
    coverage_verdicts = [v for r, v in zip(records, verdicts) if r.get("status") == "actual"]
    team_counts = Counter()
    if team is not None and team.is_dir():
        team_records, _ = extract_folder(team, extractor)
        team_verdicts = reconciler.check_all(team_records)
        for record, verdict in zip(team_records, team_verdicts):
            team_counts[verdict["verdict"]] += 1
            if record.get("status") == "actual":
                coverage_records.append(record)
                coverage_verdicts.append(verdict)
        team_findings = reconciler.findings(team_records)
    else:
        team_verdicts, team_findings = [], []
    covered = sum(v["verdict"] != "unverifiable" for v in coverage_verdicts)
    if output is not None:
        with output.open("w", encoding="utf-8") as handle:
            for verdict in [*verdicts, *team_verdicts]:
                handle.write(json.dumps(verdict, ensure_ascii=False, default=str) + "\n")
    print("verdict agreement (expected -> got):")
    for (want, got), count in sorted(confusion.items()):
        print(f"  {want:13} -> {got:16} {count}")
    summary = {
        "agreement": round(agree / len(expected), 4) if expected else None,
        "agreed": agree, "expected": len(expected),
        "mislabels_found": mislabels, "mislabels_expected": mislabels_expected,
        "tenfold_found": tenfold, "tenfold_expected": tenfold_expected,
        "verdicts_with_source_url": f"{with_url}/{non_unverifiable}",
        "two_values_findings": len(two_values), "seed_findings": len(findings),
        "team_findings": len(team_findings),
        "coverage": round(covered / len(coverage_verdicts), 4) if coverage_verdicts else None,
        "covered": covered, "actual_figures": len(coverage_verdicts),
        "team_verdicts": dict(team_counts),
    }
    print(f"agreement {agree}/{len(expected)} = {summary['agreement']}; mislabels "
          f"{mislabels}/{mislabels_expected}; tenfold slips {tenfold}/{tenfold_expected}; "
          f"coverage {covered}/{len(coverage_verdicts)} = {summary['coverage']}")
    print(json.dumps(summary))
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    parser.add_argument("--team", type=Path, default=DEFAULT_TEAM)
    parser.add_argument("--show", action="store_true", help="list every seed verdict and finding")
    parser.add_argument("-o", "--output", type=Path, help="write all verdicts as JSONL")
    args = parser.parse_args(argv)
    if not (args.seeds / "verdicts.jsonl").is_file():
        print(f"error: {args.seeds}: no verdicts.jsonl", file=sys.stderr)
        return 2
    evaluate(args.seeds, args.team, args.show, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
