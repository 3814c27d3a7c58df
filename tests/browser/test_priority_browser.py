"""In real headless Chromium: the priority pages' heatmaps, trends and map are drawn, the
URL carries the filters, a hostile URL shows its notice, and axe-core finds no serious or
critical accessibility violation that this project's code can fix."""

from __future__ import annotations

import io

import pytest

pytestmark = pytest.mark.browser

PAGES = {"overview": "", "priority-1": "prevention", "priority-2": "protection", "priority-3": "disrupting",
         "data": "data_and_definitions"}

# Violations only Streamlit itself can fix, to be excluded by rule id and the selector axe
# reports. None with Streamlit 1.67 on these pages, at 1366 and 390 px: the one serious kind
# found (color-contrast of st.caption) was fixable by us, through the theme's text colour
# in .streamlit/config.toml, and a moderate heading-order on the Overview by a header.
STREAMLIT_ONLY: dict[str, tuple[str, ...]] = {}


def open_page(page, base: str, path: str, query: str = "") -> None:
    page.goto(f"{base}/{path}{query}")
    page.wait_for_selector('[data-testid="stMainBlockContainer"] h1', timeout=30_000)
    # Streamlit keeps a websocket open, so "network idle" is not a signal: wait for the
    # script to finish (the running indicator goes) instead. A first, uncached read of Priority 2
    # decides its map and repeat locations across sexes and ethnic groups: give it time on a busy machine.
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=90_000)
    page.wait_for_timeout(500)


def at_least(locator, n: int, timeout_ms: int = 30_000) -> int:
    """Wait until ``locator`` matches at least ``n`` elements (charts draw one after another)."""
    locator.nth(n - 1).wait_for(state="attached", timeout=timeout_ms)
    return locator.count()


def coloured_pixels(png: bytes) -> float:
    """Share of pixels that are not the page's white or near-white background."""
    from PIL import Image
    image = Image.open(io.BytesIO(png)).convert("RGB")
    pixels = list(image.getdata())
    coloured = sum(1 for r, g, b in pixels if max(r, g, b) - min(r, g, b) > 30 or max(r, g, b) < 200)
    return coloured / len(pixels)


def test_priority_1_heatmaps_and_trends_draw(page, app_server):
    page.set_viewport_size({"width": 1366, "height": 768})
    open_page(page, app_server, "prevention")
    page.wait_for_selector(".js-plotly-plot .heatmaplayer image", timeout=30_000)
    heatmaps = page.locator(".js-plotly-plot .heatmaplayer image")
    assert at_least(heatmaps, 2) >= 2  # counts, and a grey layer for hidden cells
    box = heatmaps.nth(0).bounding_box()
    assert box["width"] > 150 and box["height"] > 300
    # The after-school window is outlined on both heatmaps.
    assert at_least(page.locator(".js-plotly-plot .shapelayer path"), 4) >= 4
    assert at_least(page.get_by_text("after school"), 2) >= 2
    # A hidden cell's label fits its cell (a heatmap of 7 weekdays), at 1366 px and on a phone:
    # plotly's own size for the 17-24-year-olds' three "hidden" hours, 16 px, ran each into the next cells.
    drawn = "document.querySelector('.js-plotly-plot .heatmaplayer image').getBoundingClientRect().width"
    for width in (1366, 390):
        if width != page.viewport_size["width"]:
            before = page.evaluate(drawn)
            page.set_viewport_size({"width": width, "height": 768})
            page.wait_for_function(f"{drawn} !== {before}", timeout=30_000)  # plotly redraws at the new width
            page.wait_for_timeout(500)
        widths = page.evaluate("""() => Array.from(document.querySelectorAll('.js-plotly-plot'))
            .filter(plot => plot.querySelector('.heatmaplayer image'))
            .map(plot => [plot.querySelector('.heatmaplayer image').getBoundingClientRect().width / 7,
                          Array.from(plot.querySelectorAll('.heatmap-label text'))
                              .filter(t => ['hidden', '<5'].includes(t.textContent))
                              .map(t => t.getBoundingClientRect().width)])""")
        assert len(widths) == 2 and all(labels for _, labels in widths), widths
        # The cell's width holds a 1 px gap: the label leaves it clear.
        assert all(max(labels) < cell - 1 for cell, labels in widths), (width, widths)
    page.set_viewport_size({"width": 1366, "height": 768})
    # Trend lines (the window share and five early-intervention measures) have drawn paths.
    lines = page.locator(".js-plotly-plot .scatterlayer .js-line")
    assert at_least(lines, 6) >= 6
    assert all(len(lines.nth(i).get_attribute("d") or "") > 50 for i in range(lines.count()))
    assert at_least(page.get_by_text("The strategy wants an increase"), 2) >= 2
    assert page.get_by_text("Traceback").count() == 0


def test_a_first_read_says_what_it_is_working_out_while_it_works(page, app_server):
    # Reading a table and deciding its small counts the first time takes seconds (a table by
    # month at an age choice): the page says so where the chart will be, with the time so far.
    # Boys aged 18-24 in one area: no other test opens it, so it is read afresh.
    from ui.data import WORKING

    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{app_server}/protection?age=18-24&sex=Male&area=DEMO05")
    working = page.locator('[data-testid="stSpinner"]').filter(has_text=WORKING)
    working.first.wait_for(timeout=30_000)
    assert "seconds" in working.first.inner_text()
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=120_000)
    assert working.count() == 0  # gone once the page is drawn
    assert at_least(page.locator(".js-plotly-plot"), 2) >= 2


def test_priority_2_map_draws_coloured_hexagons_without_leaving_the_machine(page, app_server):
    page.set_viewport_size({"width": 1366, "height": 900})
    outside = []
    page.on("request", lambda r: None if r.url.startswith((app_server, "data:", "blob:")) else outside.append(r.url))
    open_page(page, app_server, "protection")
    chart = page.locator('[data-testid="stDeckGlJsonChart"]')
    # The running indicator can come after ``open_page`` looked for it: wait as long for the map
    # itself (twice, under the full suite, a cold read took over 30 s here).
    chart.wait_for(timeout=90_000)
    chart.locator("canvas").first.wait_for(timeout=30_000)
    page.wait_for_timeout(1500)  # deck.gl draws on the next animation frames
    share = coloured_pixels(chart.screenshot())
    assert share > 0.1, f"only {share:.1%} of the map is coloured: the canvas is blank"
    # The age profile draws its five bands too.
    assert at_least(page.locator(".js-plotly-plot .bars path"), 5) >= 5
    assert not outside, f"requests left the machine: {outside}"  # no basemap, no icon font


def test_priority_3_charts_draw(page, app_server):
    page.set_viewport_size({"width": 1366, "height": 768})
    open_page(page, app_server, "disrupting")
    page.wait_for_selector(".js-plotly-plot .heatmaplayer image", timeout=30_000)
    assert at_least(page.locator(".js-plotly-plot .bars path"), 7 + 6 + 7 + 5) >= 25
    assert at_least(page.locator(".js-plotly-plot .scatterlayer .js-line"), 5) >= 5


def test_a_link_with_filters_opens_the_same_view_and_keeps_it_across_pages(page, app_server):
    open_page(page, app_server, "prevention", "?age=10-16&sex=Female&area=DEMO02")
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert sidebar.get_by_role("combobox", name="Age band").input_value() == "10\u201316 (grouping)"
    assert sidebar.get_by_role("combobox", name="Sex").input_value() == "Female"
    # The areas' chip can draw after the script's run ends: wait for it (once CI missed it).
    sidebar.get_by_text("Demo zone 2 (demo-zone)").first.wait_for(timeout=30_000)
    assert sidebar.get_by_text("Demo zone 2 (demo-zone)").count() == 1
    page.get_by_text("Filtered to: Demo zone 2; age 10\u201316; Female.").first.wait_for(timeout=30_000)
    assert page.get_by_text("Filtered to: Demo zone 2; age 10\u201316; Female.").count() == 1
    page.get_by_role("link", name="3. Disrupting and pursuing").click()
    page.wait_for_url("**/disrupting?**", timeout=30_000)
    page.wait_for_selector("text=Filtered to: Demo zone 2; age 10\u201316; Female.", timeout=30_000)
    assert "age=10-16" in page.url and "sex=Female" in page.url
    page.wait_for_selector("text=answered by 10-17", timeout=30_000)  # further down the page


def test_a_link_carries_the_page_s_own_choices_and_follows_them(page, app_server):
    # The equality lead's year and reference group are in the address beside the sidebar's
    # filters, so a link opens the same tables; a year the data lacks is ignored.
    open_page(page, app_server, "equality", "?sex=Female&eq_year=2021-22&eq_reference=Black&eq_ages=1999")
    main = page.locator('[data-testid="stMain"]')
    assert main.get_by_role("combobox", name="Financial year").input_value() == "2021-22"
    assert main.get_by_role("combobox", name="Reference group").input_value() == "Black"
    assert main.get_by_role("combobox", name="Ages").input_value() == "1-24"
    page.get_by_text("By ethnicity, ages 1-24, 2021-22").first.wait_for(timeout=30_000)
    main.get_by_role("combobox", name="Financial year").click()
    page.get_by_role("option", name="2020-21").click()
    page.wait_for_url("**eq_year=2020-21**", timeout=30_000)
    page.get_by_text("By ethnicity, ages 1-24, 2020-21").first.wait_for(timeout=60_000)
    assert "sex=Female" in page.url and "eq_reference=Black" in page.url and "eq_ages" not in page.url


def test_a_hostile_link_shows_its_notice(page, app_server):
    open_page(page, app_server, "", "?age=%3Cscript%3Ealert(1)%3C%2Fscript%3E&from=not-a-date")
    page.wait_for_selector("text=not an age band", timeout=30_000)
    assert page.get_by_text("not a date").count() == 1
    page.locator('[data-testid="stMetric"]').nth(2).wait_for(timeout=30_000)  # the page still answers
    assert page.get_by_text("Traceback").count() == 0
    assert "age=" not in page.url  # the bad value is gone from the address too


@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_accessibility_violation_our_code_can_fix(page, app_server, name):
    from axe_playwright_python.sync_playwright import Axe
    page.set_viewport_size({"width": 1366, "height": 768})
    open_page(page, app_server, PAGES[name])
    page.wait_for_timeout(1000)
    results = Axe().run(page)
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] not in ("serious", "critical"):
            continue
        for node in violation["nodes"]:
            target = " ".join(map(str, node["target"]))
            if any(part in target for part in STREAMLIT_ONLY.get(violation["id"], ())):
                continue
            found.append(f"{violation['id']} ({violation['impact']}): {target} {node['html'][:120]}")
    assert not found, "\n".join(found)


def test_every_page_fits_a_phone_without_sideways_scrolling(page, app_server):
    page.set_viewport_size({"width": 390, "height": 844})
    too_wide = {}
    for name, path in PAGES.items():
        open_page(page, app_server, path)
        if name != "data":  # the data page has tables, no charts
            at_least(page.locator(".js-plotly-plot"), 1)
        width = page.evaluate('document.querySelector(\'[data-testid="stMain"]\').scrollWidth')
        if width > 390:
            too_wide[name] = width
    assert not too_wide, f"pages wider than a 390 px phone: {too_wide}"
