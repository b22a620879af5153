"""What a figure measures, and how: measure, sector, role, direction, basis, approx, status.

The measure is the cue phrase nearest the figure in its sentence, preferring phrases before it
and in the same clause; the sector is a product phrase that qualifies that measure phrase
("chip exports", "exports of semiconductors"), or the label of a table row.
"""
from __future__ import annotations

import regex

from ..figures import Figure
from ..lexicon import Lexicon
from .cues import Cue
from .state import DocState

_ROW_LABEL = regex.compile(r"\s*(?:[-•*·▪]\s*)?(?P<label>[^:\n]{2,40}?)\s*[:–—]\s")
_MAX_DIRECTION_GAP = 60  # characters between a direction word and its figure
_BY = regex.compile(r"\bby\s*$")
# "knocked 0.2 percentage point off growth", "added 0.5 points to GDP"
_CONTRIBUTION = regex.compile(r"\s+(off|from|to)\s+(?:the\s+)?(?:\w+\s+)?(?:gdp|growth|economic\s+growth|gross\s+domestic\s+product)\b",
                              regex.IGNORECASE)
_FROM_FIGURE = regex.compile(r"^\W*(?:\w+\s+){0,2}from\s*$", regex.IGNORECASE)


def _clause_cost(state: DocState, cue: Cue, fig: Figure, after_ok: bool) -> float | None:
    if cue.end <= fig.start:
        distance = fig.start - cue.end
        cost = distance / 6
    elif cue.start >= fig.end:
        distance = cue.start - fig.end
        # "31 months of trade surplus": a streak names its measure right after it
        # ("the seventh month of decline, with car exports down": not past the comma)
        after_ok = after_ok and distance <= 30 and bool(
            regex.match(r"\s+(?:of|in)\s[^,;]*$", state.text[fig.end:cue.start]))
        cost = distance / 6 * (1 if after_ok else 3) + (0 if after_ok else 6)
        if not after_ok and "," in state.text[fig.end:cue.start]:
            cost += 10  # "growth accelerates to 8.23%, exports to US surge"
    else:
        return None
    cost += 12 * state.layout.breaks_between(cue.start, fig.start)
    if regex.search(r"\bof\s+(?:all|total|the\s+total)\s+$", state.text[max(0, cue.start - 16):cue.start],
                    regex.IGNORECASE) and not (cue.start >= fig.end and cue.start - fig.end <= 16):
        cost += 20  # "28.8% of all shipments": the whole a share is of, not what later figures measure
    if cue.end <= fig.start and _in_appositive(state, cue, fig):
        cost += 20  # "Export orders, a leading indicator of shipments, rose": the aside's noun
    paren = state.layout.in_parens(cue.start, cue.end)
    if paren and not (paren[0] < fig.start and fig.end <= paren[1]):
        cost += 40  # an aside ("(stocks and bonds)") does not name the figure's measure
    return cost


def _in_appositive(state: DocState, cue: Cue, fig: Figure) -> bool:
    text = state.text
    open_ = text.rfind(",", fig.sentence_start, cue.start)
    close = text.find(",", cue.end, fig.start)
    if open_ == -1 or close == -1:
        return False
    return bool(regex.match(r",\s+(?:a|an|the|its|which|including|such\s+as)\s", text[open_:cue.start + 1]))


def choose_measure_cue(state: DocState, fig: Figure, lexicon: Lexicon) -> Cue | None:
    after_ok = fig.kind == "streak"  # "31 months of trade surplus"
    best, best_cost = None, None
    for category, penalty in (("measure", 0.0), ("measure_weak", 14.0)):
        for cue in state.sentence_cues(category, fig):
            cost = _clause_cost(state, cue, fig, after_ok)
            if cost is None:
                continue
            cost += penalty
            if best_cost is None or cost < best_cost:
                best, best_cost = cue, cost
    if best is not None and best.text.lower() in lexicon.generic_measure_cues:
        # A bare "surplus" refers back to the balance the sentence named ("the current account
        # surplus hit $13.5 billion, the 29th consecutive month of surplus").
        specific = [c for c in state.sentence_cues("measure", fig)
                    if c.start < best.start and lexicon.measures[c.value].balance
                    and c.text.lower() not in lexicon.generic_measure_cues
                    and c.value != best.value]
        if specific:
            best = specific[-1]
    return best


def _sector_for(state: DocState, cue: Cue, fig: Figure) -> str | None:
    """A sector phrase right before the measure phrase, or 'of <sector>' right after it."""
    text = state.text
    best = None
    for sec in state.sentence_cues("sector", fig):
        if state.layout.in_parens(sec.start, sec.end):
            continue
        if sec.end <= cue.start and cue.start - sec.end <= 3 and not text[sec.end:cue.start].strip(" -"):
            best = sec  # "semiconductor exports", "chip-exports"
        elif sec.start >= cue.end and sec.end <= fig.start + 1:
            gap = text[cue.end:sec.start].lower()
            if regex.fullmatch(r"\s+(?:of|in|for)\s+(?:(?:the|its|their|all|\w+'s|\w+’s)\s+)?(?:[a-z-]+\s+)?", gap):
                best = best or sec
    # "cars slid 10.9% and petroleum products dropped 21.4%": a product phrase that is the
    # subject of the figure's own clause names its sector.
    for sec in state.sentence_cues("sector", fig):
        if cue.end <= sec.start and sec.end <= fig.start \
                and state.layout.breaks_between(sec.end, fig.start) == 0 \
                and state.layout.breaks_between(cue.end, sec.start) > 0 \
                and any(d.start >= sec.end and d.start - sec.end <= 12
                        and "," not in state.text[sec.end:d.start]
                        for d in state.sentence_cues("direction", fig)):
            best = sec
    if best is None:
        # "In the semiconductor sector, exports rose ..."
        for sec in state.sentence_cues("sector", fig):
            after = text[sec.end:sec.end + 12].lower()
            if sec.end <= fig.start and regex.match(r"\s+(?:sector|industry|segment)", after):
                best = sec
    return best.value if best else None


def _subject_sector(state: DocState, fig: Figure, previous: Figure) -> str | None:
    """In a sentence that names no measure, the subject of the figure's clause names its
    sector ("electronic components, mainly chips, rose 20.4%": the first product phrase, not
    the aside); a ranking that goes on in the sentence keeps it ("China took $5.5 billion of
    palm oil, followed by India with $2.9 billion")."""
    clause = [c for c in state.sentence_cues("sector", fig)
              if c.end <= fig.start and state.layout.breaks_between(c.end, fig.start) == 0
              and not state.layout.in_parens(c.start, c.end)]
    if clause:
        return clause[0].value
    return previous.sector if previous.sentence_start == fig.sentence_start else None


def _row_label(state: DocState, fig: Figure) -> tuple[int, int] | None:
    """The label of a table-like line ("- Semiconductors: $12.1 billion, up 20.5%")."""
    line_start, line_end = state.layout.lines[state.layout.line_index(fig.start)]
    m = _ROW_LABEL.match(state.text, line_start, line_end)
    if m and m.end() <= fig.start:
        return m.start("label"), m.end("label")
    return None


def _previous_figure(state: DocState, fig: Figure) -> Figure | None:
    index = state.figures.index(fig)
    return state.figures[index - 1] if index > 0 else None


def assign_measures(state: DocState, lexicon: Lexicon) -> None:
    for fig in state.figures:
        label = _row_label(state, fig)
        cue = choose_measure_cue(state, fig, lexicon)
        if cue is not None and fig.kind == "streak" and cue.category == "measure_weak":
            cue = None  # "the 23rd consecutive month of growth": the streak of the topic
        if label and (cue is None or cue.start < label[0] or cue.start >= label[1]):
            label_sectors = state.cues.in_range("sector", *label)
            if label_sectors:
                fig.sector = label_sectors[0].value
            label_countries = state.cues.in_range("country", *label)
            if label_countries:  # "- China: $11.0 billion" in a table by destination
                fig.partner = label_countries[0].value
                fig.notes.append("row_partner")
        if fig.kind == "fx":
            fig.measure = "exchange_rate"
            _fx_unit(state, fig, lexicon)
        elif fig.kind == "index" and (cue is None or cue.value != "pmi"):
            fig.measure = "pmi" if _mentions_pmi(state, fig) else (cue.value if cue else "other:index")
        elif cue is not None and not (label and label[0] <= cue.start < label[1] and (fig.sector or fig.partner)):
            fig.measure = cue.value
            fig.measure_cue = (cue.start, cue.end)
            if fig.sector is None:
                fig.sector = _sector_for(state, cue, fig)
            if cue.text.lower() in lexicon.negative_measure_cues:
                fig.notes.append("negative_cue")
            fig.confidence += 0.2
        else:
            previous = _previous_figure(state, fig)
            if previous is not None and previous.measure and (
                    previous.sentence_start == fig.sentence_start
                    or state.layout.line_index(previous.start) >= state.layout.line_index(fig.start) - 3):
                fig.measure = previous.measure
                fig.measure_cue = previous.measure_cue
                fig.sector = fig.sector or _subject_sector(state, fig, previous)
                if "negative_cue" in previous.notes:
                    fig.notes.append("negative_cue")
            else:
                fig.measure = "other:unspecified"
        if fig.sector is None and fig.kind == "physical":
            # "250,000 cars"; "carmakers shipped 1.9 million units": a quantity is of a product
            of_sector = [c for c in state.sentence_cues("sector", fig)  # "9.8 mn tonnes of steel"
                         if fig.end < c.start <= fig.end + 24
                         and regex.fullmatch(r"\s+of\s+(?:\w+\s+)?", state.text[fig.end:c.start])]
            unit_sector = state.cues.in_range("sector", fig.start, fig.end) or of_sector or [
                c for c in state.sentence_cues("sector", fig)
                if c.end <= fig.start and state.layout.breaks_between(c.end, fig.start) == 0]
            if unit_sector:
                fig.sector = unit_sector[-1].value
        _production_topic(state, fig)
        contribution = _CONTRIBUTION.match(state.text, fig.end) if fig.kind in ("pp", "bp") else None
        if contribution:
            fig.measure = "other:contribution_to_gdp_growth"
            fig.notes.append("contribution")
            if contribution.group(1).lower() in ("off", "from"):
                fig.notes.append("subtracted")  # "knocked 0.2 points off growth"
        _apply_variants(state, fig, lexicon)
        _variant_of_referent(state, fig, lexicon)
        _assign_direction(state, fig)
        _assign_role(state, fig, lexicon)
        if fig.sector is None and fig.role == "share":
            # "Semiconductors ... made up 25.9 percent of total exports": the subject's share
            subject = [c for c in state.sentence_cues("sector", fig)
                       if c.start == fig.sentence_start and c.end <= fig.start]
            if subject:
                fig.sector = subject[0].value
        _assign_sign(fig, lexicon)
        _assign_basis(state, fig, lexicon)
        _assign_approx(state, fig)
        _assign_status(state, fig, lexicon)
    inherit_compared(state)
    default_bases(state)


_PRODUCTION_TOPICS = ("industrial_production", "gdp_growth")


def _production_topic(state: DocState, fig: Figure) -> None:
    """A bare 'output' or 'production' names the production measure the article reports:
    "output was 3.9% lower" after industrial production figures is industrial production
    (with its branch: "production in the automotive industry"), after GDP figures it is GDP
    growth. A sector's growth in a GDP report ("services grew 0.6%", "farm output fell") is
    that sector's output: GDP growth is the whole economy's. Physical counts stay output."""
    if fig.kind != "percent" or fig.measure_cue is None:
        return
    if fig.measure.split(".")[0] == "gdp_growth" and fig.sector is not None:
        fig.measure = "output"
        return
    cue_text = state.text[fig.measure_cue[0]:fig.measure_cue[1]].lower()
    if fig.measure != "output" or cue_text not in ("output", "production"):
        return
    index = state.figures.index(fig)
    topic = next((f.measure.split(".")[0] for f in reversed(state.figures[:index])
                  if f.measure and f.measure.split(".")[0] in _PRODUCTION_TOPICS), None)
    if topic == "industrial_production" or (topic == "gdp_growth" and fig.sector is None):
        fig.measure = topic


def _fx_unit(state: DocState, fig: Figure, lexicon: Lexicon) -> None:
    """The quoted currency: written on the number, else the currency the sentence is about."""
    if fig.unit:
        return
    before = state.text[fig.sentence_start:fig.start]
    best = None
    for word, code in lexicon.currency_words.items():
        for m in regex.finditer(rf"\b{regex.escape(word)}\b", before, regex.IGNORECASE):
            if code != "USD" and (best is None or m.start() > best[0]):
                best = (m.start(), code)
    fig.unit = best[1] if best else "USD"


def _mentions_pmi(state: DocState, fig: Figure) -> bool:
    window = state.text[max(fig.sentence_start, fig.start - 80):fig.start].lower()
    return any(w in window for w in ("pmi", "purchasing managers", "factory activity"))


def _apply_variants(state: DocState, fig: Figure, lexicon: Lexicon) -> None:
    for cue in state.cues.in_range("variant", fig.sentence_start, fig.sentence_end):
        spec = lexicon.variants[cue.value]
        near = abs(cue.start - fig.start) <= 80 and \
            state.layout.breaks_between(min(cue.start, fig.start), max(cue.start, fig.start)) == 0
        if cue.value != "core" and not near:
            continue
        if cue.value == "volume" and fig.kind != "percent":
            continue  # the tonnage itself is the plain measure; its growth "by volume" is .volume
        if fig.measure in spec["applies_to"] and "." not in fig.measure:
            if cue.value == "core" and not (fig.measure_cue and cue.end <= fig.measure_cue[0]
                                            and fig.measure_cue[0] - cue.end <= 2):
                continue
            fig.measure = fig.measure + spec["suffix"]


def _variant_of_referent(state: DocState, fig: Figure, lexicon: Lexicon) -> None:
    """A bare 'gap' or 'shortfall' refers back to the balance just named ("The deficit in goods
    and services trade widened to $131.4 billion. The December gap was revised to $98.1
    billion."): it takes that figure's variant when it is in this or the previous sentence."""
    if fig.measure_cue is None or "." in fig.measure or state.text[
            fig.measure_cue[0]:fig.measure_cue[1]].lower() not in lexicon.generic_measure_cues:
        return
    index = state.figures.index(fig)
    referent = next((f for f in reversed(state.figures[:index])
                     if f.measure and f.measure.split(".")[0] == fig.measure), None)
    layout = state.layout
    if referent is not None and "." in referent.measure and \
            layout.sentence_index(fig.start) - layout.sentence_index(referent.start) <= 1:
        fig.measure = referent.measure


def _assign_direction(state: DocState, fig: Figure) -> None:
    """Nearest direction word: right after the figure ("a 3% drop") or before it in its clause."""
    text = state.text
    cues = state.sentence_cues("direction", fig)
    after = [c for c in cues if c.start >= fig.end and c.start - fig.end <= 2
             and not text[fig.end:c.start].strip()]
    if after and after[0].value == "down" and fig.kind in ("percent", "pp", "bp"):
        fig.direction = -1  # "a 2.5% contraction"
        fig.notes.append("direct_direction")
        return
    before = [c for c in cues if c.end <= fig.start and fig.start - c.end <= _MAX_DIRECTION_GAP
              and not state.figure_between(c.end, fig.start, exclude=fig)
              and state.layout.breaks_between(c.end, fig.start) == 0]
    if before:
        fig.direction = 1 if before[-1].value == "up" else -1
        gap = text[before[-1].end:fig.start].lower()
        # "fell 1.0%", "contracted at an annualized rate of 1.8%" state the rate itself;
        # "fell to 2.1%", "held at 2%" name the new level.
        if not regex.search(r"\b(?:(?:to|from|of about|of around)\s+(?:\w+\s+)?|at\s+(?:about\s+|around\s+)?)$", gap) \
                or regex.search(r"\brate\s+of\s+$", gap):
            fig.notes.append("direct_direction")
    elif after:
        fig.direction = 1 if after[0].value == "up" else -1
        fig.notes.append("direct_direction")


def _assign_role(state: DocState, fig: Figure, lexicon: Lexicon) -> None:
    info = lexicon.measures.get(fig.measure.split(".")[0]) or lexicon.measures.get(fig.measure)
    before = state.text[max(fig.sentence_start, fig.start - 40):fig.start]
    if fig.kind == "streak":
        fig.role = "streak"
    elif fig.kind in ("fx", "index"):
        fig.role = "level"
    elif fig.kind in ("pp", "bp"):
        if fig.kind == "bp":  # 25 basis points -> 0.25 percentage points
            fig.value, fig.unit, fig.kind = fig.value / 100, "pp", "pp"
        fig.role = "level" if "contribution" in fig.notes else "change_pp"
    elif fig.kind == "percent":
        share_near = any(c.end <= fig.start and fig.start - c.end <= 40
                         and not state.figure_between(c.end, fig.start, exclude=fig)
                         for c in state.sentence_cues("share", fig)) or any(
            c.start >= fig.end and c.start - fig.end <= 3 for c in state.sentence_cues("share_after", fig))
        if info is not None and info.share:
            fig.role = "share"
        elif share_near:
            fig.role = "share"
        elif info is not None and info.rate:
            fig.role = "level"
        else:
            fig.role = "change_pct"
    else:  # money, physical
        if info is not None and info.bop_flow:
            fig.role = "level"
        elif fig.direction and _BY.search(before) or _direct_change(state, fig):
            fig.role = "change_abs"
        else:
            fig.role = "level"


def _direct_change(state: DocState, fig: Figure) -> bool:
    """'exports rose $2 billion' (a verb of change right before an amount) is a change."""
    before = state.text[max(fig.sentence_start, fig.start - 25):fig.start].lower()
    m = regex.search(r"(\w+)\s+(?:(?:by|some|about|nearly|around|almost|over)\s+)?$", before)
    if not m:
        return False
    word = m.group(1)
    return word in {"rose", "fell", "increased", "decreased", "grew", "dropped", "declined",
                    "jumped", "climbed", "slid", "shrank", "widened", "narrowed", "gained",
                    "lost", "plunged", "surged", "added", "shed", "slumped", "tumbled"}


def _assign_sign(fig: Figure, lexicon: Lexicon) -> None:
    if fig.signed or fig.kind == "fx":  # "the yen weakened past 155 per dollar" is still 155
        return
    info = lexicon.measures.get(fig.measure) or lexicon.measures.get(fig.measure.split(".")[0])
    if fig.role in ("change_pct", "change_abs", "change_pp") and fig.direction < 0:
        fig.value = -abs(fig.value)
        if fig.value_high is not None:
            fig.value_high = -abs(fig.value_high)
    elif fig.role in ("level", "share") and info is not None and info.balance \
            and "negative_cue" in fig.notes:
        fig.value = -abs(fig.value)
    elif "contribution" in fig.notes and (fig.direction < 0 or "subtracted" in fig.notes):
        fig.value = -abs(fig.value)
    elif fig.role == "level" and info is not None and info.bop_flow and fig.direction < 0:
        fig.value = -abs(fig.value)
    elif fig.role == "level" and info is not None and info.rate and fig.direction < 0 \
            and "direct_direction" in fig.notes:
        fig.value = -abs(fig.value)  # "prices fell 1.0%", "the economy shrank 0.1%"


def _assign_basis(state: DocState, fig: Figure, lexicon: Lexicon) -> None:
    if not fig.role.startswith("change"):
        return
    after = state.text[fig.end:fig.sentence_end]
    if regex.match(r"\s*(?:\w+\s+){0,3}(?:from|than)\s+(?:the\s+)?[$€£¥₩]?\d", after):
        fig.basis = "value"  # "rose $2 billion from $58 billion", "42% higher than the $7.25 billion"
        return
    cues = [c for c in state.sentence_cues("basis", fig)
            if state.layout.breaks_between(c.start, fig.start) == 0
            and not state.figure_between(min(c.start, fig.end), max(c.start, fig.start), exclude=fig)]
    if not cues:
        cues = state.sentence_cues("basis", fig)
    info = lexicon.measures.get(fig.measure.split(".")[0])
    if cues:
        nearest = min(cues, key=lambda c: abs(c.start - fig.start))
        fig.basis = nearest.value
    elif info is not None and info.change_basis:
        fig.basis = info.change_basis
    else:
        fig.basis = None  # decided per document by default_bases()
    if "." in fig.measure and fig.measure.endswith((".qoq", ".mom")):
        fig.basis = "pop"


def inherit_compared(state: DocState) -> None:
    """An earlier value a figure is compared with ("widen to 1.3% of GDP ... from 0.6%",
    "eased to 2.1% from 2.2%") is the same kind of figure: it takes that figure's measure,
    role, sector and sign convention, and is an actual value."""
    for fig in state.figures:
        window_start = max(fig.sentence_start, fig.start - 24)
        link = regex.search(r"\b(?:from|than)\s+(?:(?:about|around|nearly|the|a)\s+)?$",
                            state.text[window_start:fig.start].lower())
        if not link:
            continue
        earlier = [f for f in state.figures if f.sentence_start == fig.sentence_start
                   and f.end <= fig.start and f.unit == fig.unit and f.kind == fig.kind]
        if not earlier:
            continue
        main = earlier[-1]
        own_cue = fig.measure_cue and fig.measure_cue[0] > window_start + link.start()
        if own_cue:
            continue
        fig.measure, fig.measure_cue = main.measure, main.measure_cue
        # "rose $2 billion from $58 billion": the earlier value of a change is a level
        fig.role = "level" if main.role == "change_abs" else main.role
        fig.sector = fig.sector or main.sector
        if main.value < 0 < fig.value and fig.role in ("level", "share") and "negative_cue" in main.notes:
            fig.value = -fig.value
        if fig.status != "actual" and main.status != "actual":
            fig.status = "actual"
            fig.notes = [n for n in fig.notes if n != "consensus"]


def default_bases(state: DocState) -> None:
    """A change that states no basis has the one the article states most (monthly US trade
    news compares with the previous month, Korean and Chinese with a year earlier); yoy when
    the article states none."""
    stated = [f.basis for f in state.figures if f.basis in ("yoy", "pop")]
    default = max(("yoy", "pop"), key=stated.count) if stated else "yoy"
    for fig in state.figures:
        if fig.role and fig.role.startswith("change") and fig.basis is None:
            fig.basis = default


def _assign_approx(state: DocState, fig: Figure) -> None:
    text = state.text
    for cue in reversed(state.sentence_cues("approx", fig)):
        if cue.end <= fig.start:
            gap = text[cue.end:fig.start]
            if len(gap) <= 3 and not regex.search(r"[\w,.;]", gap):
                fig.approx = cue.value
            break
    if fig.approx is None:
        for cue in state.sentence_cues("approx_after", fig):
            if cue.start >= fig.end and cue.start - fig.end <= 1:
                fig.approx = cue.value
                break


def _assign_status(state: DocState, fig: Figure, lexicon: Lexicon) -> None:
    text = state.text
    cues = [c for c in state.sentence_cues("status", fig) if c.end <= fig.start]
    negations = state.sentence_cues("status_negation", fig)
    for cue in reversed(cues):
        negated = any(n.end <= cue.start and cue.start - n.end <= 25 for n in negations)
        if negated:
            continue
        if state.layout.breaks_between(cue.end, fig.start) > 1:
            continue
        if cue.value == "target" or fig.status == "actual":
            fig.status = cue.value
            if cue.text.lower() in lexicon.consensus_cues:
                fig.notes.append("consensus")
        break
    # "a target of 5%", "5% target" after the figure
    if regex.search(r"\b(?:expectations?|forecasts?|estimates?|consensus|projections?)\s+(?:of|for)\s+"
                    r"(?:(?:about|around|roughly|nearly)\s+)?$", text[max(fig.sentence_start, fig.start - 40):fig.start],
                    regex.IGNORECASE):
        fig.status = "forecast"  # "beating expectations of 5%": the 5% is the expectation
        fig.notes.append("consensus")
    after = text[fig.end:fig.end + 40].lower()
    standing = regex.match(r"\s*(?:growth\s+|inflation\s+)?(target|goal|ceiling|cap|floor)\b", after)
    if standing:
        fig.status = "target"
        fig.notes.append("standing_target")  # "above the 2% target": a goal, not a period's figure
        # "core prices rose 2.9%, above the 2% target": central banks target headline inflation
        fig.measure = fig.measure.removesuffix(".core")
        fig.approx = fig.approx or {"ceiling": "<=", "cap": "<=", "floor": ">="}.get(standing.group(1))
    elif regex.match(r"\s*(?:\w+\s+){0,3}(?:had\s+)?(?:forecast|expected|predicted)\b", after) \
            and not regex.match(r"\s*(?:than|as)\b", after):
        fig.status = "forecast"  # "the 1.1% gain forecast", "the 2.5% contraction economists had forecast"
        fig.notes.append("consensus")
