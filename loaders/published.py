"""The figures the strategy publishes, shipped as a CSV with the source of each number."""

from __future__ import annotations

import pandas as pd

from config import SHIPPED_DATA_DIR

PUBLISHED_FIGURES = SHIPPED_DATA_DIR / "published_figures.csv"


def published_figures() -> pd.DataFrame:
    """Columns: measure, period, value, unit, source. Values are as the strategy prints them."""
    return pd.read_csv(PUBLISHED_FIGURES, dtype={"period": str})
