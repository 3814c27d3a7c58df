"""Priority 1's heatmaps, in every financial year and over all years, beside its table of the
after-school window's counts year by year: no small count can be worked out from them. And
Priority 3's heatmap of searches under every gender, men and women: none of police.uk's
"Other" gender and no gender recorded together either.

The window table gives, for each year, the sum of the heatmap's window cells and of the cells
outside it. Where a view's small cells each read "<5" and their line's total is as small as
their number allows (ten "<5" outside the window, which holds 10), each is 1. So the window's
cells and the rest are known lines of every table by weekday and hour
(``metrics.disclosure.known_lines``), and where "<5" bounds would pin a count, they read
"hidden" instead (``metrics.disclosure.suppress``; ``metrics.families`` for each cell's years).
A linear-programming attacker (``tests.attacker``) reads every figure as the page shows it.
"""

from __future__ import annotations

import itertools
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np
import pytest
from sqlalchemy import text

import metrics.disclosure
import metrics.families
import storage.viewer_counts
from metrics.disclosure import complete_grid
from metrics.filters import AGE_CHOICES, POLICE_UK_AGE_BANDS, Filters, covering_bands
from metrics.measures import AFTER_SCHOOL_HOURS, AFTER_SCHOOL_WEEKDAYS, YOUTH_GROUPS
from metrics.periods import ALL_YEARS, Period, year_filters
from tests.attacker import pinned_sums, read
from tests.conftest import clear_streamlit_caches

MEASURE = "serious_youth_violence"
GIRLS_10_TO_16 = Filters(sex="Female", age_band="10-16")


def in_window(weekday: int, hour: int) -> bool:
    return weekday in AFTER_SCHOOL_WEEKDAYS and hour in AFTER_SCHOOL_HOURS


def heatmaps_seen_and_pinned(conn, chosen: Filters) -> list:
    """The small counts (a group's count at one hour of one weekday in one year) an attacker
    pins from Priority 1's heatmaps in each year and over all years, and its window table."""
    from ui import data

    url, stamp = data.current()
    first_day, last_day = data.date_range(url, stamp)
    years = sorted(r[0] for r in conn.execute(text("SELECT DISTINCT financial_year FROM incidents")))
    shown, truth = [], {}
    for period in [Period(y, y) for y in years] + [ALL_YEARS]:
        inside = [y for y in years if period.covers(y)]
        grid = data.count_by(url, stamp, MEASURE, "youth_weekday_hour",
                             year_filters(chosen, period, first_day=first_day, last_day=last_day))
        for group in YOUTH_GROUPS:  # as views/priority_1.py shows each group
            part = complete_grid(grid[grid["youth_group"] == group], {"weekday": range(7), "hour": range(24)})
            for weekday, hour, count, display in zip(part["weekday"], part["hour"], part["value"],
                                                     data.safe(part, ("weekday", "hour"))["display"]):
                shown.append(([(group, weekday, hour, y) for y in inside], read(display)))
                if len(inside) == 1:
                    truth[(group, weekday, hour, inside[0])] = int(count)
    window = data.count_by(url, stamp, MEASURE, "year_youth_window", chosen)
    children = window[window["youth_group"] == "10-16"]
    children = complete_grid(children, {"financial_year": years, "after_school": [False, True]})
    for year, after_school, display in zip(children["financial_year"], children["after_school"],
                                           data.safe(children, ("financial_year", "after_school"))["display"]):
        cells = [(w, h) for w in range(7) for h in range(24) if in_window(w, h) == bool(after_school)]
        shown.append(([("10-16", w, h, year) for w, h in cells], read(display)))
    asked = {key: [key] for key, count in truth.items() if 1 <= count < 5}
    return pinned_sums(shown, asked)


def test_the_window_table_gives_no_heatmap_cell_away(app_env, demo_connection, monkeypatch):
    protect_line = metrics.families.protect_line
    with monkeypatch.context() as before:  # the rules before: no window lines, "<5" wherever small
        before.setattr(metrics.disclosure, "window_lines", lambda table, dims: [])
        before.setattr(metrics.disclosure, "_relabelled", lambda counts, hidden, lines, threshold: (
            np.zeros(len(counts), dtype=bool), True))
        before.setattr(metrics.families, "protect_line",
                       lambda *args, **kwargs: (protect_line(*args, **kwargs)[0], True))
        # ... and heatmaps decided over their years alone: split by sex too, they hide these
        # cells for other reasons, but a source that records no sex is not split.
        before.setattr(storage.viewer_counts, "WIDE_PARTITIONS", ())
        clear_streamlit_caches()
        assert heatmaps_seen_and_pinned(demo_connection, GIRLS_10_TO_16), "the test could not fail"
    clear_streamlit_caches()
    assert heatmaps_seen_and_pinned(demo_connection, GIRLS_10_TO_16) == []


SEARCHED = {"sex": ("Male", "Female"), "ethnicity": ("Asian", "Black", "Mixed", "White", "Other", "Not stated")}


def search_heatmaps_pinned(by: str, hidden_least: int = 0, ages: Sequence[str | None] = (None,)) -> list:
    """The small counts of searches of one value of ``by`` (sex or ethnicity; for sex, police.uk's
    "Other" gender too, which no viewer can choose) at one hour of one weekday, in one year or
    over all years, that an attacker pins from Priority 3's heatmap borough-wide under each
    value and none, in each financial year and over all years, at each of ``ages`` (None: every
    age). "Other" is every gender less men and women: police.uk's "Other" and no gender recorded,
    which no view tells apart; a group, everyone less the other groups. An age choice counts the
    police.uk age ranges that answer it (``covering_bands``), every age those and no age recorded."""
    from ui import data

    url, stamp = data.current()
    first_day, last_day = data.date_range(url, stamp)
    years = sorted(data.count_by(url, stamp, "stop_and_search", "financial_year", Filters())["financial_year"])
    chosen_values = SEARCHED[by]
    recorded = [*chosen_values, "Other"] if by == "sex" else list(chosen_values)
    # Every age is each range and no age recorded; read at every age alone, one unknown does.
    everyone = [*POLICE_UK_AGE_BANDS, None] if any(ages) else [None]
    ranges = {age: covering_bands(AGE_CHOICES[age], POLICE_UK_AGE_BANDS)[0] if age else everyone for age in ages}
    shown, truth = [], {}
    for age, value in itertools.product(ages, (None, *chosen_values)):
        values = [value] if value else recorded
        for period in [Period(y, y) for y in years] + [ALL_YEARS]:
            inside = [y for y in years if period.covers(y)]
            chosen = year_filters(Filters(age_band=age, **{by: value}), period, first_day=first_day, last_day=last_day)
            grid = complete_grid(data.count_by(url, stamp, "stop_and_search", "weekday_hour", chosen),
                                 {"weekday": range(7), "hour": range(24)})
            for weekday, hour, count, display in zip(grid["weekday"], grid["hour"], grid["value"],
                                                     data.safe(grid, ("weekday", "hour"))["display"]):
                shown.append(([(band, v, weekday, hour, y) for band in ranges[age] for v in values for y in inside],
                              read(display)))
                if len(inside) == 1:
                    truth[(age, value or "every", weekday, hour, inside[0])] = int(count)

    def count(age, value, weekday, hour, year):
        if value in chosen_values:
            return truth[(age, value, weekday, hour, year)]
        return truth[(age, "every", weekday, hour, year)] - sum(truth[(age, v, weekday, hour, year)]
                                                                for v in chosen_values)

    # Only the small counts need asking about: each in a year, and over all years.
    asked = {}
    for age, value, weekday, hour in itertools.product(ages, recorded, range(7), range(24)):
        for period in [*years, None]:
            in_years = [period] if period else years
            if 1 <= sum(count(age, value, weekday, hour, y) for y in in_years) < 5:
                asked[(age, value, weekday, hour, period)] = [(band, value, weekday, hour, y)
                                                              for band in ranges[age] for y in in_years]
    assert asked, "no small count to ask about: the test could not fail"
    pinned = pinned_sums(shown, asked, hidden_least)
    return [key[1:] for key in pinned] if tuple(ages) == (None,) else pinned


@pytest.mark.parametrize("by", ["sex", "ethnicity"])
def test_the_search_heatmaps_give_no_gender_or_group_away(app_env, monkeypatch, by):
    with monkeypatch.context() as before:  # as before: heatmaps decided over their years alone
        before.setattr(storage.viewer_counts, "WIDE_PARTITIONS", ())
        clear_streamlit_caches()
        assert search_heatmaps_pinned(by), "the test could not fail"
    if by == "sex":  # the demo leaves some genders blank, as police.uk does
        with monkeypatch.context() as apart:  # as before: "Other" and no gender protected each on its own
            apart.setattr(metrics.families, "_told_apart", lambda finest, views: [[f] for f in range(finest)])
            for kept in ("_FAMILIES", "_DECISIONS", "_FORCED"):  # none made with them together
                apart.setattr(metrics.families, kept, OrderedDict())
            clear_streamlit_caches()
            pinned = search_heatmaps_pinned(by)
            assert pinned and {value for value, *_ in pinned} == {"Other"}, "their sum was not given away"
    if by == "ethnicity":
        # As before: a view's zeros shown beside its "hidden" counts, each of which a reader then
        # knows to be 1 or more. Asian searches at Monday 06:00: everyone's over all years (33)
        # less the years shown (28) left 5 in three hidden years, which held at least 1, 2 and 2
        # groups that read "hidden" (the others read 0): each at its least, Asian's 1 in each.
        with monkeypatch.context() as zeros_shown:
            zeros_shown.setattr(metrics.disclosure, "zeros_read_hidden", lambda counts, hidden, small: hidden)
            clear_streamlit_caches()
            pinned = search_heatmaps_pinned(by, hidden_least=1)
            assert {("Asian", 0, 6, "2020-21"), ("Asian", 0, 6, "2022-23")} <= set(pinned), \
                "a reader who counts the zeros beside a hidden count pinned nothing"
    clear_streamlit_caches()
    assert search_heatmaps_pinned(by) == []
