"""Index every cue phrase of the lexicon in a document, by category, as character spans.

Two spaCy PhraseMatchers do the matching: one on lower-cased tokens for ordinary cue words and
one on exact tokens for names (so "US" is a country but "us" is not). Where phrases of one
category overlap, the longest wins.
"""
from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, field

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from ..lexicon import Lexicon


@dataclass(frozen=True)
class Cue:
    start: int
    end: int
    category: str
    value: str
    text: str


@dataclass
class CueIndex:
    """Cues of one document, per category, sorted by start."""

    by_category: dict[str, list[Cue]] = field(default_factory=dict)
    starts: dict[str, list[int]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.starts = {cat: [c.start for c in cues] for cat, cues in self.by_category.items()}

    def get(self, category: str) -> list[Cue]:
        return self.by_category.get(category, [])

    def in_range(self, category: str, start: int, end: int) -> list[Cue]:
        cues = self.get(category)
        starts = self.starts.get(category, [])
        lo = bisect.bisect_left(starts, start)
        hi = bisect.bisect_left(starts, end)
        return [c for c in cues[lo:hi] if c.end <= end]


# Categories matched on lower-cased tokens, and on exact tokens.
_LOWER = ("measure", "measure_weak", "sector", "direction", "approx", "approx_after", "basis",
          "share", "share_after", "status", "status_negation", "before_source", "after_source", "variant",
          "world", "streak")
_EXACT = ("country", "source", "outlet")


class CueMatcher:
    """Built once per pipeline from the lexicon; ``index(doc)`` runs per document."""

    def __init__(self, vocab, lexicon: Lexicon, make_doc):
        self.lower = PhraseMatcher(vocab, attr="LOWER")
        self.exact = PhraseMatcher(vocab, attr="ORTH")
        self.labels: dict[int, tuple[str, str]] = {}
        tables = {
            "measure": lexicon.measure_cues,
            "measure_weak": lexicon.measure_weak_cues,
            "sector": lexicon.sector_cues,
            "direction": {**{w: "up" for w in lexicon.direction_up},
                          **{w: "down" for w in lexicon.direction_down}},
            "approx": lexicon.approx_before,
            "approx_after": lexicon.approx_after,
            "basis": lexicon.basis_cues,
            "share": {p: "share" for p in lexicon.share_cues},
            "share_after": {p: "share" for p in lexicon.share_after_cues},
            "status": lexicon.status_cues,
            "status_negation": {p: "negation" for p in lexicon.status_negations},
            "before_source": {p: "before" for p in lexicon.before_source},
            "after_source": {p: "after" for p in lexicon.after_source},
            "variant": {cue.lower(): name for name, spec in lexicon.variants.items()
                        for cue in spec["cues"]},
            "world": {w: "WLD" for w in lexicon.world_words},
            "country": lexicon.country_names,
            "source": lexicon.sources,
            "outlet": {name: name for name in lexicon.news_outlets},
        }
        for category, table in tables.items():
            matcher = self.exact if category in _EXACT else self.lower
            by_value: dict[str, list[str]] = defaultdict(list)
            for phrase, value in table.items():
                by_value[value].append(phrase)
            for value, phrases in by_value.items():
                key = f"{category}\x1f{value}"
                patterns = [make_doc(p) for p in phrases]
                matcher.add(key, patterns)
                self.labels[vocab.strings[key]] = (category, value)

    def index(self, doc: Doc) -> CueIndex:
        spans: dict[str, list[Cue]] = defaultdict(list)
        for matcher in (self.lower, self.exact):
            for match_id, start, end in matcher(doc):
                category, value = self.labels[match_id]
                span = doc[start:end]
                spans[category].append(
                    Cue(span.start_char, span.end_char, category, value, span.text))
        return CueIndex({cat: _longest_first(cues) for cat, cues in spans.items()})


def _longest_first(cues: list[Cue]) -> list[Cue]:
    """Drop cues contained in or overlapping a longer cue of the same category."""
    cues.sort(key=lambda c: (-(c.end - c.start), c.start))
    kept: list[Cue] = []
    taken: list[tuple[int, int]] = []
    for cue in cues:
        if any(cue.start < e and s < cue.end for s, e in taken):
            continue
        kept.append(cue)
        taken.append((cue.start, cue.end))
    kept.sort(key=lambda c: c.start)
    return kept
