"""Whose statistic a figure is (reporter) and the counterpart of a flow (partner).

Partners are countries after a flow preposition ("exports to China", "imports from Korea",
"surplus with the US"); reporters are the other country mentions before the figure, then the
economy of a national currency, then the previous figure's reporter, then the article's main
economy.
"""
from __future__ import annotations

from collections import Counter

import regex

from ..figures import Figure
from ..lexicon import Lexicon
from .cues import Cue
from .state import DocState

_PARTNER_BEFORE = regex.compile(
    r"(?:\b(?:to|from|with|into|toward|towards|destined\s+for|bound\s+for|vis-à-vis)"
    r"|\b(?:exports|imports|shipments|trade)\s+(?:to|from|with))\s+(?:the\s+)?(?:other\s+|fellow\s+)?$",
    regex.IGNORECASE,
)
_BILATERAL = regex.compile(r"\b(?:bilateral|two-way|two countries|two nations|both countries|"
                           r"two economies|between the two)\b", regex.IGNORECASE)
_BEFORE_PLACE = regex.compile(r"\b([A-Za-z]+)\s+(?:(?:in|from|to|at|by|with|for)\s+)?(?:the\s+)?$")
_BASED = regex.compile(r"^-(?:based|headquartered|listed|made)", regex.IGNORECASE)
_EXPORT_MEASURES = ("exports", "export_orders", "export_share")
# "China remained the largest buyer", "the U.S. is Korea's top destination" (then a role noun)
_LINKING_VERB = regex.compile(r"\s+(?:remained|remains|was|is|became|becomes|stayed|stays|"
                              r"ranked\s+as|emerged\s+as)\s+((?:[\w'’-]+\s+){0,3}[\w'’-]+)",
                              regex.IGNORECASE)
_RANKING_NEXT = regex.compile(r"(?:\bby|\band|,)\s+(?:the\s+)?$")


def _country_cues(state: DocState, fig: Figure, lexicon: Lexicon) -> list[Cue]:
    """Country mentions of the figure's sentence, except inside organisation names
    ("European Central Bank") and "US-based"."""
    sources = state.sentence_cues("source", fig)
    return [c for c in state.sentence_cues("country", fig)
            if not _BASED.match(state.text[c.end:c.end + 14])
            and not any(s.start <= c.start and c.end <= s.end for s in sources)
            and not _modifies_other_noun(state, c, lexicon)
            and not _hedged(state, c, lexicon)]


def _hedged(state: DocState, cue: Cue, lexicon: Lexicon) -> bool:
    """'mostly in the United States', 'mainly to China': an aside, not the figure's economy."""
    m = _BEFORE_PLACE.search(state.text[max(0, cue.start - 30):cue.start])
    return bool(m) and m.group(1).lower() in lexicon.hedge_words


def _modifies_other_noun(state: DocState, cue: Cue, lexicon: Lexicon) -> bool:
    """'U.S. tariffs', 'the U.S. dollar': the country qualifies something other than a statistic."""
    m = regex.match(r"(?:['’]s)?\s+([A-Za-z]+)", state.text[cue.end:cue.end + 24])
    return bool(m) and m.group(1).lower() in lexicon.non_reporter_heads


def _bound(state: DocState, cue: Cue) -> bool:
    """'China-bound exports', 'U.S.-bound shipments'."""
    return bool(regex.match(r"-bound\b", state.text[cue.end:cue.end + 7]))


def _partner_by_role(state: DocState, cue: Cue, lexicon: Lexicon) -> bool:
    """'China remained the largest buyer of Indonesian goods, taking $5.5 billion, followed by
    the United States with $2.9 billion and India with $1.6 billion': a country named as a
    counterpart (buyer, destination, supplier), and those ranked after it."""
    m = _LINKING_VERB.match(state.text, cue.end)
    if m and any(f" {noun} " in f" {m.group(1).lower()} " for noun in lexicon.partner_role_nouns):
        return True
    sentence_start = state.layout.sentence_of(cue.start)[0]
    before = state.text[sentence_start:cue.start]
    follow = before.lower().rfind("followed by")
    if follow == -1 or not _RANKING_NEXT.search(before):
        return False
    heads = state.cues.in_range("country", sentence_start, sentence_start + follow)
    return any(_partner_by_role(state, head, lexicon) for head in heads)


def is_partner_position(state: DocState, cue: Cue, lexicon: Lexicon) -> bool:
    """'exports to China', 'imports from Korea', 'the surplus with the US': a country after a
    flow preposition that follows a measure word ("demand from India" is not a flow), or one
    named as a counterpart ("China remained the largest buyer"). A country's people
    ("remittances from Mexicans") are never the counterpart."""
    if state.text[cue.start:cue.end] in lexicon.people_nouns:
        return False
    if _partner_by_role(state, cue, lexicon):
        return True
    before = state.text[max(0, cue.start - 24):cue.start]
    m = _PARTNER_BEFORE.search(before)
    if m:
        preposition_at = cue.start - len(before) + m.start()
        window = (max(0, preposition_at - 30), preposition_at + 1)
        flows = state.cues.in_range("measure", *window) + state.cues.in_range("measure_weak", *window)
        return any(preposition_at - c.end <= 30 for c in flows) or bool(
            regex.match(r"\s*(?:exports|imports|shipments|trade)", m.group(0), regex.IGNORECASE)) \
            or bool(regex.search(r"\b(?:those|that|ones)\s+$", state.text[max(0, preposition_at - 8):preposition_at],
                                 regex.IGNORECASE))  # "and those to the United States declined"
    return _bound(state, cue)


def main_economies(state: DocState, explicit: Counter[str], lexicon: Lexicon) -> list[str]:
    """Economies ranked by how central the article makes them: named in the headline or the
    first sentence (news names the reporting economy first), as explicit reporters of figures,
    then by mentions."""
    layout = state.layout
    content = [i for i in range(len(layout.sentences))
               if not layout.is_furniture(layout.sentences[i][0])]
    headline = layout.sentences[content[0]] if content else (0, 0)
    lede = layout.sentences[content[1]] if len(content) > 1 else (0, 0)
    scores: Counter[str] = Counter()
    for cue in state.cues.get("country"):
        if len(cue.value) != 3 or cue.value == "WLD" or is_partner_position(state, cue, lexicon) \
                or _hedged(state, cue, lexicon):
            continue
        scores[cue.value] += 0.5
        if headline[0] <= cue.start < headline[1]:
            scores[cue.value] += 4
        elif lede[0] <= cue.start < lede[1]:
            scores[cue.value] += 2
    for code, count in explicit.items():
        scores[code] += count
    return [code for code, _ in scores.most_common()]


def _world_before_measure(state: DocState, fig: Figure) -> bool:
    if fig.measure_cue is None:
        return False
    for cue in state.sentence_cues("world", fig):
        gap = state.text[cue.end:fig.measure_cue[0]]
        if cue.end <= fig.measure_cue[0] and len(gap) <= 30 and not regex.search(r"[,;.]", gap) \
                and len(gap.split()) <= 3:
            return True
    return False


def _world_share_after(state: DocState, fig: Figure) -> bool:
    """'7 percent of the global total', 'its share of global exports rose to 14%'."""
    after = state.text[fig.end:fig.end + 40].lower()
    before = state.text[max(fig.sentence_start, fig.start - 60):fig.start].lower()
    return bool(regex.match(r"\s+of\s+(?:the\s+)?(?:global|world|worldwide|world's|total\s+global)", after)
                or regex.search(r"\bshare\s+of\s+(?:the\s+)?(?:global|world|worldwide|world's)\b", before))


def assign_geo(state: DocState, lexicon: Lexicon) -> None:
    explicit: Counter[str] = Counter()
    pending: list[Figure] = []
    for fig in state.figures:
        partner_cues, reporter_cues = [], []
        for cue in _country_cues(state, fig, lexicon):
            if "row_partner" in fig.notes and state.layout.line_index(cue.start) == \
                    state.layout.line_index(fig.start) and cue.end <= fig.start:
                continue  # the row label names the partner
            if is_partner_position(state, cue, lexicon):
                partner_cues.append(cue)
            elif not cue.value.startswith("other:"):  # a grouping is only ever a counterpart
                reporter_cues.append(cue)
        if "row_partner" not in fig.notes and fig.kind != "fx":
            fig.partner = _partner(state, fig, partner_cues, lexicon)
        reporter = _explicit_reporter(state, fig, reporter_cues, partner_cues)
        if reporter is None and _world_before_measure(state, fig) and fig.role != "share":
            reporter = "WLD"
        if reporter is not None:
            fig.reporter = reporter
            explicit[reporter] += 1
            fig.confidence += 0.1
        else:
            pending.append(fig)
        if fig.role == "share" and fig.partner is None and (
                _world_share_after(state, fig) or _world_before_measure(state, fig)):
            fig.partner = "WLD"
    state.main_economies = ranked = main_economies(state, explicit, lexicon)
    for fig in pending:
        fig.reporter = _implicit_reporter(state, fig, lexicon, ranked)
    for fig in state.figures:
        if fig.partner == fig.reporter:
            fig.partner = None
        if fig.partner is None and fig.measure in ("trade_total", "trade_balance") and \
                _BILATERAL.search(state.text[fig.sentence_start:fig.sentence_end]):
            fig.partner = _other_economy(fig.reporter, ranked)
        _fix_currency(fig, lexicon)


def _partner(state: DocState, fig: Figure, cues: list[Cue], lexicon: Lexicon) -> str | None:
    best, best_distance = None, None
    for cue in cues:
        if cue.end <= fig.start:
            distance = fig.start - cue.end
        else:
            distance = (cue.start - fig.end) * 2
            if state.layout.breaks_between(fig.end, cue.start) or "," in state.text[fig.end:cue.start]:
                continue
        if fig.measure_cue and cue.end <= fig.measure_cue[0] and not _PARTNER_BEFORE.search(
                state.text[max(0, cue.start - 24):cue.start]) and not _bound(state, cue) \
                and not _partner_by_role(state, cue, lexicon):
            continue
        if state.layout.breaks_between(cue.start, fig.start) > 1:
            continue
        if best_distance is None or distance < best_distance:
            best, best_distance = cue, distance
    if best is None:
        return None
    if fig.measure_cue and fig.measure and fig.measure.split(".")[0] in _EXPORT_MEASURES and \
            regex.fullmatch(r"\s+from\s+(?:the\s+)?", state.text[fig.measure_cue[1]:best.start]):
        return None  # "exports from Japan": Japan reports them
    return best.value


def _explicit_reporter(state: DocState, fig: Figure, cues: list[Cue],
                       partner_cues: list[Cue]) -> str | None:
    text = state.text
    for cue in cues:  # "inflation was 2.3% in Germany, 0.9% in France"
        if cue.start >= fig.end and regex.fullmatch(r"\s+in\s+(?:the\s+)?", text[fig.end:cue.start]):
            return cue.value
    if fig.kind == "fx":  # "88.62 (rupees) per dollar" is India's exchange rate
        return None
    before = [c for c in cues if c.end <= fig.start]
    if before:
        return before[-1].value
    for cue in cues:  # "..., accounting for 5.2 percent of China's total trade"
        if cue.start >= fig.end and state.layout.breaks_between(fig.end, cue.start) == 0 \
                and cue.start - fig.end <= 60 and text[cue.end:cue.end + 2] in ("'s", "’s"):
            return cue.value
    # "exports from Japan": the exporter sits in partner position right after the measure word
    for cue in partner_cues:
        if fig.measure_cue and fig.measure and fig.measure.split(".")[0] in _EXPORT_MEASURES and \
                regex.fullmatch(r"\s+from\s+(?:the\s+)?", state.text[fig.measure_cue[1]:cue.start]):
            return cue.value
    return None


def _implicit_reporter(state: DocState, fig: Figure, lexicon: Lexicon,
                       ranked: list[str]) -> str | None:
    if fig.kind in ("money", "fx"):
        economy = lexicon.currency_economy.get(fig.unit)
        if economy and fig.unit != "USD":
            return economy
    for other in state.sentence_figures(fig):
        if other.kind == "money" and other.unit != "USD" and not other.converted:
            economy = lexicon.currency_economy.get(other.unit)
            if economy:
                return economy
    index = state.figures.index(fig)
    for previous in reversed(state.figures[:index]):
        if previous.reporter and previous.reporter != "WLD" and \
                state.layout.line_index(previous.start) == state.layout.line_index(fig.start):
            return previous.reporter
    return ranked[0] if ranked else None


def _other_economy(reporter: str | None, ranked: list[str]) -> str | None:
    for code in ranked:
        if code != reporter and code != "WLD":
            return code
    return None


def _fix_currency(fig: Figure, lexicon: Lexicon) -> None:
    """'¥' is yen, except in Chinese statistics where it is yuan."""
    if fig.symbol and fig.symbol in lexicon.currency_symbol_by_reporter:
        by_reporter = lexicon.currency_symbol_by_reporter[fig.symbol]
        if fig.reporter in by_reporter:
            fig.unit = by_reporter[fig.reporter]
