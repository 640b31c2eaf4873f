"""``manage.py score_backlog [--rescore] [--kind request|message]``: score in this process."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db.models import Max, Min
from tqdm import tqdm

from netiquette.scoring import pipeline as scoring
from netiquette.scoring import progress


class Command(BaseCommand):
    help = (
        "Scores every unscored or stale (older ruleset) request and message in this process, "
        "batch by batch, with a progress bar. Safe beside running workers: rows they hold are "
        "skipped. --rescore scores everything again."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--rescore", action="store_true", help="score every item, not only waiting ones"
        )
        parser.add_argument("--kind", choices=scoring.KINDS, help="only requests or messages")

    def handle(self, *args, rescore: bool = False, kind: str | None = None, **options) -> None:
        statuses = {s.kind: s for s in progress.backlog_status()}
        total_scored = 0
        for item_kind in [kind] if kind else scoring.KINDS:
            model = scoring.item_model(item_kind)
            if rescore:
                bounds = model.objects.aggregate(lo=Min("pk"), hi=Max("pk"))
                lo, hi = bounds["lo"], bounds["hi"]
                expected = statuses[item_kind].total
            else:
                lo, hi = scoring.stale_bounds(item_kind)
                expected = statuses[item_kind].waiting
            label = "requests" if item_kind == "request" else "messages"
            if lo is None or expected == 0:
                self.stdout.write(f"{label}: nothing to score")
                continue
            with tqdm(
                total=expected, desc=label, unit="item", disable=options["verbosity"] == 0
            ) as bar:
                scored = scoring.score_range(item_kind, lo, hi, force=rescore, progress=bar.update)
            total_scored += scored
            self.stdout.write(f"{label}: {scored} scored")
        if total_scored:
            self.stdout.write(self.style.SUCCESS(f"Done: {total_scored} items scored."))
        else:
            # make run after seeding: the seeding already scored everything (in-process tasks).
            self.stdout.write(
                self.style.SUCCESS("Done: nothing was waiting; every item has its current verdict.")
            )
