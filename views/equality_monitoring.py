"""Equality monitoring: who is harmed, against population, and is stop and search fair?"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import streamlit as st

from figures.equality import rates_with_intervals, ratio_trend
from metrics.disclosure import HIDDEN, complete_grid, suppress
from metrics.equality import outcome_shares, rates_against
from metrics.filters import AGE_CHOICES, ETHNIC_GROUPS, SEXES, Filters
from metrics.intervals import RateRatio, ratio_sentence
from metrics.trends import whole_years
from access import Role
from storage.equality_queries import POLICE_UK_AGE_RANGES, bands_between
from strategy import STRATEGY_TITLE
from ui import access, data
from ui.components import download, page_start, protection_sentence, tables_zip
from ui.filters import describe

PAGE = "Equality monitoring"
GROUPS = [g for g in ETHNIC_GROUPS if g != "Not stated"]
VICTIM_MEASURES = {
    "Victims of serious youth violence": "serious_youth_violence",
    "Knife crime injury victims": "knife_injury_victims_1_24",
    "Victims of any recorded violence": "violent_incidents",
}
# 1-24 first: the strategy's definition of serious youth violence and of knife injury victims.
AGES = ["1-24", "10-24", "10-17", "10-16", "18-24", "Under 18"]
SEARCH_AGES = {"All ages": None, "10-17": "10-17", "18-24": "18-24"}
# How a number a table lacks reads: a rate, share, interval or ratio not shown (``table``).
NOT_SHOWN = "\u2013"

page = page_start(
    "Who is harmed, and is stop and search used fairly?",
    "Rates per 1,000 population with 95% confidence intervals (Byar's method from 10 events, exact Poisson "
    "below; Wilson for proportions), and ratios to a reference group you choose.",
)
url, stamp, as_of, is_synthetic, filters = page.url, page.stamp, page.as_of, page.is_synthetic, page.filters
threshold = access.threshold()
years = data.population_years(url, stamp)
if not years:
    st.info("No population figures are loaded, so no rates can be shown. An administrator loads them on the "
            "Load data page or with python -m loaders ingest population.")
    st.stop()
st.caption("Rates need whole financial years, so this page counts the financial year chosen below rather than "
           "the sidebar's dates. The sidebar's areas, offence group, sex (for the table by ethnicity) and "
           "ethnicity (for the table by sex) apply.")


def people(year: int, by: str, *, age_bands: tuple[str, ...], narrowed: Filters) -> pd.DataFrame:
    """Population by ``by`` as columns group, population."""
    frame = data.population_by(url, stamp, by, year=year, filters=narrowed, age_bands=age_bands)
    return frame.rename(columns={by: "group"})


def table_download(table: pd.DataFrame, name: str) -> None:
    download(f"Download {name} (CSV)", table.to_csv(index=False).encode("utf-8"), file_name=f"{name}.csv", page=PAGE,
             key=f"download-{name}")


# Every table the page shows, by its file's name: downloaded together for the annual review.
review_tables: dict[str, pd.DataFrame] = {}


def table(frame: pd.DataFrame, name: str, *, decimals: int = 2) -> None:
    """``frame`` on the page, whole numbers with thousands separators and the rest to ``decimals``
    places, a number it lacks read as a dash and said why beneath; and its CSV (where the same
    number is an empty cell)."""
    formats = {column: st.column_config.NumberColumn(
        format="localized" if pd.api.types.is_integer_dtype(frame[column]) else f"%.{decimals}f")
        for column in frame.columns if pd.api.types.is_numeric_dtype(frame[column])}
    st.dataframe(frame, hide_index=True, width="stretch", column_config=formats, placeholder=NOT_SHOWN)
    review_tables[name] = frame
    if frame.isna().to_numpy().any():
        hidden = f"a count it comes from reads \"hidden\" or \"<{threshold}\", " if threshold > 1 else ""
        st.caption(f"{NOT_SHOWN} not shown: {hidden}the reference group's interval for its ratio to itself (1 by "
                   "definition), or a rate or ratio with nothing to divide by.")
    table_download(frame, name)


def percent(shares: pd.Series) -> pd.Series:
    """Proportions (0 to 1) as percentages to one decimal place."""
    return (100 * shares).round(1)


def rate_table_for_people(shown: pd.DataFrame, label: str) -> pd.DataFrame:
    return pd.DataFrame({
        label: shown["group"], "Count": shown["display"], "Population": shown["population"],
        "Rate per 1,000": shown["rate"].round(2), "95% CI from": shown["rate_lower"].round(2),
        "95% CI to": shown["rate_upper"].round(2), "Ratio to reference": shown["ratio"].round(2),
        "Ratio 95% CI from": shown["ratio_lower"].round(2), "Ratio 95% CI to": shown["ratio_upper"].round(2),
    })


# Who a table by ethnicity counts, under the sidebar's sex: said in its heading and sentence,
# so that a sentence read aloud does not make girls' rates everyone's.
VICTIMS_OF_SEX = {None: "young people", "Female": "girls and young women", "Male": "boys and young men"}
SEARCHED_OF_SEX = {None: "people", "Female": "women and girls", "Male": "men and boys"}


def noun_phrase(noun: str) -> dict[str, str]:
    """``strongest_ratio_sentence``'s ``who`` and ``people`` for ``noun``: "young people" gives
    "young Black people"; "girls and young women" gives "Black girls and young women"."""
    return {"who": "young", "people": "people"} if noun == "young people" else {"who": "", "people": noun}


def strongest_ratio_sentence(shown: pd.DataFrame, *, reference: str, who: str, verb: str,
                             people: str = "people") -> str:
    others = shown[(shown["group"] != reference) & shown["ratio"].notna()]
    if others.empty:
        return "No group can be compared with the reference group here: counts are too small or missing."
    row = others.loc[(others["ratio"] - 1).abs().idxmax()]
    ratio = RateRatio(row["ratio"], row["ratio_lower"], row["ratio_upper"])
    group = f"{who} {row['group']} {people}".strip()
    return ratio_sentence(group=group[0].upper() + group[1:],
                          reference=f"{who} {reference} {people}".strip(), ratio=ratio, verb=verb)


# --- victims -------------------------------------------------------------------------------
st.header("Victims, by ethnicity and sex, against population")
left, middle, right, far = st.columns(4)
measure_label = left.selectbox("Measure", list(VICTIM_MEASURES), key="eq_measure", bind="query-params")
fy = middle.selectbox("Financial year", whole_years(years, last_day=page.latest_day or dt.date.today()), key="eq_year", bind="query-params")
age_options = AGES + ([filters.age_band] if filters.age_band and filters.age_band not in AGES else [])
ages = right.selectbox("Ages", age_options, key="eq_ages", bind="query-params",
                       index=age_options.index(filters.age_band) if filters.age_band else 0)
reference = far.selectbox("Reference group", GROUPS, index=GROUPS.index("White"), key="eq_reference",
                          bind="query-params")

year = int(fy[:4])
victims = dataclasses.replace(filters, date_from=dt.date(year, 4, 1), date_to=dt.date(year + 1, 3, 31), age_band=ages)
measure = VICTIM_MEASURES[measure_label]
source = (f"Source: {'synthetic demo data' if is_synthetic else 'recorded incidents'}; population {year}"
          f"{' (synthetic)' if is_synthetic else ''}. Victims whose ethnicity was not stated are in no group. {as_of}.")


def victim_rates(age_choice: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The victims' rates by ethnic group (of the sidebar's sex) and by sex (of its ethnic
    group) at ``age_choice``, in the chosen year and the sidebar's areas and offence group;
    counts and population cover exactly the same ages."""
    chosen = dataclasses.replace(victims, age_band=age_choice)
    age_bands = bands_between(*AGE_CHOICES[age_choice])
    of_ethnicity = dataclasses.replace(chosen, ethnicity=None, ethnicity_detail=None)
    of_sex = dataclasses.replace(chosen, sex=None)
    return (rates_against(data.equality_counts(url, stamp, measure, "ethnicity", of_ethnicity),
                          people(year, "ethnicity", age_bands=age_bands, narrowed=of_ethnicity),
                          reference=reference, threshold=threshold, groups=GROUPS),
            rates_against(data.equality_counts(url, stamp, measure, "sex", of_sex),
                          people(year, "sex", age_bands=age_bands, narrowed=of_sex),
                          reference="Female", threshold=threshold, groups=list(SEXES)))


# A narrower age choice beside a wider one that holds only ages 1 to 9 more: the two differ by
# the youngest victims, few in any group, so the narrower is hidden (metrics.families).
YOUNGEST_APART = {"10-24": "1-24", "10-17": "Under 18"}
SEXES_RATED = {0: "neither sex", 1: "one sex", 2: "both sexes"}


def where_rates_show(current: str) -> None:
    """Why some counts at ``current`` read "hidden", and at which of the page's age choices the
    most groups have a rate under the same filters, with a button to switch to it: an
    equality lead asked for 10-24 finds where the year's rates can be read."""
    rated = {age: tuple(int(frame["rate"].notna().sum()) for frame in victim_rates(age)) for age in age_options}
    best = max(age_options, key=lambda age: (sum(rated[age]), -age_options.index(age)))
    better = sum(rated[best]) > sum(rated[current])
    why = (f" (beside {YOUNGEST_APART[current]}, a count at {current} would give away its 1 to 4 victims aged 1 "
           "to 9)" if current in YOUNGEST_APART else "")
    advice = f"Choose {best} to see the most." if better else "No other age choice shows more of them here."
    listed = "; ".join(f"{age}: {rated[age][0]} of {len(GROUPS)} ethnic groups and {SEXES_RATED[rated[age][1]]}"
                       for age in sorted(age_options, key=lambda a: -sum(rated[a])))
    st.info(f"Some counts at ages {current} read \"hidden\": beside counts you can open at other ages or under "
            f"other filters, each would let a small number be worked out{why}. {advice} Groups with a rate in "
            f"{fy}, by age choice: {listed}.", icon=":material/visibility_off:")
    if better:
        st.button(f"Show ages {best}", key="eq_show_best_ages", on_click=choose_ages, args=(best,))


def choose_ages(age_choice: str) -> None:
    st.session_state["eq_ages"] = age_choice


by_ethnicity, by_sex = victim_rates(ages)
victims_noun = VICTIMS_OF_SEX[filters.sex]
st.subheader(f"Which {victims_noun} are most often victims? By ethnicity, ages {ages}, {fy}")
victims_sentence = strongest_ratio_sentence(by_ethnicity, reference=reference, verb="victims",
                                            **noun_phrase(victims_noun))
st.markdown(f"**{victims_sentence}**")
st.plotly_chart(rates_with_intervals(by_ethnicity, x_title=f"{measure_label}<br>per 1,000 people aged {ages}",
                                     reference=reference), width="stretch", key="eq-ethnicity-chart")
ethnicity_table = rate_table_for_people(by_ethnicity, "Ethnic group")
table(ethnicity_table, "victims-by-ethnicity")
st.caption(source)

if any((frame["display"] == HIDDEN).any() for frame in (by_ethnicity, by_sex)):
    where_rates_show(ages)
st.subheader(f"Are boys and young men harmed more often than girls and young women? Ages {ages}, {fy}")
st.markdown(f"**{strongest_ratio_sentence(by_sex, reference='Female', who='', verb='victims')}**"
            .replace("Male people", "Boys and young men").replace("Female people", "girls and young women"))
st.plotly_chart(rates_with_intervals(by_sex, x_title=f"{measure_label}<br>per 1,000 people aged {ages}",
                                     reference="Female"), width="stretch", key="eq-sex-chart")
sex_table = rate_table_for_people(by_sex, "Sex")
table(sex_table, "victims-by-sex")
st.caption(source)

# --- stop and search -------------------------------------------------------------------------
st.header("Stop and search: used fairly, proportionally and respectfully?")
st.caption("The strategy: \u201censuring that stop and search measures are seen to be used fairly, "
           "proportionally and respectfully\u201d. Ethnicity is as the person searched defined it.")
# The sidebar's age band where police.uk records it (10-17, 18-24), as the victims' ages follow it.
search_age_values = list(SEARCH_AGES.values())
search_ages = st.radio("Ages searched", list(SEARCH_AGES), horizontal=True, key="eq_search_ages",
                       bind="query-params",
                       index=search_age_values.index(filters.age_band) if filters.age_band in search_age_values else 0)
age_range = SEARCH_AGES[search_ages]
search_bands = POLICE_UK_AGE_RANGES.get(age_range) or bands_between(0, None)
criteria = {"date_from": dt.date(year, 4, 1), "date_to": dt.date(year + 1, 3, 31), "age_range": age_range,
            "areas": filters.areas, "gender": filters.sex}
searched_people = dataclasses.replace(Filters(), areas=filters.areas, sex=filters.sex)
searches = data.searches_by_ethnicity(url, stamp, **criteria)
search_rates = rates_against(searches, people(year, "ethnicity", age_bands=search_bands, narrowed=searched_people),
                             reference=reference, threshold=threshold, groups=GROUPS)
who = "young" if age_range else ""
st.subheader(f"Who is searched most often, for their numbers? {search_ages}, {fy}")
searched_sentence = strongest_ratio_sentence(search_rates, reference=reference, who=who, verb="searched",
                                             people=SEARCHED_OF_SEX[filters.sex])
st.markdown(f"**{searched_sentence}**")
st.plotly_chart(rates_with_intervals(search_rates, x_title="Searches per 1,000 people", reference=reference),
                width="stretch", key="eq-search-chart")
search_table = rate_table_for_people(search_rates, "Self-defined ethnic group")
table(search_table, "searches-by-ethnicity")
st.caption(f"Source: {'synthetic records in police.uk columns' if is_synthetic else 'police.uk stop and search'}; "
           f"police.uk records ages only as ranges (10\u201317, 18\u201324), so only those ranges can be chosen. {as_of}.")

st.subheader("When people are searched, how often is something found?")
shares = outcome_shares(searches, threshold=threshold, groups=GROUPS)
share_table = pd.DataFrame({
    "Self-defined ethnic group": shares["group"], "Searches": shares["display"],
    "Positive outcome": shares["positive_display"], "% positive": percent(shares["positive_share"]),
    "95% CI from": percent(shares["positive_lower"]), "95% CI to": percent(shares["positive_upper"]),
    "Outcome linked to object searched for": shares["linked_display"], "% linked": percent(shares["linked_share"]),
    "Linked 95% CI from": percent(shares["linked_lower"]), "Linked 95% CI to": percent(shares["linked_upper"]),
})
table(share_table, "search-outcomes-by-ethnicity", decimals=1)
st.caption("Each as a % of the group's searches, with Wilson's 95% interval. A positive outcome is any but "
           "\u201cno further action\u201d; a linked one is, in police.uk's words, linked to the object of search.")

st.subheader("Do officers record the same ethnicity as the person searched?")
cross = data.searches(url, stamp, "officer_against_self_defined", **criteria)
officer_groups = sorted(set(cross["officer_defined"]) | {"Asian", "Black", "Other", "White"})
cross = complete_grid(cross, {"self_defined": list(ETHNIC_GROUPS), "officer_defined": officer_groups})
cross_shown = suppress(cross, dims=["self_defined", "officer_defined"], threshold=threshold)
crosstab = cross_shown.pivot(index="self_defined", columns="officer_defined", values="display").reindex(ETHNIC_GROUPS)
table(crosstab.rename_axis("Self-defined \\ officer-defined").reset_index(),
      "officer-against-self-defined-ethnicity")

compare = st.selectbox("Group to follow over time", [g for g in GROUPS if g != reference], index=0, key="eq_trend_group",
                       bind="query-params")
trend_rows = []
for fy_label in reversed(whole_years(years, last_day=page.latest_day or dt.date.today())):
    fy_year = int(fy_label[:4])
    # Each year's searches by group as Priority 3 reads them (its trend under each group, that year).
    group = data.searches_by_group(url, stamp, **{**criteria, "date_from": dt.date(fy_year, 4, 1),
                                                  "date_to": dt.date(fy_year + 1, 3, 31)})
    if not group["value"].any():
        continue
    population = people(fy_year, "ethnicity", age_bands=search_bands, narrowed=searched_people)
    shown = rates_against(group, population, reference=reference, threshold=threshold, groups=GROUPS)
    row = shown[shown["group"] == compare].iloc[0]
    trend_rows.append({"financial_year": fy_label, "ratio": row["ratio"], "ratio_lower": row["ratio_lower"],
                       "ratio_upper": row["ratio_upper"]})
trend = pd.DataFrame(trend_rows, columns=["financial_year", "ratio", "ratio_lower", "ratio_upper"])
st.subheader(f"Has the gap between {compare} and {reference} people narrowed?")
if len(trend.dropna()) >= 2:
    first, last = trend.dropna().iloc[0], trend.dropna().iloc[-1]
    st.markdown(f"**The search-rate ratio was {first['ratio']:.1f} in {first['financial_year']} and "
                f"{last['ratio']:.1f} in {last['financial_year']}.**")
st.plotly_chart(ratio_trend(trend, y_title=f"Search rate, {compare} \u00f7 {reference}"), width="stretch",
                key="eq-ratio-trend")
trend_table = trend.round(2).rename(columns={"financial_year": "Financial year", "ratio": f"Search rate ratio, {compare} to {reference}",
                                             "ratio_lower": "95% CI from", "ratio_upper": "95% CI to"})
table(trend_table, "search-rate-ratio-by-year")

st.header("Tables for the annual review")
about = "\n".join(line for line in [
    f"Equality monitoring: {STRATEGY_TITLE}.",
    "SYNTHETIC DEMONSTRATION DATA: invented by a seeded generator, not real records." if is_synthetic else "",
    f"Victims: {measure_label.lower()}, financial year {fy}, ages {ages}, reference group {reference}.",
    f"Stop and search: {search_ages.lower()}, financial year {fy}; ethnicity as the person searched defined it.",
    describe(filters), protection_sentence(threshold),
    "Rates per 1,000 population with 95% confidence intervals: Byar's method from 10 events, the exact Poisson "
    "interval below; Wilson's interval for proportions.", source,
    f"Tables: {', '.join(f'{name}.csv' for name in review_tables)}.",
] if line)
download("Download every table on this page (ZIP)", tables_zip(review_tables, about),
         file_name=f"equality-monitoring-{fy}.zip", page=PAGE, key="download-all-tables", mime="application/zip")
st.caption("Each table as its own download gives it, with a README.txt of what they count, the filters, and how "
           "small counts read.")

role = access.current_role()
if role >= Role.ANALYST:
    with st.expander("Records behind the victim counts (analysts only; viewing is audited)"):
        if st.toggle("Show the records", key="eq_records"):
            access.record("records-view", page=PAGE, filters={"measure": measure, "year": fy, "ages": ages})
            st.dataframe(data.records(url, stamp, measure, victims, role=role), hide_index=True, width="stretch")
