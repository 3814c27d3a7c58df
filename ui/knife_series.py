"""The strategy's knife-injury series continued with the Met's own borough figures."""

from __future__ import annotations

import streamlit as st

from figures.knife_series import knife_injury_series
from loaders.base import BOROUGH_NAME
from loaders.published import published_figures
from metrics.knife_series import MPS_SOURCE, continued_series, financial_year_totals, without_leading_part_years
from ui import data
from ui.components import PageContext, chart_block

STRATEGY_TABLE = "Tower Hamlets VVE Strategy 2021-24, table 'Year (April to March)'"


def continued_knife_series(page: PageContext, *, key: str = "knife-injury-victims-continued") -> None:
    """Knife crime injury victims aged 1-24: published to 2019-20, then the Met's dashboard.

    The Met's figures count the whole borough, so the shared filters do not apply to them.
    """
    monthly, first_month, last_month = data.knife_crime_by_borough(page.url, page.stamp)
    st.subheader("Knife crime injury victims aged 1\u201324, continued past 2019-20")
    if monthly.empty:
        st.caption("Load the Met's monthly crime dashboard extract (`python -m loaders ingest mps-knife-crime FILE`, "
                   "or the Load data page) to continue the strategy's published series with the Met's own figures.")
        return
    totals = financial_year_totals(monthly, first_month=first_month, last_month=last_month)
    continued = continued_series(published_figures(), totals, area=BOROUGH_NAME)
    others = sorted(a for a in totals["area"].unique() if a != BOROUGH_NAME)
    compare = st.multiselect("Compare with other London boroughs", others, key=f"{key}-compare",
                             placeholder="Choose boroughs")
    latest = continued[(continued["source"] == MPS_SOURCE) & continued["complete"]].tail(1)
    chart_block(
        knife_injury_series(without_leading_part_years(continued), comparison=totals[totals["area"].isin(compare)],
                            area=BOROUGH_NAME),
        question="Has the fall in knife injuries to young people held since the strategy?",
        table=continued.drop(columns=["months"]),
        sentence=(f"{BOROUGH_NAME}: {int(latest['value'].iloc[0]):,} victims in {latest['label'].iloc[0]}, the "
                  "latest full year on the Met's dashboard, against 90 in 2019-20 as the strategy published it."
                  if not latest.empty else "No Met figures for the borough."),
        source=(f"diamonds: {STRATEGY_TABLE}; circles: Metropolitan Police Service, Monthly Crime Dashboard "
                f"(London Datastore), {first_month:%B %Y} to {last_month:%B %Y}; a hollow circle is a part year "
                "(the table has every year). The two are different extracts: compare the trend, not the level."),
        as_of=page.as_of, key=key,
    )
