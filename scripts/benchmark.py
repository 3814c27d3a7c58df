"""Time the dashboard's reads on a large synthetic database against the naive way.

    python -m scripts.benchmark [--scale 15] [--repeat 5]

Builds (or reuses) a demo database at ``--scale`` under VVE_DATA_DIR/bench-<scale>.duckdb,
then prints, for each read a page makes after a filter change, the median time of the
database query and of the same answer computed in pandas from all rows in memory.
Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import time

import pandas as pd

import config
from loaders.demo import build_demo
from metrics.disclosure import complete_grid, suppress
from metrics.filters import Filters
from metrics.measures import MEASURES
from storage.engine import duckdb_file, make_engine
from storage.queries import count_by

READS = [
    ("serious youth violence by financial year", "serious_youth_violence", "financial_year", Filters()),
    ("all violence, weekday x hour, girls 10-16", "violent_incidents", "weekday_hour",
     Filters(sex="Female", age_band="10-16")),
    ("all violence by area, one year", "violent_incidents", "area",
     Filters(date_from=pd.Timestamp("2022-04-01").date(), date_to=pd.Timestamp("2023-03-31").date())),
    ("stop and search by month, Black", "stop_and_search", "month", Filters(ethnicity="Black")),
]


def median_seconds(action, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def naive(frame: pd.DataFrame, filters: Filters, keys: list[str]) -> pd.DataFrame:
    mask = pd.Series(True, index=frame.index)
    if filters.sex:
        mask &= frame["victim_sex"] == filters.sex
    if filters.age_band:
        low, high = filters.age_range()
        mask &= frame["victim_age"].between(low, high if high is not None else 999)
    if filters.date_from:
        mask &= frame["occurred_on"] >= filters.date_from
    if filters.date_to:
        mask &= frame["occurred_on"] <= filters.date_to
    return frame[mask].groupby(keys).size().reset_index(name="value")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=15.0)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    url = f"duckdb:///{config.data_dir() / f'bench-{args.scale:g}.duckdb'}"
    if not duckdb_file(url).exists():
        print(f"Building the demo at scale {args.scale:g} ...", flush=True)
        summary = build_demo(url, scale=args.scale)
        print(f"  {summary.incidents:,} incidents and {summary.stop_searches:,} searches in {summary.seconds:.0f} s")
    engine = make_engine(url, read_only=True)
    with engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT COUNT(*) FROM incidents").scalar_one()
        print(f"{rows:,} incidents at scale {args.scale:g}\n")
        started = time.perf_counter()
        incidents = conn.connection.driver_connection.execute(
            "SELECT financial_year, weekday, hour, area_code, victim_sex, victim_age, occurred_on, "
            "is_serious_youth_violence FROM incidents").df()
        incidents["occurred_on"] = incidents["occurred_on"].dt.date
        print(f"loading every incident into pandas once (the naive way's start-up): {time.perf_counter() - started:.1f} s\n")
        print(f"{'read':48} {'database':>10} {'pandas':>10} {'suppress':>10}")
        for name, measure, dimension, filters in READS:
            database = median_seconds(lambda: count_by(conn, MEASURES[measure], dimension, filters), args.repeat)
            table = count_by(conn, MEASURES[measure], dimension, filters)
            keys = list(table.columns[:-1])
            dims = {"weekday": range(7), "hour": range(24)} if keys == ["weekday", "hour"] else None
            grid = complete_grid(table, dims) if dims else table
            suppressing = median_seconds(lambda: suppress(grid, dims=keys, threshold=5), args.repeat)
            if measure == "stop_and_search":
                in_pandas = float("nan")
            else:
                subset = incidents[incidents["is_serious_youth_violence"]] if measure == "serious_youth_violence" else incidents
                renamed = subset.rename(columns={"area_code": "area"})
                in_pandas = median_seconds(lambda: naive(renamed, filters, keys), args.repeat)
            print(f"{name:48} {database * 1000:8.1f}ms {in_pandas * 1000:8.1f}ms {suppressing * 1000:8.1f}ms")
    engine.dispose()
    viewer_reads(url, args.repeat)


# A viewer's reads, one financial year: the table, its neighbouring views and its families.
VIEWER_READS = [
    ("victims by ethnicity, all sexes", "serious_youth_violence", "ethnicity", Filters()),
    ("victims by ethnicity, girls 10-16", "serious_youth_violence", "ethnicity", Filters(sex="Female", age_band="10-16")),
    ("all violence by place and year, girls", "violent_incidents", "year_location_type", Filters(sex="Female")),
    ("all violence, weekday x hour, girls 10-16", "violent_incidents", "weekday_hour",
     Filters(sex="Female", age_band="10-16")),
    # Each family's age choices are decided as one family (metrics.families._age_sums).
    ("serious youth violence by year, Asian 10-24", "serious_youth_violence", "financial_year",
     Filters(ethnicity="Asian", age_band="10-24")),
    ("stop and search by year, Black 10-16", "stop_and_search", "financial_year",
     Filters(ethnicity="Black", age_band="10-16")),
    # ... and each cell's of a table by anything but a filter's values.
    ("all violence by month, 10-24", "violent_incidents", "month", Filters(age_band="10-24")),
    ("stop and search by object of search, 18-24", "stop_and_search", "object_of_search",
     Filters(age_band="18-24")),
]


def viewer_reads(url: str, repeat: int) -> None:
    """Uncached: every read a viewer's page makes for one table, with the small-number
    decisions over its neighbouring views and families (ui.data.count_by)."""
    import os

    import streamlit as st

    os.environ["VVE_DATABASE_URL"] = url
    from metrics import families
    from ui import data

    url, stamp = data.current()
    print(f"\n{'a viewer, 2022-23 (uncached)':48} {'reads and decisions':>20}")
    for name, measure, dimension, filters in VIEWER_READS:
        year = Filters(**{**filters.__dict__, "date_from": pd.Timestamp("2022-04-01").date(),
                          "date_to": pd.Timestamp("2023-03-31").date()})

        def read() -> None:
            st.cache_data.clear()
            families._DECISIONS.clear()  # the families' decisions are kept between reads too
            families._FORCED.clear()
            families._AGE_DECISIONS.clear()
            families._FAMILIES.clear()
            data.count_by(url, stamp, measure, dimension, year)

        print(f"{name:48} {median_seconds(read, repeat) * 1000:18.0f}ms")


if __name__ == "__main__":
    main()
