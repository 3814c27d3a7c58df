"""AppTest: every page runs without an exception and shows the right numbers."""

from pathlib import Path

import pytest
from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from tests.conftest import open_app_page

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGES = ["views/overview.py", "views/priority_1.py", "views/priority_2.py", "views/priority_3.py",
         "views/data_and_definitions.py"]


def values(array) -> list:
    """Plotly sends numeric arrays as typed base64 ('bdata'); turn either form into a list."""
    if isinstance(array, dict) and "bdata" in array:
        import base64
        import numpy as np
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return list(array)


def run(page: str | None = None) -> AppTest:
    return open_app_page(page)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_and_shows_the_synthetic_banner(app_env, page):
    at = run(page)
    assert any("Synthetic demonstration data" in w.value for w in at.warning)
    assert any(c.value.startswith("Data as of 31 March 2024") for c in at.caption)


def test_overview_headlines_are_the_latest_year_against_the_baseline(app_env, demo_connection):
    latest = dict(demo_connection.execute(text(
        "SELECT 'syv', COUNT(*) FROM incidents WHERE is_serious_youth_violence AND financial_year = '2023-24' "
        "UNION ALL SELECT 'knife', COUNT(*) FROM incidents WHERE is_knife_injury AND financial_year = '2023-24' "
        "UNION ALL SELECT 'not_da', COUNT(*) FROM incidents WHERE is_knife_injury AND NOT domestic_abuse "
        "AND financial_year = '2023-24'")).all())
    at = run()
    values = [m.value for m in at.metric]
    assert values == [f"{latest['syv']:,}", f"{latest['knife']:,}", f"{latest['not_da']:,}"]
    # The baseline figures are the strategy's 2019-20 ones.
    assert f"{(latest['syv'] / 286 - 1) * 100:+.0f}% on 2019-20" == at.metric[0].delta
    assert f"{(latest['knife'] / 90 - 1) * 100:+.0f}% on 2019-20" == at.metric[1].delta
    verdicts = [m.value for m in at.markdown if m.value.startswith("**Verdict:")]
    assert len(verdicts) == 3


def test_overview_charts_carry_the_published_figures(app_env):
    at = run()
    charts = at.get("plotly_chart")
    assert len(charts) == 2
    import json
    syv = json.loads(charts[0].proto.spec)
    bars = next(t for t in syv["data"] if t["type"] == "bar")
    diamonds = next(t for t in syv["data"] if t["type"] == "scatter")
    assert values(bars["x"])[:3] == ["2017-18", "2018-19", "2019-20"]
    assert values(bars["y"])[:3] == [310, 323, 286]
    assert values(diamonds["y"]) == [310, 323, 286]
    assert "synthetic demo data" in bars["name"]


def test_overview_has_a_download_and_a_table_for_each_chart(app_env):
    at = run()
    labels = sorted(button.proto.label for button in at.get("download_button"))
    assert labels == ["Board pack (PDF)", "Download CSV", "Download CSV", "Download the scorecard (CSV)"]
    assert len(at.dataframe) == 2
    table = at.dataframe[0].value
    assert table.loc[table.financial_year == "2019-20", "published_in_strategy"].item() == 286


def test_data_page_lists_the_strategy_definitions_and_sources(app_env):
    at = run("views/data_and_definitions.py")
    text_shown = " ".join(m.value for m in at.markdown)
    for term in ("Serious violence affecting young people", "Child Criminal Exploitation", "County lines",
                 "Child sexual exploitation", "Peer Group", "Street Gang", "organised criminal network"):
        assert term in text_shown
    sources = at.dataframe[0].value
    assert sources["Real or synthetic"].tolist() == ["Synthetic"]
    published = at.dataframe[1].value
    assert set(published["measure"]) >= {"serious_youth_violence", "population_10_24"}
    assert published["source"].notna().all()


def test_no_database_is_a_plain_sentence_not_a_traceback(tmp_path, monkeypatch):
    import streamlit as st
    st.cache_data.clear()
    monkeypatch.setenv("VVE_DATABASE_URL", f"duckdb:///{tmp_path / 'missing.duckdb'}")
    for page in PAGES:
        at = run(page)
        assert "python -m loaders demo" in at.error[0].value
