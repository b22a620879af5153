"""Which data source the text attributes a figure to (SCHEMA §2 source).

Attribution is read from the figure's sentence ("according to X", "data from X showed",
"X said"); a sentence that attributes nothing takes the source of the previous sentence of the
same paragraph, and a sentence right after that opens with "X said/explained" lends it back.
News outlets that repeat a figure are never its source.
"""
from __future__ import annotations

import regex

from ..lexicon import Lexicon
from .state import DocState

_CAPITALISED_PHRASE = regex.compile(
    r"(?:the\s+)?(?:(?:[A-Z][\w&.'’-]*|of|and|for|de|the)\s+){0,7}[A-Z][\w&.'’-]*")
_LEADING_NOISE = regex.compile(
    r"^(?:the\s+|data\s+|figures\s+|statistics\s+|compiled\s+by\s+|released\s+by\s+|"
    r"from\s+|by\s+|the\s+country's\s+|the\s+country’s\s+|US-based\s+|industry\s+body\s+)+",
    regex.IGNORECASE)


def _known_source(state: DocState, start: int, end: int) -> str | None:
    sources = state.cues.in_range("source", start, end)
    return sources[0].value if sources else None


def _organisation(phrase: str, lexicon: Lexicon) -> str | None:
    phrase = _LEADING_NOISE.sub("", phrase.strip()).strip(" ,.")
    words = phrase.split()
    if not words or phrase in lexicon.news_outlets or words[0] in lexicon.news_outlets:
        return None
    if any(w.strip(",.") in lexicon.organisation_words for w in words):
        return phrase
    return None


def _sentence_source(state: DocState, start: int, end: int, lexicon: Lexicon) -> str | None:
    text = state.text
    for cue in state.cues.in_range("before_source", start, end):
        window_end = min(end, cue.end + 90)
        known = _known_source(state, cue.end, window_end)
        outlets = state.cues.in_range("outlet", cue.end, window_end)
        if known and not (outlets and outlets[0].start < cue.end + 6 and
                          not state.cues.in_range("source", cue.end, outlets[0].start)):
            return known
        m = _CAPITALISED_PHRASE.search(text, cue.end, window_end)
        if m and m.start() - cue.end <= 40:
            org = _organisation(m.group(0), lexicon)
            if org:
                return org
    for cue in state.cues.in_range("after_source", start, end):
        window_start = max(start, cue.start - 70)
        sources = state.cues.in_range("source", window_start, cue.start)
        if sources and not text[sources[-1].end:cue.start].strip(" ,”\"'"):
            return sources[-1].value
        preceding = text[window_start:cue.start].rstrip(" ,”\"'")
        m = regex.search(r"((?:[A-Z][\w&.'’-]*\s+){0,6}[A-Z][\w&.'’-]*)$", preceding)
        if m:
            org = _organisation(m.group(1), lexicon)
            if org:
                return org
    return None


def assign_sources(state: DocState, lexicon: Lexicon) -> None:
    layout = state.layout
    by_sentence: dict[int, str | None] = {}

    def source_of(index: int) -> str | None:
        if index not in by_sentence:
            start, end = layout.sentences[index]
            by_sentence[index] = _sentence_source(state, start, end, lexicon)
        return by_sentence[index]

    for fig in state.figures:
        index = layout.sentence_index(fig.start)
        source = source_of(index)
        line = layout.line_index(fig.start)
        if source is None and index > 0 and layout.line_index(layout.sentences[index - 1][0]) == line:
            source = source_of(index - 1)
        if source is None and index + 1 < len(layout.sentences):
            next_start, next_end = layout.sentences[index + 1]
            if layout.line_index(next_start) == line or layout.line_index(next_start) == line + 1:
                opening = state.text[next_start:min(next_end, next_start + 60)]
                candidate = source_of(index + 1)
                if candidate and regex.match(r"(?:The\s+)?" + regex.escape(candidate.split()[0]),
                                             opening):
                    source = candidate
        fig.source = source
