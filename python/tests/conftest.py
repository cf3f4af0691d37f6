"""Shared fixtures of the Python module's tests: the catalog, instants, example paths."""

import datetime
import os
import pathlib

import pytest

import interdict

UTC = datetime.timezone.utc
# python/tests/../../examples, in a checkout and in Bazel's runfiles alike (symbolic
# links not followed: in the runfiles they lead into the source tree).
EXAMPLES = pathlib.Path(os.path.abspath(__file__)).parent.parent.parent / "examples"
TESTDATA = pathlib.Path(os.path.abspath(__file__)).parent / "testdata"

# After the US Commerce/BIS ban on Kaspersky updates (2024-09-29 00:00 America/New_York).
AFTER_BAN = datetime.datetime(2025, 1, 1, tzinfo=UTC)
# Before it: the updates rule is PENDING until then.
BEFORE_BAN = datetime.datetime(2024, 7, 1, tzinfo=UTC)
BAN_STARTS = datetime.datetime(2024, 9, 29, 4, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def catalog() -> interdict.Policy:
    return interdict.catalog()


@pytest.fixture(scope="session")
def examples() -> pathlib.Path:
    if not (EXAMPLES / "inventories").is_dir():
        pytest.fail(f"example inventories not found at {EXAMPLES / 'inventories'}")
    return EXAMPLES


@pytest.fixture(scope="session")
def testdata() -> pathlib.Path:
    return TESTDATA
