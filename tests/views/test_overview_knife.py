"""The Overview's knife-injury series: the strategy's figures continued by the Met's dashboard."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from loaders.ingest import ingest
from loaders.sources import loader_for
from tests.loaders.conftest import csv_text
from tests.loaders.test_mps import KNIFE_HEADER, knife_row
from tests.views.test_pages import values

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture
def knife_app(tmp_path, monkeypatch):
    """A database holding only a small Met knife crime extract: April 2022 to May 2023."""
    import streamlit as st
    rows = []
    for borough, per_month in (("Tower Hamlets", 6), ("Hackney", 4)):
        for month in [f"2022-{m:02d}-01" for m in range(4, 13)] + [f"2023-{m:02d}-01" for m in range(1, 6)]:
            rows.append(knife_row(month, borough, str(per_month)))
    path = tmp_path / "knife.csv"
    path.write_text(csv_text(KNIFE_HEADER, rows))
    url = f"duckdb:///{tmp_path / 'vve.duckdb'}"
    ingest(loader_for("mps-knife-crime"), [path], url=url, loads_dir=tmp_path / "loads")
    monkeypatch.setenv("VVE_DATABASE_URL", url)
    st.cache_data.clear()
    yield url
    st.cache_data.clear()


def knife_chart(at: AppTest) -> dict:
    return json.loads(at.get("plotly_chart")[-1].proto.spec)


def test_published_years_and_the_met_series_are_one_chart_labelled_by_source(knife_app):
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    traces = {t["name"]: t for t in knife_chart(at)["data"]}
    published = traces["Tower Hamlets: Published in the strategy"]
    met = traces["Tower Hamlets: MPS Monthly Crime Dashboard"]
    part = traces["Tower Hamlets: MPS Monthly Crime Dashboard, part year"]
    assert values(published["x"]) == ["2017-18", "2018-19", "2019-20"]
    assert values(published["y"]) == [120, 111, 90]
    # 2022-23 is twelve months of 6; 2023-24 has April and May only, marked as a part year.
    assert (values(met["x"]), values(met["y"])) == (["2022-23"], [72])
    assert (values(part["x"]), values(part["y"]), part["marker"]["symbol"]) == (["2023-24"], [12], "circle-open")
    assert part["customdata"] == ["2023-24 (April 2023 to May 2023 only)"]
    sentence = " ".join(m.value for m in at.markdown)
    assert "72 victims in 2022-23" in sentence


def test_other_boroughs_can_be_added_for_comparison(knife_app):
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert at.multiselect(key="knife-injury-victims-continued-compare").options == ["Hackney"]
    at.multiselect(key="knife-injury-victims-continued-compare").set_value(["Hackney"]).run()
    assert not at.exception, at.exception
    hackney = next(t for t in knife_chart(at)["data"] if t["name"].startswith("Hackney"))
    assert values(hackney["x"]) == ["2022-23"] and values(hackney["y"]) == [48]


def test_without_the_met_extract_the_overview_says_how_to_load_it(app_env):
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert len(at.get("plotly_chart")) == 2
    assert any("ingest mps-knife-crime" in c.value for c in at.caption)


def test_priority_3_continues_the_series_too(knife_app):
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("views/priority_3.py")
    at.run()
    assert not at.exception, at.exception
    assert any("continued past 2019-20" in h.value for h in at.subheader)
