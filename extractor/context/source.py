"""Which data source the text attributes a figure to (SCHEMA §2 source).

Attribution is read from the figure's sentence ("according to X", "data from X showed",
"X said"); a sentence that attributes nothing takes the source of the previous sentence of the
same paragraph (actual figures only, and not where it names an unnamed actor such as
"economists"), and a sentence right after that opens with a quote of X ("X explained, “…”")
lends it back. An institution that owns a figure by a possessive ("the central bank's 2% target")
is its source, and a forecast takes the owner of the poll its sentence cites.
News outlets that repeat a figure are never its source.
"""
from __future__ import annotations

from functools import lru_cache

import regex

from ..figures import Figure
from ..lexicon import Lexicon
from .state import DocState

Attribution = tuple[str | None, str | None]  # (named source, generic key word)

# Commas may join the portfolios of a ministry ("Ministry of Development, Industry, Trade and
# Services"); _organisation keeps them only where the list ends with "and".
_CAPITALISED_PHRASE = regex.compile(
    r"(?:the\s+)?(?:(?:[A-Z][\w&.'’-]*,?|of|and|for|de|the)\s+){0,9}[A-Z][\w&.'’-]*")
_ENUMERATED_NAME = regex.compile(r"[^,]+(?:,\s+[A-Z][\w&.'’-]*)+\s+and\s+[A-Z][\w&.'’-]*")
# What may stand between a source and its reporting verb: "Bank Indonesia unexpectedly cut",
# "Statistics Indonesia (BPS) said", "the Reserve Bank, which kept", "ONS data also showed",
# "the Atlanta Fed's GDPNow model estimates", "ECB staff projected" (its people speak for it).
_SOURCE_TO_VERB_GAP = regex.compile(
    r"(?:\s*\([A-Z][\w&.-]*\))?(?:['’]s(?:\s+[\w-]+){1,3})?[\s,”\"')]*(?:which\s+)?"
    r"(?:(?:also|now|data|figures|staff|officials?|spokes(?:person|man|woman)|\w+ly)\s+)*")
_PHRASE_BEFORE_VERB = regex.compile(
    r"((?:[A-Z][\w&.'’-]*\s+(?:(?:of|and|for|de|the)\s+)?){0,6}[A-Z][\w&.'’-]*)"
    + _SOURCE_TO_VERB_GAP.pattern + "$")
_PHRASE_AT_END = regex.compile(
    r"(?:[A-Z][\w&.'’-]*\s+(?:(?:of|and|for|de)\s+)?){0,6}[A-Z][\w&.'’-]*$")
_LEADING_NOISE = regex.compile(
    r"^(?:the\s+|data\s+|figures\s+|statistics\s+|compiled\s+by\s+|released\s+by\s+|"
    r"from\s+|by\s+|the\s+country's\s+|the\s+country’s\s+|US-based\s+|industry\s+body\s+)+",
    regex.IGNORECASE)


def _known_source(state: DocState, start: int, end: int) -> str | None:
    sources = state.cues.in_range("source", start, end)
    return sources[0].value if sources else None


def _organisation(phrase: str, lexicon: Lexicon, described: bool = False) -> str | None:
    """The organisation a capitalised phrase names, or None (a person, a place, an outlet).
    ``described``: a descriptor such as "rating agency" stands before it."""
    phrase = _LEADING_NOISE.sub("", phrase.strip()).strip(" ,.")
    if "," in phrase and not _ENUMERATED_NAME.fullmatch(phrase):
        phrase = phrase.split(",")[0]
    words = phrase.split()
    if not words or phrase in lexicon.news_outlets or words[0] in lexicon.news_outlets:
        return None
    if len(words) == 1 and phrase in lexicon.organisation_words:  # "Bank staff": no name
        return None
    if described or any(w.strip(",.") in lexicon.organisation_words for w in words):
        return phrase
    return None


@lru_cache(maxsize=8)
def _descriptor_pattern(descriptors: tuple[str, ...]):
    alternatives = "|".join(regex.escape(d) for d in descriptors)
    return regex.compile(rf"\b(?:{alternatives})\s+$")


def _follows_descriptor(text: str, lexicon: Lexicon) -> bool:
    """'... rating agency ' before a name: the name is an organisation's."""
    return bool(_descriptor_pattern(lexicon.organisation_descriptors).search(text[-40:]))


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
            described = _follows_descriptor(text[cue.end:m.start()], lexicon)
            org = _organisation(m.group(0), lexicon, described)
            if org:
                return org, None
        generic = _generic_reference(state, cue.end, min(window_end, cue.end + 30), lexicon)
        if generic:
            return None, generic
    for cue in state.cues.in_range("after_source", start, end):
        window_start = max(start, cue.start - 70)
        sources = state.cues.in_range("source", window_start, cue.end)
        if sources and (sources[-1].end > cue.start  # "customs data" + "data showed"
                        or _SOURCE_TO_VERB_GAP.fullmatch(text, sources[-1].end, cue.start)):
            return sources[-1].value, None
        preceding = text[window_start:cue.start]
        m = _PHRASE_BEFORE_VERB.search(preceding)
        if m:
            described = _follows_descriptor(preceding[:m.start()], lexicon)
            org = _organisation(m.group(1), lexicon, described)
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
    # "Statistics Indonesia said ... the agency said", "the data also showed": a word the name
    # lacks still refers back to the source named last.
    return earlier[-1] if earlier else None


def _names_unnamed_source(state: DocState, start: int, end: int, lexicon: Lexicon) -> bool:
    """'Economists had expected ...': the sentence gives its figures to an actor with no name."""
    return bool(_generic_pattern(frozenset(lexicon.unnamed_sources)).search(
        state.text[start:end].lower()))


def assign_sources(state: DocState, lexicon: Lexicon) -> None:
    layout = state.layout
    reporter = state.main_economies[0] if state.main_economies else None
    by_sentence: list[str | None] = []
    named: list[str] = []
    named_before: list[int] = []  # how many of ``named`` precede each sentence
    for start, end in layout.sentences:
        named_before.append(len(named))
        source, generic = _sentence_attribution(state, start, end, lexicon)
        if source is None and generic is not None:
            source = _resolve_generic(generic, named, reporter, lexicon)
        elif source is not None:
            named.append(source)
        by_sentence.append(source)

    for fig in state.figures:
        index = layout.sentence_index(fig.start)
        owner = _owner_before(state, fig, lexicon)
        if owner is None and fig.status == "forecast":
            owner = _poll_owner(state, *layout.sentences[index], lexicon)
        if owner is not None:
            known, generic = owner
            # A generic owner refers back to the names up to and including its own sentence.
            fig.source = known or _resolve_generic(generic, named[:named_before[index] + 1],
                                                   reporter, lexicon)
            continue
        source = by_sentence[index]
        if source is None and _names_unnamed_source(state, *layout.sentences[index], lexicon):
            fig.source = None
            continue
        line = layout.line_index(fig.start)
        # The agency that reported the outcome did not make the forecast or set the goal that the
        # next sentence sets beside it.
        if (source is None and fig.status == "actual" and index > 0
                and layout.line_index(layout.sentences[index - 1][0]) == line):
            source = by_sentence[index - 1]
        if source is None and _is_list_row(state, line):
            source = _intro_source(state, line, by_sentence)
        if source is None and index + 1 < len(layout.sentences):
            next_start, next_end = layout.sentences[index + 1]
            if layout.line_index(next_start) in (line, line + 1):
                opening = state.text[next_start:min(next_end, next_start + 60)]
                candidate = by_sentence[index + 1]
                if candidate and _quotes_source(opening, candidate):
                    source = candidate
        fig.source = source


def _quotes_source(opening: str, source: str) -> bool:
    """'The Bank of Korea explained, “…”': a quote that comments on the figures just given. A
    sentence that only starts with the source ("The Reserve Bank, which kept …") states news of
    its own and lends nothing back."""
    return bool(regex.match(r"(?:The\s+)?" + regex.escape(source.split()[0]) +
                            r"[^,.“\"]*?\s\w+[,:]\s*[“\"]", opening))


# "the central bank's 3% target", "the ECB's deposit rate at 2%": a possessive, at most two words
# and "at"/"of" before the figure.
_POSSESSIVE_BEFORE_FIGURE = regex.compile(r"['’]s\s+(?:[\w-]+\s+){0,2}(?:(?:at|of)\s+)?$")


def _owner_before(state: DocState, fig: Figure, lexicon: Lexicon) -> Attribution | None:
    """The institution that owns the figure by a possessive: it set the target or the rate,
    whatever source the sentence cites for its other figures."""
    window_start = max(fig.sentence_start, fig.start - 60)
    m = _POSSESSIVE_BEFORE_FIGURE.search(state.text, window_start, fig.start)
    return _institution_ending_at(state, window_start, m.start(), lexicon) if m else None


def _institution_ending_at(state: DocState, window_start: int, end: int,
                           lexicon: Lexicon) -> Attribution | None:
    """A known source or a generic reference ("the central bank") that ends right at ``end``."""
    sources = state.cues.in_range("source", window_start, end)
    if sources and sources[-1].end == end:
        return sources[-1].value, None
    table = lexicon.generic_source_references
    generic = _generic_pattern(frozenset(table)).search(state.text[window_start:end].lower())
    if generic and window_start + generic.end() == end:
        return None, table[generic.group(0)]
    return None


_POLL = regex.compile(r"\b(?:survey|poll)\b")
_POLL_BY = regex.compile(r"\s+(?:of\s+\w+\s+)?by\s+")  # "a survey of economists by X"
_OWNER_BEFORE_POLL = regex.compile(r"['’]s\s+(?:[\w-]+\s+){0,2}$")  # "X's weekly Focus survey"


def _poll_owner(state: DocState, start: int, end: int, lexicon: Lexicon) -> Attribution | None:
    """Who ran the survey or poll the sentence cites: the source of its expectations (the
    team corpus convention: a poll's source is the poll's owner)."""
    text = state.text
    for poll in _POLL.finditer(text, start, end):
        by = _POLL_BY.match(text, poll.end(), end)
        if by:
            m = _CAPITALISED_PHRASE.match(text, by.end(), end)
            org = m and _organisation(m.group(0), lexicon, described=True)
            if org:
                return org, None
        window_start = max(start, poll.start() - 60)
        named_poll = _institution_ending_at(state, window_start, poll.end(), lexicon)  # "Reuters poll"
        if named_poll:
            return named_poll
        possessive = _OWNER_BEFORE_POLL.search(text, window_start, poll.start())
        owner_end = (possessive.start() if possessive else
                     window_start + len(text[window_start:poll.start()].rstrip()))
        owner = _institution_ending_at(state, window_start, owner_end, lexicon)
        if owner:
            return owner
        m = _PHRASE_AT_END.search(text, window_start, owner_end)
        org = m and _organisation(m.group(0), lexicon)
        if org:
            return org, None
    return None


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
