"""``python -m eval gold``: our SCHEMA scorer (eval/score.py) on every gold folder, through
``eval/run.py`` (the product's default settings: economic records, quantities off)."""
from __future__ import annotations

from pathlib import Path

from .common import REPO_ROOT, SHARED_CORPUS_DIR, SuiteMissing, make_table, pct
from .newsquant_run import SuiteResult


def gold_folders() -> list[Path]:
    """../shared/corpus/* and corpus/team: folders holding a gold.jsonl."""
    folders = []
    if SHARED_CORPUS_DIR.is_dir():
        folders += sorted(p for p in SHARED_CORPUS_DIR.iterdir() if (p / "gold.jsonl").is_file())
    team = REPO_ROOT / "corpus" / "team"
    if (team / "gold.jsonl").is_file():
        folders.append(team)
    return folders


def run_gold(limit: int | None = None) -> SuiteResult:
    from ..gold import GoldSet, load_gold
    from ..run import extract_gold_folder
    from ..score import score

    folders = gold_folders()
    if not folders:
        raise SuiteMissing("no gold folder in ../shared/corpus/* or corpus/team")
    rows, figures, notes = [], {"suite": "gold", "folders": {}}, []
    for folder in folders:
        gold = load_gold(folder)
        if limit:
            keep = sorted(gold.documents)[:limit]
            gold = GoldSet(gold.folder, {k: gold.documents[k] for k in keep},
                           [r for r in gold.records if r["doc_id"] in keep])
        run = extract_gold_folder(gold)
        notes += [f"{folder.name}: {p}" for p in run.problems]
        if limit:
            run.records = [r for r in run.records if r["doc_id"] in gold.documents]
        texts = {doc_id: d.text for doc_id, d in gold.documents.items()}
        report = score(gold.records, run.records, texts)
        headline = report.headline()
        name = str(folder.relative_to(REPO_ROOT)) if folder.is_relative_to(REPO_ROOT) \
            else f"../shared/corpus/{folder.name}"
        rows.append([name, len(gold.documents), report.mention.gold, pct(report.mention.f1),
                     pct(report.record.f1), pct(report.lenient_record.f1), pct(report.value.ratio)])
        figures["folders"][name] = headline
    result = SuiteResult()
    result.blocks.append(make_table(
        "Our gold folders (SCHEMA §6 scorer, default settings)",
        ["folder", "documents", "gold records", "mention F1", "record F1", "lenient record F1",
         "value accuracy"], rows))
    result.blocks.extend(notes)
    result.headline = figures
    return result
