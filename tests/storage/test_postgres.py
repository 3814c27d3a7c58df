"""The same code on a real PostgreSQL server gives the same figures as DuckDB."""

import pandas as pd
import pytest

from loaders.demo import build_demo
from metrics.filters import Filters
from metrics.measures import MEASURES
from storage.engine import make_engine
from storage import reference
from storage.queries import count_by, count_without_time
from tests.storage.test_schema import assert_schema

pytestmark = pytest.mark.postgres

CASES = [
    ("serious_youth_violence", "financial_year", Filters(), ()),
    ("knife_injury_victims_1_24", "financial_year", Filters(), ()),
    ("knife_injury_victims_1_24_not_da", "financial_year", Filters(), ()),
    ("serious_youth_violence", "weekday_hour", Filters(age_band="10-16"), ()),
    ("violent_incidents", "ethnicity", Filters(sex="Female", areas=("DEMO02", "DEMO05")), ()),
    ("stop_and_search", "month", Filters(ethnicity="Black"), ()),
    # The pages' queries: computed groups, scopes, coarse age bands, cells.
    ("violent_incidents", "youth_weekday_hour", Filters(sex="Female"), ("term_time",)),
    ("violent_incidents", "year_youth_window", Filters(), ("school_holidays",)),
    ("serious_youth_violence", "financial_year", Filters(), ("near_school", "after_school_window")),
    ("violent_incidents", "year_location_type", Filters(offence_group="Robbery"), ()),
    ("violent_incidents", "age", Filters(areas=("DEMO03",), ethnicity_detail="Bangladeshi"), ()),
    ("serious_youth_violence", "total", Filters(age_band="17", sex="Female"), ()),
    ("violent_incidents", "h3_8_area", Filters(age_band="Under 18"), ()),
    ("knife_injury_victims_1_24", "h3_9_month", Filters(), ()),
    ("stop_and_search", "weekday_hour", Filters(age_band="10-16"), ()),
    ("stop_and_search", "object_of_search", Filters(age_band="25+"), ()),
    ("stop_and_search", "outcome", Filters(sex="Male"), ()),
    ("stop_and_search", "year_outcome_linked", Filters(), ()),
    ("stop_and_search", "ethnicity", Filters(age_band="18-24"), ()),
]


@pytest.fixture(scope="module")
def postgres_demo(postgres_url):
    build_demo(postgres_url, seed=42)
    engine = make_engine(postgres_url)
    yield engine
    engine.dispose()


def test_schema_on_postgres(postgres_demo, postgres_url):
    assert_schema(postgres_url)


@pytest.mark.parametrize("measure, dimension, filters, scopes", CASES)
def test_postgres_gives_the_same_figures_as_duckdb(postgres_demo, demo_connection, measure, dimension, filters, scopes):
    with postgres_demo.connect() as conn:
        on_postgres = count_by(conn, MEASURES[measure], dimension, filters, scopes)
    on_duckdb = count_by(demo_connection, MEASURES[measure], dimension, filters, scopes)
    assert len(on_duckdb) > 0
    assert on_postgres.astype(str).to_dict("records") == on_duckdb.astype(str).to_dict("records")


@pytest.mark.parametrize("measure, dimension", [("serious_youth_violence", "ethnicity"),
                                                ("stop_and_search", "outcome")])
def test_counts_split_by_year_and_filter_values_agree_with_duckdb(postgres_demo, demo_connection, measure, dimension):
    # The reads a viewer's families are decided from (metrics.families), split as the pages
    # split them (detailed ethnicity included): NULL values included.
    from metrics.measures import FILTER_KEYS
    from storage.viewer_counts import PARTITIONS

    source = MEASURES[measure]
    split = tuple(FILTER_KEYS[a] for a in PARTITIONS if FILTER_KEYS[a] in source.columns)
    with postgres_demo.connect() as conn:
        on_postgres = count_by(conn, source, dimension, Filters(age_band="10-24"), by_year=True, split=split)
    on_duckdb = count_by(demo_connection, source, dimension, Filters(age_band="10-24"), by_year=True, split=split)
    assert len(on_duckdb) > 0 and {f"split_{key}" for key in split} <= set(on_duckdb.columns)
    key = list(on_duckdb.columns[:-1])
    normalise = lambda f: f.astype(str).sort_values(key).reset_index(drop=True).to_dict("records")  # noqa: E731
    assert normalise(on_postgres) == normalise(on_duckdb)


def test_published_years_on_postgres(postgres_demo):
    with postgres_demo.connect() as conn:
        table = count_by(conn, MEASURES["serious_youth_violence"], "financial_year")
    by_year = dict(zip(table.financial_year, table.value))
    assert [by_year["2017-18"], by_year["2018-19"], by_year["2019-20"]] == [310, 323, 286]


@pytest.mark.parametrize("read, kwargs", [
    ("searches_by_ethnicity", {"age_range": "10-17"}),
    ("officer_against_self_defined", {"gender": "Female"}),
    ("searches_by_ethnicity", {"by_year": True, "by_gender": True}),
    ("searches_by_ethnicity", {"by_gender": True, "areas": ("DEMO04",)}),
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


@pytest.mark.parametrize("read", [
    lambda conn: reference.area_choices(conn),
    lambda conn: reference.area_shapes(conn),
    lambda conn: reference.schools(conn),
    lambda conn: pd.DataFrame({"groups": reference.offence_groups(conn)}),
    lambda conn: pd.DataFrame({"groups": reference.ethnicity_details(conn)}),
    lambda conn: pd.DataFrame({"days": reference.date_range(conn)}),
    lambda conn: reference.population_by(conn, "ethnicity", year=2023, filters=Filters(sex="Female"),
                                         age_bands=("10-13", "14-16", "17")),
    lambda conn: reference.indicator_values(conn, ("disruptions", "neet_16_17")),
    lambda conn: pd.DataFrame({"n": [count_without_time(conn, MEASURES["violent_incidents"], Filters(),
                                                        ("term_time",))]}),
])
def test_reference_reads_are_the_same_on_postgres(postgres_demo, demo_connection, read):
    with postgres_demo.connect() as conn:
        on_postgres = read(conn)
    on_duckdb = read(demo_connection)
    assert len(on_duckdb) > 0
    # Coordinates to about 1 m: the schema's Float is single precision in DuckDB, double in PostgreSQL.
    floats = [c for c in on_duckdb.columns if on_duckdb[c].dtype.kind == "f"]
    for column in floats:
        assert on_postgres[column].to_numpy() == pytest.approx(on_duckdb[column].to_numpy(), abs=1e-5)
    assert (on_postgres.drop(columns=floats).astype(str).to_dict("records")
            == on_duckdb.drop(columns=floats).astype(str).to_dict("records"))
