"""Load data: upload the same files ``python -m loaders ingest`` takes, with the same summary."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from loaders.errors import LoaderError
from loaders.ingest import Progress, ingest
from loaders.sources import LOADERS, loader_for
from access import Role
from ui import access, data
from ui.components import data_as_of, download, synthetic_banner

SUMMARY_COLUMNS = {"file": "File", "read": "Rows read", "loaded": "Loaded", "duplicates": "Duplicates",
                   "rejected": "Rejected", "replaced": "Replaced earlier rows", "note": "Note"}

st.title("Load data")
# Enforced here, where the load runs, not only by leaving the page out of the menu.
if access.current_role() < Role.ADMIN:
    st.error("Loading data is for administrators. Without a login configured, load from the command line: "
             "python -m loaders ingest SOURCE FILE...")
    st.stop()
try:
    url, stamp = data.current()
    latest_day, loaded_at, is_synthetic = data.freshness(url, stamp)
    synthetic_banner(is_synthetic)
    st.caption(data_as_of(latest_day, loaded_at))
except data.NoDatabase:
    st.info("There is no data yet: the files loaded here start the database.")
st.caption("Every row is accounted for: rows read = loaded + duplicates + rejected. A load is all or "
           "nothing: the dashboard never shows half of one, and a file that cannot be read changes nothing.")

source = st.selectbox("Source", sorted(LOADERS), key="upload-source",
                      format_func=lambda name: f"{name}: {LOADERS[name].expected}")
uploads = st.file_uploader("Files", accept_multiple_files=True, key="upload-files",
                           help="A Shapefile is its .shp, .shx, .dbf and .prj together, or one .zip.")
with st.expander("Options"):
    borough = st.text_input("Borough whose rows to keep", "Tower Hamlets", key="upload-borough")
    year = st.number_input("Year (population files that do not say)", 0, 2100, 0, key="upload-year")
    scheme = st.text_input("Boundary scheme, e.g. ward-2022 (detected if blank)", key="upload-scheme")
    crs = st.text_input("Boundary CRS when the file has none, e.g. EPSG:27700", key="upload-crs")
replace_demo = st.checkbox("Replace the demonstration data", key="upload-replace-demo",
                           help="Real data is never mixed with the synthetic demo: this removes the demo in the same load.")

if st.button("Load", type="primary", disabled=not uploads, key="upload-load"):
    bar = st.progress(0.0, text="Reading\u2026")

    def show(update: Progress) -> None:
        bar.progress(update.fraction, text=f"{update.file}: {update.rows:,} rows, {update.rows_per_second:,.0f} rows/s")

    options = {"borough": borough, "year": year or None, "scheme": scheme or None, "crs": crs or None}
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for upload in uploads:
            path = Path(folder) / Path(upload.name).name
            path.write_bytes(upload.getvalue())
            paths.append(path)
        if source == "boundaries" and any(p.suffix.lower() == ".shp" for p in paths):
            paths = [Path(folder)]
        try:
            summaries = ingest(loader_for(source, options), paths, replace_demo=replace_demo, progress=show)
        except LoaderError as err:
            bar.empty()
            st.error(str(err))
            st.stop()
        except Exception as err:  # noqa: BLE001 - a board member must never see a traceback
            bar.empty()
            st.error(f"The load failed and nothing was changed: {err}")
            st.stop()
    bar.progress(1.0, text="Done")
    st.session_state["upload-summaries"] = [s.as_dict() for s in summaries]
    access.record("load", page="Load data", filters={"source": source},
                  detail="; ".join(f"{s.file}: {s.read} read, {s.loaded} loaded, {s.duplicates} duplicates, "
                                   f"{s.rejected} rejected" for s in summaries))
    st.cache_data.clear()

summaries = st.session_state.get("upload-summaries")
if summaries:
    st.subheader("Last load")
    for summary in summaries:
        reconciles = summary["read"] == summary["loaded"] + summary["duplicates"] + summary["rejected"]
        st.markdown(f"**{summary['file']}**: read {summary['read']:,} = {summary['loaded']:,} loaded + "
                    f"{summary['duplicates']:,} duplicates + {summary['rejected']:,} rejected"
                    + (" \u2714" if reconciles else " (does not reconcile)"))
    table = pd.DataFrame(summaries)[list(SUMMARY_COLUMNS)].rename(columns=SUMMARY_COLUMNS)
    st.dataframe(table, hide_index=True, width="stretch")
    for index, summary in enumerate(summaries):
        rejects = summary.get("rejects_file")
        if rejects and Path(rejects).exists():
            download(f"Download the {summary['rejected']:,} rejected rows of {summary['file']} (CSV)",
                     Path(rejects).read_bytes(), file_name=Path(rejects).name, page="Load data", key=f"rejects-{index}")
            with st.expander(f"The first rejected rows of {summary['file']}, with the reason for each"):
                st.dataframe(pd.read_csv(rejects, nrows=50, dtype=str), hide_index=True, width="stretch")
