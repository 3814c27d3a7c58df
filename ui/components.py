"""Parts every page shows the same way: the synthetic banner, the "data as of" stamp,
a definition one click away, and a chart with its sentence, source, download and table."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

import config
from strategy import DEFINITIONS, STRATEGY_TITLE
from ui import access

SYNTHETIC_NOTICE = (
    "**Synthetic demonstration data.** The incidents, searches, areas and schools shown here "
    "are invented by a seeded generator, calibrated to the figures the strategy publishes "
    "for 2017-18 to 2019-20. They are not real records; no real person or place is shown."
)


# Printed from the browser, a page is its content: no sidebar, toolbar, buttons or folded
# expanders, and a chart, table or card not split across two sheets.
PRINT_STYLE = """<style>
@media print {
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
  [data-testid="stStatusWidget"], [data-testid="stDownloadButton"], [data-testid="stExpander"],
  [data-testid="stPopover"], [data-testid="stSidebarCollapsedControl"] { display: none !important; }
  .js-plotly-plot, [data-testid="stTable"], [data-testid="stMetric"] { break-inside: avoid; }
  h1, h2, h3 { break-after: avoid; }
}
</style>"""


def synthetic_banner(is_synthetic: bool) -> None:
    if is_synthetic:
        st.warning(SYNTHETIC_NOTICE, icon=":material/science:")


def data_as_of(latest_day: dt.date | None, loaded_at: dt.datetime | None) -> str:
    if latest_day is None:
        return "No data loaded yet."
    loaded = f"; last loaded {loaded_at:%d %B %Y %H:%M} UTC" if loaded_at else ""
    return f"Data as of {latest_day:%d %B %Y}{loaded}"


def definition(term: str, *, label: str | None = None) -> None:
    """The strategy's definition of ``term``, one click away."""
    with st.popover(label or f"What does \u201c{term.lower()}\u201d mean?", icon=":material/help:"):
        st.markdown(f"**{term}**: {DEFINITIONS[term]}")
        st.caption(f"From the {STRATEGY_TITLE}.")


def download(label: str, content, *, file_name: str, page: str, key: str | None = None, mime: str = "text/csv",
             action: str = "download", where=st, **button) -> None:
    """A download button whose every click the audit log records: who, when, the page, the
    file and the address's filters (``ui.access.record``). ``content``: bytes, or a function
    that makes them when clicked; ``where``: the container to draw it in."""
    where.download_button(label, content, file_name=file_name, mime=mime, key=key,
                          icon=button.pop("icon", ":material/download:"), on_click=access.record, args=(action,),
                          kwargs={"page": page, "detail": file_name}, **button)


def tables_zip(tables: dict[str, pd.DataFrame], about: str) -> bytes:
    """A ZIP of ``tables`` as CSV files (each name.csv, the same bytes as its own download) and
    ``about`` as README.txt: what they count, under which filters, and how small counts read."""
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as files:
        files.writestr("README.txt", about)
        for name, frame in tables.items():
            files.writestr(f"{name}.csv", frame.to_csv(index=False).encode("utf-8"))
    return archive.getvalue()


def chart_block(figure: go.Figure | None, *, question: str, table: pd.DataFrame, sentence: str,
                source: str, as_of: str, key: str) -> None:
    """A chart under the question it answers and the sentence the data gives, with its
    source, a CSV of exactly what is drawn and the same numbers as a table. With no
    ``figure`` (nothing to draw: every point hidden), the table stands in its place rather
    than empty axes."""
    st.subheader(question)
    st.markdown(f"**{sentence}**")
    if figure is not None:
        st.plotly_chart(figure, width="stretch", key=f"chart-{key}",
                        config={"displaylogo": False, "toImageButtonOptions": {"filename": key}})
    else:
        st.dataframe(table, hide_index=True, width="stretch")
    st.caption(f"Source: {source} {as_of}.")
    # Stacked, not side by side: in a half-width column or on a phone both stay readable.
    download("Download CSV", table.to_csv(index=False).encode("utf-8"), file_name=f"{key}.csv", page=key,
             key=f"download-{key}")
    if figure is not None:
        with st.expander("Show as a table"):
            st.dataframe(table, hide_index=True, width="stretch")


def protection_sentence(small: int) -> str:
    """How small counts read under the threshold ``small`` (none for an analyst: "")."""
    return (f'Counts from 1 to {small - 1} read "<{small}"; "hidden" marks a count that, beside another view you '
            "can open, would let a small number be worked out (in heatmaps and maps, compared across sexes and "
            'ethnic groups, a small count reads "hidden" too). Where a table hides a count, its zeros read "hidden" '
            "as well.") if small > 1 else ""


def unsuppressed_view(page: str, url: str, stamp: str) -> None:
    """Say that this session sees unsuppressed numbers (an analyst or admin), and record the view
    in the audit log: once for each page, data and address (its filters and choices) in a session."""
    st.info("You are seeing unsuppressed numbers (analyst role): small counts are shown as they are. "
            "This view is recorded in the audit log.", icon=":material/visibility:")
    address = tuple(sorted((key, tuple(st.query_params.get_all(key))) for key in st.query_params))
    seen = st.session_state.setdefault("audited_views", set())
    if (page, url, stamp, address) not in seen:
        access.record("unsuppressed-view", page=page)
        seen.add((page, url, stamp, address))


class PageContext:
    """What every page needs once its header is drawn."""

    def __init__(self, url: str, stamp: str, as_of: str, is_synthetic: bool, filters, latest_day):
        self.url, self.stamp, self.as_of, self.filters, self.latest_day = url, stamp, as_of, filters, latest_day
        self.is_synthetic = is_synthetic
        self.data_label = "synthetic demo data" if is_synthetic else "recorded data"


def page_start(title: str, intro: str) -> PageContext:
    """The title, the synthetic banner, "data as of" and the filters in words; stops the
    page with a plain sentence when there is no database."""
    from ui import data
    from ui.filters import current, describe

    st.html(PRINT_STYLE)
    st.title(title)
    st.caption(intro)
    try:
        url, stamp = data.current()
    except data.NoDatabase as err:
        st.error(str(err))
        st.stop()
    latest_day, loaded_at, is_synthetic = data.freshness(url, stamp)
    as_of = data_as_of(latest_day, loaded_at)
    synthetic_banner(is_synthetic)
    filters = current()
    protection = protection_sentence(data.threshold())
    st.caption(f"{as_of}. {describe(filters)}{' ' + protection if protection else ''}")
    if data.threshold() < config.suppress_below():
        unsuppressed_view(title, url, stamp)
    return PageContext(url, stamp, as_of, is_synthetic, filters, latest_day)


def notes(lines: list[str]) -> None:
    """What a source cannot answer of the filters, said once under the chart."""
    for line in dict.fromkeys(lines):
        st.info(line, icon=":material/info:")
