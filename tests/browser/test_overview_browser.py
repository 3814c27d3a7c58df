"""In real headless Chromium: the Overview's charts are drawn, not just emitted."""

import pytest

pytestmark = pytest.mark.browser


def test_overview_charts_draw_bars_and_published_markers(page, app_server):
    page.goto(app_server)
    page.wait_for_selector(".js-plotly-plot .bars path", timeout=30_000)
    charts = page.locator(".js-plotly-plot")
    assert charts.count() == 2
    # Seven financial years of bars in the first chart, with visible size.
    bars = charts.nth(0).locator(".bars path")
    assert bars.count() == 7
    box = bars.nth(0).bounding_box()
    assert box["height"] > 50 and box["width"] > 10
    # Three published diamonds per series (one series, then two).
    assert charts.nth(0).locator(".scatterlayer .points path").count() == 3
    assert charts.nth(1).locator(".scatterlayer .points path").count() == 6
    # The labels a board member reads are there as text.
    assert "310" in charts.nth(0).inner_text()
    assert page.get_by_text("Synthetic demonstration data").count() >= 1
    assert page.get_by_text("Traceback").count() == 0


def test_definition_is_one_click_away(page, app_server):
    page.goto(app_server)
    page.get_by_text("What does \u201cserious youth violence\u201d mean here?").click()
    assert page.get_by_text("most serious violence or weapon enabled crime").first.is_visible()


def test_data_page_opens_from_the_navigation(page, app_server):
    page.goto(app_server)
    page.get_by_role("link", name="Data and definitions").click()
    page.wait_for_selector("text=Loaded sources", timeout=30_000)
    assert page.url.rstrip("/").endswith("data_and_definitions")


def test_printed_from_the_browser_the_overview_is_its_content(page, app_server):
    page.goto(app_server)
    page.wait_for_selector('[data-testid="stMetricValue"]', timeout=60_000)
    page.get_by_role("button", name="Board pack (PDF)").wait_for(timeout=60_000)
    page.emulate_media(media="print")
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    assert not page.get_by_role("button", name="Board pack (PDF)").is_visible()
    assert page.get_by_role("heading", name="Is the strategy working?").is_visible()
    assert page.locator('[data-testid="stMetricValue"]').first.is_visible()
    page.emulate_media(media="screen")
    assert page.locator('[data-testid="stSidebar"]').is_visible()
