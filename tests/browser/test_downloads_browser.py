"""In real headless Chromium: one click on the Overview gives the board pack, a PDF with the
headlines and a page per priority, whose figures are the page's, none of them small; the audit
log records it, and every other download, with the address's filters."""

from __future__ import annotations

import io
import json
import time

import pandas as pd
import pytest
from pypdf import PdfReader

from metrics.scorecard import items_of
from storage import audit
from strategy import HOW_WILL_WE_KNOW, PRIORITIES
from tests.browser.test_priority_browser import open_page
from tests.conftest import serve_app
from tests.views.test_priority_pages import sql

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def audited_server(demo_url, tmp_path_factory):
    """The app with an audit log of its own, to read back."""
    url = f"sqlite:///{tmp_path_factory.mktemp('pack') / 'audit.sqlite'}"
    for base in serve_app({"VVE_DATABASE_URL": demo_url, "VVE_AUDIT_DATABASE_URL": url}):
        yield base, url


def words(text: str) -> str:
    return " ".join(text.split())


def board_pack(page, base: str, query: str = "") -> list[str]:
    """Open the Overview at ``query``, click for the pack, and return each page's text."""
    page.set_viewport_size({"width": 1366, "height": 768})
    open_page(page, base, "", query)
    with page.expect_download(timeout=60_000) as caught:
        page.get_by_role("button", name="Board pack (PDF)").click()
    download = caught.value
    assert download.suggested_filename == "vve-board-pack.pdf"
    with open(download.path(), "rb") as pdf:
        return [words(p.extract_text()) for p in PdfReader(io.BytesIO(pdf.read())).pages]


def newest_entries(url: str, count: int, *, seconds: float = 30) -> pd.DataFrame:
    """The newest ``count`` audit entries, once there are that many: a button's click callback
    runs on the rerun the click starts, which may end after the download does."""
    deadline = time.monotonic() + seconds
    while len(entries := audit.entries(url)) < count and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(entries) >= count, f"the audit log has {len(entries)} entries, not {count}, after {seconds} s"
    return entries.iloc[:count]


def test_one_click_gives_a_pdf_with_the_headlines_and_a_page_per_priority(page, audited_server):
    base, audit_url = audited_server
    before = len(audit.entries(audit_url))
    pages = board_pack(page, base)
    shown = [m.inner_text() for m in page.locator('[data-testid="stMetricValue"]').all()]
    assert len(pages) == 1 + len(PRIORITIES)
    assert pages[0].startswith("Synthetic demonstration data") and "Is the strategy working?" in pages[0]
    for number in shown:  # the Overview's three big numbers, as they read there
        assert f" {number} Verdict:" in pages[0]
    for priority, text in zip(PRIORITIES, pages[1:]):
        title = words(f"Priority {priority}: {PRIORITIES[priority][0]}")
        assert text.startswith("Synthetic demonstration data") and title in text
        for item, _ in items_of(priority):  # the list in the strategy's words, on its own page
            assert words(item.replace("\u2019", "'")) in text
    assert all("Data as of 31 March 2024" in text and "Page" in text for text in pages)
    entry = newest_entries(audit_url, before + 1).iloc[0]
    assert entry["action"] == "board-pack" and entry["page"] == "overview" and json.loads(entry["filters"]) == {}


def test_the_pack_under_narrow_filters_shows_no_small_count(page, audited_server, demo_connection):
    base, audit_url = audited_server
    truth = dict(sql(demo_connection, "SELECT financial_year, COUNT(*) FROM incidents WHERE is_knife_injury "
                                      "AND victim_age BETWEEN 1 AND 24 AND victim_sex = 'Female' "
                                      "AND area_code = 'DEMO02' GROUP BY financial_year"))
    small = sorted(year for year, n in truth.items() if 1 <= n < 5)
    assert small, "girls in DEMO02 have years with 1 to 4 knife crime injuries"
    before = len(audit.entries(audit_url))
    pages = board_pack(page, base, "?sex=Female&area=DEMO02")
    knife = pages[3].split(words(HOW_WILL_WE_KNOW[3][0]))[1].split("Each financial year:")[1].split(".")[0]
    figures = dict(part.strip().split(" ", 1) for part in knife.split(";"))
    assert set(small) <= set(figures)
    assert all(figures[year] in ("<5", "hidden") for year in small), figures
    assert all(text not in ("1", "2", "3", "4") for text in figures.values())
    entry = newest_entries(audit_url, before + 1).iloc[0]
    assert entry["action"] == "board-pack" and json.loads(entry["filters"]) == {"area": ["DEMO02"], "sex": ["Female"]}


def test_the_map_s_and_the_repeat_locations_downloads_are_audited_with_the_filters(page, audited_server):
    base, audit_url = audited_server
    page.set_viewport_size({"width": 1366, "height": 768})
    open_page(page, base, "protection", "?sex=Male")
    before = len(audit.entries(audit_url))
    for key, file_name in (("download-places-map", "places-map.csv"), ("download-repeat-locations",
                                                                      "repeat-locations.csv")):
        with page.expect_download(timeout=60_000) as caught:
            page.locator(f".st-key-{key} button").click()
        assert caught.value.suggested_filename == file_name
    entries = newest_entries(audit_url, before + 2)
    entries = entries.iloc[:len(entries) - before]
    assert sorted(entries["detail"]) == ["places-map.csv", "repeat-locations.csv"]
    assert (entries["action"] == "download").all()
    assert all(json.loads(f)["sex"] == ["Male"] for f in entries["filters"])
