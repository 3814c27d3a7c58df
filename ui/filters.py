"""The shared filters: built once in the sidebar by ``app.py``, kept across pages in the
session, and mirrored in the URL so a link opens the same view.

A value in the URL that is not one of the choices is ignored and named in a notice
(``metrics.url_filters.parse``), never an exception.
"""

from __future__ import annotations

import streamlit as st

from metrics import url_filters
from metrics.filters import AGE_CHOICES, ETHNIC_GROUPS, SEXES, Filters, one_group_at_a_time
from metrics.neighbours import AREA_CAP
from metrics.periods import ALL_YEARS, Period, period_of, view_period, year_filters, year_of, years_between
from ui import data

ALL = "All"
KEYS = {"from": "filter_from", "to": "filter_to", "year": "filter_year", "areas": "filter_areas", "age": "filter_age",
        "sex": "filter_sex", "ethnicity": "filter_ethnicity", "ethnic_detail": "filter_ethnicity_detail",
        "offence": "filter_offence"}
AGE_LABELS = {"1-9": "1\u20139", "10-13": "10\u201313", "14-16": "14\u201316", "17": "17", "18-20": "18\u201320",
              "21-24": "21\u201324", "25+": "25 and over", "10-16": "10\u201316 (grouping)",
              "Under 18": "Under 18 (grouping)", "18-24": "18\u201324 (grouping)", "1-24": "1\u201324 (grouping)",
              "10-17": "10\u201317 (grouping)", "10-24": "10\u201324 (grouping)"}


def _seed(filters: Filters, first, last) -> str | None:
    """Set the widgets' first values from the link (or the defaults). Returns a notice when
    the link's dates are neither one financial year nor all years, all a viewer can choose."""
    state = st.session_state
    state[KEYS["from"]] = filters.date_from or first
    state[KEYS["to"]] = filters.date_to or last
    period = view_period(filters, first_day=first, last_day=last)
    start, end = filters.date_from or first, filters.date_to or last
    # A viewer sees one financial year or all years: other dates become the year they end in.
    state[KEYS["year"]] = ALL if period == ALL_YEARS or end is None else period.first if period else year_of(end)
    state[KEYS["areas"]] = list(filters.areas)
    state[KEYS["age"]] = filters.age_band or ALL
    state[KEYS["sex"]] = filters.sex or ALL
    state[KEYS["ethnicity"]] = filters.ethnicity or ALL
    state[KEYS["offence"]] = filters.offence_group or ALL
    state[KEYS["ethnic_detail"]] = filters.ethnicity_detail or ALL
    if period is None and data.threshold() > 1:
        return (f"Counts are shown for one financial year (April to March) or all years, so the link's dates "
                f"({_day(start)} to {_day(end)}) are shown as {state[KEYS['year']]}.")
    return None


def _day(day) -> str:
    return day.strftime("%d/%m/%Y")


def _changed() -> None:
    st.session_state["filter_notices"] = []
    st.session_state["filter_cleared"] = None


# The widget of each filter a viewer sets one group of at a time (metrics.filters.ONE_AT_A_TIME).
GROUP_KEYS = {"sex": "sex", "ethnicity": "ethnicity", "ethnicity_detail": "ethnic_detail", "offence_group": "offence"}
ONE_AT_A_TIME_HELP = ("A viewer filters by one of sex, ethnicity and offence group at a time, so that no small "
                      "group can be worked out by comparing them; analysts can combine them.")
AREA_CAP_HELP = (f"A viewer selects up to {AREA_CAP} areas, each compared with the selection without it, so "
                 "that no small number in one area can be worked out; analysts can select more.")


def _viewer_limits(keep: str | None = None) -> None:
    """For a viewer: keep the group of filter ``keep`` (else the first set) and clear the
    others' widgets, and keep the first ``AREA_CAP`` areas, saying so. Runs before the widgets
    are drawn (a callback, or the top of a run: a link, or a session just become a viewer's)."""
    state = st.session_state
    if keep is not None:
        _changed()
    if data.threshold() <= 1:
        return
    kept, cleared = one_group_at_a_time(Filters(**{name: _value(key) for name, key in GROUP_KEYS.items()}), keep)
    said = []
    if cleared:
        for name, key in GROUP_KEYS.items():
            state[KEYS[key]] = getattr(kept, name) or ALL
        said.append(f"{' and '.join(cleared).capitalize()} cleared. {ONE_AT_A_TIME_HELP}")
    if len(state.get(KEYS["areas"], [])) > AREA_CAP:
        state[KEYS["areas"]] = state[KEYS["areas"]][:AREA_CAP]
        said.append(f"Only the first {AREA_CAP} areas are kept. {AREA_CAP_HELP}")
    if said and keep is None:  # a link's filters: said on the page, beside the link's other notices
        state["filter_notices"] = [*state.get("filter_notices", []), *said]
    elif said:  # a choice in the sidebar: said there, where the reader is looking
        state["filter_cleared"] = " ".join(said)


def _reset() -> None:
    first, last = st.session_state["filter_span"]
    _seed(Filters(), first, last)
    _changed()


def _value(key: str) -> str | None:
    value = st.session_state.get(KEYS[key], ALL)
    return None if value == ALL else value


def sidebar_filters() -> Filters:
    """Draw the shared filters in the sidebar and return them; the URL follows them."""
    try:
        url, stamp = data.current()
    except data.NoDatabase:
        return Filters()
    first, last = data.date_range(url, stamp)
    areas = data.area_choices(url, stamp)
    names = dict(zip(areas.area_code, areas.name + " (" + areas.level + ")"))
    offences = data.offence_groups(url, stamp)
    details = data.ethnicity_details(url, stamp)
    state = st.session_state
    if "filter_span" not in state:  # first run of this session: the link decides
        params = {key: st.query_params.get_all(key) for key in st.query_params}
        parsed, notices = url_filters.parse(params, areas=list(names), offence_groups=offences,
                                            first_day=first, last_day=last, ethnicity_details=details)
        snapped = _seed(parsed, first, last)
        state["filter_notices"] = notices + ([snapped] if snapped else [])
        state["filter_span"] = (first, last)
    _viewer_limits()  # a link, or a session whose role has just become a viewer's, may set several

    with st.sidebar:
        st.header("Filters")
        st.caption("They apply to every page, and the page's address carries them: copy it to share this view.")
        viewer = data.threshold() > 1
        years = years_between(first, last)
        if viewer and years:  # one year or all: metrics.periods protects each view against the others
            if state.get(KEYS["year"]) not in (ALL, *years):
                state[KEYS["year"]] = ALL
            st.selectbox("Financial year", [ALL, *reversed(years)], key=KEYS["year"], on_change=_changed,
                         format_func=lambda y: "All years" if y == ALL else _year_label(y, last),
                         help="April to March. Counts are shown for one financial year or all years, so that no "
                              "small number can be worked out by comparing dates; analysts can choose any dates.")
        else:
            st.date_input("From", key=KEYS["from"], min_value=first, max_value=last, format="DD/MM/YYYY",
                          on_change=_changed)
            st.date_input("To", key=KEYS["to"], min_value=first, max_value=last, format="DD/MM/YYYY",
                          on_change=_changed)
        st.multiselect("Areas", list(names), key=KEYS["areas"], format_func=names.get, on_change=_changed,
                       placeholder="All areas", max_selections=AREA_CAP if viewer else None,
                       help=AREA_CAP_HELP if viewer else None)
        st.selectbox("Age band", [ALL, *AGE_CHOICES], key=KEYS["age"], on_change=_changed,
                     format_func=lambda v: "All ages" if v == ALL else AGE_LABELS.get(v, v))
        one_at_a_time = f" {ONE_AT_A_TIME_HELP}" if viewer else ""
        st.selectbox("Sex", [ALL, *SEXES], key=KEYS["sex"], on_change=_viewer_limits, args=("sex",),
                     help=one_at_a_time or None)
        st.selectbox("Ethnicity", [ALL, *ETHNIC_GROUPS], key=KEYS["ethnicity"], on_change=_viewer_limits,
                     args=("ethnicity",),
                     help="The five ONS ethnic groups, as recorded (self-defined where the source has it)."
                          + one_at_a_time)
        if details:
            st.selectbox("Ethnicity, detailed", [ALL, *details], key=KEYS["ethnic_detail"], on_change=_viewer_limits,
                         args=("ethnicity_detail",),
                         help="The detailed groups the incident records use; sources without them say so."
                              + one_at_a_time)
        st.selectbox("Offence group", [ALL, *offences], key=KEYS["offence"], on_change=_viewer_limits,
                     args=("offence_group",), help=one_at_a_time or None)
        if state.get("filter_cleared"):
            st.info(state["filter_cleared"], icon=":material/filter_alt:")
        st.button("Clear filters", on_click=_reset, icon=":material/filter_alt_off:")

    if viewer and years:
        year = state[KEYS["year"]]
        span = year_filters(Filters(), ALL_YEARS if year == ALL else Period(year, year), first_day=first, last_day=last)
        state[KEYS["from"]], state[KEYS["to"]] = span.date_from or first, span.date_to or last
    date_from, date_to = state[KEYS["from"]], state[KEYS["to"]]
    try:
        filters = Filters(
            date_from=None if date_from == first else date_from, date_to=None if date_to == last else date_to,
            areas=tuple(state[KEYS["areas"]]), age_band=_value("age"), sex=_value("sex"),
            ethnicity=_value("ethnicity"), offence_group=_value("offence"),
            ethnicity_detail=_value("ethnic_detail"),
        )
    except ValueError as err:  # "from" after "to": say so and show every date
        st.sidebar.warning(f"{err}. Showing every date.")
        filters = Filters(areas=tuple(state[KEYS["areas"]]), age_band=_value("age"), sex=_value("sex"),
                          ethnicity=_value("ethnicity"), offence_group=_value("offence"),
                          ethnicity_detail=_value("ethnic_detail"))
    _follow(url_filters.encode(filters, first_day=first, last_day=last))
    for notice in state.get("filter_notices", []):
        st.warning(notice, icon=":material/link_off:")
    state["filters"] = filters
    state["filter_area_names"] = names
    return filters


def _follow(params: dict[str, str | list[str]]) -> None:
    """The address's filter parameters set to ``params``, each written only where it changed.
    Others are left: a page's own choices, bound to the address (``bind="query-params"``), and
    whatever other tools add."""
    for key in url_filters.KEYS:
        if key in params:
            value = params[key]
            if st.query_params.get_all(key) != (value if isinstance(value, list) else [value]):
                st.query_params[key] = value
        elif key in st.query_params:
            del st.query_params[key]


def _year_label(year: str, last) -> str:
    """'2024-25 (to 30/09/2024)' for a year the data ends inside."""
    if last and year_of(last) == year and (last.month, last.day) != (3, 31):
        return f"{year} (to {_day(last)})"
    return year


def current() -> Filters:
    """The shared filters as ``app.py`` set them on this run."""
    return st.session_state.get("filters", Filters())


def describe(filters: Filters) -> str:
    """The filters in words, for the line under each page's title."""
    names = st.session_state.get("filter_area_names", {})
    parts = []
    first, last = st.session_state.get("filter_span", (None, None))
    period = period_of(filters, first_day=first, last_day=last)
    if period and (period.first or period.last):
        first_year, last_year = period.first or year_of(first), period.last or year_of(last)
        parts.append(f"financial year {first_year}" if first_year == last_year
                     else f"financial years {first_year} to {last_year}")
    elif filters.date_from or filters.date_to:
        parts.append(f"{filters.date_from or 'the start'} to {filters.date_to or 'the latest data'}")
    if filters.areas:
        parts.append(", ".join(names.get(code, code).split(" (")[0] for code in filters.areas))
    if filters.age_band:
        parts.append(f"age {AGE_LABELS.get(filters.age_band, filters.age_band).split(' (')[0]}")
    parts += [v for v in (filters.sex, filters.ethnicity, filters.ethnicity_detail, filters.offence_group) if v]
    return "Filtered to: " + "; ".join(parts) + "." if parts else "No filters: every date, area and person."
