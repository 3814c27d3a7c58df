"""The audit log: who downloaded, printed, loaded or saw unsuppressed data, when, and how.

It lives apart from the data tables: an embedded DuckDB file is only ever read by the
dashboard and replaced whole by a load, so the log goes to SQLite beside it (or to
the same PostgreSQL server in a shared deployment).
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache

import pandas as pd
from sqlalchemy import Column, DateTime, Engine, MetaData, String, Table, Text, create_engine, select

audit_metadata = MetaData()

audit_log = Table(
    "audit_log",
    audit_metadata,
    Column("at", DateTime(timezone=False), nullable=False, comment="UTC"),
    Column("user", String, nullable=False, comment="E-mail, or 'anonymous'"),
    Column("role", String, nullable=False),
    Column("action", String, nullable=False, comment="download, board-pack, unsuppressed-view, records-view, load"),
    Column("page", String, nullable=False),
    Column("filters", Text, nullable=False, comment="JSON"),
    Column("detail", Text),
)

ACTIONS = ("download", "board-pack", "unsuppressed-view", "records-view", "load")


@lru_cache(maxsize=4)
def _engine(url: str) -> Engine:
    engine = create_engine(url)
    audit_metadata.create_all(engine)
    return engine


def record(url: str, *, user: str, role: str, action: str, page: str, filters: dict, detail: str = "") -> None:
    """Append one entry. ``action`` is one of ACTIONS."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown audit action {action!r}; expected one of {', '.join(ACTIONS)}")
    with _engine(url).begin() as conn:
        conn.execute(audit_log.insert().values(
            at=dt.datetime.now(dt.UTC).replace(tzinfo=None), user=user, role=role, action=action, page=page,
            filters=json.dumps(filters, sort_keys=True, default=str), detail=detail,
        ))


def entries(url: str, *, limit: int = 1000) -> pd.DataFrame:
    """The newest entries first."""
    with _engine(url).connect() as conn:
        rows = conn.execute(select(audit_log).order_by(audit_log.c.at.desc()).limit(limit)).mappings().all()
    return pd.DataFrame(rows, columns=[c.name for c in audit_log.c])
