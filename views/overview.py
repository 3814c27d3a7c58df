"""Overview: is the strategy working? Headline trends against the 2019-20 baseline."""

from __future__ import annotations

import streamlit as st

from figures.trends import financial_year_trend
from loaders.published import published_figures
from metrics.disclosure import HIDDEN, complete_grid
from metrics.filters import Filters
from metrics.measures import MEASURES
from metrics.trends import complete_financial_years, latest_shown, no_verdict, shown_change, with_published
from ui import data
from ui.knife_series import continued_knife_series
from ui.components import chart_block, definition, page_start

BASELINE = "2019-20"
HEADLINES = ("serious_youth_violence", "knife_injury_victims_1_24", "knife_injury_victims_1_24_not_da")
STRATEGY_TABLE = "Tower Hamlets VVE Strategy 2021-24, table 'Year (April to March)'"

page = page_start("Is the strategy working?",
                  "Serious youth violence and knife crime injury victims aged 1\u201324, each financial "
                  f"year, against the strategy's {BASELINE} baseline.")
filters = page.filters
# The published figures are for the whole borough and every victim: beside filtered data they mislead.
published = published_figures() if filters == Filters() else published_figures().iloc[:0]
if filters != Filters():
    st.caption("The strategy's published figures are shown only without filters: they count the whole borough.")

by_year, changes, sentences = {}, {}, {}
for name in HEADLINES:
    counts = complete_financial_years(data.count_by(page.url, page.stamp, name, "financial_year", filters),
                                      data_to=page.latest_day)
    shown = data.safe(complete_grid(counts, {"financial_year": list(counts["financial_year"])}), ("financial_year",))
    by_year[name] = with_published(shown, published, measure=name)
    changes[name] = shown_change(by_year[name], baseline=BASELINE, higher_is_better=False)
    sentences[name] = changes[name].sentence() if changes[name] else no_verdict(by_year[name], baseline=BASELINE)

for column, name in zip(st.columns(len(HEADLINES)), HEADLINES):
    change = changes[name]
    with column.container(border=True):
        if change is None:  # the latest year as it reads ("<5", "hidden" or its count), and why no verdict
            latest = latest_shown(by_year[name])
            if latest is None:
                st.metric(MEASURES[name].title, "no data")
            else:
                st.metric(f"{MEASURES[name].short_title}, {latest[0]}", latest[1], help=MEASURES[name].definition)
            st.caption(sentences[name])
            continue
        st.metric(
            f"{MEASURES[name].short_title}, {change.latest_label}", f"{change.latest:,}",
            delta=None if change.percent is None else f"{change.percent:+.0f}% on {BASELINE}",
            delta_color="off", help=MEASURES[name].definition,
        )
        st.markdown(f"**Verdict: {change.verdict}.** {change.sentence()}")
        st.caption(change.certainty())

if filters.age_band and any((shown["display"] == HIDDEN).any() for shown in by_year.values()):
    # The rule of neighbouring filters hides the narrower of two age choices: say which to pick.
    st.info(f"Some years read \"hidden\" at ages {filters.age_band.replace('-', chr(8211))}. Each count is also "
            "compared with the same count at every wider age choice (1\u201324, the strategy's ages), and hidden "
            "where the difference could give 1 to 4 victims away: choose All ages in the sidebar's age band to "
            "see more of them.", icon=":material/visibility_off:")

definition("Serious violence affecting young people",
           label="What does \u201cserious youth violence\u201d mean here?")


def _table(frame):
    return frame[["financial_year", "display", "published"]].rename(
        columns={"display": "count_in_data", "published": "published_in_strategy"})


st.header("Year by year")
syv = by_year["serious_youth_violence"]
chart_block(
    financial_year_trend({"Serious youth violence": syv}, data_label=page.data_label,
                         y_title="Victims aged 1\u201324"),
    question="Is serious youth violence falling?",
    table=_table(syv),
    sentence=sentences["serious_youth_violence"],
    source=f"bars: {page.data_label}; diamonds: {STRATEGY_TABLE}.",
    as_of=page.as_of, key="serious-youth-violence-by-year",
)

knife_all, knife_not_da = by_year["knife_injury_victims_1_24"], by_year["knife_injury_victims_1_24_not_da"]
chart_block(
    financial_year_trend(
        {"Knife crime injury victims 1\u201324": knife_all, "Not domestic abuse": knife_not_da},
        data_label=page.data_label, y_title="Victims aged 1\u201324",
    ),
    question="Are knife crime injuries to young people falling?",
    table=_table(knife_all).merge(_table(knife_not_da), on="financial_year",
                                  suffixes=("_all", "_not_domestic_abuse"), how="outer"),
    sentence=sentences["knife_injury_victims_1_24"],
    source=f"bars: {page.data_label}; diamonds: {STRATEGY_TABLE}.",
    as_of=page.as_of, key="knife-injury-victims-by-year",
)

continued_knife_series(page)
