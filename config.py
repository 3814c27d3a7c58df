"""Every setting the dashboard reads from the environment, in one place.

Each setting has a name, a default and a one-line help text; the README documents
every one (a test checks). Paths are built from this file's folder, never from the
working directory.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent
SHIPPED_DATA_DIR = PROJECT_DIR / "data"


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str

    def read(self) -> str:
        return os.environ.get(self.name, self.default)


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "VVE_DATA_DIR",
        str(SHIPPED_DATA_DIR),
        "Folder for the embedded database, load summaries and rejects files.",
    ),
    Setting(
        "VVE_DATABASE_URL",
        "",
        "SQLAlchemy URL of the database; empty means a DuckDB file vve.duckdb in VVE_DATA_DIR.",
    ),
    Setting(
        "VVE_SUPPRESS_BELOW",
        "5",
        "Counts from 1 up to this threshold are never shown; they appear as '<5'.",
    ),
    Setting(
        "VVE_DEMO_SEED",
        "42",
        "Seed of the synthetic demonstration data that `make run` builds when there is no database.",
    ),
    Setting(
        "VVE_ROLES_FILE",
        str(PROJECT_DIR / ".streamlit" / "roles.toml"),
        "TOML file mapping e-mail addresses and login groups to the roles viewer, analyst and admin.",
    ),
    Setting(
        "VVE_ANONYMOUS_ROLE",
        "viewer",
        "Role of a session that is not logged in: viewer, or analyst/admin on a single-user machine with no login.",
    ),
    Setting(
        "VVE_ALLOW_ANONYMOUS",
        "",
        "Set (to anything) to serve without login although private data is loaded: public-only deployments.",
    ),
    Setting(
        "VVE_AUDIT_DATABASE_URL",
        "",
        "SQLAlchemy URL of the audit log; empty means the main database on PostgreSQL, else audit.sqlite in VVE_DATA_DIR.",
    ),
    Setting(
        "VVE_WARM_READS",
        "200",
        "How many of the pages' latest reads to remember and read again in the background after a load or restart; 0: none.",
    ),
    Setting(
        "VVE_WARM_WATCH",
        "60",
        "Seconds between looks at the data's stamp, to read the remembered reads again after a load made elsewhere; 0: none.",
    ),
    Setting(
        "VVE_BASEMAP_STYLE",
        "",
        "URL of a map style for the maps' basemap; empty draws no basemap, so nothing leaves the machine.",
    ),
)


def setting(name: str) -> str:
    for candidate in SETTINGS:
        if candidate.name == name:
            return candidate.read()
    raise KeyError(f"No setting called {name}; the settings are {[s.name for s in SETTINGS]}")


def data_dir() -> Path:
    return Path(setting("VVE_DATA_DIR"))


def database_url() -> str:
    url = setting("VVE_DATABASE_URL")
    if url:
        return url
    return f"duckdb:///{data_dir() / 'vve.duckdb'}"


def suppress_below() -> int:
    return int(setting("VVE_SUPPRESS_BELOW"))


def audit_database_url() -> str:
    """The audit log lives apart from an embedded DuckDB file, which the dashboard only reads."""
    url = setting("VVE_AUDIT_DATABASE_URL")
    if url:
        return url
    main = database_url()
    if main.startswith("postgresql"):
        return main
    return f"sqlite:///{data_dir() / 'audit.sqlite'}"


def allow_anonymous() -> bool:
    return bool(setting("VVE_ALLOW_ANONYMOUS"))
