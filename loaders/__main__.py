"""Command line: ``python -m loaders demo [--seed N] [--scale F] [--if-missing]``."""

from __future__ import annotations

import argparse
import sys

import config
from loaders.demo import build_demo
from storage.engine import database_exists


def _progress(step: str, fraction: float) -> None:
    filled = int(fraction * 30)
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {fraction:4.0%} {step:<48}")
    if fraction >= 1:
        sys.stderr.write("\n")
    sys.stderr.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m loaders", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser("demo", help="Write the seeded synthetic demonstration dataset.")
    demo.add_argument("--seed", type=int, default=int(config.setting("VVE_DEMO_SEED")))
    demo.add_argument("--scale", type=float, default=1.0,
                      help="Multiply every volume; 1 matches the strategy's figures exactly.")
    demo.add_argument("--if-missing", action="store_true",
                      help="Do nothing when the database already has data (used by `make run`).")
    args = parser.parse_args(argv)

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


if __name__ == "__main__":
    sys.exit(main())
