"""ui.warm: the pages' reads remembered across restarts and read again under a new stamp."""

import datetime as dt
import json
import logging
import threading

from metrics.filters import Filters
from ui import warm


def test_a_read_s_arguments_come_back_as_they_went_in():
    filters = Filters(date_from=dt.date(2023, 4, 1), date_to=dt.date(2024, 3, 31), areas=("E05009317", "E05009318"),
                      age_band="10-17", sex="Female")
    args = ("serious_youth_violence", "month", filters, ("term_time",), 5,
            {"date_from": dt.date(2023, 4, 1), "age_range": None, "areas": ()})
    assert warm.decode(json.loads(json.dumps(warm.encode(args)))) == args


def test_the_latest_reads_are_kept_most_recent_first_and_survive_a_restart(tmp_path):
    path = tmp_path / "recent-reads.json"
    reads = warm.Remembered(path, kept=3)
    for n in range(5):
        reads.add("count_by", ("serious_youth_violence", "month", Filters(), (), n))
    reads.add("count_by", ("serious_youth_violence", "month", Filters(), (), 2))  # asked again: the latest
    assert [args[-1] for _, args in reads.latest()] == [2, 4, 3]
    again = warm.Remembered(path, kept=3)  # the next process
    assert [args[-1] for _, args in again.latest()] == [4, 3, 2]  # a read asked again is not written again
    assert warm.Remembered(path, kept=2).latest() == again.latest()[:2]


def test_an_unreadable_file_of_reads_is_set_aside_with_a_warning(tmp_path, caplog):
    path = tmp_path / "recent-reads.json"
    path.write_text('[["count_by", {"tuple": ["x", {"when": 1}]}]]', encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="ui.warm"):
        reads = warm.Remembered(path, kept=10)
    assert reads.latest() == [] and "Ignored the remembered reads" in caplog.text
    reads.add("count_by", ("a",))
    assert warm.Remembered(path, kept=10).latest() == [("count_by", ("a",))]


def test_each_stamp_reads_each_remembered_read_once_and_a_failing_read_stops_none(tmp_path):
    made = []

    def count(url, stamp, *args):
        made.append((stamp, args))
        if args == ("gone",):
            raise ValueError("no such area")

    reads = warm.Remembered(tmp_path / "reads.json", kept=10)
    for args in (("a",), ("gone",), ("b",)):
        reads.add("count_by", args)
    warmer = warm.Warmer(reads, {"count_by": count})
    thread = warmer.start("duckdb:///x", "stamp-1")
    assert thread is not None and thread.name == warm.THREAD_NAME
    thread.join(10)
    assert made == [("stamp-1", ("b",)), ("stamp-1", ("gone",)), ("stamp-1", ("a",))]
    assert warmer.start("duckdb:///x", "stamp-1") is None  # nothing is left under this stamp
    reads.add("count_by", ("c",))
    warmer.start("duckdb:///x", "stamp-1").join(10)  # only the new read
    assert made[-1] == ("stamp-1", ("c",)) and len(made) == 4
    warmer.start("duckdb:///x", "stamp-2").join(10)  # a load: all again, the latest first
    assert [args for stamp, args in made if stamp == "stamp-2"] == [("c",), ("b",), ("gone",), ("a",)]


def test_one_thread_at_a_time(tmp_path):
    release = threading.Event()
    reads = warm.Remembered(tmp_path / "reads.json", kept=10)
    reads.add("count_by", ("a",))
    warmer = warm.Warmer(reads, {"count_by": lambda url, stamp, *args: release.wait(10)})
    first = warmer.start("duckdb:///x", "stamp-1")
    assert warmer.start("duckdb:///x", "stamp-2") is None  # the next page run starts it
    release.set()
    first.join(10)
    assert warmer.start("duckdb:///x", "stamp-2") is not None


def test_a_load_while_the_thread_reads_stops_it(tmp_path):
    stamps = iter(["stamp-1", "stamp-1", "stamp-2"])  # the data's stamp before each read
    made = []
    reads = warm.Remembered(tmp_path / "reads.json", kept=10)
    for args in (("a",), ("b",), ("c",)):
        reads.add("count_by", args)
    warmer = warm.Warmer(reads, {"count_by": lambda url, stamp, *args: made.append(args)},
                         stamp_of=lambda url: next(stamps))
    warmer.start("duckdb:///x", "stamp-1").join(10)
    assert made == [("c",), ("b",)]


def test_a_load_made_elsewhere_is_read_again_before_anyone_opens_a_page(tmp_path):
    stamp = ["stamp-1"]  # the data's stamp: a load from the command line moves it
    made, seen = [], threading.Event()
    reads = warm.Remembered(tmp_path / "reads.json", kept=10)
    reads.add("count_by", ("a",))

    def count(url, stamp_now, *args):
        made.append(stamp_now)
        seen.set()

    warmer = warm.Warmer(reads, {"count_by": count}, stamp_of=lambda url: stamp[0])
    watcher = warmer.watch("duckdb:///x", every=0.01)
    assert watcher is not None and watcher.name == warm.WATCH_THREAD_NAME
    assert warmer.watch("duckdb:///x", every=0.01) is None  # one watcher for each database
    assert seen.wait(10) and made == ["stamp-1"]
    seen.clear()
    stamp[0] = "stamp-2"  # a load: no page runs, yet the read is made under the new stamp
    assert seen.wait(10)
    warmer.stop()
    watcher.join(10)
    assert not watcher.is_alive()
    assert made == ["stamp-1", "stamp-2"]  # each stamp read once, however often the watcher looked
    assert warm.Warmer(reads, {}, stamp_of=lambda url: "s").watch("duckdb:///x", every=0) is None
