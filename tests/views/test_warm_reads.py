"""The pages' latest reads, read again in the background after a restart or a load (ui.warm)."""

import datetime as dt
import json
import threading

import pandas as pd

from storage import viewer_counts
from tests.conftest import clear_streamlit_caches, open_app_page
from ui import data, warm


def join_warm_threads() -> None:
    for thread in threading.enumerate():
        if thread.name == warm.THREAD_NAME:
            thread.join(300)


def test_after_a_restart_a_page_s_reads_are_ready_before_anyone_opens_it(app_env, monkeypatch, tmp_path):
    monkeypatch.setenv("VVE_WARM_READS", "100")
    monkeypatch.setenv("VVE_DATA_DIR", str(tmp_path))
    made = []
    count_by = viewer_counts.count_by

    def counting(conn, source, dimension, *args, **kwargs):
        made.append((source.name, dimension))
        return count_by(conn, source, dimension, *args, **kwargs)

    monkeypatch.setattr(viewer_counts, "count_by", counting)
    open_app_page()  # the Overview, read for the first time
    join_warm_threads()
    remembered = json.loads((tmp_path / "recent-reads.json").read_text(encoding="utf-8"))
    assert made and len(remembered) == len(made)  # every read, once
    assert {name for name, _ in remembered} == {"count_by"}  # the Overview reads nothing else

    clear_streamlit_caches()  # a restart: nothing is cached
    made.clear()
    thread = data.warm_in_background()
    assert thread is not None
    thread.join(300)
    assert len(made) == len(remembered)  # read again in the background
    made.clear()
    open_app_page()
    join_warm_threads()
    assert made == []  # the next person's page read nothing afresh


def test_a_load_s_new_stamp_reads_the_pages_latest_reads_again(app_env, monkeypatch, tmp_path):
    monkeypatch.setenv("VVE_WARM_READS", "100")
    monkeypatch.setenv("VVE_DATA_DIR", str(tmp_path))
    made = []
    count_by = viewer_counts.count_by
    without_time = viewer_counts.count_without_time
    monkeypatch.setattr(viewer_counts, "count_by", lambda *args, **kwargs: (made.append(args[2]),
                                                                            count_by(*args, **kwargs))[1])
    monkeypatch.setattr(viewer_counts, "count_without_time", lambda *args, **kwargs: (
        made.append("without time"), without_time(*args, **kwargs))[1])
    open_app_page("views/priority_1.py")
    join_warm_threads()
    remembered = json.loads((tmp_path / "recent-reads.json").read_text(encoding="utf-8"))
    assert {name for name, _ in remembered} == {"count_by", "count_without_time"}
    assert len(made) == len(remembered)  # read by the pages; the thread found each ready
    made.clear()
    monkeypatch.setattr(data, "database_stamp", lambda url: "after-a-load")  # a load changes the data's stamp
    data.warm_in_background().join(300)
    assert len(made) == len(remembered)  # each read again, under the new stamp
    assert data.warm_in_background() is None  # and once


def test_a_search_read_made_again_is_the_read_the_page_made(app_env, monkeypatch, tmp_path):
    monkeypatch.setenv("VVE_WARM_READS", "100")
    monkeypatch.setenv("VVE_DATA_DIR", str(tmp_path))
    url, stamp = data.current()
    first = data.searches(url, stamp, "officer_against_self_defined", date_from=dt.date(2023, 4, 1),
                          date_to=dt.date(2024, 3, 31), age_range="10-17", areas=(), gender="Female")
    (name, args), = warm.Remembered(tmp_path / "recent-reads.json", kept=100).latest()
    assert name == "searches"
    clear_streamlit_caches()
    pd.testing.assert_frame_equal(data.READ_AGAIN[name](url, stamp, *args), first)
