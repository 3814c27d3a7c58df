"""AppTest: the three priority pages and every shared filter. Each expected number is
counted independently here, in SQL on the demo database."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import text

from tests.views.test_pages import run, values

P1, P2, P3 = "views/priority_1.py", "views/priority_2.py", "views/priority_3.py"


def sql(conn, query: str, **params):
    return conn.execute(text(query), params).all()


def shown(n: int) -> str:
    return "<5" if 1 <= n < 5 else f"{n:,}"


def table_with(at, *columns: str):
    """The first table shown that has all of ``columns``."""
    return next(d.value for d in at.dataframe if set(columns) <= set(d.value.columns))


def headline(at) -> str:
    return at.metric[0].value


# --- every shared filter, checked on the Overview's first headline (serious youth violence) --

FILTER_CASES = [
    ("filter_areas", ["DEMO03"], "area_code = 'DEMO03'"),
    ("filter_age", "10-16", "victim_age BETWEEN 10 AND 16"),
    ("filter_age", "Under 18", "victim_age <= 17"),
    ("filter_age", "18-24", "victim_age BETWEEN 18 AND 24"),
    ("filter_sex", "Female", "victim_sex = 'Female'"),
    ("filter_ethnicity", "Black", "victim_ethnicity = 'Black'"),
    ("filter_offence", "Robbery", "offence_group = 'Robbery'"),
    ("filter_ethnicity_detail", "Bangladeshi", "victim_ethnicity_detail = 'Bangladeshi'"),
]


@pytest.mark.parametrize("key, value, where", FILTER_CASES)
def test_each_filter_changes_the_headline_as_sql_says(app_env, demo_connection, key, value, where):
    (expected,), = sql(demo_connection, "SELECT COUNT(*) FROM incidents WHERE is_serious_youth_violence "
                                        f"AND financial_year = '2023-24' AND {where}")
    at = run()
    widget = at.multiselect(key=key) if key == "filter_areas" else at.selectbox(key=key)
    widget.set_value(value).run()
    assert not at.exception
    if expected >= 10:
        assert headline(at) == f"{expected:,}"
    else:  # too few for a verdict, or hidden: never the small number itself
        assert headline(at) in ("<5", "hidden", "no data") or int(headline(at).replace(",", "")) >= 5


def test_the_date_filter_moves_the_latest_year(app_env, demo_connection):
    (expected,), = sql(demo_connection, "SELECT COUNT(*) FROM incidents WHERE is_serious_youth_violence "
                                        "AND financial_year = '2021-22'")
    at = run()
    # A viewer chooses one financial year or all years (metrics.periods).
    at.selectbox(key="filter_year").set_value("2021-22").run()
    assert not at.exception
    assert headline(at) == f"{expected:,}"
    assert "2021-22" in at.metric[0].label
    # 2019-20, the baseline, is outside the year chosen: no verdict, and no comparison with a zero.
    assert any("there is no 2019-20 count, the baseline" in caption.value for caption in at.caption)
    assert not any("(0 and" in text.value for text in at.markdown)
    assert at.query_params["to"] == ["2022-03-31"] or at.query_params["to"] == "2022-03-31"


def test_filters_survive_a_page_change_and_apply_there(app_env, demo_connection):
    at = run()
    at.selectbox(key="filter_sex").set_value("Female").run()
    at.switch_page(P2).run()
    assert not at.exception
    assert at.selectbox(key="filter_sex").value == "Female"
    ages = table_with(at, "ages", "victims")
    expected = dict(sql(demo_connection, "SELECT age_band, COUNT(*) FROM incidents WHERE victim_sex = 'Female' "
                                         "GROUP BY 1"))
    assert ages["victims"].tolist() == [shown(expected[band]) for band in ("10-13", "14-16", "17", "18-20", "21-24")]


# --- the link carries the view --------------------------------------------------------

def test_a_link_opens_the_same_view(app_env, demo_connection, monkeypatch, tmp_path):
    from streamlit.testing.v1 import AppTest

    import ui.access
    from access import Role
    from tests.views.test_pages import APP
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"age": "10-16", "sex": "Male", "area": ["DEMO01", "DEMO02"], "from": "2022-04-01",
                            "to": "2023-03-31"})
    at.run()
    assert not at.exception
    assert at.selectbox(key="filter_age").value == "10-16"
    assert at.selectbox(key="filter_sex").value == "Male"
    assert at.multiselect(key="filter_areas").value == ["DEMO01", "DEMO02"]
    assert at.selectbox(key="filter_year").value == "2022-23"
    assert not at.warning[1:] if len(at.warning) > 1 else True  # only the synthetic banner
    (expected,), = sql(demo_connection, "SELECT COUNT(*) FROM incidents WHERE is_serious_youth_violence AND "
                       "financial_year = '2022-23' AND victim_age BETWEEN 10 AND 16 AND victim_sex = 'Male' "
                       "AND area_code IN ('DEMO01', 'DEMO02')")
    # A viewer sees no number here: girls aged 10-16 in those areas that year are 1 to 4, so
    # this view less the same view without the sex filter would give them away (the
    # neighbour rule, metrics.neighbours). The count itself is checked as an analyst sees it.
    (girls,), = sql(demo_connection, "SELECT COUNT(*) FROM incidents WHERE is_serious_youth_violence AND "
                    "financial_year = '2022-23' AND victim_age BETWEEN 10 AND 16 AND victim_sex = 'Female' "
                    "AND area_code IN ('DEMO01', 'DEMO02')")
    assert 1 <= girls < 5
    # Boys' count is not small: it reads "hidden", and says why, not "too few".
    assert expected >= 5 and headline(at) == "hidden" and "2022-23" in at.metric[0].label
    assert any("No verdict: 2022-23's count is hidden under these filters (beside another view" in c.value
               for c in at.caption)
    monkeypatch.setattr(ui.access, "current_role", lambda: Role.ANALYST)
    monkeypatch.setenv("VVE_AUDIT_DATABASE_URL", f"sqlite:///{tmp_path / 'audit.sqlite'}")
    analyst = AppTest.from_file(APP, default_timeout=60)
    analyst.query_params.update({"age": "10-16", "sex": "Male", "area": ["DEMO01", "DEMO02"], "from": "2022-04-01",
                                 "to": "2023-03-31"})
    analyst.run()
    assert headline(analyst) == f"{expected:,}"


@pytest.mark.parametrize("params, notice", [
    ({"age": "<script>alert(1)</script>"}, "not an age band"),
    ({"sex": "x' OR 1=1 --"}, "not a recorded sex"),
    ({"area": ["DEMO01", "../../etc/passwd"]}, "no such area"),
    ({"from": "2019-02-30"}, "not a date"),
    ({"from": "1900-01-01"}, "the data covers"),
    ({"from": "2020-01-01", "to": "2019-01-01"}, "is after"),
    ({"ethnicity": "A" * 5000}, "not one of the ethnic groups"),
    ({"offence": "\u0000\u202e"}, "not an offence group"),
])
def test_a_hostile_link_is_ignored_with_a_notice(app_env, params, notice):
    from streamlit.testing.v1 import AppTest
    from tests.views.test_pages import APP
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(params)
    at.run()
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert notice in warnings
    assert len(warnings) < 2000  # a long value is not echoed whole
    assert at.metric  # the page still shows its numbers


# --- Priority 1 ---------------------------------------------------------------------

def test_priority_1_heatmaps_count_as_sql_says(app_env, demo_connection):
    at = run(P1)
    children, young_adults = [d.value for d in at.dataframe if "Mon" in d.value.columns][:2]
    expected = dict(((w, h), n) for w, h, n in sql(
        demo_connection, "SELECT weekday, hour, COUNT(*) FROM incidents WHERE victim_age BETWEEN 10 AND 16 "
                         "AND hour IS NOT NULL GROUP BY 1, 2"))
    assert children.loc[children.hour == "16:00", "Fri"].item() == shown(expected[(4, 16)])
    night = expected.get((6, 3), 0)  # a 0 reads "hidden" beside the heatmap's hidden counts (zeros_read_hidden)
    assert children.loc[children.hour == "03:00", "Sun"].item() in (("hidden",) if night == 0 else ("<5", shown(night)))
    (older,), = sql(demo_connection, "SELECT COUNT(*) FROM incidents WHERE victim_age BETWEEN 17 AND 24 "
                                     "AND weekday = 5 AND hour = 21")
    assert young_adults.loc[young_adults.hour == "21:00", "Sat"].item() == shown(older)


def test_priority_1_says_when_the_age_chosen_holds_none_of_a_group(app_env):
    # At 17, the heatmap of 10-16-year-olds is empty by definition: it says so, not "too few".
    at = run(P1)
    at.selectbox(key="filter_age").set_value("17").run()
    assert not at.exception
    assert any(m.value == "**None to show: age 17 holds no 10\u201316-year-olds.**" for m in at.markdown)
    assert any(m.value.startswith("**Busiest hour: ") for m in at.markdown)  # 17-year-olds among the 17-24s


def test_priority_1_term_time_switch_and_filters(app_env, demo_connection):
    at = run(P1)
    at.radio(key="p1_days").set_value("School holidays").run()
    at.selectbox(key="filter_ethnicity").set_value("Asian").run()
    assert not at.exception
    children = next(d.value for d in at.dataframe if "Mon" in d.value.columns)
    (expected,), = sql(demo_connection, "SELECT COUNT(*) FROM incidents WHERE victim_age BETWEEN 10 AND 16 "
                       "AND NOT term_time AND victim_ethnicity = 'Asian' AND weekday = 2 AND hour = 16")
    assert children.loc[children.hour == "16:00", "Wed"].item() in (shown(expected), "<5")


def test_priority_1_after_school_share_is_the_sql_share(app_env, demo_connection):
    at = run(P1)
    rows = dict(((fy, inside), n) for fy, inside, n in sql(
        demo_connection, "SELECT financial_year, (weekday < 5 AND hour BETWEEN 15 AND 17), COUNT(*) FROM incidents "
                         "WHERE victim_age BETWEEN 10 AND 16 AND hour IS NOT NULL GROUP BY 1, 2"))
    share = lambda fy: 100 * rows[(fy, True)] / (rows[(fy, True)] + rows[(fy, False)])  # noqa: E731
    sentence = f"{share('2023-24'):.0f}% of incidents to 10\u201316-year-olds fell in the after-school window in 2023-24"
    assert any(sentence in m.value for m in at.markdown)
    table = table_with(at, "share_percent")
    assert table.loc[table.financial_year == "2019-20", "share_percent"].item() == pytest.approx(share("2019-20"), abs=0.05)


def test_priority_1_shows_the_early_intervention_measures_with_their_direction(app_env):
    at = run(P1)
    import json
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    directions = [a["text"] for c in charts for a in c["layout"].get("annotations", []) if "strategy wants" in a["text"]]
    assert sum("increase" in d for d in directions) == 2  # screening tool, children identified
    assert sum("reduction" in d for d in directions) >= 3  # absence, NEET, exclusions (+ the window share)
    headers = " ".join(s.value for s in at.subheader)
    assert "screening tool" in headers and "not in education, employment or training" in headers


# --- Priority 2 ---------------------------------------------------------------------

def test_priority_2_map_cells_are_sql_counts_and_small_ones_are_not_drawn(app_env, demo_connection):
    at = run(P2)
    at.radio(key="p2_resolution").set_value(9).run()
    assert not at.exception
    import json
    deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    assert deck.get("mapProvider") is None or "mapStyle" not in deck or deck["mapStyle"] is None
    cells = next(layer for layer in deck["layers"] if layer["id"] == "cells")["data"]
    expected = dict(sql(demo_connection, "SELECT h3_9, COUNT(*) FROM incidents GROUP BY 1"))
    assert cells
    for cell in cells:
        count = int(cell["tooltip"].split(": ")[1].split(" ")[0].replace(",", ""))
        assert count == expected[cell["cell"]] and count >= 5
    small = {h for h, n in expected.items() if n < 5}
    assert not small & {c["cell"] for c in cells}


def test_priority_2_repeat_locations_are_cells_active_in_3_of_12_months(app_env, demo_connection):
    at = run(P2)
    at.selectbox(key="p2_measure").set_value("knife_injury_victims_1_24").run()
    assert not at.exception
    # The data end on 31 March 2024: the last 12 months are April 2023 to March 2024.
    expected = sql(demo_connection, "SELECT h3_8, COUNT(DISTINCT month), COUNT(*) FROM incidents WHERE is_knife_injury "
                   "AND occurred_on >= DATE '2023-04-01' GROUP BY 1 HAVING COUNT(DISTINCT month) >= 3 "
                   "ORDER BY 2 DESC, 3 DESC, 1")
    assert expected, "the demo should have repeat locations of knife injury"
    table = table_with(at, "months_with_incidents")
    months = {h: (m, n) for h, m, n in expected}
    assert len(table) == min(20, len(expected)) and set(table.h3_cell_resolution_8) <= set(months)
    shown_rows = table[~table.victims.isin(["<5", "hidden"])]
    # Shown rows come first, most months then most victims; their numbers are the SQL ones.
    assert table.victims.tolist()[:len(shown_rows)] == shown_rows.victims.tolist()
    for cell, month_text, victims in zip(table.h3_cell_resolution_8, table.months_with_incidents, table.victims):
        m, n = months[cell]
        if victims in ("<5", "hidden"):  # the months would bound the hidden count, so they are coarsened too
            assert month_text == "3 or more"
            # "<5" only where it is true; a small count another view gives away reads "hidden".
            assert victims == "hidden" or 1 <= n < 5
        else:
            assert (month_text, victims) == (str(m), shown(n))


def test_priority_2_location_types_and_key_times(app_env, demo_connection):
    at = run(P2)
    at.multiselect(key="filter_areas").set_value(["DEMO04"]).run()
    assert not at.exception
    types = table_with(at, "Street")
    (street,), = sql(demo_connection, "SELECT COUNT(*) FROM incidents WHERE area_code = 'DEMO04' AND "
                                      "location_type = 'Street' AND financial_year = '2020-21'")
    assert types.loc[types.financial_year == "2020-21", "Street"].item() == shown(street)
    key = next(d.value for d in at.dataframe if list(d.value.columns) == ["financial_year", "victims"])
    (near,), = sql(demo_connection, "SELECT COUNT(*) FROM incidents WHERE area_code = 'DEMO04' AND near_school "
                                    "AND weekday < 5 AND hour BETWEEN 15 AND 17 AND financial_year = '2019-20'")
    assert key.loc[key.financial_year == "2019-20", "victims"].item() == shown(near)


@pytest.mark.parametrize("band, bands, sentence", [
    (None, ["10-13", "14-16", "17", "18-20", "21-24"], "% of victims aged 10\u201324 were 18 or older."),
    ("18-24", ["18-20", "21-24"], "Every age in the band chosen (18\u201324) is 18 or older"),
    ("Under 18", ["10-13", "14-16", "17"], "Every age in the band chosen (10\u201317) is under 18"),
])
def test_priority_2_s_age_profile_is_the_age_band_s_own_bands(app_env, demo_connection, band, bands, sentence):
    # Under 18-24 the chart once drew 10 to 17 as empty and said "100% of victims aged 10-24 were
    # 18 or older".
    from tests.conftest import open_app_page

    at = open_app_page(P2, params={"age": band} if band else {})
    table = table_with(at, "ages", "victims")
    assert table["ages"].tolist() == bands
    counted = dict(sql(demo_connection, "SELECT age_band, COUNT(*) FROM incidents GROUP BY age_band"))
    assert table["victims"].tolist() == [shown(counted[b]) for b in bands]
    # Each band over its years of age: 17 is one year, 18-20 three.
    years = {"10-13": 4, "14-16": 3, "17": 1, "18-20": 3, "21-24": 4}
    assert table["years of age"].tolist() == [years[b] for b in bands]
    assert table["victims a year of age"].tolist() == [round(counted[b] / years[b], 1) for b in bands]
    youngest, oldest = int(bands[0][:2]), int(bands[-1][-2:])
    assert [h.value for h in at.subheader if h.value.startswith("How old")] == [
        f"How old are the victims, from {youngest} to {oldest}?"]
    assert any(sentence in m.value for m in at.markdown)
    assert not any("100%" in m.value for m in at.markdown)
    # Adults' bars are sky blue, children's blue, whether or not the 18th birthday is drawn.
    from figures.palette import BLUE, SKY

    bars = next(bars for bars in (json.loads(c.proto.spec)["data"][0] for c in at.get("plotly_chart"))
                if bars["type"] == "bar" and bars.get("customdata"))  # one bar a band, over its years
    assert bars["marker"]["color"] == [SKY if b.startswith(("18", "21")) else BLUE for b in bands]


def test_priority_2_s_age_profile_reads_each_band_as_its_trend_does(app_env, demo_connection):
    # Girls in 2023-24: each band's count is the one the Overview's trend at that age band shows
    # that year, "hidden" and "<5" alike, so the profile adds nothing a reader could combine.
    from metrics.filters import Filters
    from tests.conftest import open_app_page
    from ui import data

    at = open_app_page(P2, params={"sex": "Female", "from": "2023-04-01", "to": "2024-03-31"})
    at.selectbox(key="p2_measure").set_value("serious_youth_violence").run()
    assert not at.exception
    profile = table_with(at, "ages", "victims").set_index("ages")["victims"]
    url, stamp = data.current()
    trends = {}
    for band in profile.index:
        trend = data.count_by(url, stamp, "serious_youth_violence", "financial_year",
                              Filters(sex="Female", age_band=band))
        trends[band] = dict(zip(trend["financial_year"], data.safe(trend, ("financial_year",))["display"]))["2023-24"]
    assert profile.to_dict() == trends
    # Girls aged 17 that year are 1 to 4: the profile hides them, as the trend does.
    (at_17,) = sql(demo_connection, "SELECT COUNT(*) FROM incidents WHERE is_serious_youth_violence AND "
                                    "victim_sex = 'Female' AND victim_age = 17 AND financial_year = '2023-24'")
    assert 1 <= at_17[0] < 5 and profile["17"] in ("<5", "hidden")


def test_priority_2_s_ages_say_so_under_an_age_band_outside_them(app_env):
    from tests.conftest import open_app_page

    at = open_app_page(P2, params={"age": "25+"})
    assert not at.exception
    assert not [h for h in at.subheader if h.value.startswith("How old")]
    assert any("holds no age from 10 to 24" in i.value for i in at.info)


def test_priority_2_names_no_place_where_none_is_shown(app_env):
    # Arab victims aged 10-16: every kind of place in the latest year reads 0 or "hidden"; the
    # sentence once said "most were at: Park (0)".
    from tests.conftest import open_app_page

    at = open_app_page(P2, params={"ethnic_detail": "Arab", "age": "10-16"})
    table = next(d.value for d in at.dataframe if "Park" in d.value.columns)
    latest = table.iloc[-1].drop("financial_year")
    assert not any(str(v).replace(",", "").isdigit() and int(str(v).replace(",", "")) > 0 for v in latest)
    assert not any("most were at" in m.value for m in at.markdown)


# --- Priority 3 ---------------------------------------------------------------------

def test_priority_3_stop_and_search_under_the_coarse_age_bands(app_env, demo_connection):
    at = run(P3)
    at.selectbox(key="filter_age").set_value("10-16").run()
    assert not at.exception
    assert any("answered by 10-17" in i.value for i in at.info)
    months = table_with(at, "searches")
    (march,), = sql(demo_connection, "SELECT COUNT(*) FROM stop_search WHERE age_range = '10-17' "
                                     "AND month = DATE '2024-03-01'")
    assert months.loc[months.month == dt.date(2024, 3, 1), "searches"].item() == shown(march)
    # The after-school window's hours all read numbers at 10-17: its share is given.
    (inside, every), = sql(demo_connection, "SELECT COUNT(*) FILTER (WHERE weekday < 5 AND hour BETWEEN 15 AND 17), "
                                            "COUNT(*) FROM stop_search WHERE age_range = '10-17'")
    assert any(m.value == f"**{100 * inside / every:.0f}% fall on weekdays between 15:00 and 18:00.**"
               for m in at.markdown)
    # Under Mixed, hours of the window read "hidden": the share is said to be hidden, not too
    # few (the window holds more searches than that).
    at.selectbox(key="filter_ethnicity").set_value("Mixed").run()
    assert not at.exception
    grid = table_with(at, "Mon")
    assert (grid == "hidden").to_numpy().any()
    (inside,), = sql(demo_connection, "SELECT COUNT(*) FROM stop_search WHERE age_range = '10-17' AND "
                                      "self_defined_ethnic_group = 'Mixed' AND weekday < 5 AND hour BETWEEN 15 AND 17")
    assert inside >= 5
    assert any(m.value == '**The after-school share is not shown: some of the counts it needs read "<5" or '
               '"hidden" under these filters.**' for m in at.markdown)


def test_priority_3_filters_searches_do_not_record_are_said_not_to_apply(app_env, demo_connection):
    at = run(P3)
    at.selectbox(key="filter_offence").set_value("Robbery").run()
    assert not at.exception
    assert any("does not record offence group" in i.value for i in at.info)
    at.selectbox(key="filter_ethnicity_detail").set_value("Bangladeshi").run()  # a viewer's one group: clears offence
    assert not at.exception
    assert any("does not record detailed ethnic groups" in i.value for i in at.info)
    (total,), = sql(demo_connection, "SELECT COUNT(*) FROM stop_search WHERE object_of_search = 'Offensive weapons'")
    objects = table_with(at, "object_of_search")
    assert objects.loc[objects.object_of_search == "Offensive weapons", "searches"].item() == shown(total)


def test_priority_3_searches_by_ethnicity_against_population(app_env, demo_connection):
    at = run(P3)
    at.selectbox(key="filter_sex").set_value("Male").run()
    assert not at.exception
    rates = table_with(at, "rate_per_1000")
    (searches,), = sql(demo_connection, "SELECT COUNT(*) FROM stop_search WHERE gender = 'Male' AND "
                       "self_defined_ethnic_group = 'Black' AND financial_year = '2023-24'")
    (people,), = sql(demo_connection, "SELECT SUM(population) FROM population WHERE sex = 'Male' AND "
                     "ethnicity = 'Black' AND year = 2023")
    row = rates[rates.ethnicity == "Black"].iloc[0]
    assert row.searches == shown(searches) and row.population == people
    assert row.rate_per_1000 == pytest.approx(1000 * searches / people, abs=0.01)


def test_priority_3_knife_injury_and_outcome_measures(app_env, demo_connection):
    at = run(P3)
    knife = table_with(at, "published_in_strategy")
    assert knife.loc[knife.financial_year == "2019-20", "count_in_data"].item() == "90"
    assert knife.loc[knife.financial_year == "2019-20", "published_in_strategy"].item() == 90
    headers = " ".join(s.value for s in at.subheader)
    assert "Rescue and Response" in headers and "prosecuted" in headers and "disruption" in headers
    referrals = table_with(at, "referrals per quarter")
    expected = dict(sql(demo_connection, "SELECT period_label, value FROM indicator_values "
                                         "WHERE measure = 'rescue_and_response_referrals'"))
    for label, value in zip(referrals.quarter, referrals["referrals per quarter"]):
        assert value == shown(int(expected[label])) or value == "<5"


@pytest.mark.parametrize("page", [P1, P2, P3])
def test_narrow_filters_never_show_a_small_number(app_env, page):
    at = run(page)
    at.selectbox(key="filter_sex").set_value("Female").run()
    at.selectbox(key="filter_age").set_value("10-13").run()
    at.multiselect(key="filter_areas").set_value(["DEMO09"]).run()
    assert not at.exception
    for frame in (d.value for d in at.dataframe):
        for column in frame.columns:
            if frame[column].dtype != object or column in ("hour", "quarter", "financial_year"):
                continue  # counts are shown as text ("<5", "1,234"); ranks and ages are numbers
            for cell in frame[column].astype(str):
                assert cell not in {"1", "2", "3", "4"}, (column, cell)


def charts(at) -> list[dict]:
    import json
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def test_suppressed_counts_are_not_drawn_but_labelled(app_env, demo_connection):
    at = run(P3)
    small = [label for label, value in sql(demo_connection, "SELECT period_label, value FROM indicator_values "
                                                            "WHERE measure = 'exploitation_prosecutions'")
             if 1 <= value < 5]
    assert small, "the demo has quarters with fewer than 5 prosecutions"
    prosecutions = next(c for c in charts(at)
                        if "prosecutions per quarter" in str(c["layout"].get("yaxis", {}).get("title", "")).lower())
    line, labels = prosecutions["data"][0], prosecutions["data"][1]
    drawn = dict(zip(line["x"], values(line["y"])))
    assert all(drawn[label] is None or drawn[label] != drawn[label] for label in small)  # null or NaN: a gap
    assert set(small) <= set(labels["x"]) and set(labels["text"]) == {"<5"}


def test_a_suppressed_heatmap_cell_is_grey_and_reads_as_the_table_does(app_env):
    at = run(P1)
    at.multiselect(key="filter_areas").set_value(["DEMO09"]).run()
    at.selectbox(key="filter_sex").set_value("Female").run()
    table = next(d.value for d in at.dataframe if "Mon" in d.value.columns)
    heatmap, greys = next(c["data"][:2] for c in charts(at) if c["data"][0]["type"] == "heatmap")
    flat, text = values(heatmap["z"]), greys["text"]
    z = [flat[row * 7:(row + 1) * 7] for row in range(24)]
    days = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    hidden = [(h, d) for h in range(24) for d, day in enumerate(days) if table[day].iloc[h] in ("<5", "hidden")]
    assert hidden, "a narrow filter should hide some cells"
    for hour, day in hidden:
        assert z[hour][day] is None or z[hour][day] != z[hour][day]
        assert text[hour][day] == table[days[day]].iloc[hour]


def test_clear_filters_returns_to_every_record_and_a_clean_link(app_env):
    at = run()
    at.selectbox(key="filter_sex").set_value("Female").run()
    at.selectbox(key="filter_age").set_value("17").run()
    assert at.query_params.get("sex") in ("Female", ["Female"])
    at.button[0].click().run()
    assert not at.exception
    assert at.selectbox(key="filter_sex").value == "All" and at.selectbox(key="filter_age").value == "All"
    assert not at.query_params


def test_a_viewer_link_with_other_dates_becomes_the_year_they_end_in(app_env):
    from streamlit.testing.v1 import AppTest

    from tests.views.test_pages import APP
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"from": "2021-05-10", "to": "2022-02-28"})
    at.run()
    assert not at.exception
    assert at.selectbox(key="filter_year").value == "2021-22"
    assert any("one financial year" in w.value and "10/05/2021 to 28/02/2022" in w.value for w in at.warning)
    assert (at.query_params["from"], at.query_params["to"]) in ((["2021-04-01"], ["2022-03-31"]),
                                                                ("2021-04-01", "2022-03-31"))
    assert not at.date_input  # a viewer has no day-level dates to choose


def test_every_age_choice_reads_as_its_ages_and_a_grouping_says_so(app_env):
    # A grouping is an age choice that holds another: its count is not added to theirs.
    from metrics.filters import AGE_CHOICES
    from metrics.neighbours import contains

    at = run()
    labels = dict(zip(["All ages", *AGE_CHOICES], at.selectbox(key="filter_age").options))
    assert labels.pop("All ages") == "All ages"
    for name, span in AGE_CHOICES.items():
        grouping = any(other != name and contains(span, held) for other, held in AGE_CHOICES.items())
        assert labels[name].endswith(" (grouping)") == grouping, name
        low, high = span
        ages = labels[name].removesuffix(" (grouping)")
        assert ages in ({f"{low}\u2013{high}", f"Under {high + 1}"} if high is not None and high > low
                        else {str(low)} if high == low else {f"{low} and over"}), name


def test_a_viewer_filters_by_one_of_sex_ethnicity_and_offence_group(app_env):
    from streamlit.testing.v1 import AppTest

    from tests.views.test_pages import APP
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"sex": "Female", "ethnicity": "Mixed", "offence": "Robbery", "age": "10-16"})
    at.run()
    assert not at.exception
    # A link with several keeps the first (sex), and says what it cleared.
    assert [at.selectbox(key=k).value for k in ("filter_sex", "filter_ethnicity", "filter_offence", "filter_age")] \
        == ["Female", "All", "All", "10-16"]
    assert any(w.value.startswith("Ethnicity and offence group cleared.") for w in at.main.warning)
    assert "ethnicity" not in at.query_params and "offence" not in at.query_params
    girls = AppTest.from_file(APP, default_timeout=60)
    girls.query_params.update({"sex": "Female", "age": "10-16"})
    girls.run()
    assert [m.value for m in at.metric] == [m.value for m in girls.metric]
    assert [f.value.to_dict() for f in at.dataframe] == [f.value.to_dict() for f in girls.dataframe]
    # Choosing another group clears the one set.
    at.selectbox(key="filter_ethnicity_detail").set_value("Bangladeshi").run()
    assert not at.exception
    assert [at.selectbox(key=k).value for k in ("filter_sex", "filter_ethnicity_detail")] == ["All", "Bangladeshi"]
    assert any(i.value.startswith("Sex cleared.") for i in at.sidebar.info)
    # Ethnicity goes with its detailed groups: choosing both clears neither.
    at.selectbox(key="filter_ethnicity").set_value("Asian").run()
    assert [at.selectbox(key=k).value for k in ("filter_ethnicity", "filter_ethnicity_detail")] \
        == ["Asian", "Bangladeshi"]
    assert not at.sidebar.info


def test_a_viewer_selects_at_most_the_cap_of_areas(app_env, monkeypatch):
    # The demo has 9 areas; the cap is lowered to 2 to see a link with 3 cut to its first 2.
    from streamlit.testing.v1 import AppTest

    import metrics.neighbours
    import ui.filters
    from tests.views.test_pages import APP
    monkeypatch.setattr(metrics.neighbours, "AREA_CAP", 2)
    monkeypatch.setattr(ui.filters, "AREA_CAP", 2)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"area": ["DEMO01", "DEMO02", "DEMO03"], "sex": "Female"})
    at.run()
    assert not at.exception
    assert at.multiselect(key="filter_areas").value == ["DEMO01", "DEMO02"]
    assert at.multiselect(key="filter_areas").proto.max_selections == 2
    assert any(w.value.startswith("Only the first 2 areas are kept.") for w in at.main.warning)
    assert at.query_params["area"] == ["DEMO01", "DEMO02"]


def test_an_analyst_combines_sex_ethnicity_and_offence_group(app_env, demo_connection, monkeypatch, tmp_path):
    from streamlit.testing.v1 import AppTest

    import ui.access
    from access import Role
    from tests.views.test_pages import APP
    monkeypatch.setattr(ui.access, "current_role", lambda: Role.ANALYST)
    monkeypatch.setenv("VVE_AUDIT_DATABASE_URL", f"sqlite:///{tmp_path / 'audit.sqlite'}")
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"sex": "Female", "ethnicity": "Mixed"})
    at.run()
    assert not at.exception
    assert [at.selectbox(key=k).value for k in ("filter_sex", "filter_ethnicity")] == ["Female", "Mixed"]
    assert not at.sidebar.info
    (count,), = sql(demo_connection, "SELECT COUNT(*) FROM incidents WHERE is_serious_youth_violence AND "
                    "financial_year = '2023-24' AND victim_sex = 'Female' AND victim_ethnicity = 'Mixed'")
    assert headline(at) == f"{count:,}"


def test_an_analyst_chooses_any_dates(app_env, monkeypatch, tmp_path):
    import ui.access
    from access import Role

    monkeypatch.setattr(ui.access, "current_role", lambda: Role.ANALYST)
    monkeypatch.setenv("VVE_AUDIT_DATABASE_URL", f"sqlite:///{tmp_path / 'audit.sqlite'}")
    at = run()
    at.date_input(key="filter_from").set_value(dt.date(2021, 5, 10)).run()
    assert not at.exception
    assert at.query_params["from"] in (["2021-05-10"], "2021-05-10")
    assert not [s for s in at.selectbox if s.key == "filter_year"]


def test_the_searches_by_month_sentence_reads_as_the_table_shows_the_latest_month():
    import datetime as dt

    import pandas as pd

    from ui.stop_search import _latest_month

    def month(display):
        return pd.DataFrame({"month": [dt.date(2024, 2, 1), dt.date(2024, 3, 1)], "display": ["12", display]})

    assert _latest_month(month("26")) == "26 searches in March 2024."
    assert _latest_month(month("<5")) == "<5 searches in March 2024."
    assert _latest_month(month("hidden")).startswith("March 2024's count is hidden under these filters")
    assert _latest_month(month("no data published")) == "No stop and search data is published for March 2024."


def test_the_overview_s_years_hidden_under_an_age_band_say_to_choose_all_ages_and_more_show_there(app_env):
    # Girls' serious youth violence at 10-24 beside 1-24: the two differ by the girls aged 1 to
    # 9, 1 to 4 in most years, so 10-24 is hidden; at all ages, more years show.
    from streamlit.testing.v1 import AppTest

    from tests.views.test_pages import APP

    def years(**params):
        at = AppTest.from_file(APP, default_timeout=60)
        at.query_params.update({"sex": "Female", **params})
        at.run()
        assert not at.exception
        table = table_with(at, "financial_year", "count_in_data")
        hidden = int((table["count_in_data"] == "hidden").sum())
        return hidden, [i for i in at.info if i.value.startswith('Some years read "hidden" at ages')]

    (narrow, advice), (wide, none) = years(age="10-24"), years()
    assert narrow and advice and "choose All ages" in advice[0].value and not none
    assert wide < narrow


def test_repeat_locations_under_filters_with_no_records_say_so(app_env, demo_connection):
    from metrics.measures import MEASURES
    from tests.conftest import open_app_page

    (n,), = sql(demo_connection, "SELECT COUNT(*) FROM incidents WHERE victim_ethnicity_detail = 'Arab' "
                                 "AND victim_age BETWEEN 1 AND 9 AND area_code = 'DEMO01'")
    assert n == 0
    at = open_app_page(P2, params={"ethnic_detail": "Arab", "age": "1-9", "area": "DEMO01"}, timeout=120)
    said = " ".join(m.value for m in at.markdown)
    assert f"No {MEASURES['violent_incidents'].unit} are recorded under these filters, so there are no repeat " \
           "locations." in said
    assert "had incidents in at least 3" not in said


def test_priority_1_ranks_the_busiest_hours_from_the_records(app_env, demo_connection):
    at = run(P1)
    ranked = [d.value for d in at.dataframe if list(d.value.columns) == ["rank", "weekday", "hour", "count"]]
    assert len(ranked) == 2  # 10-16 and 17-24
    days = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    for table, (low, high) in zip(ranked, ((10, 16), (17, 24))):
        truth = {(days[w], h): n for w, h, n in sql(
            demo_connection, "SELECT weekday, hour, COUNT(*) FROM incidents WHERE has_time AND victim_age BETWEEN "
                             ":low AND :high GROUP BY weekday, hour", low=low, high=high)}
        counts = [int(c.replace(",", "")) for c in table["count"]]
        assert list(table["rank"]) == list(range(1, 11)) and counts == sorted(counts, reverse=True)
        for day, hour, count in zip(table["weekday"], table["hour"], counts):
            assert truth[(day, int(hour[:2]))] == count
        # Nothing shown is passed over: every weekday-hour busier than the tenth is ranked, or hidden.
        shown_cells = set(zip(table["weekday"], (int(h[:2]) for h in table["hour"])))
        busier = {cell for cell, n in truth.items() if n > counts[-1]}
        assert busier - shown_cells <= hidden_cells(at, low)


def hidden_cells(at, youngest: int) -> set[tuple[str, int]]:
    """The weekday-hours Priority 1's heatmap for ages from ``youngest`` shows hidden."""
    grids = [d.value for d in at.dataframe if list(d.value.columns)[:2] == ["hour", "Mon"]]
    grid = grids[0 if youngest == 10 else 1]
    return {(day, int(row["hour"][:2])) for _, row in grid.iterrows() for day in grid.columns[1:]
            if row[day] in ("hidden", "<5")}
