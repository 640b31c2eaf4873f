"""``manage.py retrain [--sample N] [--c C ...] [--seed N] [--since DATE] [--no-member-signals]``

Trains a candidate model of the engine's learned layer on the corpus' train split plus the
moderators' decisions (members' signals at a lower weight), judges it beside the live model on
the validation split and on the most recent decisions held back from training, and stores it
with its figures. It does **not** activate it: a moderator does, on the models page.

The full run takes minutes (it prints each step with the time so far); ``--sample 300 --c 10``
trains on a spread of 300 corpus items with one regularisation strength, in seconds.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from netiquette.etiquette import train
from netiquette.moderation.management.commands.export_decisions import since_option

# Not re-exported by ``services``: the demo network imports that package and must not reach
# scoring through it (the ``demo-never-scores`` contract).
from netiquette.moderation.services.learning import model_candidate_train


class Command(BaseCommand):
    help = "Trains and stores a candidate model from the corpus and moderators' decisions."

    def add_arguments(self, parser):
        parser.add_argument("--sample", type=int, help="train on this many corpus items")
        parser.add_argument(
            "--c",
            type=float,
            action="append",
            dest="c_grid",
            help=f"a regularisation strength to try (repeatable; default {train.C_GRID})",
        )
        parser.add_argument("--seed", type=int, default=12)
        parser.add_argument("--since", help="only decisions from this date (YYYY-MM-DD) on")
        parser.add_argument(
            "--no-member-signals",
            action="store_true",
            help="leave members' reports, mark-safes and don't-knows out",
        )

    def handle(self, *args, sample, c_grid, seed, since, no_member_signals, **options):
        if sample is not None and sample < 20:
            raise CommandError("--sample needs at least 20 items")
        started = time.monotonic()

        def progress(line: str) -> None:
            self.stdout.write(f"[{time.monotonic() - started:6.1f} s] {line}")
            self.stdout.flush()

        model = model_candidate_train(
            sample=sample,
            c_grid=tuple(c_grid) if c_grid else train.C_GRID,
            seed=seed,
            since=since_option(since),
            with_member_signals=not no_member_signals,
            progress=progress,
        )
        figures = model.figures
        progress(f"stored candidate {model.version} (not active)")
        for name in ("candidate", "live"):
            per_label = figures["validation"][name]["per_label"]
            cells = ", ".join(
                f"{label} P {_pct(row['precision'])} R {_pct(row['recall'])}"
                for label, row in per_label.items()
            )
            self.stdout.write(f"  {name:9} on validation: {cells}")
        held = figures["held_back_decisions"]
        if held:
            right = {
                name: sum(row[name] for row in figures["decisions"].values())
                for name in ("candidate", "live")
            }
            self.stdout.write(
                f"  on {held} held-back decisions, labels right: candidate {right['candidate']}, "
                f"live {right['live']}"
            )
        self.stdout.write(
            "Review it and activate it (or not) on the moderators' models page: /moderation/models/"
        )


def _pct(value) -> str:
    return "—" if value is None else f"{value:.0%}"
