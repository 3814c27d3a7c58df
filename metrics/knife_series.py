"""Knife crime injury victims aged 1-24: the strategy's published years, continued by the
Met's monthly crime dashboard.

Unit: victims aged 1 to 24 injured in knife crime, per financial year (April to
March). Lower is better. The published figures (2017-18 to 2019-20) and the Met's
dashboard (from March 2022) are different extracts of police records; they are
labelled by source and never added together.
"""

from __future__ import annotations

import pandas as pd

PUBLISHED_SOURCE = "Published in the strategy"
MPS_SOURCE = "MPS Monthly Crime Dashboard"
COLUMNS = ["area", "financial_year", "value", "source", "months", "complete", "label"]


def _financial_year(months: pd.Series) -> pd.Series:
    start = months.dt.year - (months.dt.month < 4).astype(int)
    return start.astype(str) + "-" + ((start + 1) % 100).astype(str).str.zfill(2)


def financial_year_totals(monthly: pd.DataFrame, *, first_month, last_month) -> pd.DataFrame:
    """Sum ``monthly`` (``area``, ``month``, ``value``) into financial years.

    The Met's extract leaves out months with no victims, so a month without a row
    counts as zero inside [``first_month``, ``last_month``], the range the extract
    covers. A year is ``complete`` when that range covers all twelve of its months;
    otherwise ``months`` says how many it has and ``label`` names them.
    """
    if monthly.empty or first_month is None:
        return pd.DataFrame(columns=COLUMNS)
    covered = pd.period_range(pd.Timestamp(first_month), pd.Timestamp(last_month), freq="M")
    frame = monthly.assign(month=pd.to_datetime(monthly["month"]).dt.to_period("M"))
    frame = frame[frame["month"].isin(covered)]
    grid = pd.MultiIndex.from_product([sorted(frame["area"].unique()), covered], names=["area", "month"])
    full = frame.groupby(["area", "month"])["value"].sum().reindex(grid, fill_value=0).reset_index()
    full["financial_year"] = _financial_year(full["month"].dt.start_time)
    totals = full.groupby(["area", "financial_year"]).agg(
        value=("value", "sum"), months=("month", "size"), first=("month", "min"), last=("month", "max")).reset_index()
    totals["complete"] = totals["months"].eq(12)
    totals["source"] = MPS_SOURCE
    totals["label"] = [_label(fy, complete, first, last) for fy, complete, first, last in zip(
        totals["financial_year"], totals["complete"], totals["first"].dt.start_time, totals["last"].dt.start_time)]
    totals["value"] = totals["value"].astype(int)
    return totals[COLUMNS]


def _label(financial_year: str, complete: bool, first, last) -> str:
    if complete:
        return financial_year
    span = f"{first:%B %Y}" if first == last else f"{first:%B %Y} to {last:%B %Y}"
    return f"{financial_year} ({span} only)"


def continued_series(published: pd.DataFrame, totals: pd.DataFrame, *, area: str,
                     measure: str = "knife_injury_victims_1_24") -> pd.DataFrame:
    """One series for ``area``: the strategy's published years, then the Met's, each row
    labelled by its ``source``. ``published`` is ``loaders.published.published_figures()``."""
    figures = published[published["measure"] == measure]
    first = pd.DataFrame({
        "area": area, "financial_year": figures["period"], "value": figures["value"].astype(int),
        "source": PUBLISHED_SOURCE, "months": 12, "complete": True, "label": figures["period"],
    })
    later = totals[totals["area"] == area]
    joined = pd.concat([first, later], ignore_index=True)
    return joined.sort_values(["financial_year", "source"]).reset_index(drop=True)[COLUMNS]


def without_leading_part_years(series: pd.DataFrame) -> pd.DataFrame:
    """Drop each source's part years that come before its first complete year.

    The Met's extract starts in March 2022: one month of 2021-22, drawn as a year,
    would look like a fall to almost nothing. A part year at the end (the latest
    months) stays, marked as part of a year.
    """
    keep = []
    for _, frame in series.groupby(["area", "source"], sort=False):
        complete = frame.loc[frame["complete"], "financial_year"]
        first = complete.min() if not complete.empty else None
        keep.append(frame if first is None else frame[frame["financial_year"] >= first])
    return pd.concat(keep).sort_index() if keep else series
