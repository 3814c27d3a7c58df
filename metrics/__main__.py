"""The door for analysts and automation to the numbers the pages show.

    python -m metrics list
    python -m metrics show MEASURE --by DIMENSION [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--unsuppressed]
        [--area CODE]... [--age-band BAND] [--sex SEX] [--ethnicity GROUP]
        [--offence-group GROUP] [--format csv|json]

This is the command-line edge, so unlike the rest of ``metrics`` it reads the
database (through ``storage``), with the same query and metric functions the
pages call.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import sys

import pandas as pd

import config
from metrics.filters import AGE_CHOICES, ETHNIC_GROUPS, SEXES, Filters, groups_set
from metrics.measures import DIMENSIONS, MEASURES
from metrics.disclosure import complete_grid, suppress
from storage import audit, reference, viewer_counts
from storage.engine import database_exists, make_engine
from storage.queries import UnsupportedQuery, count_by


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2019-04-01") from err


def safe_to_show(table: pd.DataFrame, *, dims: list[str], threshold: int) -> pd.DataFrame:
    """The table as a viewer may see it: small counts read "<5", and nothing gives them away
    (its own totals, nor, through its ``exposed`` column, other views: ``storage.viewer_counts``)."""
    if dims == ["weekday", "hour"]:
        table = complete_grid(table, {"weekday": range(7), "hour": range(24)})
    shown = suppress(table, dims=dims, threshold=threshold)
    values = [str(d) if hidden else int(v) for v, d, hidden in zip(shown["value"], shown["display"], shown["suppressed"])]
    return shown[dims].assign(value=pd.Series(values, index=shown.index, dtype=object))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m metrics", description="Counts the dashboard shows.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="List the measures and dimensions.")
    show = commands.add_parser("show", help="Show one measure grouped by one dimension.")
    show.add_argument("measure", choices=sorted(MEASURES))
    show.add_argument("--by", required=True, choices=sorted(DIMENSIONS))
    show.add_argument("--from", dest="date_from", type=_date)
    show.add_argument("--to", dest="date_to", type=_date)
    show.add_argument("--area", action="append", default=[], help="Area code; repeat for several.")
    show.add_argument("--age-band", choices=list(AGE_CHOICES))
    show.add_argument("--sex", choices=SEXES)
    show.add_argument("--ethnicity", choices=ETHNIC_GROUPS)
    show.add_argument("--offence-group")
    show.add_argument("--format", choices=("csv", "json"), default="csv")
    show.add_argument("--unsuppressed", action="store_true",
                      help="Show counts below the suppression threshold too: for analysts on the database host. "
                           "Recorded in the audit log.")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "list":
        for measure in MEASURES.values():
            wanted = {True: "higher is better", False: "lower is better", None: "no direction"}
            print(f"{measure.name}\t{measure.title} ({measure.unit}; {wanted[measure.higher_is_better]})")
        print("\nDimensions: " + ", ".join(DIMENSIONS))
        return 0

    url = config.database_url()
    if not database_exists(url):
        print(f"No database at {url}. Build one with: python -m loaders demo", file=sys.stderr)
        return 2
    try:
        filters = Filters(
            date_from=args.date_from, date_to=args.date_to, areas=tuple(args.area),
            age_band=args.age_band, sex=args.sex, ethnicity=args.ethnicity,
            offence_group=args.offence_group,
        )
        if not args.unsuppressed and len(groups_set(filters)) > 1:
            raise ValueError("suppressed counts take one of --sex, --ethnicity and --offence-group at a time, "
                             "as a viewer's pages do; --unsuppressed takes any")
        engine = make_engine(url, read_only=True)
        with engine.connect() as conn:
            if args.unsuppressed:
                table = count_by(conn, MEASURES[args.measure], args.by, filters)
            else:  # compared with the neighbouring views, years and values a viewer's pages compare
                first_day, last_day = reference.date_range(conn)
                table = viewer_counts.count_by(conn, MEASURES[args.measure], args.by, filters, (),
                                               config.suppress_below(), first_day=first_day, last_day=last_day)
        engine.dispose()
    except (UnsupportedQuery, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    if args.unsuppressed:
        audit.record(config.audit_database_url(), user=getpass.getuser(), role="analyst",
                     action="unsuppressed-view", page="python -m metrics",
                     filters={k: v for k, v in vars(args).items() if v not in (None, [], False)})
    else:
        table = safe_to_show(table, dims=list(DIMENSIONS[args.by]), threshold=config.suppress_below())
    for column in table.columns:
        if table[column].dtype == object and column != "value":
            table[column] = table[column].astype(str)
    if args.format == "csv":
        table.to_csv(sys.stdout, index=False)
    else:
        json.dump(table.to_dict(orient="records"), sys.stdout, indent=1, default=str)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
