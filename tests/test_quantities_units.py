"""The quantities view (extractor/quantities.py): what each surface form of a number with its unit
reads as, and what is not a quantity at all.

Each case is a short phrase and the quantities ``QuantityFinder.find`` returns for it alone
(no economic figures taken): (mention, value, value_high, unit, counted noun).
"""
from __future__ import annotations

import pytest

from extractor.quantities import QuantityFinder, counted_noun


@pytest.fixture(scope="module")
def finder() -> QuantityFinder:
    return QuantityFinder()


def found(finder: QuantityFinder, text: str, taken=()):
    figures = finder.find(text, taken)
    for fig in figures:
        assert text[fig.start:fig.end] == fig.text
        assert fig.kind == "quantity"
    return [(f.text, f.value, f.value_high, f.unit, counted_noun(f)) for f in figures]


UNITS = [
    # length, area, volume, mass
    ("a run of 5 km today", "5 km", 5.0, None, "kilometre", None),
    ("about 1,300 kilometres long", "1,300 kilometres", 1300.0, None, "kilometre", None),
    ("it is 72.7 metres long", "72.7 metres", 72.7, None, "metre", None),
    ("the 37m skeleton", "37m", 37.0, None, "metre", None),
    ("just 47 feet deep", "47 feet", 47.0, None, "foot", None),
    ("a 6.1-inch display", "6.1-inch", 6.1, None, "inch", None),
    ("311 square miles off the coast", "311 square miles", 311.0, None, "square mile", None),
    ("the 1520 sq m centre", "1520 sq m", 1520.0, None, "square metre", None),
    ("a 2.4-liter engine", "2.4-liter", 2.4, None, "litre", None),
    ("50mL of acid", "50mL", 50.0, None, "millilitre", None),
    ("the 278kg tuna", "278kg", 278.0, None, "kilogram", None),
    ("about 127 gigatonnes of ice", "127 gigatonnes", 127.0, None, "gigaton", None),
    ("1/2 pound of chips", "1/2 pound", 0.5, None, "pound-mass", None),
    # speed, time, age
    ("winds of 155mph", "155mph", 155.0, None, "mile per hour", None),
    ("87 mph (140 km/h)", "87 mph", 87.0, None, "mile per hour", None),
    ("at 80 m.p.h. on the road", "80 m.p.h.", 80.0, None, "mile per hour", None),
    ("in 15 years", "15 years", 15.0, None, "year", None),
    ("after 55 minutes", "55 minutes", 55.0, None, "minute", None),
    ("a five-year journey", "five-year", 5.0, None, "year", None),
    ("a 50 year-old man", "50 year-old", 50.0, None, "year of age", None),
    ("The 65-year-old worries", "65-year-old", 65.0, None, "year of age", None),
    ("he will be 30 years old", "30 years old", 30.0, None, "year of age", None),
    ("her now-18 month-old daughter", "18 month-old", 18.0, None, "month of age", None),
    ("Maddon, 66, has used", "66", 66.0, None, "year of age", None),
    # energy, data, frequency, temperature, other units
    ("with 938 horsepower", "938 horsepower", 938.0, None, "horsepower", None),
    ("a 640bhp engine", "640bhp", 640.0, None, "brake horsepower", None),
    ("450 Nm of torque", "450 Nm", 450.0, None, "newton metre", None),
    ("a 5.5kWh battery", "5.5kWh", 5.5, None, "kilowatt hour", None),
    ("a 60GB data cap", "60GB", 60.0, None, "gigabyte", None),
    ("a 30Mbps plan", "30Mbps", 30.0, None, "megabit per second", None),
    ("a 2.4Ghz toy", "2.4Ghz", 2.4, None, "gigahertz", None),
    ("it is roughly 30 degrees outside", "30 degrees", 30.0, None, "degree", None),
    ("500 degrees celsius", "500 degrees celsius", 500.0, None, "celsius", None),
    ("down to minus-130 degrees Fahrenheit", "minus-130 degrees Fahrenheit", -130.0, None,
     "fahrenheit", None),
    ("-5 yards of offense", "-5 yards", -5.0, None, "yard", None),
    ("at 4 ppb", "4 ppb", 4.0, None, "parts-per-billion", None),
    ("1200 parts per million", "1200 parts per million", 1200.0, None, "part per million", None),
    ("the 120 decibels reached", "120 decibels", 120.0, None, "decibel", None),
    ("up 58.06 points", "58.06 points", 58.06, None, "point", None),
    ("shares rose to 164p", "164p", 164.0, None, "penny", None),
    ("up 19 cents", "19 cents", 19.0, None, "cent", None),
    ("a 3 cylinder engine", "3 cylinder", 3.0, None, "cylinder", None),
    ("more than 3200 times", "3200 times", 3200.0, None, "times", None),
    ("grew more than sixfold", "sixfold", 6.0, None, "times", None),
    ("4G networks", "4G", 4.0, None, "generation wireless", None),
    # rates: "X per Y"
    ("11 FEET per century", "11 FEET per century", 11.0, None, "foot per century", None),
    ("3,000 tests per day", "3,000 tests per day", 3000.0, None, "count per day", "test"),
    ("40 to 50 hours a week", "40 to 50 hours a week", 40.0, 50.0, "hour per week", None),
    ("revenue of 6.78 billion a year earlier", "6.78 billion", 6.78e9, None, "count", None),
    # counts of things and people
    ("13000 workers in the UK", "13000 workers", 13000.0, None, "people", "worker"),
    ("13 people while they napped", "13 people", 13.0, None, "people", "people"),
    ("about 60 commercial fishermen", "60 commercial fishermen", 60.0, None, "people",
     "commercial fisherman"),
    ("seven European countries", "seven European countries", 7.0, None, "count",
     "european country"),
    ("with eight more picks", "eight more picks", 8.0, None, "count", "pick"),
    ("2.7m combined digital and physical sales", "2.7m combined digital and physical sales",
     2.7e6, None, "count", "digital physical sale"),
    ("517 rushing yards", "517 rushing yards", 517.0, None, "yard", None),
    ("It is quite a lot for one man", "one man", 1.0, None, "people", "man"),
    ("one of the students", "one of the students", 1.0, None, "people", "student"),
    ("one of the best screens", "one of the best screens", 1.0, None, "count", "good screen"),
    # bare numbers and number words
    ("There is a maximum which is 50000.", "50000", 50000.0, None, "count", None),
    ("About 1000 come from Asia", "1000", 1000.0, None, "count", None),
    ("a .500 record", ".500", 0.5, None, "count", None),
    ("25k or 40k cheaper", "25k", 25000.0, None, "count", None),
    ("a dozen eggs", "a dozen eggs", 12.0, None, "count", "egg"),
    ("There were 4 hundred million people.", "4 hundred million people", 4e8, None, "people",
     "people"),
    ("twenty-eight thousand six hundred forty-two students",
     "twenty-eight thousand six hundred forty-two students", 28642.0, None, "people", "student"),
    ("I want a hundred and two of those", "a hundred and two", 102.0, None, "count", None),
    ("two and a half miles to the east", "two and a half miles", 2.5, None, "mile", None),
    ("The door is 2 1/2 inches thick", "2 1/2 inches", 2.5, None, "inch", None),
    ("1.99×10−30 kilograms", "1.99×10−30 kilograms", 1.99e-30, None, "kilogram", None),
    # fractions and vague amounts
    ("A third of those screened", "A third", 1 / 3, None, "fraction", "screened"),
    ("Nearly two-thirds of the sales", "two-thirds", 2 / 3, None, "fraction", "sale"),
    ("Half the condos have sold", "Half", 0.5, None, "fraction", "condo"),
    ("One out of three Germans", "One out of three", 1 / 3, None, "fraction", None),
    ("tens of thousands of students", "tens of thousands of students", 1e4, 1e5, "people",
     "student"),
    ("millions of Americans", "millions of Americans", 1e6, 1e7, "people", "american"),
    ("Dozens of people were killed", "Dozens of people", 12.0, 120.0, "people", "people"),
    ("hundreds of miles into space", "hundreds of miles", 100.0, 1000.0, "mile", None),
    # money and percents written in words (the economic grammar reads digits only)
    ("It is a million dollar house.", "a million dollar", 1e6, None, "USD", None),
    ("tens of millions of dollars", "tens of millions of dollars", 1e7, 1e8, "USD", None),
    ("five million yen", "five million yen", 5e6, None, "JPY", None),
    ("thirteen dollars and forty-five cents", "thirteen dollars and forty-five cents", 13.45,
     None, "USD", None),
    ("It costs half million usd.", "half million usd", 5e5, None, "USD", None),
    ("one hundred percent", "one hundred percent", 100.0, None, "%", None),
    # ranges
    ("15 to 22 miles per hour", "15 to 22 miles per hour", 15.0, 22.0, "mile per hour", None),
    ("a speed of 15-22 miles per hour", "15-22 miles per hour", 15.0, 22.0, "mile per hour",
     None),
    ("a 5-10W laser", "5-10W", 5.0, 10.0, "watt", None),
    ("between 750000 and 800000 will be sold", "750000 and 800000", 750000.0, 800000.0,
     "count", None),
    ("There are four to five thousand people.", "four to five thousand people", 4000.0,
     5000.0, "people", "people"),
    ("There are 1 to 2 thousand people.", "1 to 2 thousand people", 1000.0, 2000.0, "people",
     "people"),
    ("about 2000 - 2500 Calories", "2000 - 2500 Calories", 2000.0, 2500.0, "calorie", None),
    ("an 8- to 16-meter telescope", "8- to 16-meter", 8.0, 16.0, "metre", None),
]


@pytest.mark.parametrize("text, mention, value, high, unit, noun", UNITS,
                         ids=[c[0][:40] for c in UNITS])
def test_unit_surface_forms(finder, text, mention, value, high, unit, noun):
    results = found(finder, text)
    assert results, f"nothing found in {text!r}"
    got = results[0]
    assert got[0] == mention
    assert got[1] == pytest.approx(value)
    assert (got[2] is None) if high is None else got[2] == pytest.approx(high)
    assert got[3] == unit
    assert got[4] == noun


NOT_QUANTITIES = [
    "Citycarver 2019 review",  # years
    "The hunt began in 2019 and ended in 1998.",
    "She died on September 8 in Dar es Salaam",  # dates
    "The last operation was carried out on February 11 this year.",
    "Callum Rice-Coates 1 September 2019",
    "By Jerry Brewer Columnist at 10:27 PM EDT",  # times
    "Published 5:55 AM EST",
    "at 11 a.m. then worked her shift",
    "the 22nd amendment",  # ordinals
    "Lucas Mouras 96th-minute winner",
    "a set of COVID-19 tests",  # identifiers and names
    "With the iPhone 11 Pro what does it even mean",
    "In the S&P 500 utilities are holding up",
    "the sp 500 was down",
    "tied Game 7 at the end",
    "in Section 427 Row 21",
    "the Euro 2020 qualifier",
    "BBC One reported",
    "Bristol City came from behind to beat Charlton 2-1 thanks to a winner",  # scores
    "Properties including 575 Wilbraham Road were sold",  # addresses
    "the Galaxy S23 Plus and the cac40 index",  # letters against the digits
    "Dak Prescott (4) celebrates",
    "the same one across multiple accounts",  # pronoun "one"
    "each one they lose",
    "in the 1990s",
]


@pytest.mark.parametrize("text", NOT_QUANTITIES, ids=[t[:40] for t in NOT_QUANTITIES])
def test_not_quantities(finder, text):
    assert found(finder, text) == []


def test_suspended_hyphen_shares_the_unit(finder):
    results = found(finder, "on a 7- or 8-inch touchscreen")
    assert [(r[1], r[3]) for r in results] == [(7.0, "inch"), (8.0, "inch")]
    results = found(finder, "four-, five- and six-cylinder engines")
    assert [(r[1], r[3]) for r in results] == [(4.0, "cylinder"), (5.0, "cylinder"),
                                               (6.0, "cylinder")]


def test_or_shares_the_unit(finder):
    results = found(finder, "eight or nine euros")
    assert [(r[1], r[3]) for r in results] == [(8.0, "EUR"), (9.0, "EUR")]


def test_bare_number_takes_the_unit_of_its_counterpart(finder):
    results = found(finder, "a combined 435 homes by open sale and 187 by tender")
    assert [(r[1], r[3], r[4]) for r in results] == [(435.0, "count", "home"),
                                                      (187.0, "count", "home")]
    # a duration in between does not lend its unit
    text = "68400 people unemployed for one to two years and 95800 who have been"
    assert [(r[1], r[3]) for r in found(finder, text)][-1] == (95800.0, "people")


def test_qualifier_on_the_number(finder):
    fig = finder.find("elite chipmakers produce sub-7 nanometer ICs")[0]
    assert (fig.value, fig.unit, fig.approx) == (7.0, "nanometre", "<")
    fig = finder.find("a height of ~1.2mm above")[0]
    assert (fig.value, fig.unit, fig.approx) == (1.2, "millimetre", "~")


def test_taken_spans_are_left_alone(finder):
    text = "It costs $5 million and weighs 3 tons, over 40 km."
    taken = [(9, 19), (31, 37)]  # "$5 million", "3 tons": the economic grammar's
    assert [r[0] for r in found(finder, text, taken)] == ["40 km"]


def test_per_after_reads_a_rate(finder):
    text = "peaked at $52 a barrel in October"
    assert finder.per_after(text, text.index(" a barrel")) == ("barrel", text.index(" in"))
    assert finder.per_after("rose to $6.78 billion a year earlier", 21) is None


def test_other_lexicon_directory(tmp_path):
    """The table is read from the directory given (the pipeline's resources_dir)."""
    import shutil

    from extractor.lexicon import RESOURCES_DIR

    for path in RESOURCES_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    table = (tmp_path / "quantity_units.yaml").read_text(encoding="utf-8")
    (tmp_path / "quantity_units.yaml").write_text(
        table.replace("  kilometre: [kilometre(s), kilometer(s), km, kms]",
                      "  kilometre: [kilometre(s), kilometer(s), km, kms, klicks]"),
        encoding="utf-8")
    figures = QuantityFinder(tmp_path).find("a 5 klicks walk")
    assert [(f.value, f.unit) for f in figures] == [(5.0, "kilometre")]
