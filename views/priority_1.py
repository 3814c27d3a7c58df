"""Priority 1, prevention and early intervention: when harm to children happens (the
after-school window), and the early-intervention measures."""

from __future__ import annotations

import streamlit as st

from figures.heatmap import busiest_hours, weekday_hour_heatmap, weekday_hour_table
from figures.lines import line_trend
from metrics.after_school import share_change_sentence
from metrics.measures import MEASURES, YOUTH_GROUPS
from strategy import PRIORITIES
from ui import data
from ui.components import chart_block, download, notes, page_start
from ui.outcomes import outcome_trends
from ui.scorecard import after_school_shares

INCIDENT_MEASURES = ("violent_incidents", "serious_youth_violence", "knife_injury_victims_1_24")
DASH = "\u2013"
DAYS = {"All days": (), "Term time": ("term_time",), "School holidays": ("school_holidays",)}

title, outcome = PRIORITIES[1]
page = page_start(f"Priority 1: {title}", f"Outcome: {outcome}.")

left, right = st.columns(2)
measure = left.selectbox("Count", INCIDENT_MEASURES, key="p1_measure", bind="query-params",
                         format_func=lambda m: MEASURES[m].title)
days = right.radio("Days", list(DAYS), key="p1_days", bind="query-params", horizontal=True,
                   help="Term dates: data/term_dates.csv, an approximation of the usual London pattern.")
scopes = DAYS[days]
notes(data.filter_notes(measure, page.filters))

st.header("When are children and young people harmed?")
grid = data.count_by(page.url, page.stamp, measure, "youth_weekday_hour", page.filters, scopes)
heatmaps = {}
for column, group in zip(st.columns(len(YOUTH_GROUPS)), YOUTH_GROUPS):
    shown = data.heatmap(grid[grid["youth_group"] == group])
    heatmaps[group] = shown
    peak = shown.dropna(subset=["value"]).sort_values("value", ascending=False).head(1)
    low, high = YOUTH_GROUPS[group]
    chosen_low, chosen_high = page.filters.age_range() or (0, None)
    nothing = False
    if chosen_low > high or (chosen_high is not None and chosen_high < low):
        sentence = f"None to show: age {page.filters.age_band} holds no {group.replace('-', DASH)}-year-olds."
        nothing = True
    elif not shown["suppressed"].any() and (peak.empty or peak["value"].iloc[0] == 0):
        sentence = "None recorded under these filters."
        nothing = True
    elif peak.empty or peak["value"].iloc[0] == 0:
        sentence = 'No busiest hour to show: the hours with victims read "<5" or "hidden" under these filters.'
    else:
        sentence = (f"Busiest hour: {('Mon','Tue','Wed','Thu','Fri','Sat','Sun')[peak['weekday'].iloc[0]]} "
                    f"{peak['hour'].iloc[0]:02d}:00 ({peak['display'].iloc[0]}).")
    with column:
        chart_block(
            None if nothing else weekday_hour_heatmap(shown, label="Victims"),
            question=f"When are {group.replace('-', DASH)}-year-olds harmed? ({days.lower()})",
            table=weekday_hour_table(shown), sentence=sentence,
            source=f"{MEASURES[measure].title}, {page.data_label}; outlined: the after-school window, "
                   "Monday to Friday 15:00\u201318:00.",
            as_of=page.as_of, key=f"heatmap-{group}",
        )
st.subheader("Which hours to cover first? The busiest, ranked")
st.caption("The ten weekday-hours with the most victims in each age group, as the heatmaps show them; a hidden count "
           "is not ranked (its place would hint at it).")
for column, group in zip(st.columns(len(YOUTH_GROUPS)), YOUTH_GROUPS):
    ranked = busiest_hours(heatmaps[group])
    with column:
        st.markdown(f"**{group.replace('-', DASH)}-year-olds**")
        st.dataframe(ranked, hide_index=True, width="stretch")
        download("Download CSV", ranked.to_csv(index=False).encode("utf-8"), file_name=f"busiest-hours-{group}.csv",
                 page="busiest-hours", key=f"download-busiest-{group}")
without_time, without_time_shown = data.count_without_time(page.url, page.stamp, measure, page.filters, scopes)
st.caption(f"{without_time_shown} records under these filters have no time of day "
           "(police.uk street crime gives only the month) and are left out of the hour views." if without_time else
           "Every record under these filters has a time of day.")

shares = after_school_shares(page, measure, scopes)
chart_block(
    line_trend(shares, x="financial_year", y="share_percent", y_title="% in the window",
               x_title="Financial year (April to March)", direction="The strategy wants a reduction \u25bc")
    if shares["share_percent"].notna().any() else None,
    question="What share of harm to 10\u201316-year-olds falls in the after-school window?",
    table=shares, sentence=share_change_sentence(shares, who="10\u201316-year-olds"),
    source=f"{MEASURES[measure].title}, {page.data_label}; window: Monday to Friday 15:00\u201318:00; "
           f"{days.lower()}; records with a time of day.",
    as_of=page.as_of, key="after-school-share",
)

st.header("Early intervention: how will we know we are making a difference?")
outcome_trends(page, 1)
