"""Priority 2, protection and support: where harm happens (map, location types, repeat
locations), the victim age profile past 18, and incidents at key places and times."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd
import streamlit as st

import config
from figures.lines import band_bars, line_trend
from figures.maps import places_deck
from figures.palette import SKY
from figures.trends import financial_year_trend
from metrics.disclosure import HIDDEN, complete_grid
from metrics.measures import MEASURES
from metrics.places import (age_profile, cells_with_area, per_year_text, profile_bands, repeat_locations,
                            repeat_locations_shown, share_aged_18_plus)
from metrics.periods import ALL_YEARS, Period, period_of, year_filters, year_of
from metrics.trends import complete_financial_years, latest_whole_year, no_verdict, shown_change
from strategy import PRIORITIES
from ui import data
from ui.components import chart_block, download, notes, page_start
from ui.filters import AGE_LABELS

INCIDENT_MEASURES = ("violent_incidents", "serious_youth_violence", "knife_injury_victims_1_24", "street_crime")
RESOLUTIONS = {7: "Large (about 5 km\u00b2)", 8: "Medium (about 0.7 km\u00b2)", 9: "Small (about 0.1 km\u00b2)"}

title, outcome = PRIORITIES[2]
page = page_start(f"Priority 2: {title}", f"Outcome: {outcome}")
filters = page.filters
measure = st.selectbox("Count", INCIDENT_MEASURES, key="p2_measure", bind="query-params",
                       format_func=lambda m: MEASURES[m].title)
notes(data.filter_notes(measure, filters))

st.header("Where does harm happen?")
resolution = st.radio("Hexagon size", list(RESOLUTIONS), index=1, key="p2_resolution", bind="query-params",
                      horizontal=True, format_func=RESOLUTIONS.get)
names = data.area_choices(page.url, page.stamp).drop_duplicates("area_code").set_index("area_code")["name"]
raw_cells = cells_with_area(data.count_by(page.url, page.stamp, measure, f"h3_{resolution}_area", filters),
                            cell=f"h3_{resolution}", threshold=data.threshold())
cells = data.safe(raw_cells, ("cell",))
cells["area_name"] = cells["area"].map(names).astype(object).fillna("outside the loaded areas")

# Repeat locations: cells with incidents in at least 3 of the last 12 months of the chosen period.
# The window ends at this measure's own latest month: sources end at different times.
measure_months = data.count_by(page.url, page.stamp, measure, "month", filters)
measure_last = (pd.Timestamp(measure_months["month"].max()) + pd.offsets.MonthEnd(0)).date() \
    if not measure_months.empty else None
last_day = filters.date_to or measure_last or page.latest_day or dt.date.today()
window_start = (pd.Timestamp(last_day).to_period("M") - 11).start_time.date()
recent = replace(filters, date_from=max(window_start, filters.date_from or window_start), date_to=last_day)
window = f"the 12 months from {window_start:%B %Y} to {last_day:%B %Y}"
if data.threshold() > 1 and measure_months.empty:  # none to find: read the viewer's own year or years (metrics.periods)
    recent = filters
elif data.threshold() > 1:  # a viewer's window is a whole financial year (metrics.periods)
    first_data_day, last_data_day = data.date_range(page.url, page.stamp)
    period = period_of(filters, first_day=first_data_day, last_day=last_data_day) or ALL_YEARS
    year = latest_whole_year(sorted({year_of(m) for m in pd.to_datetime(measure_months["month"]).dt.date
                                     if period.covers(year_of(m))}), last_day=measure_last)
    recent = year_filters(filters, Period(year, year), first_day=first_data_day, last_day=last_data_day)
    window = f"the months of the financial year {year}"
repeat = repeat_locations(data.count_by(page.url, page.stamp, measure, f"h3_{resolution}_month", recent),
                          cell=f"h3_{resolution}")
repeat_shown = (repeat_locations_shown(data.safe(repeat, ("cell",))) if not repeat.empty
                else repeat.assign(display=[], suppressed=[], months_shown=[]))
repeat_shown["area"] = repeat_shown["cell"].map(dict(zip(cells["cell"], cells["area_name"])))

shown_cells = cells[~cells["suppressed"] & (cells["value"].fillna(0) > 0)]
st.subheader(f"Where are {MEASURES[measure].unit} concentrated?")
top = shown_cells.sort_values("value", ascending=False).head(1)
area_shapes, schools = data.area_shapes(page.url, page.stamp), data.schools(page.url, page.stamp)
nothing_to_draw = raw_cells.empty and area_shapes.empty and schools.empty
if not top.empty:
    st.markdown(f"**{len(shown_cells):,} hexagon{'' if len(shown_cells) == 1 else 's'} drawn; the busiest is in "
                f"{top['area_name'].iloc[0]} ({top['display'].iloc[0]}).**")
elif nothing_to_draw:
    st.markdown("**No incidents are recorded under these filters, and no boundaries or schools are loaded: there "
                "is no map to draw.**")
elif raw_cells.empty:
    st.markdown("**No incidents are recorded under these filters: the map shows the loaded boundaries and schools.**")
else:
    st.markdown("**Too few to draw: every hexagon holds fewer than the smallest number that may be shown.**")
if not nothing_to_draw:
    st.pydeck_chart(
        places_deck(cells, areas=area_shapes, schools=schools, repeat=repeat_shown,
                    basemap_style=config.setting("VVE_BASEMAP_STYLE"), what=MEASURES[measure].unit),
        height=520, key="places-map",
    )
    st.caption(f"Colour: {MEASURES[measure].unit} per hexagon (darker purple fewest, yellow most); orange dots: "
               f"schools; black outlines: repeat locations. Hexagons with fewer than {data.threshold()} are not "
               f"drawn. Source: {page.data_label}. {page.as_of}.")
cell_table = shown_cells.sort_values("value", ascending=False)[["cell", "area_name", "display"]].rename(
    columns={"cell": f"h3_cell_resolution_{resolution}", "display": MEASURES[measure].unit})
left, right = st.columns([1, 3])
download("Download CSV", cell_table.to_csv(index=False).encode("utf-8"), file_name="places-map.csv",
         page="places-map", key="download-places-map", where=left)
with right.expander("Show as a table"):
    st.dataframe(cell_table, hide_index=True, width="stretch")

st.subheader("Which places keep coming back? (repeat locations)")
if measure_months.empty:  # no window to speak of: no records under these filters at all
    st.markdown(f"**No {MEASURES[measure].unit} are recorded under these filters, so there are no repeat "
                "locations.**")
else:
    st.markdown(f"**{len(repeat_shown):,} hexagon{'' if len(repeat_shown) == 1 else 's'} had incidents in at least 3 "
                f"of {window}.**")
repeat_table = repeat_shown[["rank", "area", "cell", "months_shown", "display"]].rename(
    columns={"display": MEASURES[measure].unit, "cell": f"h3_cell_resolution_{resolution}",
             "months_shown": "months_with_incidents"})
st.dataframe(repeat_table.head(20), hide_index=True, width="stretch")
download("Download CSV", repeat_table.to_csv(index=False).encode("utf-8"), file_name="repeat-locations.csv",
         page="repeat-locations", key="download-repeat-locations")

if "location_type" not in MEASURES[measure].columns:
    st.info(f"{MEASURES[measure].title} records no location type, victim age or time of day, so the sections on "
            "kinds of place, victims' ages and key times count victim-level incidents: choose one of those "
            "measures above to see them.")
    st.stop()

by_type = data.count_by(page.url, page.stamp, measure, "year_location_type", filters)
years = complete_financial_years(pd.DataFrame({"financial_year": sorted(set(by_type["financial_year"]))}),
                                 data_to=page.latest_day)["financial_year"].tolist()
shown = data.safe(complete_grid(by_type, {"financial_year": years,
                                          "location_type": sorted(set(by_type["location_type"]))}),
                  ("financial_year", "location_type"))
latest = shown[shown["financial_year"] == (years[-1] if years else None)].dropna(subset=["value"])
latest = latest[latest["value"] > 0]  # "most were at" a place with none shown would mislead
if not latest.empty:
    sentence = (f"In {years[-1]} most were at: {latest.sort_values('value').iloc[-1]['location_type']} "
                f"({latest.sort_values('value').iloc[-1]['display']}).")
else:
    sentence = (f"No {MEASURES[measure].unit} are recorded under these filters." if by_type.empty
                else "Too few to show.")
chart_block(
    line_trend(shown, x="financial_year", y="value", series="location_type", y_title=MEASURES[measure].unit.capitalize(),
               x_title="Financial year (April to March)", height=460) if shown["value"].notna().any() else None,
    question="What kinds of place, and is that changing?",
    table=shown.pivot(index="financial_year", columns="location_type", values="display").reset_index(),
    sentence=sentence,
    source=f"{MEASURES[measure].title}, {page.data_label}; location type as recorded.", as_of=page.as_of,
    key="location-types-by-year",
)

st.header("Harm does not stop at 18")
# The bands from 10 to 24 the sidebar's age band holds, each its own age choice's count, read as
# that choice's trend reads it: the profile shows no count the Overview at that band does not.
bands = profile_bands(filters.age_range())
if not bands:
    st.info(f"The age band chosen, {AGE_LABELS.get(filters.age_band, filters.age_band)}, holds no age from 10 to "
            "24, the ages this chart follows: choose All ages in the sidebar's age band to see it.",
            icon=":material/info:")
else:
    profile = age_profile([
        (label, low, high, data.safe(data.count_by(page.url, page.stamp, measure, "total",
                                                   replace(filters, age_band=label)), ()).iloc[0])
        for label, low, high in bands])
    youngest, oldest = bands[0][1], bands[-1][2]
    both_sides = youngest < 18 <= oldest
    adults = share_aged_18_plus(profile) if both_sides else None
    span = f"{youngest}\u2013{oldest}"
    if not both_sides:
        sentence = (f"Every age in the band chosen ({span}) is {'18 or older' if youngest >= 18 else 'under 18'}: "
                    "choose All ages in the sidebar's age band to compare the two.")
    elif (profile["display"] == "0").all():
        sentence = f"No {MEASURES[measure].unit} aged {span} are recorded under these filters."
    elif adults is None:
        sentence = "Some ages read \"hidden\" or \"<5\", so no share is given."
    else:
        sentence = f"{adults:.0f}% of victims aged {span} were 18 or older."
        per_year = profile.set_index("ages")["per_year"]
        if {"17", "18-20"} <= set(per_year.index) and per_year[["17", "18-20"]].notna().all():
            sentence += (f" Aged 18 to 20: {per_year_text(per_year['18-20'])} victims a year of age, against "
                         f"{per_year_text(per_year['17'])} aged 17.")
    chart_block(
        band_bars(profile, x_title="Victim's age (years)", y_title="Victims a year of age", adult_colour=SKY,
                  birthday=both_sides) if (profile["display"] != "0").any() else None,
        question=f"How old are the victims, from {youngest} to {oldest}?",
        table=profile[["ages", "display", "years", "per_year"]].rename(columns={
            "display": "victims", "years": "years of age", "per_year": "victims a year of age"}),
        sentence=sentence,
        source=f"{MEASURES[measure].title}, {page.data_label}; victim's age as recorded, in the strategy's age bands "
               "(each bar is its band's victims over its years of age, so that the one year of 17 compares with "
               "the three of 18 to 20).", as_of=page.as_of,
        key="victim-age-profile",
    )
    if (profile["display"] == HIDDEN).any():
        st.info("Some ages read \"hidden\". Each band's count is the one the pages show under that age band, "
                "compared with the same count at every wider age band and under the filters one step from "
                "yours, and hidden wherever that could give a small number away.",
                icon=":material/visibility_off:")

st.header("Key locations at key times")
key = complete_financial_years(data.count_by(page.url, page.stamp, measure, "financial_year", filters,
                                             ("near_school", "after_school_window")), data_to=page.latest_day)
shown = data.safe(complete_grid(key, {"financial_year": years}), ("financial_year",))
change = shown_change(shown, baseline="2019-20", higher_is_better=False)
chart_block(
    financial_year_trend({"Near a school, weekdays 15:00\u201318:00": shown}, data_label=page.data_label,
                         y_title=MEASURES[measure].unit.capitalize()) if shown["value"].notna().any() else None,
    question="Are reported incidents near schools in the after-school period falling?",
    table=shown[["financial_year", "display"]].rename(columns={"display": MEASURES[measure].unit}),
    sentence=(f"{change.sentence()} Verdict: {change.verdict}." if change else no_verdict(shown, baseline="2019-20")),
    source=f"{MEASURES[measure].title}, {page.data_label}; near a school as flagged at load; the strategy's measure: "
           "\u201creported incidents of violence or exploitation in key locations or at key times (such as the "
           "after-school period)\u201d.",
    as_of=page.as_of, key="near-schools-after-school",
)
