"""Find figure mentions in text: money, percents, percentage points, streaks, physical units.

The patterns are compiled from the unit tables of the lexicon; this module knows the grammar of
a figure ("US$ 1,758.3 billion", "3-4%", "31 straight months"), not the words.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import regex

from .lexicon import Lexicon

_MINUS = "-−–"


@dataclass
class Figure:
    """One figure mention and everything the pipeline learns about it."""

    start: int
    end: int
    text: str
    value: float
    unit: str
    kind: str  # money | percent | pp | bp | streak | physical | fx | index
    value_high: float | None = None  # upper end of a range ("3-4%")
    symbol: str | None = None  # currency sign as written, for reporter-dependent currencies
    signed: bool = False  # the number carried its own sign ("-3.2%")
    # Context, filled by the pipeline components.
    role: str | None = None
    measure: str | None = None
    measure_cue: tuple[int, int] | None = None
    reporter: str | None = None
    partner: str | None = None
    sector: str | None = None
    period_start: str | None = None
    period_end: str | None = None
    period_explicit: bool = False
    basis: str | None = None
    approx: str | None = None
    status: str = "actual"
    converted: bool = False
    converted_from: int | None = None  # index of the figure this one is an equivalent of
    source: str | None = None
    direction: int = 0  # +1 up, -1 down, 0 none
    sentence_start: int = 0
    sentence_end: int = 0
    confidence: float = 0.5
    notes: list[str] = field(default_factory=list)


def _alternation(phrases, escape=True) -> str:
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(regex.escape(p) if escape else p for p in ordered)


def parse_number(text: str, scale: float = 1.0) -> float:
    """'1,758.3' -> 1758.3; with scale 1e9 -> 1758300000000.0 (decimal, so no 129199999999.99998)."""
    cleaned = text.replace(",", "").replace("−", "-").replace("–", "-").strip()
    return float(Decimal(cleaned) * Decimal(repr(scale)))


class FigureFinder:
    """Compiled figure grammar for one lexicon."""

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        # Indian grouping ("12,34,567.89") first, then thousands groups, plain digits, ".5".
        number = (r"(?:\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?"
                  r"|\d+(?:\.\d+)?|\.\d+)")
        sign = rf"(?:(?P<sign>[{_MINUS}])(?=\d)|(?P<signword>minus|negative)\s+)?"
        long_scales = [s for s in lexicon.scales if s not in lexicon.short_scales]
        multi_letter_short = [s for s in lexicon.short_scales if len(s) > 1]
        # Case-insensitive inside case-sensitive patterns too: "$1 Trillion" in a headline.
        scale = (
            rf"(?i:\s?(?P<scale>{_alternation(long_scales)})\b"
            rf"|\s?(?P<scale>{_alternation(multi_letter_short)})\b"
            rf"|(?P<scale>[kmbt])\b)"
        )
        any_case = set(lexicon.currency_prefixes_any_case)
        prefix = (rf"(?i:{_alternation(any_case)})"
                  rf"|{_alternation(p for p in lexicon.currency_prefixes if p not in any_case)}")
        # "3-4%", "3 - 4%", "3 to 4%"; not "Stoxx 50 -1.3%" (a signed number after a space)
        range_sep = r"(?:-|\s-\s|\s?–\s?|\s?to\s)"
        currency_word = _alternation(lexicon.currency_words)
        percent = _alternation([p for p in lexicon.percent_words if p != "points"])
        physical = _alternation(lexicon.physical_units)
        period_unit = _alternation(lexicon.period_units)
        streak = _alternation(lexicon.streak_cues)
        streak_after = _alternation(lexicon.streak_suffix_cues)

        # Money with a sign or code before the number: "$60.11 billion", "US$ 2bn", "€3.4bn".
        self.money_prefixed = regex.compile(
            rf"(?<![\w$€£¥₩₹])(?P<neg>[{_MINUS}])?(?P<cur>{prefix})\s?(?P<neg2>-(?=\d))?(?P<num>{number})"
            rf"(?:(?P<rangesep>{range_sep})(?:{prefix})?\s?(?P<num2>{number}))?"
            rf"(?:{scale})?"
            rf"(?:\s(?i:(?P<curword>{currency_word}))\b(?!\s?\d))?",  # not "RMB 10 USD 20"
            regex.V1,
        )
        # Money after an ASCII-transliterated sign: "PS2.7m", "Y=590 billion" (not "PS5").
        ascii_sign = _alternation(lexicon.currency_ascii_signs)
        self.money_ascii_sign = regex.compile(
            rf"(?<![\w$=])(?P<cur>{ascii_sign})(?P<num>{number})(?:{scale})?(?![\w])",
            regex.V1,
        )
        # Money with the currency after: "1.03 trillion yuan", "5 billion US dollars", "1,450 won".
        self.money_suffixed = regex.compile(
            rf"(?<![\w.,$€£¥₩₹]){sign}(?P<num>{number})"
            rf"(?:(?P<rangesep>{range_sep})(?P<num2>{number}))?"
            rf"(?:{scale})?\s?(?P<curword>{currency_word})\b"
            rf"(?(scale)|(?:\s(?P<scale_after>{_alternation(long_scales)})\b)?)",
            regex.V1 | regex.IGNORECASE,
        )
        # An ISO code scaled by a letter, before or after the number: "30 MUSD", "MEUR 120".
        codes = _alternation({c for c in lexicon.currency_prefixes.values() if len(c) == 3})
        code_scale = _alternation(lexicon.currency_code_scales)
        number_word = _alternation(lexicon.number_words)
        self.money_code_scaled = regex.compile(
            rf"(?<![\w.,]){sign}(?P<num>{number}|(?i:{number_word}))\s?(?P<cscale>{code_scale})(?P<code>{codes})\b"
            rf"|(?<![\w$])(?P<cscale>{code_scale})(?P<code>{codes})\s?(?P<num>{number})(?![\w])",
            regex.V1,
        )
        # Hundredths after a whole amount: "3 dollars 50 cents", "15 USD 25.", "$100 and fifty".
        minor = _alternation(lexicon.minor_units)
        self.scaled = regex.compile(rf"\d\s?(?:{_alternation(lexicon.scales)})\b|(?-i:[MkK][A-Z]{{3}})\b",
                                    regex.V1 | regex.IGNORECASE)
        tens = _alternation(w for w, v in lexicon.number_words.items() if v >= 1 and v == int(v))
        self.minor_part = regex.compile(
            rf"\s(?:and\s)?(?:(?P<minor>\d{{1,2}})\s?(?P<mword>{minor})\b"
            rf"|(?P<minor>\d{{2}}|(?i:{tens}))(?=\s*(?:[.,;:!?)]|$)))",
            regex.V1,
        )
        # Money with a sign after the number: "1,200€".
        suffix_symbol = _alternation(lexicon.currency_suffix_symbols)
        self.money_symbol_after = regex.compile(
            rf"(?<![\w.,$€£¥₩₹]){sign}(?P<num>{number})(?:{scale})?\s?(?P<sym>{suffix_symbol})(?![\w$€£¥₩₹])",
            regex.V1,
        )
        # Percents and points: "38.7%", "8.2 percent", "five per cent", "0.3 percentage points".
        self.percent = regex.compile(
            rf"(?<![\w.,]){sign}(?P<num>{number}|(?i:{number_word})(?=\s))"
            rf"(?:(?P<rangesep>%?-(?=\d)|%?\s?–\s?|\s-\s|\s?to\s)(?P<num2>{number}))?"
            rf"\s?(?P<pct>{percent})(?![\w])",
            regex.V1 | regex.IGNORECASE,
        )
        # Streaks: "31 straight months", "four consecutive years", "14 months in a row",
        # "31 Months of Continuous Trade Surplus".
        self.streak = regex.compile(
            rf"(?<![\w.,-])(?P<num>\d+|{number_word})\s(?:(?:{streak})\s)(?P<punit>{period_unit})\b(?!-)"
            rf"|(?<![\w.,-])(?P<num>\d+|{number_word})\s(?P<punit>{period_unit})\b(?!-)"
            rf"(?=\s(?:{streak_after})\b|\s(?:of\s(?:{streak}))\b)",
            regex.V1 | regex.IGNORECASE,
        )
        ordinal = _alternation([o for o in lexicon.ordinals if not o[0].isdigit()])
        self.ordinal_streak = regex.compile(
            rf"(?<![\w-])(?P<ord>{ordinal}|\d{{1,3}}(?:st|nd|rd|th))\s(?:{streak})\s(?P<punit>{period_unit})\b",
            regex.V1 | regex.IGNORECASE,
        )
        fx_base = _alternation(lexicon.fx_base_currencies)
        # A bare exchange rate: "88.62 per dollar", "16,680 to the U.S. dollar".
        self.fx = regex.compile(
            rf"(?<![\w.,$€£¥₩₹]){sign}(?P<num>{number})(?=\s(?:per|to\s+(?:the|one|a)|against\s+the|a)\s"
            rf"(?:U\.?S\.?\s)?(?P<base>{fx_base})\b)",
            regex.V1 | regex.IGNORECASE,
        )
        self.fx_after = regex.compile(
            rf"\s(?:per|to\s+(?:the|one|a)|against\s+the|a)\s(?:U\.?S\.?\s)?(?P<base>{fx_base})\b",
            regex.V1 | regex.IGNORECASE,
        )
        # An index reading: "the PMI slipped to 49.5", "a reading of 49.0".
        self.index = regex.compile(
            r"(?i:\b(?:PMI|purchasing\s+managers['’]?\s+index|index|reading))\b"
            r"[^.;%\d]{0,40}?\b(?:to|at|of|was|from)\s(?P<num>\d{1,3}\.\d)(?![\d%]|\s?(?:percent|per\s+cent|pct))",
            regex.V1,
        )
        # Physical quantities: "5.2 million tonnes", "1.3 million barrels per day".
        self.physical = regex.compile(
            rf"(?<![\w.,]){sign}(?P<num>{number})(?:{scale})?\s?(?P<phys>{physical})\b",
            regex.V1 | regex.IGNORECASE,
        )

    # -- parsing ------------------------------------------------------------------------------
    def _number(self, raw: str) -> float:
        """Digits or a number word ("twenty") as written in a figure."""
        return self.lexicon.number_words[raw.lower()] if raw[0].isalpha() else parse_number(raw)

    def _scale(self, match) -> float:
        scale = match.group("scale") or match.groupdict().get("scale_after")
        return self.lexicon.scales[scale.lower()] if scale else 1.0

    def _signed(self, match, value: float) -> tuple[float, bool]:
        groups = match.groupdict()
        if groups.get("sign") or groups.get("signword") or groups.get("neg") or groups.get("neg2"):
            return -value, True
        return value, False

    def _range_high(self, match, scale: float) -> float | None:
        if match.groupdict().get("num2") is None:
            return None
        return parse_number(match.group("num2"), scale)

    def _range_low(self, match, scale: float) -> float:
        """'$2-3 billion': both in billions; '$800,000 to $1.3 million': the low end is as written."""
        low = parse_number(match.group("num"))
        high = match.groupdict().get("num2")
        if high is not None and low > parse_number(high):
            return low
        return parse_number(match.group("num"), scale)

    def _add_minor_part(self, text: str, fig: Figure) -> None:
        """'3 dollars 50 cents' is 3.50: a whole amount without scale or range takes the
        hundredths written after it."""
        if fig.kind != "money" or fig.value_high is not None or "." in fig.text \
                or self.scaled.search(fig.text):
            return
        m = self.minor_part.match(text, fig.end)
        if m is None:
            return
        raw = m.group("minor")
        hundredths = self._number(raw)
        if m.group("mword"):
            hundredths *= self.lexicon.minor_units[m.group("mword").lower()] * 100
        amount = abs(fig.value) + hundredths / 100
        fig.value = -amount if fig.value < 0 else amount
        fig.end = m.end()
        fig.text = text[fig.start:fig.end]

    def find(self, text: str) -> list[Figure]:
        """All figure mentions in ``text``, without overlaps, in text order."""
        found: list[Figure] = []
        lex = self.lexicon
        for m in self.money_prefixed.finditer(text):
            scale = self._scale(m)
            value, signed = self._signed(m, self._range_low(m, scale))
            symbol = m.group("cur")
            unit = _casefold_lookup(lex.currency_prefixes, symbol)
            end = m.end()
            if m.group("curword"):  # "NT$ 5 billion" is fine; "$5 billion yuan" trusts the word
                word_unit = _casefold_lookup(lex.currency_words, m.group("curword"))
                if word_unit != unit and symbol.isalpha():  # "RMB 20 USD": the code wins
                    end = m.start("curword") - 1
                else:
                    unit = word_unit
            found.append(Figure(m.start(), end, text[m.start():end], value, unit, "money",
                                value_high=self._range_high(m, scale), symbol=symbol,
                                signed=signed))
        for m in self.money_ascii_sign.finditer(text):
            sign, raw = m.group("cur"), m.group("num")
            if sign.isalpha() and not m.group("scale") and len(raw) < 2:
                continue  # "PS5" is a name
            scale = self._scale(m)
            found.append(Figure(m.start(), m.end(), m.group(0), parse_number(raw, scale),
                                lex.currency_ascii_signs[sign], "money"))
        for m in self.money_suffixed.finditer(text):
            word = m.group("curword")
            unit = lex.currency_words.get(word) or _casefold_lookup(lex.currency_words, word)
            scale = self._scale(m)
            value, signed = self._signed(m, self._range_low(m, scale))
            found.append(Figure(m.start(), m.end(), m.group(0), value, unit, "money",
                                value_high=self._range_high(m, scale), signed=signed))
        for m in self.money_symbol_after.finditer(text):
            scale = self._scale(m)
            value, signed = self._signed(m, parse_number(m.group("num"), scale))
            found.append(Figure(m.start(), m.end(), m.group(0), value,
                                lex.currency_suffix_symbols[m.group("sym")], "money", signed=signed))
        for m in self.money_code_scaled.finditer(text):
            raw = m.group("num")
            number_value = self._number(raw)
            value, signed = self._signed(m, number_value * lex.currency_code_scales[m.group("cscale")])
            found.append(Figure(m.start(), m.end(), m.group(0), value, m.group("code"), "money",
                                signed=signed))
        for m in self.percent.finditer(text):
            unit = _casefold_lookup(lex.percent_words, m.group("pct"))
            raw = m.group("num")
            number_value = self._number(raw)
            value, signed = self._signed(m, number_value)
            kind = {"%": "percent", "pp": "pp", "bp": "bp"}[unit]
            found.append(Figure(m.start(), m.end(), m.group(0), value, unit, kind,
                                value_high=self._range_high(m, 1.0), signed=signed))
        for m in self.streak.finditer(text):
            raw = m.group("num")
            value = self._number(raw)
            unit = lex.period_units[m.group("punit").lower()]
            found.append(Figure(m.start(), m.end(), m.group(0), value, unit, "streak"))
        for m in self.ordinal_streak.finditer(text):
            raw = m.group("ord").lower()
            value = float(raw[:-2]) if raw[0].isdigit() else float(lex.ordinals[raw])
            unit = lex.period_units[m.group("punit").lower()]
            found.append(Figure(m.start(), m.end(), m.group(0), value, unit, "streak"))
        for m in self.fx.finditer(text):
            value, signed = self._signed(m, parse_number(m.group("num")))
            fig = Figure(m.start(), m.end(), m.group(0), value, "", "fx", signed=signed)
            fig.partner = lex.fx_base_currencies[_casefold_key(lex.fx_base_currencies, m.group("base"))]
            found.append(fig)
        for m in self.index.finditer(text):
            start, end = m.span("num")
            found.append(Figure(start, end, m.group("num"), parse_number(m.group("num")), "index",
                                "index"))
        for m in self.physical.finditer(text):
            unit = _casefold_lookup(lex.physical_units, m.group("phys"))
            value, signed = self._signed(m, parse_number(m.group("num"), self._scale(m)))
            found.append(Figure(m.start(), m.end(), m.group(0), value, unit, "physical",
                                signed=signed))
        for fig in found:  # "¥151.2 per dollar", "1,450 won per dollar" are exchange rates
            m = self.fx_after.match(text, fig.end) if fig.kind == "money" else None
            if m:
                fig.kind = "fx"
                fig.partner = lex.fx_base_currencies[_casefold_key(lex.fx_base_currencies, m.group("base"))]
        found = _without_overlaps(found)
        for fig in found:
            self._add_minor_part(text, fig)
        return _merge_ranges(text, found, lex.direction_up | lex.direction_down)


_RANGE_JOIN = regex.compile(r"\s*(?:-|–|to)\s*")
_BETWEEN_JOIN = regex.compile(r"\s+and\s+")


def _merge_ranges(text: str, figures: list[Figure], direction_words) -> list[Figure]:
    """'$2 billion to $3 billion', 'between 3% and 4%' are one figure with a high end. After
    'from', 'by' or a verb of change, 'X to Y' is a change and its result, not a range."""
    merged: list[Figure] = []
    for fig in figures:
        previous = merged[-1] if merged else None
        if previous is not None and previous.unit == fig.unit and previous.kind == fig.kind \
                and previous.value_high is None and fig.value_high is None:
            gap = text[previous.end:fig.start]
            before = text[max(0, previous.start - 24):previous.start].lower()
            last_word = regex.search(r"(\w+)\W*$", before)
            changing = last_word is not None and (last_word.group(1) in ("from", "by")
                                                  or last_word.group(1) in direction_words)
            if (_RANGE_JOIN.fullmatch(gap) and not changing) or (
                    _BETWEEN_JOIN.fullmatch(gap) and regex.search(r"\bbetween\s+$", before)):
                previous.end, previous.text = fig.end, text[previous.start:fig.end]
                previous.value_high = fig.value
                continue
        merged.append(fig)
    return merged


def _casefold_key(table: dict[str, str], key: str) -> str:
    lowered = key.lower()
    return next(name for name in table if name.lower() == lowered)


def _casefold_lookup(table: dict[str, str], key: str) -> str:
    if key in table:
        return table[key]
    lowered = key.lower()
    for name, value in table.items():
        if name.lower() == lowered:
            return value
    raise KeyError(key)


def _without_overlaps(figures: list[Figure]) -> list[Figure]:
    """Keep the longest of overlapping matches ("$5 billion yuan" over "5 billion yuan")."""
    figures.sort(key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[Figure] = []
    for fig in figures:
        if kept and fig.start < kept[-1].end:
            if fig.end - fig.start > kept[-1].end - kept[-1].start:
                kept[-1] = fig
            continue
        kept.append(fig)
    return kept
