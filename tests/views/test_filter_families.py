"""A partner hidden beside a "<5" cannot be rebuilt from the same table under the filter's
other values (girls' Asian is all sexes' Asian less boys').

A viewer reads serious youth violence by ethnicity in one area for girls, boys and all sexes,
in every financial year and over all years, and each year's total for each (the Overview's
trend), through the same reads the pages make (``ui.data.count_by``, ``complete_grid``,
``safe``). A linear-programming attacker (``tests.attacker``) takes every figure and looks
for a count from 1 to 4 it can pin. With the split by filter values switched off (the rule
before ``metrics.families``), it finds one in the demo data: the test can fail. With it on,
it finds none. The same for the equality page's stop and search by ethnicity, for women, men
and everyone, where police.uk's "Other" gender is in no view a viewer can open.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import text

from metrics.disclosure import complete_grid, suppress
from metrics.filters import ETHNIC_GROUPS, Filters
from metrics.periods import ALL_YEARS, Period, year_filters
from tests.attacker import pinned_sums, read
from tests.conftest import clear_streamlit_caches

MEASURE = "serious_youth_violence"
SEXES = ("Female", "Male")


def areas_with_small_counts(conn, table: str, group: str, where: str, limit: int) -> list[str]:
    """Areas where ``table``'s rows matching ``where``, counted by ``group`` and financial year,
    hold a count from 1 to 4, busiest first."""
    rows = conn.execute(text(
        f"SELECT area_code, SUM(n) AS total FROM (SELECT area_code, financial_year, {group}, COUNT(*) AS n "
        f"FROM {table} WHERE {where} GROUP BY 1, 2, 3) g GROUP BY area_code "
        f"HAVING SUM(CASE WHEN n BETWEEN 1 AND 4 THEN 1 ELSE 0 END) > 0 ORDER BY total DESC LIMIT {limit}")).all()
    return [row[0] for row in rows]


def candidate_areas(conn) -> list[str]:
    """Areas where girls' ethnicity table holds a count from 1 to 4 in some year, busiest first."""
    return areas_with_small_counts(conn, "incidents", "victim_ethnicity",
                                   "is_serious_youth_violence AND victim_sex = 'Female'", 4)


def truth(conn, area: str) -> pd.DataFrame:
    result = conn.execute(text(
        "SELECT victim_ethnicity AS g, victim_sex AS s, financial_year AS y, COUNT(*) AS n FROM incidents "
        "WHERE is_serious_youth_violence AND area_code = :area GROUP BY 1, 2, 3"), {"area": area})
    return pd.DataFrame(result.all(), columns=["g", "s", "y", "n"])


def what_a_viewer_sees(area: str, years: list[str]) -> list[tuple[list, object]]:
    """Every figure, as (the unknowns (group, sex, year) it sums, its text)."""
    from ui import data

    url, stamp = data.current()
    first_day, last_day = data.date_range(url, stamp)
    shown = []
    for sex in (*SEXES, None):
        sexes = [sex] if sex else list(SEXES)
        for period in [Period(y, y) for y in years] + [ALL_YEARS]:
            filters = year_filters(Filters(areas=(area,), sex=sex), period, first_day=first_day, last_day=last_day)
            table = complete_grid(data.count_by(url, stamp, MEASURE, "ethnicity", filters),
                                  {"ethnicity": list(ETHNIC_GROUPS)})
            inside = [y for y in years if period.covers(y)]
            for group, shown_text in zip(table["ethnicity"], data.safe(table, ("ethnicity",))["display"]):
                shown.append(([(group, s, y) for s in sexes for y in inside], read(shown_text)))
        trend = data.count_by(url, stamp, MEASURE, "financial_year", Filters(areas=(area,), sex=sex))
        trend = complete_grid(trend, {"financial_year": years})
        for year, shown_text in zip(trend["financial_year"], data.safe(trend, ("financial_year",))["display"]):
            shown.append(([(g, s, year) for g in ETHNIC_GROUPS for s in sexes], read(shown_text)))
    return shown


def small_counts_pinned(area: str, counts: pd.DataFrame, years: list[str]) -> list:
    shown = what_a_viewer_sees(area, years)
    asked = {(g, s, p): [(g, one, y) for one in ([s] if s else SEXES) for y in years if p.covers(y)]
             for g in ETHNIC_GROUPS for s in (*SEXES, None) for p in [Period(y, y) for y in years] + [ALL_YEARS]}
    truth_of = {(g, s, y): n for g, s, y, n in counts.itertuples(index=False)}
    return [name for name in pinned_sums(shown, asked)
            if 1 <= sum(truth_of.get(u, 0) for u in asked[name]) < 5]


def attack_holds_only_without_the_rule(monkeypatch, areas: list[str], pinned, switched_off: dict) -> None:
    """``pinned(area)`` (the small counts an attacker pins) finds some in one of ``areas`` with
    the ``switched_off`` settings (the rule before families; each set where it is defined,
    ``storage.viewer_counts``, ``ui.data`` or ``metrics.families``), so the test can fail; and
    none in that area with the rule."""
    import metrics.families
    import storage.viewer_counts
    import ui.data

    for area in areas:
        with monkeypatch.context() as before:
            for name, setting in switched_off.items():
                before.setattr(next(module for module in (storage.viewer_counts, ui.data, metrics.families)
                                    if hasattr(module, name)), name, setting)
            clear_streamlit_caches()
            if pinned(area):
                break
    else:
        raise AssertionError("no area of the demo gives a small count away without the rule: the test could not fail")
    clear_streamlit_caches()
    assert pinned(area) == []


def test_girls_partners_cannot_be_rebuilt_from_all_sexes_less_boys(app_env, demo_connection, monkeypatch):
    years = sorted(r[0] for r in demo_connection.execute(text("SELECT DISTINCT financial_year FROM incidents")))
    # Without the rule, each sex's table is decided on its own, over its years.
    attack_holds_only_without_the_rule(
        monkeypatch, candidate_areas(demo_connection),
        lambda area: small_counts_pinned(area, truth(demo_connection, area), years), {"PARTITIONS": {}})

# "Other": police.uk's "Other" gender and no gender recorded, in no view a viewer can open. No
# view tells them apart, so a reader's unknown is their sum, as the families protect it.
GENDERS = ("Female", "Male", "Other")
GENDER_AS_SEEN = "CASE WHEN gender IN ('Female', 'Male') THEN gender ELSE 'Other' END"


def search_candidate_areas(conn) -> list[str]:
    """Areas where women's searches by ethnicity hold a count from 1 to 4 in some year, busiest first."""
    return areas_with_small_counts(conn, "stop_search", "self_defined_ethnic_group", "gender = 'Female'", 3)


def searches_as_a_viewer_opens_them(kind: str, area: str, years: list[str], *, age_range: str | None = None):
    """Each view of a stop and search read (``ui.data.searches``; by ethnicity, as the equality
    page reads it, ``ui.data.searches_by_ethnicity``) in one area, at ``age_range``, for women,
    men and everyone, in each year and over all years: the genders it counts, its years, the table."""
    from ui import data

    url, stamp = data.current()
    first_day, last_day = data.date_range(url, stamp)
    for gender in ("Female", "Male", None):
        for period in [Period(y, y) for y in years] + [ALL_YEARS]:
            dates = year_filters(Filters(), period, first_day=first_day, last_day=last_day)
            criteria = dict(date_from=dates.date_from, date_to=dates.date_to, age_range=age_range, areas=(area,),
                            gender=gender)
            table = (data.searches_by_ethnicity(url, stamp, **criteria) if kind == "by_ethnicity"
                     else data.searches(url, stamp, kind, **criteria))
            yield [gender] if gender else list(GENDERS), [y for y in years if period.covers(y)], table


def searches_seen_and_pinned(conn, area: str, years: list[str]) -> list:
    """The small counts (women's, men's, "Other"'s or everyone's searches of a group in a year
    or over all years) an attacker pins from the equality page's searches by ethnicity and each
    year's total of searches (Priority 3's trend), for each gender a viewer can choose."""
    from ui import data

    url, stamp = data.current()
    groups = [r[0] for r in conn.execute(text("SELECT DISTINCT self_defined_ethnic_group FROM stop_search "
                                              "WHERE self_defined_ethnic_group IS NOT NULL"))]
    periods = [Period(y, y) for y in years] + [ALL_YEARS]
    shown = []
    for genders, inside, table in searches_as_a_viewer_opens_them("by_ethnicity", area, years):
        table = complete_grid(table, {"group": groups})
        for group, shown_text in zip(table["group"], data.safe(table, ("group",))["display"]):
            shown.append(([(group, g, y) for g in genders for y in inside], read(shown_text)))
    for gender in ("Female", "Male", None):
        genders = [gender] if gender else list(GENDERS)
        trend = complete_grid(data.count_by(url, stamp, "stop_and_search", "financial_year",
                                            Filters(areas=(area,), sex=gender)), {"financial_year": years})
        for year, shown_text in zip(trend["financial_year"], data.safe(trend, ("financial_year",))["display"]):
            shown.append(([(g, s, year) for g in groups for s in genders], read(shown_text)))
    asked = {(g, s, p): [(g, one, y) for one in ([s] if s else GENDERS) for y in years if p.covers(y)]
             for g in groups for s in (*GENDERS, None) for p in periods}
    truth_of = {tuple(row[:3]): row[3] for row in conn.execute(text(
        f"SELECT self_defined_ethnic_group, {GENDER_AS_SEEN}, financial_year, COUNT(*) FROM stop_search "
        "WHERE area_code = :area GROUP BY 1, 2, 3"), {"area": area})}
    return [name for name in pinned_sums(shown, asked) if 1 <= sum(truth_of.get(u, 0) for u in asked[name]) < 5]


def test_womens_searches_cannot_be_rebuilt_from_everyone_less_men_and_other(app_env, demo_connection, monkeypatch):
    years = sorted(r[0] for r in demo_connection.execute(text("SELECT DISTINCT financial_year FROM stop_search")))
    attack_holds_only_without_the_rule(
        monkeypatch, search_candidate_areas(demo_connection),
        lambda area: searches_seen_and_pinned(demo_connection, area, years), {"GENDER_SPLIT": (), "PARTITIONS": {}})


def crosstab_seen_and_pinned(conn, area: str, years: list[str]) -> list:
    """The small counts (searches of one self-defined group recorded by officers as one
    group, for women, men, "Other" or everyone, in a year or over all years) an attacker pins
    from the equality page's cross-table, for each gender a viewer can choose."""
    rows = conn.execute(text(
        f"SELECT self_defined_ethnic_group, COALESCE(officer_defined_ethnicity, 'Not recorded'), {GENDER_AS_SEEN}, "
        "financial_year, COUNT(*) FROM stop_search WHERE area_code = :area GROUP BY 1, 2, 3, 4"), {"area": area}).all()
    truth_of = {tuple(row[:4]): row[4] for row in rows}
    pairs = sorted({row[:2] for row in conn.execute(text(
        "SELECT DISTINCT self_defined_ethnic_group, COALESCE(officer_defined_ethnicity, 'Not recorded') "
        "FROM stop_search WHERE self_defined_ethnic_group IS NOT NULL"))})
    periods = [Period(y, y) for y in years] + [ALL_YEARS]
    shown = []
    for genders, inside, table in searches_as_a_viewer_opens_them("officer_against_self_defined", area, years):
        table = complete_grid(table, {"self_defined": sorted({s for s, _ in pairs}),
                                      "officer_defined": sorted({o for _, o in pairs})})
        shown_table = suppress(table, dims=["self_defined", "officer_defined"], threshold=5)
        for s, o, shown_text in zip(table["self_defined"], table["officer_defined"], shown_table["display"]):
            shown.append(([(s, o, g, y) for g in genders for y in inside], read(shown_text)))
    asked = {(s, o, g, p): [(s, o, one, y) for one in ([g] if g else GENDERS) for y in years if p.covers(y)]
             for s, o in pairs for g in (*GENDERS, None) for p in periods}
    return [name for name in pinned_sums(shown, asked) if 1 <= sum(truth_of.get(u, 0) for u in asked[name]) < 5]


def test_womens_cross_table_cannot_be_rebuilt_from_everyone_less_men(app_env, demo_connection, monkeypatch):
    # Officers' against self-defined ethnicity, as the equality page shows it (its own
    # secondary rule over the table's lines), for women, men and everyone in every year.
    years = sorted(r[0] for r in demo_connection.execute(text("SELECT DISTINCT financial_year FROM stop_search")))
    attack_holds_only_without_the_rule(
        monkeypatch, search_candidate_areas(demo_connection),
        lambda area: crosstab_seen_and_pinned(demo_connection, area, years),
        {"GENDER_SPLIT": ("by_ethnicity",)})


def detail_candidate_areas(conn) -> list[str]:
    """Areas where a detailed ethnic group's serious youth violence holds a count from 1 to 4 in
    some year, busiest first."""
    return areas_with_small_counts(conn, "incidents", "victim_ethnicity_detail", "is_serious_youth_violence", 3)


def details_seen_and_pinned(conn, area: str, years: list[str]) -> list:
    """The small counts (a detailed group's, or an ethnic group's, by sex in a year or over all
    years) an attacker pins from the tables by sex and the yearly trend, under each ethnic
    group, each detailed group and neither, in one area."""
    from ui import data

    url, stamp = data.current()
    first_day, last_day = data.date_range(url, stamp)
    dimension = "sex"
    rows = conn.execute(text(
        "SELECT victim_ethnicity, victim_ethnicity_detail, victim_sex, financial_year, COUNT(*) FROM incidents "
        "WHERE is_serious_youth_violence AND area_code = :area GROUP BY 1, 2, 3, 4"), {"area": area}).all()
    truth_of = {tuple(row[:4]): row[4] for row in rows}
    pairs = sorted({row[:2] for row in conn.execute(text(
        "SELECT DISTINCT victim_ethnicity, victim_ethnicity_detail FROM incidents"))})
    cells = sorted({row[2] for row in rows})
    periods = [Period(y, y) for y in years] + [ALL_YEARS]
    choices = ([(g, None) for g in ETHNIC_GROUPS] + [(None, d) for d in sorted({d for _, d in pairs})]
               + [(None, None)])

    def unknowns(choice, cell, period):
        return [(g, d, c, y) for g, d in pairs if choice[0] in (None, g) and choice[1] in (None, d)
                for c in ([cell] if cell else cells) for y in years if period.covers(y)]

    shown = []
    for choice in choices:
        chosen = Filters(areas=(area,), ethnicity=choice[0], ethnicity_detail=choice[1])
        for period in periods:
            filters = year_filters(chosen, period, first_day=first_day, last_day=last_day)
            table = complete_grid(data.count_by(url, stamp, MEASURE, dimension, filters), {dimension: cells})
            for cell, shown_text in zip(table[dimension], data.safe(table, (dimension,))["display"]):
                shown.append((unknowns(choice, cell, period), read(shown_text)))
        trend = complete_grid(data.count_by(url, stamp, MEASURE, "financial_year", chosen), {"financial_year": years})
        for year, shown_text in zip(trend["financial_year"], data.safe(trend, ("financial_year",))["display"]):
            shown.append((unknowns(choice, None, Period(year, year)), read(shown_text)))
    asked = {(choice, cell, period): unknowns(choice, cell, period)
             for choice in choices + [(g, d) for g, d in pairs] for cell in cells for period in periods}
    return [name for name in pinned_sums(shown, asked) if 1 <= sum(truth_of.get(u, 0) for u in asked[name]) < 5]


def test_a_detailed_group_cannot_be_worked_out_as_its_ethnic_group_less_the_others(
        app_env, demo_connection, monkeypatch):
    # Other is the sum of Arab and Any other ethnic group: without deciding the two filters in
    # one family (NESTED), small detailed groups are given away by their ethnic group's counts
    # and the other detailed groups'. (Families too large to decide at once, such as tables by
    # offence group, are decided line by line: tests/metrics/test_families.py.)
    years = sorted(r[0] for r in demo_connection.execute(text("SELECT DISTINCT financial_year FROM incidents")))
    attack_holds_only_without_the_rule(
        monkeypatch, detail_candidate_areas(demo_connection),
        lambda area: details_seen_and_pinned(demo_connection, area, years), {"NESTED": {}})
