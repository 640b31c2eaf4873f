"""Times ``seed_network`` (default: 1,000 people, 3 runs) on PostgreSQL or SQLite.

    python bench/seed_network.py --people 1000 --runs 3 [--sqlite] [--json]

It takes ``DATABASE_URL`` as ``make test`` does (the local PostgreSQL by default; ``--sqlite``
for the embedded default) and seeds into a throwaway database of its own
(``test_<name>_bench_seed``, created and destroyed like the test runner does), so your own data
is never touched. Prints each run and the median; ``--json`` adds one JSON object last.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import common

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netiquette.settings")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sqlite", action="store_true", help="the embedded SQLite default")
    parser.add_argument("--json", action="store_true", help="one JSON object on the last line")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = (
        f"sqlite:///{Path(common.ROOT) / 'bench_seed.sqlite3'}"
        if args.sqlite
        else common.throwaway_database_url("seed", create=False)
    )

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    from netiquette.demo.network import seed_network

    setup_test_environment()
    vendor = connection.vendor
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    timings = []
    try:
        for run in range(1, args.runs + 1):
            started = time.perf_counter()
            counts = seed_network(people=args.people, seed=args.seed + run, progress=False)
            elapsed = time.perf_counter() - started
            timings.append(elapsed)
            print(f"run {run}: {elapsed:.2f} s  ({counts})", flush=True)
            _wipe()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    median = statistics.median(timings)
    print(
        f"seed_network --people {args.people} on {vendor}: median {median:.2f} s "
        f"over {len(timings)} runs (min {min(timings):.2f}, max {max(timings):.2f})"
    )
    if args.json:
        common.emit_json(
            {
                "people": args.people,
                "database": vendor,
                "median_s": round(median, 3),
                "runs_s": [round(t, 3) for t in timings],
            }
        )
    return 0


def _wipe() -> None:
    from django.contrib.auth import get_user_model

    from connections.models import Organisation

    get_user_model().objects.all().delete()
    Organisation.objects.all().delete()


if __name__ == "__main__":
    sys.exit(main())
