"""The reads the pages made, read again in the background after the data changes or the app
restarts, so that the next person to open a page finds its counts ready.

A first, uncached read decides which counts may be shown (``metrics.families``): Priority 2's
takes about 20 s on the demo, and each load starts the caches afresh (they key on the data's
stamp). So the pages' cached reads are remembered by name and arguments (the filters and the
threshold: never a count), the latest ``VVE_WARM_READS`` of them, in a file in
``VVE_DATA_DIR``. After a page has run, one thread reads again, under the data's current
stamp, every remembered read not yet read under it, the latest first. A read a person asks
for while the thread computes it waits for that one answer rather than computing it twice
(Streamlit's caches lock each key).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from pathlib import Path

from metrics.filters import Filters

LOG = logging.getLogger(__name__)
THREAD_NAME = "vve-warm-reads"
WATCH_THREAD_NAME = "vve-watch-data"

Read = tuple[str, tuple]  # a cached read's name and its arguments after the URL and stamp


def encode(value):
    """``value`` (a read's argument) as JSON: a date, a tuple and the filters say what they are."""
    if isinstance(value, Filters):
        return {"filters": {field.name: encode(getattr(value, field.name)) for field in dataclasses.fields(value)}}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    if isinstance(value, tuple):
        return {"tuple": [encode(v) for v in value]}
    if isinstance(value, dict):
        return {"dict": {k: encode(v) for k, v in value.items()}}
    if value is None or isinstance(value, (str, int, bool)):
        return value
    raise TypeError(f"a read's argument of type {type(value).__name__} cannot be remembered")


def decode(value):
    """What ``encode`` wrote, back."""
    if isinstance(value, dict):
        (kind, inner), = value.items()
        if kind == "filters":
            return Filters(**{name: decode(v) for name, v in inner.items()})
        if kind == "date":
            return dt.date.fromisoformat(inner)
        if kind == "tuple":
            return tuple(decode(v) for v in inner)
        if kind == "dict":
            return {k: decode(v) for k, v in inner.items()}
        raise ValueError(f"unknown kind {kind!r}")
    return value


class Remembered:
    """The latest ``kept`` reads, in the order last made, kept in ``path`` (JSON) across restarts.
    A file that cannot be read is set aside with a warning: reads are a convenience, never data."""

    def __init__(self, path: Path, kept: int):
        self.path, self.kept = path, kept
        self._lock = threading.Lock()
        self._reads: OrderedDict[str, Read] = OrderedDict()
        try:
            stored = json.loads(path.read_text(encoding="utf-8")) if path.exists() else []
            for name, args in stored[-kept:] if kept else []:
                read = (name, decode(args))
                self._reads[self._key(read)] = read
        except (OSError, ValueError, TypeError) as error:
            LOG.warning("Ignored the remembered reads in %s: %s", path, error)
            self._reads.clear()

    @staticmethod
    def _key(read: Read) -> str:
        return json.dumps([read[0], encode(read[1])], sort_keys=True)

    def add(self, name: str, args: tuple) -> None:
        if self.kept <= 0:
            return
        read = (name, args)
        key = self._key(read)
        with self._lock:
            new = key not in self._reads
            self._reads[key] = read
            self._reads.move_to_end(key)
            while len(self._reads) > self.kept:
                self._reads.popitem(last=False)
            if new:  # a read made before only moves: the file changes when one is new
                self._write()

    def latest(self) -> list[Read]:
        with self._lock:
            return list(reversed(self._reads.values()))

    def _write(self) -> None:
        stored = [[name, encode(args)] for name, args in self._reads.values()]
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial = self.path.with_name(self.path.name + ".partial")
            partial.write_text(json.dumps(stored), encoding="utf-8")
            partial.replace(self.path)
        except OSError as error:
            LOG.warning("Could not keep the remembered reads in %s: %s", self.path, error)


class _Quiet(logging.Filter):
    """Drops Streamlit's warning that this thread has no session: it has none by design, and
    a cached read's spinner asks for one at every read."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.threadName in (THREAD_NAME, WATCH_THREAD_NAME)
                    and "missing ScriptRunContext" in record.getMessage())


class Warmer:
    """Reads ``reads`` again under a new stamp, once per URL and stamp, in one thread at a time;
    ``reading`` maps each read's name to the cached function that makes it; ``stamp_of`` gives
    the data's stamp now: a load while the thread reads stops it (the next page run, or the
    watcher, starts one for the new data)."""

    def __init__(self, reads: Remembered, reading: Mapping[str, Callable],
                 stamp_of: Callable[[str], str] | None = None):
        self.reads, self.reading, self.stamp_of = reads, reading, stamp_of
        self._lock = threading.Lock()
        self._done: dict[str, set[str]] = {}  # by URL and stamp: the reads made under it
        self._thread: threading.Thread | None = None
        self._watched: dict[str, threading.Thread] = {}
        self._stopped = threading.Event()
        logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(_Quiet())

    def start(self, url: str, stamp: str) -> threading.Thread | None:
        """Start reading again under ``stamp`` what has not been read under it; None if nothing
        is left or a thread is at work (the next page run starts another)."""
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                return None
            done = self._done.setdefault(f"{url}#{stamp}", set())
            if len(self._done) > 4:  # earlier stamps' reads are of no more use
                for old in list(self._done)[:-4]:
                    del self._done[old]
            left = [read for read in self.reads.latest() if Remembered._key(read) not in done]
            if not left:
                return None
            self._thread = threading.Thread(target=self._run, args=(url, stamp, left, done), name=THREAD_NAME,
                                            daemon=True)
            self._thread.start()
            return self._thread

    def watch(self, url: str, every: float) -> threading.Thread | None:
        """Look at the data's stamp every ``every`` seconds and read again under a new one
        (``start``), so that a load made from the command line or another replica warms the
        pages before anyone opens one. One watcher for each URL; None where one watches it
        already, or ``every`` is 0."""
        if self.stamp_of is None or every <= 0:
            return None
        with self._lock:
            if url in self._watched:
                return None
            thread = threading.Thread(target=self._watch, args=(url, every), name=WATCH_THREAD_NAME, daemon=True)
            self._watched[url] = thread
        thread.start()
        return thread

    def stop(self) -> None:
        """Stop the watchers (each within ``every`` seconds)."""
        self._stopped.set()

    def _watch(self, url: str, every: float) -> None:
        while not self._stopped.wait(every):
            try:
                self.start(url, self.stamp_of(url))  # nothing left under the stamp, or a thread at work: None
            except Exception as error:  # no database for now: the pages say so; look again later
                LOG.info("Could not look at the data's stamp: %s", error)

    def _run(self, url: str, stamp: str, reads: list[Read], done: set[str]) -> None:
        try:  # behind the sessions' own reads: the lowest priority this thread can have
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
        except (AttributeError, OSError):
            pass
        for read in reads:
            if self.stamp_of is not None and self.stamp_of(url) != stamp:
                return
            name, args = read
            try:
                self.reading[name](url, stamp, *args)
            except Exception as error:  # a read the data no longer answers (an area gone): the page will say
                LOG.info("Did not read %s%r again: %s", name, args, error)
            done.add(Remembered._key(read))
