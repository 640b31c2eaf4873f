"""``manage.py backlog_status [--watch]``: what is waiting to be scored, and how fast it goes."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from tqdm import tqdm

from netiquette.scoring import progress
from netiquette.scoring.views import describe_eta


class Command(BaseCommand):
    help = (
        "Shows, for requests and messages, how many items are unscored or stale (scored under "
        "an older ruleset), the recent scoring rate and the estimated time left. --watch "
        "follows the workers with progress bars until nothing is waiting."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--watch", action="store_true", help="progress bars until the backlog is empty"
        )
        parser.add_argument("--interval", type=float, default=2.0, help="seconds between looks")

    def handle(self, *args, watch: bool = False, interval: float = 2.0, **options) -> None:
        statuses = progress.backlog_status()
        self.stdout.write(f"Rules version {statuses[0].version}")
        self.stdout.write(
            f"{'items':<10}{'total':>10}{'unscored':>10}{'stale':>10}{'per min':>10}  time left"
        )
        for s in statuses:
            self.stdout.write(
                f"{s.kind + 's':<10}{s.total:>10}{s.unscored:>10}{s.stale:>10}"
                f"{s.per_minute:>10.0f}  {describe_eta(s.eta, s.waiting)}"
            )
        if not watch:
            return
        bars = {
            s.kind: tqdm(total=s.total, initial=s.total - s.waiting, desc=s.kind + "s", unit="item")
            for s in statuses
        }
        try:
            while any(bar.n < bar.total for bar in bars.values()):
                time.sleep(interval)
                for s in progress.backlog_status():
                    bar = bars[s.kind]
                    bar.total = s.total
                    bar.update(s.total - s.waiting - bar.n)
        except KeyboardInterrupt:
            pass
        finally:
            for bar in bars.values():
                bar.close()
