"""Priority 3, disrupting and pursuing: knife crime injury victims under 25, stop and
search (when, what for, with what outcome, and of whom against population), and the
Rescue and Response, disruption and prosecution measures."""

from __future__ import annotations


import pandas as pd
import streamlit as st

from figures.heatmap import weekday_hour_heatmap, weekday_hour_table
from figures.lines import category_bars, line_trend
from figures.palette import ORANGE, PURPLE
from figures.trends import financial_year_trend
from loaders.published import published_figures
from metrics.disclosure import complete_grid
from metrics.filters import Filters
from metrics.shares import latest_share_sentence, share_by_year
from metrics.trends import complete_financial_years, shown_change, with_published
from strategy import PRIORITIES
from ui import data
from ui.components import chart_block, notes, page_start
from ui.outcomes import outcome_trends
from ui.population import by_ethnicity_against_population

SEARCHES = "stop_and_search"
POLICE_UK = "police.uk stop and search"

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
chart_block(
    financial_year_trend({"Knife crime injury victims under 25": by_year}, data_label=page.data_label,
                         y_title="Victims aged 1\u201324"),
    question="Are knife crime injury victims aged under 25 falling?",
    table=by_year[["financial_year", "display", "published"]].rename(
        columns={"display": "count_in_data", "published": "published_in_strategy"}),
    sentence=(f"{change.sentence()} Verdict: {change.verdict}." if change else "No verdict: too few to show."),
    source=f"bars: {page.data_label}; diamonds: the strategy's published figures (shown without filters only).",
    as_of=page.as_of, key="knife-injury-under-25",
)

st.header("Stop and search: used fairly, proportionally and respectfully?")
notes(data.filter_notes(SEARCHES, filters))
months = data.count_by(page.url, page.stamp, SEARCHES, "month", filters)
if months.empty:
    st.info("No stop and search records under these filters.")
    st.stop()
all_months = pd.date_range(months["month"].min(), months["month"].max(), freq="MS").date
shown = data.safe(complete_grid(months, {"month": list(all_months)}), ("month",))
chart_block(
    line_trend(shown.assign(month=pd.to_datetime(shown["month"]).dt.strftime("%b %Y")), x="month", y="value",
               y_title="Searches", x_title="Month"),
    question="How many searches each month?",
    table=shown[["month", "display"]].rename(columns={"display": "searches"}),
    sentence=f"{shown['display'].iloc[-1]} searches in {pd.Timestamp(shown['month'].iloc[-1]):%B %Y}.",
    source=f"{POLICE_UK} ({page.data_label}).", as_of=page.as_of, key="searches-by-month",
)

grid = data.count_by(page.url, page.stamp, SEARCHES, "weekday_hour", filters)
shown = data.safe(complete_grid(grid, {"weekday": range(7), "hour": range(24)}), ("weekday", "hour"))
inside = shown[(shown["weekday"] < 5) & shown["hour"].between(15, 17)]
total = int(grid["value"].sum())
# A share needs the grand total: only when the table's totals are safe to show.
in_window = (int(inside["value"].fillna(0).sum())
             if not inside["suppressed"].any() and shown.attrs.get("totals_safe", True) else None)
left, right = st.columns([3, 2])
with left:
    chart_block(
        weekday_hour_heatmap(shown, label="Searches"),
        question="When are searches made?", table=weekday_hour_table(shown),
        sentence=(f"{100 * in_window / total:.0f}% fall on weekdays between 15:00 and 18:00."
                  if in_window is not None and total else "Too few to show the after-school share."),
        source=f"{POLICE_UK} ({page.data_label}), local time.", as_of=page.as_of, key="searches-weekday-hour",
    )
with right:
    for dimension, question, colour in (("object_of_search", "What are people searched for?", ORANGE),
                                        ("outcome", "What happens after a search?", PURPLE)):
        counts = data.count_by(page.url, page.stamp, SEARCHES, dimension, filters)
        shown = data.safe(complete_grid(counts, {dimension: list(counts[dimension])}), (dimension,))
        top = shown.sort_values("value", ascending=False, na_position="last").iloc[0]
        chart_block(
            category_bars(shown, category=dimension, x_title="Searches", colour=colour),
            question=question, table=shown[[dimension, "display"]].rename(columns={"display": "searches"}),
            sentence=f"Most often: {top[dimension]} ({top['display']}).",
            source=f"{POLICE_UK} ({page.data_label}).", as_of=page.as_of, key=f"searches-by-{dimension}",
        )

linked = data.count_by(page.url, page.stamp, SEARCHES, "year_outcome_linked", filters)
shown = data.safe(complete_grid(linked, {"financial_year": sorted(set(linked["financial_year"])),
                                         "outcome_linked": [False, True]}), ("financial_year", "outcome_linked"))
shares = share_by_year(shown, flag="outcome_linked", yes="linked_to_object", no="not_linked")
chart_block(
    line_trend(shares, x="financial_year", y="share_percent", y_title="% of searches",
               x_title="Financial year (April to March)"),
    question="How often is the outcome linked to what the search was for?",
    table=shares, sentence=latest_share_sentence(shares, what="searches had an outcome linked to the object searched for"),
    source=f"{POLICE_UK} ({page.data_label}), 'outcome linked to object of search'.",
    as_of=page.as_of, key="searches-outcome-linked",
)

# Searches in the latest whole financial year against the population of the same ages, sex and areas.
rates, year, population_year = by_ethnicity_against_population(page.url, page.stamp, SEARCHES, filters,
                                                               latest_day=page.latest_day)
plotted = rates[rates["ethnicity"] != "Not stated"]
plotted = plotted.assign(value=plotted["rate_per_1000"], display=[
    f"{d} searches" if s else ("" if pd.isna(r) else f"{r:.1f}")
    for s, d, r in zip(plotted["suppressed"], plotted["display"], plotted["rate_per_1000"])])
highest = plotted.dropna(subset=["rate_per_1000"]).sort_values("rate_per_1000").tail(1)
chart_block(
    category_bars(plotted.rename(columns={"ethnicity": "Self-defined ethnicity"}), category="Self-defined ethnicity",
                  x_title=f"Searches per 1,000 residents, {year}"),
    question=f"Who is searched, against the population? ({year})",
    table=rates[["ethnicity", "display", "population", "rate_per_1000"]].rename(columns={"display": "searches"}),
    sentence=(f"Highest rate: {highest['ethnicity'].iloc[0]}, {highest['rate_per_1000'].iloc[0]:.1f} searches per "
              f"1,000 residents." if not highest.empty else "Too few to show rates."),
    source=f"{POLICE_UK} ({page.data_label}), self-defined ethnicity in five ONS groups; population: "
           f"{population_year} estimates of the same ages, sex and areas ('Not stated' has no population). "
           "Confidence intervals and ratios are on the equality monitoring page.",
    as_of=page.as_of, key="searches-by-ethnicity",
)

st.header("Disruption, prosecution and Rescue and Response: how will we know we are making a difference?")
outcome_trends(page, 3)
