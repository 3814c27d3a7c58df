"""Shared fixtures: a demo database built once per session, a real Streamlit server,
headless Chromium, and the rule that what CI needs is never silently skipped."""

from __future__ import annotations

import fcntl
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent
SHARED_REAL_DATA = PROJECT_DIR.parent / "shared" / "data" / "real"
CHROMIUM_CANDIDATES = ("/usr/lib/chromium/chromium", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]

# The pages' latest reads are read again in a thread after each page run (``ui.warm``): in the
# tests only where a test asks for it, so that no such thread competes with a test's own reads.
os.environ["VVE_WARM_READS"] = "0"


def require(condition: bool, reason: str) -> None:
    """Skip with ``reason`` on a developer's machine; fail where CI is set."""
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"CI must have this: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module", autouse=True)
def postgres_one_module_at_a_time(request, tmp_path_factory):
    """The PostgreSQL tests share one server and its tables: a module of them holds a lock
    that every worker of the run shares, so no two run at once. (An ``xdist_group`` did
    nothing: pytest-xdist 3.8 renames the group's node ids in a way pytest 9 ignores, and run
    at once, the two modules deadlocked or dropped each other's tables.)"""
    if request.node.get_closest_marker("postgres") is None:
        yield
        return
    with (tmp_path_factory.getbasetemp().parent / "vve-postgres.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def chromium_path() -> str | None:
    return next((p for p in CHROMIUM_CANDIDATES if Path(p).exists()), None)


@pytest.fixture(scope="session")
def demo_url(tmp_path_factory) -> str:
    """A DuckDB file holding the seeded demo, built once for the whole session."""
    from loaders.demo import build_demo

    url = f"duckdb:///{tmp_path_factory.mktemp('demo') / 'vve.duckdb'}"
    build_demo(url, seed=42)
    return url


@pytest.fixture(scope="session")
def demo_connection(demo_url):
    from storage.engine import make_engine

    engine = make_engine(demo_url, read_only=True)
    with engine.connect() as conn:
        yield conn
    engine.dispose()


def clear_streamlit_caches() -> None:
    """st.cache_data and st.cache_resource carry over between AppTest instances."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()


def open_app_page(page: str | None = None, *, params: dict | None = None, timeout: int = 60):
    """Run app.py in AppTest with ``params`` in the URL, switch to ``page`` (a path under the
    project such as "views/priority_1.py"), and check nothing raised."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=timeout)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def app_env(demo_url, monkeypatch, tmp_path):
    """Point the app at the demo database, and its audit log at a file of the test's own (an
    analyst's or admin's page records its view), and give it a clean cache."""
    monkeypatch.setenv("VVE_DATABASE_URL", demo_url)
    monkeypatch.setenv("VVE_AUDIT_DATABASE_URL", f"sqlite:///{tmp_path / 'app-audit.sqlite'}")
    clear_streamlit_caches()
    yield demo_url
    clear_streamlit_caches()


@pytest.fixture(scope="session")
def postgres_url() -> str:
    url = os.environ.get("VVE_TEST_POSTGRES_URL", "")
    require(bool(url), "VVE_TEST_POSTGRES_URL is not set, so there is no PostgreSQL server to test on "
                       "(.ci/run starts one)")
    return url


@pytest.fixture(scope="session")
def real_data() -> Path:
    require(SHARED_REAL_DATA.is_dir(), f"the real data samples are not at {SHARED_REAL_DATA}")
    return SHARED_REAL_DATA


# --- the browser --------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def app_server(demo_url):
    """A real ``streamlit run app.py`` on a free loopback port, serving the demo database."""
    yield from serve_app({"VVE_DATABASE_URL": demo_url})


def serve_app(settings: dict, *, port: int | None = None, options: tuple[str, ...] = ()):
    """Start ``streamlit run app.py`` with ``settings`` in its environment, on ``port`` (a free
    one by default) with Streamlit's command-line ``options``; yield its base URL."""
    port = port or free_port()
    env = {**os.environ, **settings}
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false", *options],
        cwd=PROJECT_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=1) as answer:
                if answer.read() == b"ok":
                    break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail(f"streamlit did not start: {process.stdout.read().decode(errors='replace')[-2000:]}")
    yield base
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    path = chromium_path()
    require(path is not None, "Chromium is not installed (apt-get install chromium); .ci/run installs it")
    return {**browser_type_launch_args, "executable_path": path, "args": CHROMIUM_ARGS}

