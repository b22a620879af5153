"""Sectors of figures (extractor/resources/sectors.yaml, extractor/context/measure.py).

SCHEMA §2/§3: the sector is the product the figure's measure is about ("chip exports",
"exports of semiconductors"); null means all goods. A product named after the figure as an
explanation ("led by chips") is not the figure's sector.
"""
from __future__ import annotations

import pytest

from extractor.document import Document, Published

PUBLISHED = Published.parse("2025-12-10")



def records_of(extractor, text: str) -> dict[str, dict]:
    return {r["mention"]: r for r in extractor.process(Document("d", text, PUBLISHED))}


# (sentence, mention, measure, sector)
CASES = [
    # National release categories are one phrase, not their first word.
    pytest.param("Non-oil and gas exports rose 4% in October.", "4%", "exports", "other:non_oil_and_gas",
                 id="non-oil-and-gas"),
    pytest.param("Exports of ICT products jumped 30% in October.", "30%", "exports", "other:ict_products",
                 id="ict-products"),
    pytest.param("Prices of agricultural, livestock and fishery products rose 2.1 percent in October.",
                 "2.1 percent", "inflation", "other:agricultural_livestock_fishery_products",
                 id="korean-cpi-farm-group"),
    # A sentence that names no measure: the subject of the figure's clause, not its aside.
    pytest.param("Exports rose 5% in October. By category, machinery climbed 9% and electronic components, "
                 "mainly chips, rose 4%.", "9%", "exports", "machinery", id="subject-of-first-clause"),
    pytest.param("Exports rose 5% in October. By category, machinery climbed 9% and electronic components, "
                 "mainly chips, rose 4%.", "4%", "exports", "other:electronic_components",
                 id="subject-not-aside"),
    # A share's subject; a streak does not take a product named past a comma.
    pytest.param("Chips set a record and made up 21 percent of total exports in October.", "21 percent",
                 "exports", "semiconductors", id="share-of-the-subject"),
    pytest.param("Shipments to Japan fell 2%, the fifth straight month of decline, with car exports down 10%.",
                 "fifth straight month", "exports", None, id="streak-not-past-comma"),
    pytest.param("Semiconductor exports rose 38.7% in November.", "38.7%", "exports", "semiconductors", id="semiconductor-exports"),
    pytest.param("Exports of chips rose 38.7% in November.", "38.7%", "exports", "semiconductors", id="exports-of-chips"),
    pytest.param("Shipments of semiconductors rose 11% in November.", "11%", "exports", "semiconductors", id="shipments-of-semiconductors"),
    pytest.param("Semiconductor exports hit a record $17.3 billion in November.", "$17.3 billion", "exports", "semiconductors", id="semiconductor-level"),
    pytest.param("Exports of semiconductors, the country's top export item, rose 20% in November.", "20%", "exports",
                 "semiconductors", id="appositive"),
    pytest.param("In the semiconductor sector, exports rose 25% in November.", "25%", "exports", "semiconductors", id="in-the-sector"),
    pytest.param("Exports of memory chips jumped 50% in November.", "50%", "exports", "semiconductors.memory", id="memory-chips"),
    pytest.param("Memory chip exports jumped 50% in November.", "50%", "exports", "semiconductors.memory", id="memory-chip-exports"),
    pytest.param("DRAM exports rose 40% in November.", "40%", "exports", "semiconductors.memory", id="dram"),
    pytest.param("Exports of HBM rose 60% in November.", "60%", "exports", "semiconductors.memory", id="hbm"),
    pytest.param("Exports of automotive semiconductors rose 12% in November.", "12%", "exports", "semiconductors.automotive",
                 id="automotive-semiconductors"),
    pytest.param("Imports of integrated circuits rose 8% in November.", "8%", "imports", "integrated_circuits", id="integrated-circuits"),
    pytest.param("Integrated circuit exports rose 8% in November.", "8%", "exports", "integrated_circuits", id="integrated-circuit-exports"),
    pytest.param("Exports of passenger cars fell 4% in November.", "4%", "exports", "automobiles", id="passenger-cars"),
    pytest.param("Automobile exports fell 3% in November.", "3%", "exports", "automobiles", id="automobile-exports"),
    pytest.param("Exports of cars fell 3% in November.", "3%", "exports", "automobiles", id="exports-of-cars"),
    pytest.param("Vehicle exports fell 4% in November.", "4%", "exports", "automobiles", id="vehicle-exports"),
    pytest.param("Car exports fell 4% in November.", "4%", "exports", "automobiles", id="car-exports"),
    pytest.param("Auto parts exports fell 2.5% in November.", "2.5%", "exports", "auto_parts", id="auto-parts-exports"),
    pytest.param("Exports of auto parts fell 2.5% in November.", "2.5%", "exports", "auto_parts", id="exports-of-auto-parts"),
    pytest.param("Exports of ships surged 90% in November.", "90%", "exports", "ships", id="ships"),
    pytest.param("Ship exports more than doubled to $3.2 billion in November.", "$3.2 billion", "exports", "ships", id="ship-exports"),
    pytest.param("Steel exports fell 10% in November.", "10%", "exports", "steel", id="steel"),
    pytest.param("Exports of steel products fell 10% in November.", "10%", "exports", "steel", id="steel-products"),
    pytest.param("Steel exports to the EU fell 10% in November.", "10%", "exports", "steel", id="steel-with-partner"),
    pytest.param("Steel exports totaled 9.8 million tonnes in November.", "9.8 million tonnes", "exports", "steel", id="steel-tonnes"),
    pytest.param("The country exported 9.8 mn tonnes of steel in November.", "9.8 mn tonnes", "exports", "steel",
          id="tonnes-of-steel"),
    pytest.param("Exports of petroleum products dropped 21.4% in November.", "21.4%", "exports", "petroleum_products",
                 id="petroleum-products"),
    pytest.param("Petroleum product exports dropped 21.4% in November.", "21.4%", "exports", "petroleum_products",
                 id="petroleum-product-exports"),
    pytest.param("Petrochemical exports fell 12% in November.", "12%", "exports", "petrochemicals", id="petrochemicals"),
    pytest.param("Crude oil imports fell 8% in November.", "8%", "imports", "crude_oil", id="crude-oil-imports"),
    pytest.param("Imports of crude oil fell 8% in November.", "8%", "imports", "crude_oil", id="imports-of-crude-oil"),
    pytest.param("LNG imports rose 15% in November.", "15%", "imports", "natural_gas", id="lng-imports"),
    pytest.param("Imports of LNG rose 15% in November.", "15%", "imports", "natural_gas", id="imports-of-lng"),
    pytest.param("Natural gas imports rose 15% in November.", "15%", "imports", "natural_gas", id="natural-gas"),
    pytest.param("Smartphone exports rose 3% in November.", "3%", "exports", "mobile_phones", id="smartphone-exports"),
    pytest.param("Exports of smartphones rose 3% in November.", "3%", "exports", "mobile_phones", id="exports-of-smartphones"),
    pytest.param("Exports of wireless communication devices rose 5% in November.", "5%", "exports", "mobile_phones",
                 id="wireless-devices"),
    pytest.param("Computer exports rose 20% in November.", "20%", "exports", "computers", id="computers"),
    pytest.param("Display exports fell 6% in November.", "6%", "exports", "displays", id="display-exports"),
    pytest.param("Exports of displays fell 6% in November.", "6%", "exports", "displays", id="exports-of-displays"),
    pytest.param("Exports of secondary batteries fell 9% in November.", "9%", "exports", "batteries", id="secondary-batteries"),
    pytest.param("Secondary battery exports fell 9% in November.", "9%", "exports", "batteries", id="secondary-battery-exports"),
    pytest.param("Exports of electric vehicles rose 40% in November.", "40%", "exports", "electric_vehicles", id="electric-vehicles"),
    pytest.param("Electric vehicle exports rose 40% in November.", "40%", "exports", "electric_vehicles", id="electric-vehicle-exports"),
    pytest.param("Exports of EVs rose 30% in November.", "30%", "exports", "electric_vehicles", id="evs"),
    pytest.param("Exports of new energy vehicles rose 30% in November.", "30%", "exports", "electric_vehicles", id="new-energy-vehicles"),
    pytest.param("Bio-health exports rose 10% in November.", "10%", "exports", "bio_health", id="bio-health"),
    pytest.param("Machinery exports fell 3% in November.", "3%", "exports", "machinery", id="machinery"),
    pytest.param("Cosmetics exports rose 20% in November.", "20%", "exports", "cosmetics", id="cosmetics-exports"),
    pytest.param("Exports of cosmetics rose 20% in November.", "20%", "exports", "cosmetics", id="exports-of-cosmetics"),
    pytest.param("Apparel exports fell 5% in November.", "5%", "exports", "apparel", id="apparel"),
    pytest.param("Garment exports fell 5% in November.", "5%", "exports", "apparel", id="garments"),
    pytest.param("Textile exports fell 4% in November.", "4%", "exports", "textiles", id="textiles"),
    pytest.param("Exports of rare earths fell 30% in November.", "30%", "exports", "rare_earths", id="rare-earths"),
    pytest.param("Rare earth exports fell 30% in November.", "30%", "exports", "rare_earths", id="rare-earth-exports"),
    pytest.param("Rare-earth exports fell 30% in November.", "30%", "exports", "rare_earths", id="rare-earth-hyphen"),
    pytest.param("Gold imports surged 200% in November.", "200%", "imports", "gold", id="gold"),
    pytest.param("Exports of home appliances fell 3% in November.", "3%", "exports", "other:home_appliances",
                 id="other-sector"),
    pytest.param("Shipments of memory chips to China rose 40% in November.", "40%", "exports", "semiconductors.memory",
                 id="sector-and-partner"),
    # Products named as an explanation, after the figure, are not its sector.
    pytest.param("Exports to China increased 6.6 percent to $133 billion, led by chips.", "6.6 percent", "exports", None,
                 id="led-by-chips-change"),
    pytest.param("Exports to China increased 6.6 percent to $133 billion, led by chips.", "$133 billion", "exports", None,
                 id="led-by-chips-level"),
    pytest.param("Exports rose 8.4% in November, driven by semiconductors.", "8.4%", "exports", None, id="driven-by"),
    pytest.param("Exports rose 8.4% in November, with chips leading the gains.", "8.4%", "exports", None, id="with-chips-leading"),
    pytest.param("Exports rose 8.4% in November as chip shipments surged.", "8.4%", "exports", None, id="as-chip-shipments-surged"),
    pytest.param("Exports rose 8.4% to $61 billion in November on strong demand for chips.", "$61 billion", "exports", None,
                 id="demand-for-chips"),
]


@pytest.mark.parametrize("text, mention, measure, sector", CASES)
def test_sectors_of_figures(extractor, text, mention, measure, sector):
    record = records_of(extractor, text)[mention]
    assert (record["measure"], record["sector"]) == (measure, sector)


def test_sectors_every_id_is_in_the_schema_vocabulary(lexicon):
    schema_sectors = {
        "semiconductors", "semiconductors.memory", "semiconductors.automotive", "integrated_circuits",
        "automobiles", "auto_parts", "ships", "steel", "petroleum_products", "petrochemicals",
        "crude_oil", "natural_gas", "energy", "mobile_phones", "computers", "displays", "batteries",
        "electric_vehicles", "machinery", "robots", "bio_health", "cosmetics", "apparel", "textiles",
        "gold", "rare_earths", "agriculture", "services"}
    unknown = {s for s in set(lexicon.sector_cues.values())
               if s not in schema_sectors and not s.startswith("other:")}
    assert unknown == set()
