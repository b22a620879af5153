"""The quantities view: every number with its unit, where the economic grammar found nothing.

``QuantityFinder(lexicon_dir).find(text, taken_spans)`` returns ``Figure`` objects of kind
``"quantity"`` for the numbers that the economic ``FigureFinder`` left: distances, speeds, ages,
durations, counts of things, bare numbers and number words ("three", "a dozen", "two million",
"tens of thousands", "a third of"). Units come from ``resources/quantity_units.yaml``: an id per
unit ("kilometre", "mile per hour", "year of age"), ``"count"`` for a number of things and
``"people"`` for a number of persons; the counted noun is kept (see :func:`counted_noun`).

What is not a quantity: years, dates, clock times, ordinals, identifiers and names ("Game 7",
"COVID-19", "iPhone 11", "S&P 500"), street numbers and scores ("beat Charlton 2-1").
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import regex
import yaml

from .figures import Figure, parse_number
from .lexicon import RESOURCES_DIR, load_lexicon

QUANTITY_UNITS_FILE = "quantity_units.yaml"
_re = lru_cache(maxsize=None)(regex.compile)  # compiled once: regex's own cache costs more
_COUNTED_NOTE = "counted:"

_DIGITS = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
_MINUS = "-−–"


def counted_noun(fig: Figure) -> str | None:
    """The noun a count counts ("13,000 workers" -> "worker"), if the finder found one."""
    for note in fig.notes:
        if note.startswith(_COUNTED_NOTE):
            return note[len(_COUNTED_NOTE):]
    return None


def _expand(form: str) -> list[str]:
    """'kilometre(s)' -> ['kilometre', 'kilometres']; 'inch(es)' -> ['inch', 'inches']."""
    form = str(form)
    for suffix in ("(es)", "(s)"):
        if form.endswith(suffix):
            stem = form[: -len(suffix)]
            return [stem, stem + suffix[1:-1]]
    return [form]


def _alternation(phrases) -> str:
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(regex.escape(p).replace(r"\ ", r"\s+") for p in ordered)


@dataclass
class _Atom:
    """One number as written: digits (with their scale), number words, a fraction, a vague amount."""

    start: int
    end: int
    value: float
    kind: str  # digits | words | fraction | outof | vague | fold | sci
    high: float | None = None  # vague amounts are ranges
    scaled: bool = False  # a scale word or letter was applied ("2.2 billion", "25k")
    raw: str = ""  # the digits or words of the number itself
    surface: str = ""  # the whole atom as written, scale included


@dataclass
class _Unit:
    end: int
    unit: str
    table: bool  # from the unit table (not a counted noun)
    noun: str | None = None  # what is counted ("worker"), or what a fraction is of


class QuantityFinder:
    """Compiled quantity grammar for one resource directory."""

    def __init__(self, lexicon_dir: str | Path | None = None):
        directory = Path(lexicon_dir) if lexicon_dir else RESOURCES_DIR
        with (directory / QUANTITY_UNITS_FILE).open(encoding="utf-8") as handle:
            table = yaml.safe_load(handle)
        lexicon = load_lexicon(directory)
        self.months = {m.lower() for m in lexicon.months}
        self.date_before = regex.compile(
            rf"\b(?:{_alternation(self.months)})\.?\s+\d{{1,2}},?\s+$", regex.IGNORECASE)
        # Money written in words ("a million dollars", "tens of millions of dollars", "eight
        # euros"): the economic grammar reads digits only, so the currency words of its table
        # (units.yaml) name the unit here, as ISO codes.
        self.currency_of = {k.lower(): v for k, v in lexicon.currency_words.items()}
        self.percent_of = {k.lower(): v for k, v in lexicon.percent_words.items() if k != "points"}
        self.percent_words = regex.compile(
            rf"[ \t-]*(?P<c>{_alternation(self.percent_of)})(?![\w])", regex.IGNORECASE)
        self.currency_words = regex.compile(
            rf"[ \t-]+(?P<c>{_alternation(lexicon.currency_words)})(?![\w])", regex.IGNORECASE)

        # -- units -----------------------------------------------------------------------
        self.unit_of: dict[str, str] = {}  # lower-case surface -> unit id
        for unit_id, forms in table["units"].items():
            for form in forms:
                for surface in _expand(form):
                    self.unit_of.setdefault(_norm(surface), str(unit_id))
        self.symbol_of: dict[str, str] = {}  # exact surface -> unit id
        spaced_symbols = []
        for unit_id, spec in table["symbols"].items():
            for form in spec.get("attached", []) + spec.get("spaced", []):
                self.symbol_of[str(form)] = str(unit_id)
            spaced_symbols += [str(form) for form in spec.get("spaced", [])]
        word_units = [s for s in self.unit_of]
        self.unit_words = regex.compile(
            rf"(?P<u>{_alternation(word_units)})(?![\w°])", regex.IGNORECASE | regex.V1)
        self.attached_symbols = regex.compile(
            rf"(?P<u>{_alternation(self.symbol_of)})(?![\w])", regex.V1)
        self.spaced_symbols = regex.compile(
            rf"(?P<u>{_alternation(spaced_symbols)})(?![\w'’]|\.\w)", regex.V1)

        self.per_of: dict[str, str] = {}
        for unit_id, forms in table["per_units"].items():
            for form in forms:
                for surface in _expand(form):
                    self.per_of[_norm(surface)] = str(unit_id)
        per_words = [w for w in table["per_words"] if w not in ("/", "a-")]
        self.per = regex.compile(
            rf"(?:[\s-]+(?:{_alternation(per_words)})[\s-]+|\s*/\s*|\s+a-)"
            rf"(?P<d>{_alternation(self.per_of)})"
            rf"(?![\w])(?!\s+(?:earlier|ago|before|later|prior|previously|back|on|in\s+a\s+row)\b)",
            regex.IGNORECASE | regex.V1)

        # -- scales and number words ---------------------------------------------------------
        self.digit_scales = {str(k).lower(): float(v) for k, v in table["digit_scales"].items()}
        self.short_scales = {str(k): float(v) for k, v in table["short_scales"].items()}
        words = table["number_words"]
        self.ones = {k: float(v) for k, v in words["ones"].items()}
        self.tens = {k: float(v) for k, v in words["tens"].items()}
        self.word_scales = {k: float(v) for k, v in words["scales"].items()}
        self.collectives = {k: float(v) for k, v in words["collectives"].items()}
        self.fractions = {k: int(v) for k, v in words["fractions"].items()}
        self.vague = {k: (float(v[0]), float(v[1])) for k, v in table["vague_amounts"].items()}

        number_word = _alternation(list(self.ones) + list(self.tens) + list(self.word_scales))
        # words an atom can start with (number words, articles, fractions, vague amounts)
        self.starters = {w.lower() for w in list(self.ones) + list(self.tens) + list(self.fractions)
                         + list(self.collectives) + ["a", "an", "half"]}
        self.starters |= {v.split()[0].lower() for v in self.vague}
        self.starters |= {f"{w}fold" for w in list(self.ones) + list(self.tens)}
        tens = _alternation(self.tens)
        ones = _alternation(self.ones)
        scale_words = _alternation(self.digit_scales)
        word_scales = _alternation(self.word_scales)
        fraction = _alternation(self.fractions)
        vague = _alternation(self.vague)
        collective = _alternation(self.collectives)
        short = _alternation(self.short_scales)

        self.atoms = regex.compile(
            rf"""
            (?P<sci>(?P<mant>{_DIGITS})\s?[×x*]\s?10\s?\^?\s?(?P<exp>[{_MINUS}⁻]?\s?[\d⁰¹²³⁴⁵⁶⁷⁸⁹]+))
            |(?P<mixed>(?<![\d.,/⁄])(?P<mi>\d+)\s+(?P<mn>\d{{1,2}})\s?[/⁄]\s?(?P<md>\d{{1,3}})(?![\d/⁄]))
            |(?P<frac>(?<![\d/⁄.,])(?P<fn>\d{{1,3}})\s?[/⁄]\s?(?P<fd>\d{{1,3}})(?![\d/⁄]))
            |(?P<ahalf>\b(?P<ahn>(?:{number_word})(?:(?:\s+|-)(?:{number_word}))*|\d+)
                \s+and\s+a\s+half\b)
            |(?P<outof>\b(?P<on>{ones}|\d+)\s+out\s+of\s+(?P<od>{ones}|{tens}|\d+)\b)
            |(?P<dig>{_DIGITS}
                (?:(?P<sp>\s?-?\s?)(?P<scale>{scale_words})(?:\s(?P<scale2>{word_scales}))?(?![\w])
                  |(?P<short>{short})(?![\w])
                  |\s(?P<spaced_short>[MBK])(?=\s[a-z]))?)
            |(?P<vague>\b(?P<vq>{vague})\s+of\b)
            |(?P<fscale>\b(?:(?:a|an|one|(?P<fsn>{ones}))[\s-]+)?(?P<fsd>half|quarters?|thirds?)
                [\s-]+(?:a[\s-]+)?(?P<fss>{word_scales})\b)
            |(?P<wfrac>\b(?:(?P<fnum>a|an|one|{ones})[\s-]+(?P<fden>{fraction})\b(?!-)
                |(?<!\b(?:the|a|an|first|second|other|one|and)\s)(?P<half>half)
                 (?=\s+(?:of|the|a|an|its|their|his|her|our|all)\b)))
            |(?P<coll>\b(?:a|an|one)\s+(?P<cw>{collective})\b(?:\s(?P<cscale>{word_scales})\b)?)
            |(?P<fold>\b(?P<fw>{ones}|{tens})fold\b)
            |(?P<words>\b(?:an?\s+(?=(?:{word_scales})\b))?(?:{number_word})
                (?:(?:\s+and\s+|\s+|-)(?:{number_word}))*\b)
            """,
            regex.VERBOSE | regex.IGNORECASE | regex.V1,
        )

        # -- context ------------------------------------------------------------------------
        self.irregular = {k.lower(): v for k, v in table["irregular_plurals"].items()}
        self.adjective_lemmas = {k.lower(): v for k, v in table["adjective_lemmas"].items()}
        self.people_lemmas = {self._singular(w.lower()) for w in table["people_nouns"]}
        self.not_plural = {w.lower() for w in table["not_plural"]}
        self.stopwords = {str(w).lower() for w in table["stopwords"]}
        self.skip_modifiers = {str(w).lower() for w in table["skip_modifiers"]}
        self.unit_qualifiers = _alternation(table["unit_qualifiers"])
        self.qualified = regex.compile(rf"(?:{self.unit_qualifiers})\s+")
        self.one_before = regex.compile(
            rf"(?:^|\W)(?:{_alternation(table['one_pronoun_before'])})\s+$", regex.IGNORECASE)
        self.one_after = regex.compile(
            rf"\s+(?:{_alternation(table['one_pronoun_after'])})\b", regex.IGNORECASE)
        self.identifier_before = set(table["identifier_before"])
        self.time_after = regex.compile(
            rf"\s?(?:{_alternation(table['time_after'])})(?!\w)")
        self.capitalized_ok = set(table["capitalized_ok"])
        self.street = regex.compile(
            rf"(?:[-–]\d+)?\s+(?:[A-Z0-9][\w.]*\s+){{0,3}}"
            rf"(?:{_alternation(table['street_words'])})\b\.?(?:\s|,|$)")
        self.hyphen_prefixes = {k.lower(): v for k, v in table["hyphen_prefixes"].items()}
        self.time_units = frozenset(table["time_units"])

    def per_after(self, text: str, end: int) -> tuple[str, int] | None:
        """A rate written after a figure ("$52 a barrel", "$3,500 a month"): the denominator's
        unit id and where it ends, or None."""
        m = self.per.match(text, end)
        return (self.per_of[_norm(m.group("d"))], m.end()) if m else None

    # -- atoms ----------------------------------------------------------------------------
    def _atoms(self, text: str) -> list[_Atom]:
        """Numbers as written, left to right. The atom grammar is tried only where a digit or
        a word that can start a number stands (it is slow to try everywhere)."""
        atoms = []
        resume = 0
        for token in _TOKEN.finditer(text):
            if token.start() < resume:
                continue
            word = token.group(0)
            if word[0].isalpha() and word.lower() not in self.starters:
                continue
            m = self.atoms.match(text, token.start())
            if m is None or m.end() == m.start():
                continue
            resume = m.end()
            atom = self._atom(m, text)
            if atom is not None:
                atom.surface = text[atom.start:atom.end]
                atoms.append(atom)
        return atoms

    def _atom(self, m, text: str) -> _Atom | None:
        g = m.groupdict()
        if g["sci"]:
            exponent = g["exp"].translate(_SUPERSCRIPTS).replace(" ", "")
            exponent = exponent.replace("−", "-").replace("–", "-")
            value = float(Decimal(g["mant"].replace(",", "")) * Decimal(10) ** int(exponent))
            return _Atom(m.start(), m.end(), value, "sci", raw=m.group(0))
        if g["mixed"]:
            num, den = int(g["mn"]), int(g["md"])
            if den == 0 or num >= den:
                return None  # "245 23/7"
            return _Atom(m.start(), m.end(), int(g["mi"]) + num / den, "digits", raw=m.group(0))
        if g["ahalf"]:
            whole = g["ahn"]
            parsed = float(whole) if whole.isdigit() else (self._parse_words(whole) or (None,))[0]
            if parsed is None:
                return None
            return _Atom(m.start(), m.end(), parsed + 0.5, "words", raw=m.group(0))
        if g["frac"]:
            num, den = int(g["fn"]), int(g["fd"])
            if den == 0 or num >= den:
                return None  # "24/7", "9/11": not a fraction
            return _Atom(m.start(), m.end(), num / den, "fraction", raw=m.group(0))
        if g["outof"]:
            num, den = self._word_or_digits(g["on"]), self._word_or_digits(g["od"])
            if not den or num > den:
                return None
            return _Atom(m.start(), m.end(), num / den, "outof", raw=m.group(0))
        if g["dig"]:
            digits_end = m.start() + len(_re(_DIGITS).match(m.group(0)).group(0))
            raw = text[m.start():digits_end]
            value = parse_number(raw)
            scaled = False
            end = digits_end
            if g["scale"]:
                value = parse_number(raw, self.digit_scales[g["scale"].lower()])
                if g["scale2"]:
                    second = self.word_scales[g["scale2"].lower()]
                    value = float(Decimal(repr(value)) * Decimal(repr(second)))
                scaled, end = True, m.end()
            elif g["short"]:
                short = g["short"]
                after = text[m.end():m.end() + 30]
                # "35m devices", "12.3m tonnes", "35m of": a million; "37m (121ft)", "the 37m
                # skeleton", "a 100m sprint": metres
                if short == "m" and not (_re(r"\s+of\b").match(after) or any(
                        self._is_plural(w) or _norm(w) in self.unit_of
                        for w, _ in self._noun_words(text, m.end(), limit=4))):
                    pass
                else:
                    value = parse_number(raw, self.short_scales[short])
                    scaled, end = True, m.end()
            elif g["spaced_short"]:
                value = parse_number(raw, self.short_scales[g["spaced_short"]])
                scaled, end = True, m.end()
            return _Atom(m.start(), end, value, "digits", scaled=scaled, raw=raw)
        if g["vague"]:
            low, high = self.vague[" ".join(g["vq"].lower().split())]
            end = m.start("vq") + len(g["vq"])
            return _Atom(m.start(), end, low, "vague", high=high, raw=g["vq"])
        if g["fscale"]:
            num = self.ones.get((g["fsn"] or "").lower(), 1.0)
            value = num / self.fractions[g["fsd"].lower()] * self.word_scales[g["fss"].lower()]
            return _Atom(m.start(), m.end(), value, "words", scaled=True, raw=m.group(0))
        if g["wfrac"]:
            if g["half"]:
                return _Atom(m.start(), m.end(), 0.5, "fraction", raw=m.group(0))
            den = self.fractions[g["fden"].lower()]
            fnum = (g["fnum"] or "").lower()
            num = 1.0 if fnum in ("", "a", "an", "one") else self.ones.get(fnum)
            if not num:
                return None
            return _Atom(m.start(), m.end(), num / den, "fraction", raw=m.group(0))
        if g["coll"]:
            word = g["cw"].lower()
            value = self.collectives.get(word) or self.word_scales[word]
            if g["cscale"]:
                value *= self.word_scales[g["cscale"].lower()]
            return _Atom(m.start(), m.end(), value, "words", scaled=word in self.word_scales,
                         raw=m.group(0))
        if g["fold"]:
            word = g["fw"].lower()
            value = self.ones.get(word) or self.tens.get(word)
            atom = _Atom(m.start(), m.end(), value, "fold", raw=m.group(0))
            return atom
        if g["words"]:
            parsed = self._parse_words(m.group(0))
            if parsed is None:
                return None
            value, end_offset, scaled = parsed
            return _Atom(m.start(), m.start() + end_offset, value, "words", scaled=scaled,
                         raw=m.group(0)[:end_offset])
        return None

    def _word_or_digits(self, word: str) -> float:
        if word.isdigit():
            return float(word)
        return self.ones.get(word.lower()) or self.tens.get(word.lower()) or 0.0

    def _parse_words(self, phrase: str) -> tuple[float, int, bool] | None:
        """'twenty-eight thousand six hundred forty-two' -> 28642.0 (and the length used)."""
        total, current, seen, end, scaled = 0.0, 0.0, False, 0, False
        last_kind = None
        for w in _re(r"[A-Za-z]+").finditer(phrase):
            word = w.group(0).lower()
            if word == "and" or (word in ("a", "an") and not seen):
                if word != "and":
                    current, seen = 1.0, True  # "a hundred and two"
                continue
            if word in self.ones or word in self.tens:
                # "two three" is two numbers; "twenty two" is one; "one hundred two" is one
                if last_kind in ("ones",) or (last_kind == "tens" and word in self.tens):
                    break
                if last_kind == "tens" and self.ones.get(word, 10) >= 10:
                    break
                current += self.ones.get(word, 0.0) + self.tens.get(word, 0.0)
                last_kind = "ones" if word in self.ones else "tens"
            elif word in self.word_scales:
                scale = self.word_scales[word]
                if not seen:
                    return None  # a bare "hundred" / "million" is not a number here
                if scale == 100:
                    current = (current or 1.0) * 100
                else:
                    total += (current or 1.0) * scale
                    current = 0.0
                scaled = True
                last_kind = "scale"
            else:
                break
            seen, end = True, w.end()
        if not seen:
            return None
        return total + current, end, scaled

    # -- finding --------------------------------------------------------------------------
    def find(self, text: str, taken_spans=()) -> list[Figure]:
        """Quantities in ``text`` outside ``taken_spans`` (the economic figures' spans)."""
        taken = _Spans(taken_spans)
        atoms = [a for a in self._atoms(text) if not _overlaps(a.start, a.end, taken)]
        figures: list[Figure] = []
        i = 0
        while i < len(atoms):
            atom = atoms[i]
            step = 1
            fig = None
            if figures and atom.start < figures[-1].end:
                i += 1
                continue  # inside the last quantity ("64.2 cents a dozen")
            reason = self._not_a_quantity(text, atom)
            if reason in (None, "year"):  # a year-like number may still be "2000 - 2500 Calories"
                fig, step = self._quantity(text, atoms, i, taken)
            if fig is not None and not _overlaps(fig.start, fig.end, taken):
                figures.append(fig)
            i += step
        self._inherit_units(text, figures, taken)
        return figures

    def _inherit_units(self, text: str, figures: list[Figure], taken) -> None:
        """A bare number coordinated with a counted one takes its unit: "435 homes by open sale
        and 187 by tender", "3.9 million headsets, up from 2.4 million", "64.06 points to
        4,577.10". Durations are skipped over ("68,400 people unemployed for one to two years
        and 95,800 ..."); an economic figure, another bare number or a sentence end in between
        stops the search."""
        for k, fig in enumerate(figures):
            if fig.unit != "count" or counted_noun(fig) or not fig.text[:1].isdigit():
                continue
            for src in reversed(figures[:k]):
                between = text[src.end:fig.start]
                if fig.start - src.end > 120 or _SENTENCE_END.search(between) \
                        or any(not _PERCENT.search(text[s:e])
                               for s, e in taken.within(src.end, fig.start)):
                    break  # a percent in between is fine: "162.31 points, or 2.14%, to 7,425.81"
                if src.unit in self.time_units:
                    continue
                if (src.unit == "count" and not counted_noun(src)) or src.unit in ("fraction", "times"):
                    break
                fig.unit = src.unit.partition(" per ")[0]
                noun = counted_noun(src)
                if noun:
                    fig.notes.append(_COUNTED_NOTE + noun)
                fig.notes.append("unit_from_context")
                break

    def _quantity(self, text: str, atoms: list[_Atom], i: int, taken) -> tuple[Figure | None, int]:
        atom = atoms[i]
        start, value, high, sign, approx = atom.start, atom.value, atom.high, 1, None
        prefix = self._prefix(text, atom)
        if prefix is not None:
            start, sign_word, approx = prefix
            sign = -1 if sign_word else 1
        consumed = 1
        unit = self._unit_after(text, atom.end, atom)
        last = atom
        # A range: "15 to 22 miles per hour", "between 750000 and 800000", "four to five thousand"
        if i + 1 < len(atoms) and high is None:
            nxt = atoms[i + 1]
            sep = text[atom.end if unit is None or not unit.table else unit.end:nxt.start]
            between = _BETWEEN.search(text[max(0, atom.start - 30):atom.start])
            sep_ok = _RANGE_SEP.fullmatch(sep) or (between and _AND.fullmatch(sep))
            if sep_ok and nxt.kind in ("digits", "words") and atom.kind in ("digits", "words") \
                    and self._not_a_quantity(text, nxt, after_dash=True) in (None, "year") \
                    and not _overlaps(nxt.start, nxt.end, taken):
                nxt_unit = self._unit_after(text, nxt.end, nxt)
                if unit is None or (unit.table and nxt_unit is not None and nxt_unit.unit == unit.unit):
                    if not self._years(atom, nxt):
                        low = value
                        if nxt.scaled and not atom.scaled and value < nxt.value:
                            scale = self._scale_of(nxt)
                            if scale and value * scale <= nxt.value * 10:
                                low = float(Decimal(repr(value)) * Decimal(repr(scale)))
                        if "-" in sep and not nxt_unit and atom.kind == "digits" \
                                and nxt.kind == "digits" and _small_int(atom) and _small_int(nxt):
                            return None, 2  # "2-1", "9-2 lead", "16-18 Industrial Avenue"
                        value, high, unit, last = low, nxt.value, nxt_unit, nxt
                        consumed = 2
        if consumed == 1 and unit is None and atom.kind in ("digits", "words"):
            unit = self._shared_unit(text, atoms, i, taken)
        if self._year_like(atom) and consumed == 1 and (unit is None or not unit.table):
            counted = self._counted(text, last, value) if unit is None else None
            before = text[max(0, atom.start - 12):atom.start].lower()
            if counted is None or _YEAR_BEFORE.search(before):
                return None, 1  # "in 2019", "2019 sales"; but "hire 2000 workers" counts
            unit = counted
        if atom.kind in ("fraction", "outof") and unit is None:
            unit = self._of_phrase(text, last.end, "fraction")
        if atom.kind == "vague":
            after_of = _skip_of(text, last.end)
            unit = self._unit_after(text, after_of, last) or self._currency_after(text, after_of) \
                or self._counted(text, _Atom(after_of, after_of, 2.0, "digits"), 2.0) \
                or _Unit(last.end, "count", False)
        if unit is None and atom.kind in ("words", "fraction") and last.kind in ("words", "fraction"):
            unit = self._currency_after(text, last.end)
            cents = self._cents(text, atoms, i + consumed, unit) if unit and high is None else None
            if cents is not None:  # "thirteen dollars and forty-five cents"
                value = float(Decimal(repr(value)) + Decimal(repr(cents[0])) / 100)
                unit = _Unit(cents[1], unit.unit, True)
                consumed += 1
        if atom.kind == "fold":
            unit = _Unit(last.end, "times", True)
        if unit is None:
            unit = self._counted(text, last, value)
        if unit is None and atom.kind == "words" and value == 1 and consumed == 1:
            unit = self._one_of(text, atom)
        if unit is None:
            unit = _Unit(last.end, self._bare_unit(text, atom, last), False)
        if atom.kind == "words" and value == 1 and consumed == 1 and not self._one_counts(text, atom):
            return None, 1
        end = unit.end if unit.table or unit.noun and unit.unit != "fraction" else last.end
        unit_id, noun = unit.unit, unit.noun
        per = self.per.match(text, end) if unit.table or noun else None
        if per:
            unit_id = f"{unit_id} per {self.per_of[_norm(per.group('d'))]}"
            end = per.end()
        fig = Figure(start, end, text[start:end], sign * value, unit_id, "quantity",
                     value_high=(sign * high if high is not None else None), signed=sign < 0)
        if noun:
            fig.notes.append(_COUNTED_NOTE + noun)
        if approx:
            fig.approx = approx
        if atom.kind == "vague":
            fig.notes.append("vague")
        return fig, consumed

    def _shared_unit(self, text: str, atoms: list[_Atom], i: int, taken) -> _Unit | None:
        """The unit a number shares with the next one: "eight or nine euros", "7- or 8-inch",
        "four-, five- and six-cylinder"."""
        atom = atoms[i]
        for j in range(i + 1, min(i + 4, len(atoms))):
            nxt = atoms[j]
            gap = text[atoms[j - 1].end:nxt.start]
            if not _SHARED_GAP.fullmatch(gap) or _overlaps(nxt.start, nxt.end, taken):
                return None
            if not (gap.startswith("-") or _re(r"\bor\b").search(gap)):
                return None
            if _re(r"-[\s,]").match(text[nxt.end:nxt.end + 2]):
                continue  # "four-, five- and six-cylinder": the unit is further on
            unit = self._unit_after(text, nxt.end, nxt) or self._currency_after(text, nxt.end) \
                or self._counted(text, nxt, nxt.value)
            if unit is None:
                return None
            if gap.startswith("-") and not text[nxt.end:nxt.end + 1] == "-" and unit.table:
                return None  # "7- or 8 inch" is not the hyphenated form
            return _Unit(atom.end, unit.unit, False, unit.noun)
        return None

    def _cents(self, text: str, atoms: list[_Atom], j: int, unit: _Unit) -> tuple[float, int] | None:
        """The cents after money in words: '... dollars and forty-five cents', '... forty five'."""
        if j >= len(atoms) or atoms[j].kind != "words" or not 0 < atoms[j].value < 100:
            return None
        if not _re(r"\s+(?:and\s+)?").fullmatch(text[unit.end:atoms[j].start]):
            return None
        m = _re(r"\s+(?:cents?|pence|pennies)\b").match(text[atoms[j].end:atoms[j].end + 10])
        return atoms[j].value, atoms[j].end + (m.end() if m else 0)

    def _currency_after(self, text: str, pos: int) -> _Unit | None:
        """Money or a percent written after a number in words: "a million dollars",
        "one hundred percent" (the economic grammar reads digits only)."""
        m = self.currency_words.match(text, pos)
        if m:
            return _Unit(m.end(), self.currency_of[m.group("c").lower()], True)
        m = self.percent_words.match(text, pos)
        if m:
            return _Unit(m.end(), self.percent_of[" ".join(m.group("c").lower().split())], True)
        return None

    def _scale_of(self, atom: _Atom) -> float | None:
        """The scale written on an atom: 'five thousand' -> 1000, '2bn' -> 1e9."""
        words = _re(r"[A-Za-z]+").findall(atom.surface)
        for word in reversed(words):
            if word.lower() in self.word_scales:
                return self.word_scales[word.lower()]
            if word.lower() in self.digit_scales:
                return self.digit_scales[word.lower()]
            if word in self.short_scales:
                return self.short_scales[word]
        return None

    def _bare_unit(self, text: str, atom: _Atom, last: _Atom) -> str:
        """A number with no unit: an age after a name ("Maddon, 66,"), else a count."""
        before = text[max(0, atom.start - 40):atom.start]
        after = text[last.end:last.end + 3]
        if atom.kind == "digits" and _re(r"[A-Z][\w'’.-]+,\s$").search(before) \
                and _re(r"\s?[,)]").match(after) and 1 <= atom.value <= 120 \
                and float(atom.value).is_integer():
            return "year of age"
        if _re(r"\b(?:aged|ages|age\s+of)\s+$", regex.IGNORECASE).search(before):
            return "year of age"
        return "count"

    def _years(self, atom: _Atom, nxt: _Atom) -> bool:
        """'between 1600 and 1900', '2014-15', 'in 2008 to 29 mpg': not a range of quantities."""
        if not self._year_like(atom) and not self._year_like(nxt):
            return all(a.kind == "digits" and not a.scaled and _re(r"1\d\d\d").fullmatch(a.raw)
                       for a in (atom, nxt))
        if self._year_like(atom):
            return not (nxt.kind == "digits" and not nxt.scaled and atom.value < nxt.value < 10000
                        and not self._year_like(nxt))
        return False

    def _year_like(self, atom: _Atom) -> bool:
        if atom.kind != "digits" or atom.scaled:
            return False
        raw = atom.raw
        return bool(_re(r"(?:1[89]|2[01])\d\d").fullmatch(raw))

    def _one_counts(self, text: str, atom: _Atom) -> bool:
        """'one man', 'one of the oldest': a count; 'each one', 'one another': a pronoun."""
        before = text[max(0, atom.start - 20):atom.start]
        if self.one_before.search(before):
            return False
        if self.one_after.match(text, atom.end) \
                or _re(r"\s+[$€£¥]?\d").match(text[atom.end:atom.end + 4]):
            return False  # "one another"; "one 52,000 barrel-a-day refinery" counts the refinery
        if _ONE_ALONE.match(text[atom.end:atom.end + 8]):
            return False  # "one-off", "one-time"; "... get their hands on one."
        return True

    def _prefix(self, text: str, atom: _Atom) -> tuple[int, bool, str | None] | None:
        """A sign or qualifier written on the number: '-5 yards', 'minus-130', 'sub-7', '~1.2mm'."""
        before = text[max(0, atom.start - 12):atom.start]
        m = _re(r"(?:^|(?<=[\s(\[]))(?P<sign>[-−–])$").search(before)
        if m and atom.kind == "digits":
            return atom.start - 1, True, None
        m = _re(r"(?i)\b(?P<word>[a-z]+)[-\s]$").search(before)
        if m and m.group("word").lower() in self.hyphen_prefixes and atom.kind == "digits":
            meaning = self.hyphen_prefixes[m.group("word").lower()]
            if meaning == "sign":
                return atom.start - len(m.group(0)), True, None
            if text[atom.start - 1] == "-" and meaning:
                return atom.start, False, meaning
        m = _re(r"(?P<q>[~≈])\s?$").search(before)
        if m:
            return atom.start, False, "~"
        return None

    def _not_a_quantity(self, text: str, atom: _Atom, after_dash: bool = False) -> str | None:
        """Why this number is not a quantity (None when it may be one). ``after_dash``: the
        number is the second end of a range ("5-10W"), so a digit before the dash is fine."""
        if atom.kind not in ("digits", "words"):
            return None
        prev_char = text[atom.start - 1] if atom.start else " "
        next_text = text[atom.end:atom.end + 12]
        word_before = _re(r"(?:^|(?<=\s))([^\s]+)\s+$").search(text[max(0, atom.start - 30):atom.start])
        prev_word = word_before.group(1) if word_before else ""
        prev_word_start = max(0, atom.start - 30) + word_before.start(1) if word_before else atom.start
        if atom.kind == "words":
            first = text[atom.start]
            if first.isupper() and not _sentence_start(text, atom.start):
                return "name"  # "BBC One", "Apple One", "Formula One"
            if prev_word.lower().rstrip(".") in self.months:
                return "date"
            if _FRACTION_AFTER.match(next_text):
                return "fraction"
            if prev_char == "-" and atom.start >= 2 and text[atom.start - 2].isalpha():
                return "name"  # "last-32", "top-10"
            return None
        # digits
        if prev_char.isalpha() or prev_char in "_:/#@.&" or prev_char.isdigit():
            if not (prev_char == "." and atom.raw.startswith(".")):
                return "identifier"  # "S23", "cac40", "ID.3", "10:27", "#1"
        if prev_char in "'’" and _re(r"\d\d\b").match(atom.raw):
            return "year"  # "'19"
        if prev_char in _MINUS and atom.start >= 2:
            before_dash = text[atom.start - 2]
            if before_dash.isdigit() and not after_dash:
                return "identifier"  # the second number of "2014-15" or "3888-2"
            if before_dash.isalpha():
                word = _re(r"([A-Za-z]+)[-−–]$").search(text[max(0, atom.start - 12):atom.start])
                if not (word and word.group(1).lower() in self.hyphen_prefixes):
                    return "identifier"  # "COVID-19", "TA-35", "V-12"
            if before_dash in " (":  # a sign: "-5 yards"; but "COVID -19"
                sign_word = _re(r"(\S+)\s+[-−–]$").search(text[max(0, atom.start - 30):atom.start])
                if sign_word and sign_word.group(1) in self.identifier_before:
                    return "identifier"
        if self.date_before.search(text[max(0, atom.start - 16):atom.start]):
            return "date"  # the year of "Mar 9 2018", "July 4, 2016"
        if _re(r"[:]\d").match(next_text) or _re(r"\.\d{2}\s?(?:[ap]\.?m\b)").match(next_text):
            return "time"
        if self.time_after.match(text, atom.end):
            return "time"
        if _re(r"(?:st|nd|rd|th)\b").match(next_text):
            return "ordinal"
        if _re(r"s\b").match(next_text):
            return "decade"  # "the 1990s", "Model 3s"
        if _re(r"[A-Za-z]").match(next_text) and not self._attached_unit(text, atom):
            return "identifier"  # "9AB8"; "4G", "5km" are units
        if atom.raw.startswith("0") and len(atom.raw) > 1 and atom.raw[1].isdigit():
            return "code"  # "0401 GMT", ZIP codes
        if prev_word.lower().rstrip(".") in self.months and not atom.scaled:
            return "date"  # "September 22", "Feb. 21", "Sept. 20-24" (not "May, 49.52 Hz")
        nxt_word = _re(r"\s+([A-Za-z]+)\.?").match(next_text)
        if nxt_word and nxt_word.group(1).lower() in self.months and not atom.scaled \
                and float(atom.value).is_integer() and atom.value <= 31:
            return "date"  # "1 September 2019", "on 9 May"
        if _re(r"\s+(?:ZIP|zip)\b").match(next_text):
            return "code"
        if prev_word in self.identifier_before or prev_word.rstrip(",") in self.identifier_before:
            return "identifier"
        if _re(r"\(\s*$").search(text[max(0, atom.start - 2):atom.start]) \
                and _re(r"\s*\)").match(next_text):
            return "identifier"  # "Dak Prescott (4)"
        if self.street.match(text, atom.end) and not self._attached_unit(text, atom):
            return "address"
        if prev_word and _capitalized(prev_word) and prev_word not in self.capitalized_ok \
                and not prev_word.endswith((",", ":", ";", ")")) \
                and (not _sentence_start(text, prev_word_start, colon=False)
                     or not prev_word.isalpha() or not prev_word[1:].islower()) \
                and self._unit_after(text, atom.end, atom) is None:
            return "name"  # "Game 7", "Section 427", "iPhone 11", "S&P 500", "Euro 2020"
        if self._year_like(atom):
            return "year"
        return None

    def _attached_unit(self, text: str, atom: _Atom) -> bool:
        unit = self._unit_after(text, atom.end, atom)
        return unit is not None and unit.end > atom.end

    def _unit_after(self, text: str, pos: int, atom: _Atom) -> _Unit | None:
        """A unit from the table right after ``pos`` (attached, after a space or a hyphen)."""
        best = None
        attached = pos < len(text) and (text[pos].isalpha() or text[pos] in "°º″'\"′μµ¢")
        m = self.unit_words.match(text, pos)
        if m:
            best = _Unit(m.end(), self.unit_of[_norm(m.group("u"))], True)
        else:
            m = _GAP.match(text, pos)
            if m and "\n" not in m.group(0):
                m2 = self.unit_words.match(text, m.end())
                if not m2:
                    q = self.qualified.match(text, m.end())
                    m2 = self.unit_words.match(text, q.end()) if q else None
                if m2:
                    best = _Unit(m2.end(), self.unit_of[_norm(m2.group("u"))], True)
        sym = self.attached_symbols.match(text, pos) if attached else None
        if sym and (best is None or sym.end() > best.end):
            best = _Unit(sym.end(), self.symbol_of[sym.group("u")], True)
        if best is None and pos < len(text) and text[pos] in " \t":
            sym = self.spaced_symbols.match(text, pos + 1)
            if sym:
                best = _Unit(sym.end(), self.symbol_of[sym.group("u")], True)
        return best

    def _of_phrase(self, text: str, pos: int, unit: str) -> _Unit:
        """'a third of those screened' -> a fraction of the noun phrase after 'of';
        '1/16 of a US pint' -> 0.0625 pint."""
        m = _OF_PHRASE.match(text, pos=pos)
        if not m:
            return _Unit(pos, unit, False)
        measure = _re(rf"(?:{self.unit_qualifiers}\s+)?").match(text, pos=m.end())
        table_unit = self.unit_words.match(text, measure.end())
        if table_unit:
            return _Unit(table_unit.end(), self.unit_of[_norm(table_unit.group("u"))], True)
        words = self._noun_words(text, m.end(), limit=2)
        if not words:
            return _Unit(pos, unit, False)
        for k, (word, _) in enumerate(words):
            if self._is_plural(word):
                words = words[:k + 1]
                break
        noun = " ".join([w.lower() for w, _ in words[:-1]] + [self._singular(words[-1][0])])
        return _Unit(pos, unit, False, noun)

    def _noun_words(self, text: str, pos: int, limit: int = 5) -> list[tuple[str, int]]:
        """Words of the noun phrase after ``pos`` (a space first), up to a stopword, a digit or
        punctuation: (word, end offset). 'and' joins ("digital and physical sales") and words
        like 'more' are skipped; neither is kept."""
        words: list[tuple[str, int]] = []
        at = pos
        while len([w for w in words if w[0]]) < limit:
            m = _NEXT_WORD.match(text, at)
            if not m:
                break
            word, lower = m.group(1), m.group(1).lower()
            if lower in self.skip_modifiers or (lower == "and" and words):
                at = m.end()
                continue
            if lower in self.unit_of and words:
                words.append((word, m.end()))  # "517 rushing yards", "50 previous years"
                break
            if (lower in self.stopwords and not word.isupper()) or word.endswith(("'s", "’s")):
                break
            words.append((word, m.end()))
            at = m.end()
        return words

    def _counted(self, text: str, last: _Atom, value: float) -> _Unit | None:
        """The noun after a count: '13,000 workers' -> worker; 'one man' -> man; a unit of the
        table after adjectives counts as that unit ('517 rushing yards')."""
        words = self._noun_words(text, last.end)
        if not words or not text[last.end:last.end + 1].isspace():
            return None
        if value == 1:
            word, end = words[0]
            if word[0].isupper() or word.lower() in self.months:
                return None
            return self._count_unit(end, self._singular(word.lower()))
        for k, (word, end) in enumerate(words):
            if self._is_plural(word):
                if k and _norm(word) in self.unit_of:
                    return _Unit(end, self.unit_of[_norm(word)], True)
                phrase = [self._adjective(w) for w, _ in words[:k]] + [self._singular(word.lower())]
                return self._count_unit(end, " ".join(phrase))
        return None

    def _adjective(self, word: str, superlative: bool = False) -> str:
        """An adjective's base form ("smaller" -> small); after "one of the", "-est" goes too
        ("one of the oldest ballparks" -> old ballpark)."""
        lower = word.lower()
        if lower in self.adjective_lemmas:
            return self.adjective_lemmas[lower]
        if superlative and lower.endswith("est") and len(lower) > 5:
            return lower[:-3]
        return lower

    def _one_of(self, text: str, atom: _Atom) -> _Unit | None:
        """'one of the students' -> student; 'one of my local stores' -> local store."""
        m = _ONE_OF.match(text, pos=atom.end)
        if not m:
            return None
        words = self._noun_words(text, m.end(), limit=3)
        for k, (word, end) in enumerate(words):
            if self._is_plural(word):
                phrase = [self._adjective(w, superlative=True) for w, _ in words[:k]]
                phrase.append(self._singular(word.lower()))
                return self._count_unit(end, " ".join(phrase))
        return None

    def _count_unit(self, end: int, noun: str) -> _Unit:
        head = noun.split()[-1]
        unit = "people" if head in self.people_lemmas else "count"
        return _Unit(end, unit, False, noun)

    def _is_plural(self, word: str) -> bool:
        lower = word.lower()
        if lower in self.irregular or lower.endswith("men") and len(lower) > 4:
            return True
        if lower in self.not_plural or lower.endswith(("ss", "us", "is", "'s", "’s")):
            return False
        if word.isupper() and len(word) <= 4 and not word.endswith("s"):
            return False
        return lower.endswith("s") and len(lower) > 2

    def _singular(self, word: str) -> str:
        lower = word.lower()
        if lower in self.irregular:
            return self.irregular[lower]
        if lower.endswith("men") and len(lower) > 4:
            return lower[:-3] + "man"  # fishermen, chairmen
        if lower.endswith("ies") and len(lower) > 4:
            return lower[:-3] + "y"
        if lower.endswith(("sses", "shes", "ches", "xes", "zes", "uses")):
            return lower[:-2]
        if lower.endswith("s") and not lower.endswith(("ss", "us", "is")):
            return lower[:-1]
        return lower


_BETWEEN = regex.compile(r"\bbetween\s+(?:\S+\s+)?$", regex.IGNORECASE)
_RANGE_SEP = regex.compile(r"\s*(?:[-–—]|to|to-|-to-|-\s*to-?|through)\s*", regex.IGNORECASE)
_AND = regex.compile(r"\s*and\s*", regex.IGNORECASE)
_YEAR_BEFORE = regex.compile(r"\b(?:in|since|by|of|from|until|till|through|during|before|after|"
                             r"the|and|to|between|year|early|late|mid)\s+$|['’]s\s+$")
_ONE_ALONE = regex.compile(r"\s*(?:[-–]\s*(?:off|on|time|way|stop|size)\b|[.,;:!?)\]]|$)")
_FRACTION_AFTER = regex.compile(r"-(?:thirds?|quarters?|halves|fourths?|fifths?)\b", regex.IGNORECASE)
_OF_PHRASE = regex.compile(r"[ \t]+of[ \t]+(?:(?:the|those|these|its|their|a|an|all)[ \t]+)?"
                           r"|[ \t]+(?:the|its|their|his|her)[ \t]+(?=\w)"
                           r"|(?<=\d)(?=[ \t]+[A-Za-z])")
_ONE_OF = regex.compile(r"[ \t]+of[ \t]+(?:the|my|your|his|her|its|our|their|these|those)[ \t]+"
                        r"(?:(?:most|very)[ \t]+)?")
_TOKEN = regex.compile(r"\d+|\.\d|[A-Za-z]+")
_PERCENT = regex.compile(r"%|\bper\s?cent\b|\bpct\b|\bpc\b", regex.IGNORECASE)
_SENTENCE_END = regex.compile(r"[.!?;]\s|\n")
_SHARED_GAP = regex.compile(r"-?,?\s+(?:or|and|to)\s+|-,\s+|-\s+(?:or|and|to)\s+|\s+or\s+")
_GAP = regex.compile(r"[\s-]{1,3}")
_NEXT_WORD = regex.compile(r"[ \t]*([A-Za-z][\w'’-]*)")


def _norm(surface: str) -> str:
    return " ".join(str(surface).lower().split())


def _skip_of(text: str, pos: int) -> int:
    m = _re(r"\s+of\b").match(text[pos:pos + 5])
    return pos + m.end() if m else pos


def _small_int(atom: _Atom) -> bool:
    return float(atom.value).is_integer() and atom.value <= 200 and "," not in atom.raw


def _capitalized(word: str) -> bool:
    core = word.strip("\"'“”‘’(")
    return bool(core) and (core[0].isupper() or any(c.isupper() for c in core[1:])) \
        and any(c.isalpha() for c in core)


def _sentence_start(text: str, index: int, colon: bool = True) -> bool:
    """True when ``index`` starts the text or a sentence (after . ! ? a quote or a line break;
    after : and ; too unless ``colon`` is False)."""
    window = text[max(0, index - 200):max(0, index)]
    before = window.rstrip()
    if not before:
        return index - len(window) <= 0
    ends = ".!?:;\"“(" if colon else ".!?\"“("
    return before[-1] in ends or "\n" in window[len(before):]


class _Spans:
    """Sorted, non-overlapping spans (the economic figures), searched by bisection."""

    def __init__(self, spans=()):
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]

    def within(self, start: int, end: int) -> list[tuple[int, int]]:
        """Spans overlapping [start, end)."""
        hi = bisect.bisect_left(self.starts, end)
        lo = hi
        while lo > 0 and self.spans[lo - 1][1] > start:
            lo -= 1
        return self.spans[lo:hi]

    def __iter__(self):
        return iter(self.spans)


def _overlaps(start: int, end: int, spans) -> bool:
    if isinstance(spans, _Spans):
        return bool(spans.within(start, end))
    return any(s < end and start < e for s, e in spans)
