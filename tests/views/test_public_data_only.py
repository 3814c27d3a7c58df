"""Every page runs on a database that holds only public sources: no victim incidents at all."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from storage import schema
from storage.engine import replacing_database

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGES = ["views/overview.py", "views/priority_1.py", "views/priority_2.py", "views/priority_3.py",
         "views/equality_monitoring.py", "views/data_and_definitions.py"]


@pytest.fixture
def public_only(tmp_path, monkeypatch):
    import streamlit as st

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
    st.cache_data.clear()
    st.cache_resource.clear()
    yield url
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_without_incidents(public_only, page):
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, at.exception
    assert not any("Synthetic demonstration data" in w.value for w in at.warning)
