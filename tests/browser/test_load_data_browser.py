"""In real headless Chromium: upload a file on the Load data page, then see the Overview draw it."""

from __future__ import annotations

import pytest

from tests.conftest import serve_app
from tests.loaders.conftest import csv_text
from tests.loaders.test_mps import KNIFE_HEADER, knife_row

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def empty_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser-load")
    # Loading is for admins; this single-user server has no login, so its anonymous session is one.
    yield from serve_app({"VVE_DATABASE_URL": f"duckdb:///{folder / 'vve.duckdb'}", "VVE_DATA_DIR": str(folder),
                          "VVE_ANONYMOUS_ROLE": "admin"})


def test_upload_then_the_overview_draws_the_continued_knife_series(page, empty_server, tmp_path):
    months = [f"2022-{m:02d}-01" for m in range(4, 13)] + [f"2023-{m:02d}-01" for m in range(1, 4)]
    rows = [knife_row(month, "Tower Hamlets", "5") for month in months] + [knife_row(months[0], "Tower Hamlets", "x")]
    path = tmp_path / "knife.csv"
    path.write_text(csv_text(KNIFE_HEADER, rows))

    page.goto(f"{empty_server}/data_upload")
    page.wait_for_selector("text=There is no data yet", timeout=30_000)
    page.locator('[data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name="mps-knife-crime").click()
    page.locator('input[type="file"]').set_input_files(str(path))
    page.get_by_role("button", name="Load", exact=True).click()
    page.wait_for_selector("text=read 13 = 12 loaded + 0 duplicates + 1 rejected", timeout=30_000)
    download = page.locator('[data-testid="stDownloadButton"]', has_text="1 rejected rows of knife.csv")
    download.wait_for(timeout=30_000)
    with page.expect_download() as caught:
        download.locator("button").click()
    assert "knife.csv,14,count,is not a number" in open(caught.value.path(), encoding="utf-8").read()

    page.goto(empty_server)
    page.wait_for_selector("text=continued past 2019-20", timeout=30_000)
    chart = page.locator(".js-plotly-plot").last
    chart.locator(".scatterlayer .points path").first.wait_for(timeout=30_000)
    # Three published diamonds and one Met year (2022-23: twelve months of 5).
    assert chart.locator(".scatterlayer .points path").count() == 4
    text = chart.inner_text()
    assert "Published in the strategy" in text and "MPS Monthly Crime Dashboard" in text
    assert "60" in text and "120" in text
    assert page.get_by_text("Traceback").count() == 0
