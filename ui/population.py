"""Counts set beside the population of the same people: the data path the equality
monitoring builds its rates, confidence intervals and disproportionality ratios on."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd

from loaders.derive import AGE_BANDS
from metrics.disclosure import complete_grid
from metrics.filters import ETHNIC_GROUPS, Filters, answered_span
from metrics.measures import MEASURES
from metrics.rates import bands_within, rate_per_1000
from metrics.trends import financial_year_days, latest_whole_year
from ui import data


def by_ethnicity_against_population(url: str, stamp: str, measure: str, filters: Filters, *,
                                    latest_day: dt.date) -> tuple[pd.DataFrame, str | None, int | None]:
    """``measure`` by ethnic group in the latest whole financial year under ``filters``, beside
    the population of the same ages (as the source answers them), sex and areas, per 1,000.

    Returns the table through small-number suppression (ethnicity, value, population,
    rate_per_1000, suppressed, display), the financial year and the population year.
    """
    years = data.count_by(url, stamp, measure, "financial_year", filters)["financial_year"].tolist()
    if not years:
        return pd.DataFrame(columns=["ethnicity", "value", "population", "rate_per_1000", "suppressed", "display"]), \
            None, None
    year = latest_whole_year(years, last_day=filters.date_to or latest_day)
    start, end = financial_year_days(year)
    in_year = replace(filters, date_from=max(start, filters.date_from or start), date_to=min(end, filters.date_to or end))
    counts = complete_grid(data.count_by(url, stamp, measure, "ethnicity", in_year), {"ethnicity": list(ETHNIC_GROUPS)})
    source = MEASURES[measure]
    span = answered_span(filters.age_band, source.age_bands) if source.age_bands else (
        filters.age_range() or (0, None))
    years_known = data.population_years(url, stamp)
    population_year = min(max(start.year, years_known[0]), years_known[-1]) if years_known else None
    population = (data.population_by(url, stamp, "ethnicity", year=population_year, filters=filters,
                                     age_bands=bands_within(span, AGE_BANDS)) if population_year
                  else pd.DataFrame(columns=["ethnicity", "population"]))
    table = data.safe(rate_per_1000(counts, population, key="ethnicity"), ("ethnicity",), ("rate_per_1000",))
    return table, year, population_year
