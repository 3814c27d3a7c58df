"""Read Priority 3's search heatmaps as a viewer could, at every age choice, and print what a
linear-programming reader pins (``tests.views.test_heatmap_attack.search_heatmaps_pinned``).

    VVE_DATABASE_URL=... python -m scripts.attack_search_heatmaps [sex|ethnicity ...]

For each of gender and ethnic group: every value and none, in each financial year and over
all years, at every age choice and at none. The suite reads them at every age only: this
takes minutes (on the demo, 100 s by gender and 6.5 minutes by ethnic group, about half of it
reading and half solving). Prints numbers; asserts nothing.
"""

from __future__ import annotations

import logging
import sys
import time

from metrics.filters import AGE_CHOICES
from tests.views.test_heatmap_attack import search_heatmaps_pinned


def main(arguments: list[str]) -> None:
    logging.disable(logging.WARNING)  # Streamlit's notes on running with no app (cached reads work alike)
    for by in arguments or ["sex", "ethnicity"]:
        started = time.perf_counter()
        pinned = search_heatmaps_pinned(by, ages=(None, *AGE_CHOICES))
        print(f"by {by}: {len(pinned)} small counts pinned {pinned[:10]} ({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main(sys.argv[1:])
