"""Command line.

``python -m loaders demo [--seed N] [--scale F] [--if-missing]``
``python -m loaders ingest SOURCE PATH... [--json] [--replace-demo] [--borough NAME] ...``
``python -m loaders fetch police-uk --from YYYY-MM --to YYYY-MM [--base-url URL] [--json] [--replace-demo]``
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path

import config
from loaders.demo import build_demo
from loaders.errors import LoaderError
from loaders.fetch import BASE_URL, fetch_police_uk
from loaders.ingest import Progress, ingest
from loaders.sources import LOADERS, loader_for
from storage import audit
from storage.engine import database_exists


def _progress(step: str, fraction: float) -> None:
    filled = int(fraction * 30)
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {fraction:4.0%} {step:<48}")
    if fraction >= 1:
        sys.stderr.write("\n")
    sys.stderr.flush()


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (2 for a file that cannot be loaded)."""
    parser = argparse.ArgumentParser(prog="python -m loaders", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser("demo", help="Write the seeded synthetic demonstration dataset.")
    demo.add_argument("--seed", type=int, default=int(config.setting("VVE_DEMO_SEED")))
    demo.add_argument("--scale", type=float, default=1.0,
                      help="Multiply every volume; 1 matches the strategy's figures exactly.")
    demo.add_argument("--if-missing", action="store_true",
                      help="Do nothing when the database already has data (used by `make run`).")
    _add_ingest(commands)
    _add_fetch(commands)
    args = parser.parse_args(argv)
    if args.command == "ingest":
        return _ingest(args)
    if args.command == "fetch":
        return _fetch(args)

    if args.command == "demo":
        if args.scale <= 0:
            parser.error("--scale must be above 0")
        url = config.database_url()
        if args.if_missing and database_exists(url):
            print(f"Using the existing database at {url}.")
            return 0
        summary = build_demo(url, seed=args.seed, scale=args.scale, progress=_progress)
        print(f"Synthetic demo data written to {url}: {summary.incidents:,} incidents, "
              f"{summary.stop_searches:,} stop and search records (seed {summary.seed}, "
              f"scale {summary.scale:g}) in {summary.seconds:.1f} s.")
    return 0


def _add_ingest(commands) -> None:
    ingest_parser = commands.add_parser(
        "ingest", help="Load files of one source, atomically, accounting for every row.",
        description="Load files of one source in one atomic swap. Sources: " + ", ".join(sorted(LOADERS)))
    ingest_parser.add_argument("source", choices=sorted(LOADERS), metavar="SOURCE",
                               help="One of: " + ", ".join(sorted(LOADERS)))
    ingest_parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    ingest_parser.add_argument("--json", action="store_true", help="Print the summaries as JSON.")
    ingest_parser.add_argument("--replace-demo", action="store_true",
                               help="Remove the synthetic demonstration data in the same load.")
    ingest_parser.add_argument("--borough", help="Keep this borough's rows (default Tower Hamlets; '' keeps all).")
    ingest_parser.add_argument("--level", choices=["ward", "lsoa", "msoa", "borough"],
                               help="boundaries: the areas' level (detected from the codes if not given).")
    ingest_parser.add_argument("--scheme", help="boundaries: e.g. ward-2022 (detected where the file says).")
    ingest_parser.add_argument("--code-column", help="boundaries: the column holding area codes.")
    ingest_parser.add_argument("--name-column", help="boundaries: the column holding area names.")
    ingest_parser.add_argument("--crs", help="boundaries: the CRS when the file does not say, e.g. EPSG:27700.")
    ingest_parser.add_argument("--year", type=int, help="population: the year, when neither file nor name says.")


def _add_fetch(commands) -> None:
    fetch = commands.add_parser("fetch", help="Fetch police.uk street crime and stop and search for the borough.")
    fetch.add_argument("api", choices=["police-uk"])
    fetch.add_argument("--from", dest="first", required=True, metavar="YYYY-MM")
    fetch.add_argument("--to", dest="last", required=True, metavar="YYYY-MM")
    fetch.add_argument("--base-url", default=BASE_URL, help=f"The API's address (default {BASE_URL}).")
    fetch.add_argument("--json", action="store_true", help="Print the load summaries as JSON.")
    fetch.add_argument("--replace-demo", action="store_true",
                       help="Remove the synthetic demonstration data in the same load.")


def _fetch(args) -> int:
    try:
        street, searches = fetch_police_uk(args.first, args.last, base_url=args.base_url,
                                           progress=lambda month, f: _progress_bar(Progress(f"fetch {month}", 0, f, 0)))
        # The API's answer is already the borough's polygon, and carries no LSOA: keep every row.
        summaries = ingest(loader_for("police-uk-street", {"borough": ""}), street,
                           replace_demo=args.replace_demo, progress=_progress_bar)
        summaries += ingest(loader_for("police-uk-stop-search"), searches, progress=_progress_bar)
        _audit("fetch police-uk", summaries)
    except LoaderError as err:
        return _fail(err)
    return _report(summaries, as_json=args.json)


def _fail(err: LoaderError) -> int:
    sys.stderr.write("\n" if getattr(_progress_bar, "drawn", False) else "")
    print(str(err), file=sys.stderr)
    return 2


def _report(summaries, *, as_json: bool) -> int:
    sys.stderr.write("\n" if getattr(_progress_bar, "drawn", False) else "")
    if as_json:
        print(json.dumps([s.as_dict() for s in summaries], indent=2, default=str))
    else:
        for summary in summaries:
            print(summary.sentence())
    return 0


def _progress_bar(update: Progress) -> None:
    if getattr(_progress_bar, "drawn", None) not in (None, update.file):
        sys.stderr.write("\n")
    _progress_bar.drawn = update.file
    filled = int(update.fraction * 30)
    sys.stderr.write(f"\r{update.file[:40]:<40} [{'#' * filled}{'.' * (30 - filled)}] {update.fraction:4.0%} "
                     f"{update.rows:>10,} rows {update.rows_per_second:>9,.0f} rows/s")
    sys.stderr.flush()


def _ingest(args) -> int:
    options = {k: getattr(args, k) for k in ("borough", "level", "scheme", "code_column", "name_column",
                                             "crs", "year")}
    try:
        summaries = ingest(loader_for(args.source, options), args.paths, replace_demo=args.replace_demo,
                           progress=_progress_bar)
    except LoaderError as err:
        return _fail(err)
    _audit(args.source, summaries)
    return _report(summaries, as_json=args.json)


def _audit(source: str, summaries) -> None:
    """Every load goes in the audit log, with the account that ran it."""
    audit.record(config.audit_database_url(), user=getpass.getuser(), role="admin", action="load",
                 page="python -m loaders", filters={"source": source},
                 detail="; ".join(f"{s.file}: {s.read} read, {s.loaded} loaded, {s.duplicates} duplicates, "
                                  f"{s.rejected} rejected" for s in summaries))


if __name__ == "__main__":
    sys.exit(main())
