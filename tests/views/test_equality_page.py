"""The equality page: rates the test recomputes, and no small number for a viewer."""

import re
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from metrics.disclosure import complete_grid
from tests.attacker import pinned_sums, read

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGE = "views/equality_monitoring.py"
SMALL = re.compile(r"^[1-4]$")


def open_page(params: dict | None = None, **choices) -> AppTest:
    """The page with ``params`` in the address (the sidebar's filters) and ``choices`` made in order."""
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params.update(params or {})
    at.run()
    at.switch_page(PAGE)
    at.run()
    for key, value in choices.items():
        widget = at.selectbox(key=key) if key != "eq_search_ages" else at.radio(key=key)
        widget.set_value(value)
        at.run()
    assert not at.exception, at.exception
    return at


def shown_counts(at: AppTest) -> list[str]:
    """Every cell of every table on the page, as text."""
    cells = []
    for frame in at.dataframe:
        cells += [str(v) for v in frame.value.to_numpy().ravel()]
    return cells


def test_rates_match_an_independent_count(app_env, demo_connection, monkeypatch, tmp_path):
    # As an analyst sees them: a viewer sees this year's Black count for ages 10-24 hidden,
    # because the same count for ages 1-24 (another choice a viewer can make) is 1 to 4 more:
    # the Black victims aged 1 to 9 that year (the neighbour rule).
    (young,) = demo_connection.execute(text(
        "SELECT COUNT(*) FROM incidents WHERE is_serious_youth_violence AND victim_ethnicity = 'Black' "
        "AND victim_age BETWEEN 1 AND 9 AND financial_year = '2022-23'")).one()
    assert 1 <= young < 5
    viewer = open_page(eq_year="2022-23", eq_ages="10-24", eq_measure="Victims of serious youth violence")
    # Hidden, but not small itself: it reads "hidden", not "<5".
    shown = viewer.dataframe[0]
    assert shown.value.set_index("Ethnic group").loc["Black", "Count"] == "hidden"
    # Its rate is not shown either: a dash, not Streamlit's "None", and the page says why.
    assert pd.isna(shown.value.set_index("Ethnic group").loc["Black", "Rate per 1,000"])
    assert shown.proto.placeholder == "\u2013"
    assert any(c.value.startswith('\u2013 not shown: a count it comes from reads "hidden" or "<5"')
               for c in viewer.caption)
    import ui.access
    from access import Role
    monkeypatch.setattr(ui.access, "current_role", lambda: Role.ANALYST)
    monkeypatch.setenv("VVE_AUDIT_DATABASE_URL", f"sqlite:///{tmp_path / 'audit.sqlite'}")
    at = open_page(eq_year="2022-23", eq_ages="10-24", eq_measure="Victims of serious youth violence")
    expected = demo_connection.execute(text(
        "SELECT COUNT(*) FROM incidents WHERE is_serious_youth_violence AND victim_ethnicity = 'Black' "
        "AND victim_age BETWEEN 10 AND 24 AND occurred_on BETWEEN DATE '2022-04-01' AND DATE '2023-03-31'")).scalar_one()
    people = demo_connection.execute(text(
        "SELECT SUM(population) FROM population WHERE ethnicity = 'Black' AND year = 2022 "
        "AND age_band IN ('10-13', '14-16', '17', '18-20', '21-24')")).scalar_one()
    table = at.dataframe[0].value.set_index("Ethnic group")
    assert table.loc["Black", "Count"] == f"{expected:,}"
    assert table.loc["Black", "Rate per 1,000"] == pytest.approx(round(expected / people * 1000, 2))
    assert any("times as often as young White people (95% CI" in m.value for m in at.markdown)
    assert not [i for i in at.info if i.value.startswith("Some counts")]


def test_a_viewer_never_sees_a_count_from_1_to_4(app_env):
    # Knife injury victims aged 10-16 in one year: many groups are small.
    at = open_page(eq_measure="Knife crime injury victims", eq_ages="10-16", eq_year="2020-21",
                   eq_search_ages="10-17")
    cells = shown_counts(at)
    assert "<5" in cells
    assert not [c for c in cells if SMALL.match(c)]
    for chart in at.get("plotly_chart"):
        assert not re.search(r'"text":\["[1-4]"', chart.proto.spec)


def test_an_analyst_sees_small_numbers_and_is_audited(app_env, monkeypatch, tmp_path):
    import ui.access
    from access import Role
    from storage import audit
    monkeypatch.setattr(ui.access, "current_role", lambda: Role.ANALYST)
    monkeypatch.setenv("VVE_AUDIT_DATABASE_URL", f"sqlite:///{tmp_path / 'audit.sqlite'}")
    at = open_page(eq_measure="Knife crime injury victims", eq_ages="10-16", eq_year="2020-21")
    cells = shown_counts(at)
    assert "<5" not in cells
    assert [c for c in cells if SMALL.match(c)]
    assert "unsuppressed-view" in set(audit.entries(f"sqlite:///{tmp_path / 'audit.sqlite'}")["action"])


def test_records_are_refused_below_analyst_where_they_are_read(app_env, demo_connection):
    from access import Role
    from metrics.filters import Filters
    from storage.engine import database_stamp
    from ui import data

    with pytest.raises(PermissionError):
        data.records(app_env, database_stamp(app_env), "serious_youth_violence", Filters(), role=Role.VIEWER)
    rows = data.records(app_env, database_stamp(app_env), "serious_youth_violence", Filters(sex="Female"),
                        role=Role.ANALYST)
    female = demo_connection.execute(text(
        "SELECT COUNT(*) FROM incidents WHERE is_serious_youth_violence AND victim_sex = 'Female'")).scalar_one()
    assert len(rows) == min(500, female) and set(rows["victim_sex"]) == {"Female"}


def test_a_viewer_has_no_records_toggle(app_env):
    at = open_page()
    assert not at.toggle


def test_at_10_to_24_a_viewer_still_sees_the_groups_with_no_victims_aged_1_to_9(app_env, demo_connection):
    # The equality lead's first step (SCENARIOS 3): ages 10-24, whose wider neighbour 1-24
    # differs by the victims aged 1 to 9. A group with 1 to 4 of those is hidden; a group with
    # none, of either sex, is not given away by the comparison and stays shown, unless one of
    # its detailed groups is small (Other's Arab victims, 4, would be Other less Any other
    # ethnic group: metrics.families).
    at = open_page(eq_year="2022-23", eq_measure="Victims of serious youth violence", eq_ages="10-24")
    rows = demo_connection.execute(text(
        "SELECT victim_ethnicity, SUM(young), SUM(n), SUM(CASE WHEN n BETWEEN 1 AND 4 THEN 1 ELSE 0 END) FROM ("
        "SELECT victim_ethnicity, victim_ethnicity_detail, "
        "SUM(CASE WHEN victim_age BETWEEN 1 AND 9 THEN 1 ELSE 0 END) AS young, "
        "SUM(CASE WHEN victim_age BETWEEN 10 AND 24 THEN 1 ELSE 0 END) AS n FROM incidents "
        "WHERE is_serious_youth_violence AND financial_year = '2022-23' GROUP BY 1, 2) d GROUP BY 1")).all()
    untouched = {group: count for group, young, count, small_details in rows if young == 0 and small_details == 0}
    table = at.dataframe[0].value.set_index("Ethnic group")
    assert untouched and all(untouched[g] >= 5 for g in untouched)  # so "shown" can be told from "<5"
    assert {g: table.loc[g, "Count"] for g in untouched if g in table.index} == {
        g: f"{n:,}" for g, n in untouched.items() if g in table.index}
    # The hidden ones say why, and which ages show them.
    assert (table["Count"] == "hidden").any()
    assert [i.value for i in at.info if i.value.startswith("Some counts at ages 10-24 read")]
    assert "Choose 1-24 to see the most." in next(i.value for i in at.info if i.value.startswith("Some counts"))


def test_a_viewer_sees_every_group_for_the_strategys_ages(app_env, demo_connection):
    # Ages 1-24 (the page's first choice, the strategy's definition of serious youth violence):
    # no wider choice exists and whole years protect the year, so a viewer's annual review
    # has every group's count, rate and ratio.
    at = open_page(eq_year="2022-23", eq_measure="Victims of serious youth violence")
    assert at.selectbox(key="eq_ages").value == "1-24"
    expected = dict(demo_connection.execute(text(
        "SELECT victim_ethnicity, COUNT(*) FROM incidents WHERE is_serious_youth_violence AND victim_age "
        "BETWEEN 1 AND 24 AND financial_year = '2022-23' GROUP BY 1")).all())
    table = at.dataframe[0].value.set_index("Ethnic group")
    assert all(expected[group] >= 5 for group in table.index)  # so the test can tell "shown" from "<5"
    assert table["Count"].to_dict() == {group: f"{expected[group]:,}" for group in table.index}
    assert table["Rate per 1,000"].notna().all()
    assert any("times as often as young White people (95% CI" in m.value for m in at.markdown)


def test_search_outcomes_read_as_percentages_of_each_group_s_searches(app_env, demo_connection):
    # A board reads "27.4", under "% positive", not "0.274": each share is the group's positive
    # (or linked) outcomes as a percentage of its searches, counted here from the records.
    at = open_page(eq_year="2022-23")
    counted = {row[0]: row[1:] for row in demo_connection.execute(text(
        "SELECT self_defined_ethnic_group, COUNT(*), COUNT(*) FILTER (WHERE outcome NOT IN "
        "('A no further action disposal', 'Nothing found - no further action')), "
        "COUNT(*) FILTER (WHERE outcome_linked_to_object) FROM stop_search WHERE financial_year = '2022-23' "
        "GROUP BY 1"))}
    table = next(frame.value for frame in at.dataframe if "% positive" in frame.value.columns)
    table = table.set_index("Self-defined ethnic group")
    assert len(table) == 5
    for group, row in table.iterrows():
        searches, positive, linked = counted[group]
        assert min(searches, positive, linked) >= 5  # so every share is shown
        assert row["% positive"] == pytest.approx(100 * positive / searches, abs=0.051)  # to one decimal place
        assert row["95% CI from"] < row["% positive"] < row["95% CI to"] < 100
        assert row["% linked"] == pytest.approx(100 * linked / searches, abs=0.051)  # to one decimal place
        assert row["Linked 95% CI from"] < row["% linked"] < row["Linked 95% CI to"]


@pytest.mark.parametrize(("sidebar", "searched"), [("10-17", "10-17"), ("18-24", "18-24"), ("10-16", "All ages")])
def test_the_ages_searched_follow_the_sidebar_where_police_uk_records_them(app_env, sidebar, searched):
    # An equality lead who narrows the sidebar to 10-17 sees searches of 10-17s too; police.uk
    # records no 10-16, so that reads all ages, as the choice shows.
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params.update({"age": sidebar})
    at.run()
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, at.exception
    assert at.radio(key="eq_search_ages").value == searched
    assert any(heading.value.startswith(f"Who is searched most often, for their numbers? {searched},")
               for heading in at.subheader)


SEARCH_AGE_ATOMS = ("10-17", "18-24", "rest")  # the page's two ranges, and every other age (no view)


def search_ages_seen_and_pinned(conn, area: str, *, all_years: bool = False) -> list:
    """The small counts an attacker pins from the equality page's searches by ethnicity in one
    area, read at each of its age choices (every age, 10-17, 18-24), for each gender a viewer
    can choose, in each financial year (the page counts one at a time, as Priority 3's chart by
    ethnicity does), and over all years too where ``all_years`` (``python -m metrics`` shows
    them so). Unknowns: each group's searches of one gender in one year at 10-17, at 18-24 and
    at every other age."""
    from tests.views.test_filter_families import GENDER_AS_SEEN, GENDERS, searches_as_a_viewer_opens_them
    from ui import data

    years = sorted(r[0] for r in conn.execute(text("SELECT DISTINCT financial_year FROM stop_search")))
    groups = [r[0] for r in conn.execute(text("SELECT DISTINCT self_defined_ethnic_group FROM stop_search "
                                              "WHERE self_defined_ethnic_group IS NOT NULL"))]
    truth = {tuple(row[:4]): row[4] for row in conn.execute(text(
        f"SELECT self_defined_ethnic_group, {GENDER_AS_SEEN}, financial_year, "
        "CASE WHEN age_range IN ('10-17', '18-24') THEN age_range ELSE 'rest' END, COUNT(*) FROM stop_search WHERE area_code = :area GROUP BY 1, 2, 3, 4"),
        {"area": area})}
    shown = []
    for age in (None, "10-17", "18-24"):
        atoms = [age] if age else list(SEARCH_AGE_ATOMS)
        for genders, inside, table in searches_as_a_viewer_opens_them("by_ethnicity", area, years, age_range=age):
            if len(inside) > 1 and not all_years:  # no page shows all years: python -m metrics does
                continue
            table = complete_grid(table, {"group": groups})
            for group, shown_text in zip(table["group"], data.safe(table, ("group",))["display"]):
                shown.append(([(group, g, y, a) for g in genders for y in inside for a in atoms], read(shown_text)))
    periods = [*years, None]
    asked = {(group, gender, period, atom): [(group, g, y, a) for g in ([gender] if gender else GENDERS)
                                             for y in ([period] if period else years)
                                             for a in ([atom] if atom else SEARCH_AGE_ATOMS)]
             for group in groups for gender in (*GENDERS, None) for period in periods
             for atom in (*SEARCH_AGE_ATOMS, None)}
    return [key for key in pinned_sums(shown, asked) if 1 <= sum(truth.get(u, 0) for u in asked[key]) < 5]


def test_no_small_search_count_is_added_up_from_the_page_s_age_choices(app_env, demo_connection, monkeypatch):
    # Every age less 10-17 and 18-24 is the searches of every other age, which no view shows;
    # and a "<5" at 10-17 and one at 18-24 say every age holds at least 2. Each group's age
    # choices are decided as one family (``storage.viewer_counts.age_parts``, read as Priority
    # 3 reads them, metrics.families._age_sums), a small count whose "<5" would help pin another
    # reading "hidden". Without it, and without the neighbouring age choices, the reader pins some.
    from tests.views.test_filter_families import attack_holds_only_without_the_rule, search_candidate_areas

    attack_holds_only_without_the_rule(monkeypatch, search_candidate_areas(demo_connection),
                                       lambda area: search_ages_seen_and_pinned(demo_connection, area),
                                       {"AGE_FAMILIES": (), "age_parts": lambda *args, **kwargs: None,
                                        "neighbouring_filters": lambda filters: []})


def test_a_group_s_searches_of_one_gender_over_all_years_are_not_added_up_from_its_age_choices(
        app_env, demo_connection, monkeypatch):
    # `python -m metrics show stop_and_search --by ethnicity --sex Female --age-band 10-17` counts
    # over all years too. In DEMO02, 4 women of Mixed ethnicity were searched: one at 10-17 and
    # one at 18-24 in 2017-18, one older in each of two other years. Their count at every age
    # over all years read "<5" (at most 4); the years' "<5"s at 10-17 and 18-24 said at least
    # 2 + 1 + 1: each count was pinned. A count of two values (a group and a gender) now has its
    # age choices decided as one family, as a single value's are.
    from tests.views.test_filter_families import attack_holds_only_without_the_rule

    counted = dict(((year, band), n) for year, band, n in demo_connection.execute(text(
        "SELECT financial_year, age_range, COUNT(*) FROM stop_search WHERE area_code = 'DEMO02' "
        "AND gender = 'Female' AND self_defined_ethnic_group = 'Mixed' GROUP BY 1, 2")).all())
    assert sum(counted.values()) == 4 and counted[("2017-18", "10-17")] == counted[("2017-18", "18-24")] == 1, \
        "the demo's case has changed: find another"
    # With police.uk's under-10s in under 18 and 1-24, as before ``ANSWER_ONLY_WITHIN``: the
    # page's families then hold other age choices, and the route is open without the rule.
    from tests.views.test_age_choices import under_10_in_wider_choices

    with under_10_in_wider_choices(monkeypatch):
        attack_holds_only_without_the_rule(
            monkeypatch, ["DEMO02"], lambda area: search_ages_seen_and_pinned(demo_connection, area, all_years=True),
            {"_two_values_age_sums": lambda *args: None})
    assert search_ages_seen_and_pinned(demo_connection, "DEMO02", all_years=True) == []


def test_the_page_opens_on_the_latest_whole_financial_year(app_env, demo_connection):
    # Scenario 3 starts from "the last financial year": with data to 31 March, that year is whole.
    (last_day,) = demo_connection.execute(text("SELECT MAX(occurred_on) FROM incidents")).one()
    assert (last_day.month, last_day.day) == (3, 31)
    at = open_page()
    assert at.selectbox(key="eq_year").value == f"{last_day.year - 1}-{last_day.year % 100:02d}"


def test_a_group_s_searches_read_as_priority_3_s_trend_under_that_group(app_env, demo_connection):
    # In DEMO02 in 2020-21, Mixed (19) and Other (11) searches read "hidden" here, each page deciding
    # the same counts in its own families, and numbers on Priority 3 under that group. Now the
    # equality page reads each group's searches as Priority 3 does: one decision, both pages.
    from metrics.filters import Filters
    from tests.conftest import open_app_page
    from ui import data

    at = open_app_page(PAGE, params={"area": "DEMO02"}, timeout=120)
    at.selectbox(key="eq_year").set_value("2020-21").run()
    assert not at.exception
    url, stamp = data.current()
    for key in ("searches-by-ethnicity", "search-outcomes-by-ethnicity"):
        table = next(d.value for d in at.dataframe
                     if "Self-defined ethnic group" in d.value.columns and
                     ("Rate per 1,000" if key == "searches-by-ethnicity" else "% positive") in d.value.columns)
        shown = table.set_index("Self-defined ethnic group")["Count" if key == "searches-by-ethnicity" else "Searches"]
        for group in shown.index:
            trend = data.count_by(url, stamp, "stop_and_search", "financial_year",
                                  Filters(areas=("DEMO02",), ethnicity=group))
            on_priority_3 = dict(zip(trend["financial_year"], data.safe(trend, ("financial_year",))["display"]))
            assert shown[group] == on_priority_3["2020-21"], (key, group)
    (mixed,) = demo_connection.execute(text(
        "SELECT COUNT(*) FROM stop_search WHERE area_code = 'DEMO02' AND financial_year = '2020-21' "
        "AND self_defined_ethnic_group = 'Mixed'")).one()
    assert shown["Mixed"] == f"{mixed:,}"


def test_girls_by_ethnicity_at_1_24_read_as_numbers_where_they_are_not_small(app_env, demo_connection):
    # Scenario 3 under girls: borough-wide in 2023-24, every group's count of girls at 1-24
    # read "hidden", Asian girls' 21 among them. No girl's record lacks an age that year, so
    # each count at 1-24 is the count at every age, which the table's own family decides;
    # its age choices hid it for nothing (``metrics.families._age_decision``).
    counts = dict(demo_connection.execute(text(
        "SELECT victim_ethnicity, COUNT(*) FROM incidents WHERE is_serious_youth_violence AND victim_sex = 'Female' "
        "AND financial_year = '2023-24' AND victim_ethnicity IN ('Asian', 'White') GROUP BY 1")).all())
    (no_age,) = demo_connection.execute(text(
        "SELECT COUNT(*) FROM incidents WHERE is_serious_youth_violence AND victim_sex = 'Female' "
        "AND financial_year = '2023-24' AND victim_age IS NULL")).one()
    assert no_age == 0 and min(counts.values()) >= 10, "the demo's case has changed: find another"
    at = open_page({"sex": "Female"}, eq_year="2023-24", eq_ages="1-24")
    shown = at.dataframe[0].value.set_index("Ethnic group")["Count"]
    assert {group: shown[group] for group in counts} == {group: f"{n:,}" for group, n in counts.items()}
    # Read aloud, the heading and the sentence say whose rates they are.
    assert at.subheader[0].value == "Which girls and young women are most often victims? By ethnicity, ages 1-24, 2023-24"
    assert any(re.search(r"times as often as White girls and young women \(95% CI", m.value) for m in at.markdown)


def test_where_counts_read_hidden_the_page_says_which_ages_show_rates_and_opens_the_best(app_env):
    # Scenario 3, step 4: girls aged 10-17 in 2023-24 read "hidden" almost everywhere. The page
    # says why, how many groups have a rate at each of its age choices (as each choice's own
    # tables then show), and opens the one with the most.
    at = open_page({"sex": "Female"}, eq_year="2023-24", eq_measure="Victims of serious youth violence",
                   eq_ages="10-17")
    info = next(i.value for i in at.info if i.value.startswith('Some counts at ages 10-17 read "hidden"'))
    assert "beside Under 18, a count at 10-17 would give away its 1 to 4 victims aged 1 to 9" in info
    sexes = {"neither sex": 0, "one sex": 1, "both sexes": 2}
    said = {age: (int(groups), sexes[sex]) for age, groups, sex in
            re.findall(r"(\S+(?: 18)?): (\d) of 5 ethnic groups and (neither sex|one sex|both sexes)", info)}
    assert set(said) == {"1-24", "10-24", "10-17", "10-16", "18-24", "Under 18"}

    def rated(page: AppTest) -> tuple[int, int]:
        return tuple(int(frame.value["Rate per 1,000"].notna().sum()) for frame in page.dataframe[:2])

    for age in said:
        at.selectbox(key="eq_ages").set_value(age)
        at.run()
        assert rated(at) == said[age], age
    best = max(said, key=lambda age: sum(said[age]))
    assert sum(said[best]) > sum(said["10-17"]) and f"Choose {best} to see the most." in info
    at.selectbox(key="eq_ages").set_value("10-17")
    at.run()
    at.button(key="eq_show_best_ages").click()
    at.run()
    assert at.selectbox(key="eq_ages").value == best and rated(at) == said[best]


def test_every_table_on_the_page_downloads_at_once_with_what_it_counts(app_env, monkeypatch):
    # Scenario 3, step 5: the tables for the report in one file, each as the page shows it
    # (small counts as "<5" or "hidden"), with the filters and the rule in a README.
    import io
    import zipfile

    from ui import components

    made = []
    real = components.tables_zip
    monkeypatch.setattr(components, "tables_zip", lambda tables, about: made.append((tables, about)) or real(tables, about))
    at = open_page({"sex": "Female"}, eq_year="2023-24", eq_ages="10-17")
    tables, about = made[-1]
    assert list(tables) == ["victims-by-ethnicity", "victims-by-sex", "searches-by-ethnicity",
                            "search-outcomes-by-ethnicity", "officer-against-self-defined-ethnicity",
                            "search-rate-ratio-by-year"]
    for frame, shown in zip(tables.values(), at.dataframe):
        pd.testing.assert_frame_equal(frame.reset_index(drop=True), shown.value.reset_index(drop=True))
    assert "financial year 2023-24, ages 10-17" in about and "Female" in about and 'read "<5"' in about
    assert "SYNTHETIC" in about
    files = zipfile.ZipFile(io.BytesIO(real(tables, about)))
    assert files.namelist() == ["README.txt", *(f"{name}.csv" for name in tables)]
    assert files.read("victims-by-ethnicity.csv") == tables["victims-by-ethnicity"].to_csv(index=False).encode()
    assert files.read("README.txt").decode() == about
    assert [b.proto.label for b in at.get("download_button")][-1] == "Download every table on this page (ZIP)"
