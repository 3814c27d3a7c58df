"""Audit log: every download, board pack, unsuppressed or record-level view and load. Admins only."""

from __future__ import annotations

import streamlit as st

import config
from access import Role
from storage import audit
from ui import access
from ui.components import download

st.title("Audit log")
# Enforced here, where the log is read, not only by leaving the page out of the menu.
if access.current_role() < Role.ADMIN:
    st.error("The audit log is for administrators.")
    st.stop()
log = audit.entries(config.audit_database_url())
st.caption(f"The newest {len(log):,} entries, newest first. Times are UTC.")
st.dataframe(log, hide_index=True, width="stretch")
download("Download the audit log (CSV)", log.to_csv(index=False).encode("utf-8"), file_name="audit-log.csv",
         page="Audit log")
