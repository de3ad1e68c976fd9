import datetime as dt
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
POLICIES = ROOT / "policies"


@pytest.fixture(scope="session")
def bundle():
    from calculator.loader import load_bundle
    return load_bundle(POLICIES)


@pytest.fixture(scope="session")
def policies(bundle):
    from calculator import PolicySet
    return PolicySet(bundle)


@pytest.fixture
def as_of():
    return dt.date(2022, 12, 31)
