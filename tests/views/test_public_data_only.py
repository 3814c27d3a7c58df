"""Every page runs on a database that holds only public sources: no victim incidents at all."""

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import clear_streamlit_caches, open_app_page

from storage import schema
from storage.engine import replacing_database

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGES = ["views/overview.py", "views/priority_1.py", "views/priority_2.py", "views/priority_3.py",
         "views/equality_monitoring.py", "views/data_and_definitions.py"]


@pytest.fixture
def public_only(tmp_path, monkeypatch):
    url = f"duckdb:///{tmp_path / 'public.duckdb'}"
    with replacing_database(url, start_empty=True) as conn:
        conn.execute(schema.sources.insert().values(
            source_id=1, name="police-uk-stop-search", is_synthetic=False, is_private=False, file_name="s.csv",
            sha256="0", rows_read=1, rows_loaded=1, rows_duplicate=0, rows_rejected=0, data_from="2023-01-01",
            data_to="2023-01-31", loaded_at="2024-05-01 00:00:00"))
        conn.execute(schema.stop_search.insert().values(
            search_id="1", source_id=1, occurred_at_utc="2023-01-10 16:00:00", occurred_at="2023-01-10 16:00:00",
            occurred_on="2023-01-10", month="2023-01-01", financial_year="2022-23", weekday=1, hour=16,
            self_defined_ethnic_group="Not stated", age_range="10-17"))
    monkeypatch.setenv("VVE_DATABASE_URL", url)
    clear_streamlit_caches()
    yield url
    clear_streamlit_caches()


def open_page(page: str) -> AppTest:
    return open_app_page(page)


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_without_incidents(public_only, page):
    at = open_page(page)
    assert not any("Synthetic demonstration data" in w.value for w in at.warning)


def test_priority_3_draws_no_empty_chart(public_only):
    # No victims recorded, and under a filter no published figure: a notice, not empty axes.
    at = open_app_page("views/priority_3.py", params={"age": "10-17"})
    assert any("No knife crime injury victims under 25 are recorded under these filters" in i.value for i in at.info)
    assert "Are knife crime injury victims aged under 25 falling?" not in [h.value for h in at.subheader]
    # One search, so its year's share of outcomes linked to the object is hidden: the table,
    # not a chart with no line.
    titles = [json.loads(c.proto.spec)["layout"].get("yaxis", {}).get("title", {}).get("text")
              for c in at.get("plotly_chart")]
    assert "% of searches" not in titles
    assert any("linked_to_object" in d.value.columns for d in at.dataframe)
    # With no filter set, the strategy's published figures are still drawn.
    at = open_app_page("views/priority_3.py")
    assert "Are knife crime injury victims aged under 25 falling?" in [h.value for h in at.subheader]


def test_priority_2_draws_no_empty_map_or_chart(public_only):
    # No incidents, boundaries or schools: nothing for a map to show, nor a trend of kinds of place.
    at = open_app_page("views/priority_2.py")
    assert any("there is no map to draw" in m.value for m in at.markdown)
    assert not at.get("deck_gl_json_chart")
    assert any(m.value == "**No victims are recorded under these filters.**" for m in at.markdown)
    assert any(m.value == "**No victims aged 10\u201324 are recorded under these filters.**" for m in at.markdown)
    titles = [json.loads(c.proto.spec)["layout"].get("yaxis", {}).get("title", {}).get("text")
              for c in at.get("plotly_chart")]
    assert not {"Victims", "Victims a year of age"} & set(titles), "charts of nothing drawn"


def test_priority_1_draws_no_empty_heatmap(public_only):
    # No victims: each youth group's heatmap would be 168 zeros; the table stands in for it.
    at = open_app_page("views/priority_1.py")
    assert [m.value for m in at.markdown].count("**None recorded under these filters.**") == 2
    kinds = [trace["type"] for c in at.get("plotly_chart") for trace in json.loads(c.proto.spec)["data"]]
    assert "heatmap" not in kinds


def test_street_crime_maps_and_repeats_but_claims_no_victim_detail(public_only):
    import h3

    from storage.engine import insert_frame
    import pandas as pd

    # Twelve burglaries in one cell over three months; two in a second cell and nine in a third,
    # each in one month. The 2 is hidden, and so is the 9 (or the known total would give the 2 away).
    busy, quiet, once = (h3.latlng_to_cell(51.515, -0.045, 8), h3.latlng_to_cell(51.50, -0.02, 8),
                         h3.latlng_to_cell(51.53, -0.06, 8))
    rows = ([(busy, "2024-01-01")] * 4 + [(busy, "2024-02-01")] * 4 + [(busy, "2024-03-01")] * 4
            + [(quiet, "2024-03-01")] * 2 + [(once, "2024-03-01")] * 9)
    frame = pd.DataFrame({
        "crime_id": [f"c{i}" for i in range(len(rows))], "source_id": 2, "month": [pd.Timestamp(m).date() for _, m in rows],
        "financial_year": "2023-24", "reported_by": "Metropolitan Police Service", "crime_type": "Burglary",
        "has_time": False, "h3_8": [c for c, _ in rows], "h3_7": [h3.cell_to_parent(c, 7) for c, _ in rows],
        "h3_9": [h3.cell_to_center_child(c, 9) for c, _ in rows],
    })
    with replacing_database(public_only, start_empty=False) as conn:
        insert_frame(conn, schema.street_crimes, frame)
    at = open_page("views/priority_2.py")
    at.selectbox(key="p2_measure").set_value("street_crime")
    at.run()
    assert not at.exception, at.exception
    sentences = [m.value for m in at.markdown if m.value.startswith("**")]
    assert sentences[0].startswith("**1 hexagon drawn")
    assert "(12)" in sentences[0]
    # Only the busy cell had crimes in 3 of the months of 2023-24 (a viewer's window is a
    # whole financial year, metrics.periods).
    assert sentences[1].startswith("**1 hexagon had incidents in at least 3 of the months of the financial year 2023-24")
    assert "records no location type" in at.info[0].value


def test_months_missing_from_the_files_are_gaps_not_zeros(public_only):
    from storage.engine import insert_frame
    import pandas as pd

    # The fixture has one search in January 2023; add February and April: March was never published.
    days = ["2023-02-14", "2023-04-03", "2023-04-05"]
    frame = pd.DataFrame({
        "search_id": ["2", "3", "4"], "source_id": 1, "occurred_at_utc": [f"{d} 16:00:00" for d in days],
        "occurred_at": [f"{d} 16:00:00" for d in days], "occurred_on": days,
        "month": ["2023-02-01", "2023-04-01", "2023-04-01"], "financial_year": ["2022-23", "2023-24", "2023-24"],
        "weekday": [1, 0, 2], "hour": 16, "self_defined_ethnic_group": "Not stated", "age_range": "10-17",
    })
    for column in ("occurred_at_utc", "occurred_at"):
        frame[column] = pd.to_datetime(frame[column])
    for column in ("occurred_on", "month"):
        frame[column] = pd.to_datetime(frame[column]).dt.date
    with replacing_database(public_only, start_empty=False) as conn:
        insert_frame(conn, schema.stop_search, frame)
    at = open_page("views/priority_3.py")
    assert any(c.value.startswith("1 month between the first and last") for c in at.caption)
    table = next(d.value for d in at.dataframe if "searches" in d.value.columns)
    shown = dict(zip(table["month"].astype(str), table["searches"]))
    # One search in January and February (both "<5"), none published for March, two in April ("<5").
    assert shown["2023-03-01"] == "no data published"
    assert shown["2023-01-01"] == "<5" and shown["2023-04-01"] == "<5"
    # On the chart, the marks under the line ("<5", or ticks said to be "<5" or hidden) are the
    # hidden counts' only: March's "no data published" had been one.
    chart = next(json.loads(c.proto.spec) for c in at.get("plotly_chart") if '"Searches"' in c.proto.spec)
    line, *marks = chart["data"]
    assert line["x"] == ["Jan 2023", "Feb 2023", "Mar 2023", "Apr 2023"]
    assert [x for mark in marks for x in mark["x"]] == ["Jan 2023", "Feb 2023", "Apr 2023"]
