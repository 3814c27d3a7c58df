"""The Load data page: upload, progress, the same summary as the command, rejects, errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from tests.conftest import clear_streamlit_caches, open_app_page

from storage.engine import make_engine
from tests.loaders.conftest import STOP_SEARCH_HEADER, csv_text, search_row

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGE = "views/data_upload.py"


@pytest.fixture
def empty_app(tmp_path, monkeypatch):
    import ui.access
    from access import Role
    monkeypatch.setattr(ui.access, "current_role", lambda: Role.ADMIN)  # loading is for admins
    url = f"duckdb:///{tmp_path / 'data' / 'vve.duckdb'}"
    monkeypatch.setenv("VVE_DATABASE_URL", url)
    monkeypatch.setenv("VVE_DATA_DIR", str(tmp_path / "data"))
    clear_streamlit_caches()
    yield url
    clear_streamlit_caches()


def test_a_viewer_cannot_open_the_load_page(app_env):
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(PAGE)
    direct = AppTest.from_file(str(Path(APP).parent / PAGE), default_timeout=60)
    direct.run()
    assert "for administrators" in direct.error[0].value
    assert not direct.get("file_uploader")


def open_page() -> AppTest:
    return open_app_page(PAGE)


def upload(at: AppTest, source: str, files: list[tuple[str, bytes]], *, replace_demo: bool = False) -> AppTest:
    at.selectbox(key="upload-source").set_value(source)
    at.get("file_uploader")[0].set_value([(name, content, "text/csv") for name, content in files])
    at.checkbox(key="upload-replace-demo").set_value(replace_demo)
    at.run()
    at.button(key="upload-load").click()
    at.run()
    assert not at.exception, at.exception
    return at


def count(url: str, sql: str) -> int:
    engine = make_engine(url, read_only=True)
    with engine.connect() as conn:
        value = conn.execute(text(sql)).scalar_one()
    engine.dispose()
    return value


def test_upload_loads_and_shows_the_reconciling_summary_and_rejects(empty_app):
    at = open_page()
    assert "no data yet" in at.info[0].value
    content = csv_text(STOP_SEARCH_HEADER, [search_row(), search_row(), search_row(lat="999")]).encode()
    at = upload(at, "police-uk-stop-search", [("june.csv", content)])
    assert not at.error
    assert any("read 3 = 2 loaded + 0 duplicates + 1 rejected" in m.value for m in at.markdown)
    table = at.dataframe[0].value
    assert table[["Rows read", "Loaded", "Duplicates", "Rejected"]].values.tolist() == [[3, 2, 0, 1]]
    [button] = at.get("download_button")
    assert "1 rejected rows of june.csv" in button.proto.label
    rejects = at.dataframe[1].value
    assert rejects[["line", "column", "reason"]].values.tolist() == [
        ["4", "latitude", "is 999, outside the United Kingdom"]]
    assert count(empty_app, "SELECT COUNT(*) FROM stop_search") == 2


def test_unreadable_upload_is_an_error_sentence_not_a_traceback(empty_app):
    at = upload(open_page(), "police-uk-street", [("notes.csv", b"hello,world\n1,2\n")])
    assert at.error[0].value.startswith("notes.csv: has a header this loader does not know")
    assert not at.dataframe


def test_upload_into_the_demo_asks_to_replace_it(empty_app):
    from loaders.demo import build_demo
    build_demo(empty_app, seed=3, scale=0.02)
    content = csv_text(STOP_SEARCH_HEADER, [search_row()]).encode()
    at = upload(open_page(), "police-uk-stop-search", [("june.csv", content)])
    assert "Replace the demonstration data" in at.error[0].value
    at = upload(at, "police-uk-stop-search", [("june.csv", content)], replace_demo=True)
    assert not at.error
    assert count(empty_app, "SELECT COUNT(*) FROM sources WHERE is_synthetic") == 0
    assert count(empty_app, "SELECT COUNT(*) FROM stop_search") == 1


def test_on_the_demo_the_page_shows_the_synthetic_banner_and_freshness(app_env, monkeypatch):
    import ui.access
    from access import Role
    monkeypatch.setattr(ui.access, "current_role", lambda: Role.ADMIN)
    at = open_page()
    assert any("Synthetic demonstration data" in w.value for w in at.warning)
    assert any(c.value.startswith("Data as of 31 March 2024") for c in at.caption)
    assert at.button(key="upload-load").disabled
