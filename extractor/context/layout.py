"""Where things are in a document: sentences, clauses, parentheses, lines and page furniture."""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

import regex

_SENTENCE_END = regex.compile(r"[.!?][\"'”’)]*(?=\s+[\"'“‘(]?[A-Z0-9])|\n\s*")
_CLAUSE_BREAK_CHARS = ";"


@dataclass
class Layout:
    """Character-level structure of one text, computed once per document."""

    text: str
    sentences: list[tuple[int, int]]
    lines: list[tuple[int, int]]
    clause_breaks: list[int]  # positions where a clause ends
    paren_depth_starts: list[tuple[int, int]]  # (open, close) spans of parentheses
    furniture_lines: set[int]  # indexes into ``lines``

    sentence_starts: list[int] = field(init=False, repr=False)
    line_starts: list[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # Looked up for every figure and cue: index the starts once per document.
        self.sentence_starts = [s for s, _ in self.sentences]
        self.line_starts = [s for s, _ in self.lines]

    def sentence_of(self, pos: int) -> tuple[int, int]:
        return self.sentences[self.sentence_index(pos)]

    def sentence_index(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.sentence_starts, pos) - 1)

    def line_index(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.line_starts, pos) - 1)

    def is_furniture(self, pos: int) -> bool:
        return self.line_index(pos) in self.furniture_lines

    def breaks_between(self, a: int, b: int) -> int:
        """Number of clause breaks between two positions."""
        lo, hi = min(a, b), max(a, b)
        return bisect.bisect_left(self.clause_breaks, hi) - bisect.bisect_left(self.clause_breaks, lo)

    def in_parens(self, start: int, end: int) -> tuple[int, int] | None:
        for open_, close in self.paren_depth_starts:
            if open_ < start and end <= close:
                return open_, close
        return None


_AFTER_FIGURE_REACH = 70  # characters from a figure's end to an "and" that closes its clause


def build_layout(text: str, sentence_bounds: list[tuple[int, int]], clause_break_phrases,
                 furniture_patterns, breaks_after_figure=(), figure_ends=()) -> Layout:
    lines = []
    pos = 0
    for raw in text.split("\n"):
        lines.append((pos, pos + len(raw)))
        pos += len(raw) + 1
    furniture = {
        i for i, (s, e) in enumerate(lines)
        if any(p.fullmatch(text[s:e]) for p in furniture_patterns)
    }
    breaks = set()
    lowered = text.lower()
    for phrase in clause_break_phrases:
        start = lowered.find(phrase)
        while start != -1:
            breaks.add(start)
            start = lowered.find(phrase, start + 1)
    ends = sorted(figure_ends)
    for phrase in breaks_after_figure:
        start = lowered.find(phrase)
        while start != -1:
            i = bisect.bisect_right(ends, start) - 1
            if i >= 0 and start - ends[i] <= _AFTER_FIGURE_REACH and \
                    not regex.search(r"[.;!?\n]", text[ends[i]:start]):
                breaks.add(start)
            start = lowered.find(phrase, start + 1)
    for s, e in sentence_bounds:
        breaks.add(e)
    parens = []
    stack = []
    for i, ch in enumerate(text):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            parens.append((stack.pop(), i))
        elif ch == "\n":
            stack.clear()
    return Layout(text, sentence_bounds, lines, sorted(breaks), parens, furniture)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: terminal punctuation before a capital or digit, and every line break.

    Abbreviations that end in a period ("U.S.", "Oct.", "Inc.") are not sentence ends when what
    follows is lower-case or a number, which the pattern already requires; the known cases where
    a capital follows ("U.S. President") are kept together by ``_NO_BREAK_BEFORE``.
    """
    bounds = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.start() + (1 if text[m.start()] in ".!?" else 0)
        if text[m.start()] == "." and _abbreviation_before(text, m.start()):
            continue
        if text[start:end].strip():
            bounds.append(trim_span(text, start, m.end() if text[m.start()] != "\n" else m.start()))
        start = m.end()
    if text[start:].strip():
        bounds.append(trim_span(text, start, len(text)))
    return bounds


_ABBREVIATIONS = regex.compile(
    r"(?:\b(?:U\.S|U\.K|U\.N|E\.U|Mr|Mrs|Ms|Dr|St|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|"
    r"Inc|Corp|Co|Ltd|No|vs|approx|Gov|Sen|Rep|Prof|Jr|Sr|[A-Z]))$"
)


def _abbreviation_before(text: str, dot: int) -> bool:
    return bool(_ABBREVIATIONS.search(text[max(0, dot - 6):dot]))


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without the whitespace at either end."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
