"""Priority 3, disrupting and pursuing: knife crime injury victims under 25, stop and
search (when, what for, with what outcome, and of whom against population), and the
Rescue and Response, disruption and prosecution measures."""

from __future__ import annotations

import streamlit as st

from figures.trends import financial_year_trend
from loaders.published import published_figures
from metrics.disclosure import complete_grid
from metrics.filters import Filters
from metrics.trends import complete_financial_years, no_verdict, shown_change, with_published
from strategy import PRIORITIES
from ui import data
from ui.knife_series import continued_knife_series
from ui.components import chart_block, page_start
from ui.outcomes import outcome_trends
from ui.stop_search import stop_and_search_section

title, outcome = PRIORITIES[3]
page = page_start(f"Priority 3: {title}", f"Outcome: {outcome}")
filters = page.filters

st.header("Knife crime injury victims aged under 25")
knife = complete_financial_years(
    data.count_by(page.url, page.stamp, "knife_injury_victims_1_24", "financial_year", filters), data_to=page.latest_day)
shown = data.safe(complete_grid(knife, {"financial_year": list(knife["financial_year"])}), ("financial_year",))
published = published_figures() if filters == Filters() else published_figures().iloc[:0]
by_year = with_published(shown, published, measure="knife_injury_victims_1_24")
change = shown_change(by_year, baseline="2019-20", higher_is_better=False)
if by_year.empty:  # nothing recorded and, under these filters, nothing published: no chart to draw
    st.info("No knife crime injury victims under 25 are recorded under these filters. The strategy's published "
            "figures are shown with no filters set.")
else:
    chart_block(
        financial_year_trend({"Knife crime injury victims under 25": by_year}, data_label=page.data_label,
                             y_title="Victims aged 1\u201324"),
        question="Are knife crime injury victims aged under 25 falling?",
        table=by_year[["financial_year", "display", "published"]].rename(
            columns={"display": "count_in_data", "published": "published_in_strategy"}),
        sentence=(f"{change.sentence()} Verdict: {change.verdict}." if change
                  else no_verdict(by_year, baseline="2019-20")),
        source=f"bars: {page.data_label}; diamonds: the strategy's published figures (shown without filters only).",
        as_of=page.as_of, key="knife-injury-under-25",
    )

continued_knife_series(page, key="knife-injury-victims-continued-p3")

stop_and_search_section(page)

st.header("Disruption, prosecution and Rescue and Response: how will we know we are making a difference?")
outcome_trends(page, 3)
