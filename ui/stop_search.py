"""Priority 3's stop and search section: when, what for, with what outcome, how often the
outcome is linked to the object, and who is searched against the population. The strategy
asks that stop and search be "used fairly, proportionally and respectfully"."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from figures.heatmap import weekday_hour_heatmap, weekday_hour_table
from figures.lines import category_bars, line_trend
from figures.palette import ORANGE, PURPLE
from metrics.disclosure import HIDDEN, complete_grid
from metrics.shares import latest_share_sentence, share_by_year
from metrics.filters import Filters
from ui import data
from ui.components import PageContext, chart_block, notes
from ui.population import by_ethnicity_against_population

SEARCHES = "stop_and_search"
POLICE_UK = "police.uk stop and search"


def stop_and_search_section(page: PageContext) -> None:
    """Every stop and search chart under the page's filters (a note says what the source cannot answer)."""
    filters = page.filters
    st.header("Stop and search: used fairly, proportionally and respectfully?")
    notes(data.filter_notes(SEARCHES, filters))
    months = data.count_by(page.url, page.stamp, SEARCHES, "month", filters)
    if months.empty:
        st.info("No stop and search records under these filters.")
        return
    # A month with no record at all in the loaded files is a month with no data (police.uk's
    # files have gaps), not a month with no searches: it is left as a gap, not drawn as zero.
    published = set(data.count_by(page.url, page.stamp, SEARCHES, "month", Filters())["month"])
    all_months = pd.date_range(months["month"].min(), months["month"].max(), freq="MS").date
    covered = [m for m in all_months if m in published]
    shown = data.safe(complete_grid(months, {"month": covered}), ("month",))
    gaps = [m for m in all_months if m not in published]
    if gaps:
        # Not hidden counts: with ``suppressed`` left empty, the chart ticked them as "<5" or hidden.
        unpublished = pd.DataFrame({"month": gaps, "suppressed": False, "display": "no data published"})
        shown = pd.concat([shown, unpublished], ignore_index=True).sort_values("month", ignore_index=True)
        st.caption(f"{len(gaps)} month{'s' if len(gaps) != 1 else ''} between the first and last have no stop and "
                   "search records in the loaded files: shown as gaps, not zeros.")
    chart_block(
        line_trend(shown.assign(month=pd.to_datetime(shown["month"]).dt.strftime("%b %Y")), x="month", y="value",
                   y_title="Searches", x_title="Month"),
        question="How many searches each month?",
        table=shown[["month", "display"]].rename(columns={"display": "searches"}),
        sentence=_latest_month(shown),
        source=f"{POLICE_UK} ({page.data_label}).", as_of=page.as_of, key="searches-by-month",
    )

    grid = data.count_by(page.url, page.stamp, SEARCHES, "weekday_hour", filters)
    shown = data.heatmap(grid)
    inside = shown[(shown["weekday"] < 5) & shown["hour"].between(15, 17)]
    total = int(grid["value"].sum())
    # A share needs the grand total: only when the table's totals are safe to show.
    in_window = (int(inside["value"].fillna(0).sum())
                 if not inside["suppressed"].any() and shown.attrs.get("totals_safe", True) else None)
    if not total:
        window_sentence = "No searches under these filters."
    elif in_window is None:
        window_sentence = ('The after-school share is not shown: some of the counts it needs read "<5" or "hidden" '
                           "under these filters.")
    else:
        window_sentence = f"{100 * in_window / total:.0f}% fall on weekdays between 15:00 and 18:00."
    left, right = st.columns([3, 2])
    with left:
        chart_block(
            weekday_hour_heatmap(shown, label="Searches"),
            question="When are searches made?", table=weekday_hour_table(shown),
            sentence=window_sentence,
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
                   x_title="Financial year (April to March)") if shares["share_percent"].notna().any() else None,
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
                  f"1,000 residents." if not highest.empty else
                  "No rates: no population by ethnic group is loaded for these areas and ages."
                  if rates["population"].fillna(0).sum() == 0 else "Too few searches to show rates."),
        source=f"{POLICE_UK} ({page.data_label}), self-defined ethnicity in five ONS groups; population: "
               f"{population_year} estimates of the same ages, sex and areas ('Not stated' has no population). "
               "Confidence intervals and disproportionality ratios are not shown here yet.",
        as_of=page.as_of, key="searches-by-ethnicity",
    )


def _latest_month(shown: pd.DataFrame) -> str:
    """The chart's sentence: the latest month's searches, as the table shows them."""
    display, month = shown["display"].iloc[-1], f"{pd.Timestamp(shown['month'].iloc[-1]):%B %Y}"
    if display == HIDDEN:
        return f"{month}'s count is hidden under these filters: beside another view, it would give a small one away."
    if display == "no data published":
        return f"No stop and search data is published for {month}."
    return f"{display} searches in {month}."
