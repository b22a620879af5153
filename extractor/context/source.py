"""Which data source the text attributes a figure to (SCHEMA §2 source).

Attribution is read from the figure's sentence ("according to X", "data from X showed",
"X said"); a sentence that attributes nothing takes the source of the previous sentence of the
same paragraph, and a sentence right after that opens with "X said/explained" lends it back.
News outlets that repeat a figure are never its source.
"""
from __future__ import annotations

from functools import lru_cache

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


@lru_cache(maxsize=8)
def _generic_pattern(references: frozenset[str]):
    alternatives = "|".join(regex.escape(r) for r in sorted(references, key=len, reverse=True))
    return regex.compile(rf"\b(?:{alternatives})\b")


def _generic_reference(state: DocState, start: int, end: int, lexicon: Lexicon) -> str | None:
    """'the ministry' in [start, end): the key word of the institution it refers back to."""
    table = lexicon.generic_source_references
    m = _generic_pattern(frozenset(table)).search(state.text[start:end].lower())
    return table[m.group(0)] if m else None


def _sentence_attribution(state: DocState, start: int, end: int,
                          lexicon: Lexicon) -> tuple[str | None, str | None]:
    """(named source, generic key word) the sentence attributes its figures to."""
    text = state.text
    for cue in state.cues.in_range("before_source", start, end):
        window_end = min(end, cue.end + 90)
        known = _known_source(state, cue.end, window_end)
        outlets = state.cues.in_range("outlet", cue.end, window_end)
        if known and not (outlets and outlets[0].start < cue.end + 6 and
                          not state.cues.in_range("source", cue.end, outlets[0].start)):
            return known, None
        m = _CAPITALISED_PHRASE.search(text, cue.end, window_end)
        if m and m.start() - cue.end <= 40:
            org = _organisation(m.group(0), lexicon)
            if org:
                return org, None
        generic = _generic_reference(state, cue.end, min(window_end, cue.end + 30), lexicon)
        if generic:
            return None, generic
    for cue in state.cues.in_range("after_source", start, end):
        window_start = max(start, cue.start - 70)
        gap_words = r"[\s,”\"']*(?:\w+ly\s+)?"  # "Bank Indonesia unexpectedly cut"
        sources = state.cues.in_range("source", window_start, cue.start)
        if sources and regex.fullmatch(gap_words, text[sources[-1].end:cue.start]):
            return sources[-1].value, None
        preceding = text[window_start:cue.start].rstrip(" ,”\"'")
        m = regex.search(r"((?:[A-Z][\w&.'’-]*\s+){0,6}[A-Z][\w&.'’-]*)(?:\s+\w+ly)?$", preceding)
        if m:
            org = _organisation(m.group(1), lexicon)
            if org:
                return org, None
        generic = _generic_reference(state, max(start, cue.start - 30), cue.start, lexicon)
        if generic:
            return None, generic
    return None, None


def _resolve_generic(key: str, earlier: list[str], reporter: str | None, lexicon: Lexicon) -> str | None:
    for name in reversed(earlier):
        if key.lower() in name.lower():
            return name
    if key == "Bank":
        return lexicon.central_banks.get(reporter or "")
    if key == "Statistic":
        return lexicon.statistics_offices.get(reporter or "")
    return None


def assign_sources(state: DocState, lexicon: Lexicon) -> None:
    layout = state.layout
    reporter = state.main_economies[0] if state.main_economies else None
    by_sentence: list[str | None] = []
    named: list[str] = []
    for start, end in layout.sentences:
        source, generic = _sentence_attribution(state, start, end, lexicon)
        if source is None and generic is not None:
            source = _resolve_generic(generic, named, reporter, lexicon)
        elif source is not None:
            named.append(source)
        by_sentence.append(source)

    for fig in state.figures:
        index = layout.sentence_index(fig.start)
        source = by_sentence[index]
        line = layout.line_index(fig.start)
        if source is None and index > 0 and layout.line_index(layout.sentences[index - 1][0]) == line:
            source = by_sentence[index - 1]
        if source is None and _is_list_row(state, line):
            source = _intro_source(state, line, by_sentence)
        if source is None and index + 1 < len(layout.sentences):
            next_start, next_end = layout.sentences[index + 1]
            if layout.line_index(next_start) in (line, line + 1):
                opening = state.text[next_start:min(next_end, next_start + 60)]
                candidate = by_sentence[index + 1]
                if candidate and regex.match(r"(?:The\s+)?" + regex.escape(candidate.split()[0]),
                                             opening):
                    source = candidate
        fig.source = source


def _is_list_row(state: DocState, line: int) -> bool:
    start, end = state.layout.lines[line]
    return bool(regex.match(r"\s*[-•*·▪]\s", state.text[start:end]))


def _intro_source(state: DocState, line: int, by_sentence: list[str | None]) -> str | None:
    """A bulleted row takes the source of the line that introduces the list."""
    layout = state.layout
    for previous in range(line - 1, -1, -1):
        start, end = layout.lines[previous]
        if not state.text[start:end].strip() or _is_list_row(state, previous):
            continue
        return by_sentence[layout.sentence_index(start)]
    return None
