"""The same code on a real PostgreSQL server gives the same figures as DuckDB."""

import pytest

from loaders.demo import build_demo
from metrics.filters import Filters
from metrics.measures import MEASURES
from storage.engine import make_engine
from storage.queries import count_by
from tests.storage.test_schema import assert_schema

pytestmark = pytest.mark.postgres

CASES = [
    ("serious_youth_violence", "financial_year", Filters()),
    ("knife_injury_victims_1_24", "financial_year", Filters()),
    ("knife_injury_victims_1_24_not_da", "financial_year", Filters()),
    ("serious_youth_violence", "weekday_hour", Filters(age_band="10-16")),
    ("violent_incidents", "ethnicity", Filters(sex="Female", areas=("DEMO02", "DEMO05"))),
    ("stop_and_search", "month", Filters(ethnicity="Black")),
]


@pytest.fixture(scope="module")
def postgres_demo(postgres_url):
    build_demo(postgres_url, seed=42)
    engine = make_engine(postgres_url)
    yield engine
    engine.dispose()


def test_schema_on_postgres(postgres_demo, postgres_url):
    assert_schema(postgres_url)


@pytest.mark.parametrize("measure, dimension, filters", CASES)
def test_postgres_gives_the_same_figures_as_duckdb(postgres_demo, demo_connection, measure, dimension, filters):
    with postgres_demo.connect() as conn:
        on_postgres = count_by(conn, MEASURES[measure], dimension, filters)
    on_duckdb = count_by(demo_connection, MEASURES[measure], dimension, filters)
    assert len(on_duckdb) > 0
    assert on_postgres.astype(str).to_dict("records") == on_duckdb.astype(str).to_dict("records")


def test_published_years_on_postgres(postgres_demo):
    with postgres_demo.connect() as conn:
        table = count_by(conn, MEASURES["serious_youth_violence"], "financial_year")
    by_year = dict(zip(table.financial_year, table.value))
    assert [by_year["2017-18"], by_year["2018-19"], by_year["2019-20"]] == [310, 323, 286]


@pytest.mark.parametrize("read, kwargs", [
    ("searches_by_ethnicity", {"age_range": "10-17"}),
    ("searches_by_year_and_ethnicity", {}),
    ("officer_against_self_defined", {"gender": "Female"}),
    ("population", {"year": 2022, "by": "ethnicity", "age_bands": ("10-13", "14-16", "17")}),
])
def test_equality_reads_agree_with_duckdb(postgres_demo, demo_connection, read, kwargs):
    from storage import equality_queries

    function = getattr(equality_queries, read)
    with postgres_demo.connect() as conn:
        on_postgres = function(conn, **kwargs)
    on_duckdb = function(demo_connection, **kwargs)
    assert len(on_duckdb) > 0
    key = list(on_duckdb.columns[:-1])
    normalise = lambda f: f.astype(str).sort_values(key).reset_index(drop=True).to_dict("records")  # noqa: E731
    assert normalise(on_postgres) == normalise(on_duckdb)
