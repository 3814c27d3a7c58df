"""The same count, shown by two tables, reads the same in both.

The equality page shows victims by ethnicity under a sex, and by sex under an ethnic group;
the Overview shows each year's victims under one of those filters. Girls who are Asian in
2019-20 are a cell of two of those tables, and Asian victims that year a cell of the table
by ethnicity and a year of the Overview's trend. Were each table decided in its own family,
one could show what another hides, and the hidden count would protect nothing.

A viewer reads them all, through the same reads the pages make (``ui.data.count_by``,
``complete_grid``, ``safe``), borough-wide at the strategy's ages, 1-24, in every financial
year. With the tables' cells decided as cells (the rule before ``values_in``), some counts
read differently: the test can fail. With the rule on, none does, and the attacker
(``tests.attacker``) pins no count from 1 to 4 from everything read.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text

from metrics.disclosure import complete_grid
from metrics.filters import ETHNIC_GROUPS, SEXES, Filters
from tests.attacker import pinned_sums, read
from tests.conftest import clear_streamlit_caches

MEASURE = "serious_youth_violence"
AGES = "1-24"


def every_reading(years: list[str]) -> dict[tuple, list]:
    """Each (ethnic group or None, sex or None, year) as every table showing it reads it."""
    from ui import data

    url, stamp = data.current()
    seen: dict[tuple, list] = {}

    def read_table(dimension: str, values: list[str], filters: Filters, key) -> None:
        table = complete_grid(data.count_by(url, stamp, MEASURE, dimension, filters), {dimension: values})
        for value, shown in zip(table[dimension], data.safe(table, (dimension,))["display"]):
            seen.setdefault(key(value), []).append(read(shown))

    for year in years:
        start = int(year[:4])
        dates = {"date_from": dt.date(start, 4, 1), "date_to": dt.date(start + 1, 3, 31), "age_band": AGES}
        for sex in (*SEXES, None):
            read_table("ethnicity", list(ETHNIC_GROUPS), Filters(**dates, sex=sex), lambda g, s=sex: (g, s, year))
        for group in (*ETHNIC_GROUPS, None):
            read_table("sex", list(SEXES), Filters(**dates, ethnicity=group), lambda s, g=group: (g, s, year))
    for group, sex in [*((g, None) for g in ETHNIC_GROUPS), *((None, s) for s in SEXES)]:
        read_table("financial_year", years, Filters(age_band=AGES, ethnicity=group, sex=sex),
                   lambda y, g=group, s=sex: (g, s, y))
    return seen


def differing(seen: dict[tuple, list]) -> dict[tuple, list]:
    return {key: texts for key, texts in seen.items() if len(set(texts)) > 1}


def test_each_count_reads_the_same_in_every_table(app_env, demo_connection, monkeypatch):
    import storage.viewer_counts

    years = sorted(r[0] for r in demo_connection.execute(text("SELECT DISTINCT financial_year FROM incidents")))
    real = storage.viewer_counts.exposed_in_view
    with monkeypatch.context() as before:
        before.setattr(storage.viewer_counts, "exposed_in_view", lambda *a, values_in=None, **k: real(*a, **k))
        clear_streamlit_caches()
        assert differing(every_reading(years)), "every count read the same without the rule: the test could not fail"
    clear_streamlit_caches()
    seen = every_reading(years)
    assert not differing(seen)
    # Nothing small is shown, and nothing small can be worked out from all of it.
    assert not [t for texts in seen.values() for t in texts if isinstance(t, int) and 1 <= t < 5]
    truth = {tuple(row[:3]): row[3] for row in demo_connection.execute(text(
        "SELECT victim_ethnicity, victim_sex, financial_year, COUNT(*) FROM incidents "
        "WHERE is_serious_youth_violence AND victim_age BETWEEN 1 AND 24 GROUP BY 1, 2, 3"))}

    def unknowns(group, sex, year):
        return [(g, s, year) for g in ([group] if group else ETHNIC_GROUPS) for s in ([sex] if sex else SEXES)]

    shown = [(unknowns(*key), text) for key, texts in seen.items() for text in texts]
    pinned = [key for key in pinned_sums(shown, {key: unknowns(*key) for key in seen})
              if 1 <= sum(truth.get(u, 0) for u in unknowns(*key)) < 5]
    assert not pinned
    # The board's figures stand: every year's victims under no filter by sex reads a number.
    assert all(isinstance(seen[(None, s, y)][0], int) for s in SEXES for y in years)
