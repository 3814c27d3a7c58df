"""Screenshot every page in headless Chromium: python scripts/screenshots.py BASE_URL OUT_DIR [WIDTH...]

For looking at the dashboard as a person sees it (projector 1366, phone 390 by default).
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]
PAGES = {"overview": "", "priority-1": "prevention", "priority-2": "protection", "priority-3": "disrupting",
         "equality": "equality", "data": "data_and_definitions"}


def main() -> None:
    base, out = sys.argv[1].rstrip("/"), Path(sys.argv[2])
    widths = [int(w) for w in sys.argv[3:]] or [1366, 390]
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for width in widths:
            page = browser.new_page(viewport={"width": width, "height": 768})
            for name, path in PAGES.items():
                page.goto(f"{base}/{path}")
                page.wait_for_selector('[data-testid="stMain"]')
                page.wait_for_timeout(3500)
                height = page.evaluate('document.querySelector(\'[data-testid="stMain"]\').scrollHeight')
                page.set_viewport_size({"width": width, "height": max(768, height)})
                page.wait_for_timeout(800)
                page.screenshot(path=str(out / f"{name}-{width}.png"), full_page=True)
                page.set_viewport_size({"width": width, "height": 768})
        browser.close()


if __name__ == "__main__":
    main()
