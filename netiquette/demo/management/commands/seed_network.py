"""``manage.py seed_network --people N [--seed S] [--if-empty] [--no-progress]``.

Only for a demo: the embedded default (debug) or ``DEMO=1``. Production refuses, since the
demo member and the moderator would be accounts someone else set up. Each run prints a fresh
random password for both (the previous one stops working).
"""

import time

from django.core.management.base import BaseCommand, CommandError

from connections.models import Profile
from netiquette.demo.accounts import (
    DEMO_USERNAME,
    MODERATOR_USERNAME,
    demo_allowed,
    demo_login_issue,
    ensure_demo_accounts,
)
from netiquette.demo.network import seed_network

MAX_PEOPLE = 200_000


class Command(BaseCommand):
    help = (
        "Builds a mock professional network with Faker: organisations, people with histories, "
        "connections, and a history of connection requests and messages (left unscored)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=150, help="How many people (150).")
        parser.add_argument("--seed", type=int, default=None, help="Same seed, same network.")
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if the database has people."
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000/", help="The site's address, for the hint."
        )

    def handle(self, *args, **options):
        if not demo_allowed():
            raise CommandError(
                "Production (DJANGO_DEBUG=0) never seeds the demo network. For a demo, set "
                "DEMO=1; for the first moderator, run `manage.py moderator_create USERNAME`."
            )
        people = options["people"]
        if not 0 <= people <= MAX_PEOPLE:
            raise CommandError(f"--people must be between 0 and {MAX_PEOPLE}.")
        existing = Profile.objects.count()
        if options["if_empty"] and existing:
            ensure_demo_accounts()
            # Say so: `make run PEOPLE=1000` on a seeded database must not look like it worked.
            self.stdout.write(
                self.style.WARNING(
                    f"The database already has {existing:,} people, so no one was added "
                    f"(--if-empty). To add {people:,} more: make seed PEOPLE={people} "
                    f"(or manage.py seed_network --people {people}); to start afresh, delete "
                    "the database first."
                )
            )
        else:
            started = time.perf_counter()
            counts = seed_network(
                people=people, seed=options["seed"], progress=not options["no_progress"]
            )
            elapsed = time.perf_counter() - started
            self.stdout.write(self.style.SUCCESS(f"Seeded {counts} in {elapsed:.1f} s."))
        password = demo_login_issue()
        self.stdout.write(
            f"Open {options['url']} and log in as {DEMO_USERNAME} / {password} "
            f"(the review queue: {MODERATOR_USERNAME} / {password}). "
            "This password is new: seeding again prints another."
        )
