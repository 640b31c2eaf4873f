"""Builds a believable mock network: organisations, people with histories, connections
clustered by shared organisations, and a history of connection requests and messages.

Every note and message comes from the text templates below, which mix good etiquette with
each bad kind in DESIGN.md (personal, no context, sales pitch, give-me, political). Seeded
items are left **unscored** (``scored_at`` null): the scoring workers pick them up.

Everything is generated in memory from one ``random.Random(seed)`` and one seeded Faker, then
written with ``bulk_create``: 1,000 people take seconds, and the same seed on an empty
database builds the same network (timestamps aside).
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from faker import Faker
from tqdm import tqdm

from connections.models import (
    Affiliation,
)
from netiquette.demo.accounts import ensure_demo_accounts
from netiquette.demo.histories import HistoriesMixin
from netiquette.demo.organisations import OrganisationsMixin, _Org
from netiquette.demo.people import PeopleMixin, _Person
from netiquette.demo.writing import HISTORY_DAYS

User = get_user_model()


@dataclass
class SeedCounts:
    people: int = 0
    organisations: int = 0
    affiliations: int = 0
    connections: int = 0
    requests: int = 0
    threads: int = 0
    messages: int = 0
    skipped: bool = False

    def __str__(self) -> str:
        if self.skipped:
            return "the database already has people; nothing seeded"
        return (
            f"{self.people} people, {self.organisations} organisations, "
            f"{self.affiliations} affiliations, {self.connections} connections, "
            f"{self.requests} connection requests, {self.threads} threads, "
            f"{self.messages} messages"
        )


class NetworkBuilder(OrganisationsMixin, PeopleMixin, HistoriesMixin):
    """Generates the network in memory from a seed, then writes it in bulk."""

    def __init__(self, *, people: int, seed: int | None, progress: bool = True) -> None:
        self.size = people
        self.rng = random.Random(seed)
        self.fake = Faker("en_GB")
        self.fake.seed_instance(seed if seed is not None else self.rng.randrange(2**32))
        self.progress = progress
        self.now = timezone.now().replace(microsecond=0)
        self.counts = SeedCounts()
        self.people: list[_Person] = []
        self.orgs: list[_Org] = []
        self.members_of: dict[int, list[int]] = defaultdict(list)  # org index -> person indices
        self.pairs: set[tuple[int, int]] = set()  # connected person-index pairs, low first
        self.connected_at: dict[tuple[int, int], datetime] = {}

    # -- helpers ---------------------------------------------------------------------------

    def _bar(self, total: int, desc: str):
        return tqdm(total=total, desc=desc, disable=not self.progress, leave=False, unit="")

    def _past(self, *, days: int = HISTORY_DAYS, after: datetime | None = None) -> datetime:
        start = after or (self.now - timedelta(days=days))
        span = max(int((self.now - start).total_seconds()), 60)
        return start + timedelta(seconds=self.rng.randrange(span))

    def run(self) -> SeedCounts:
        # Nobody can log in as a seeded member: an unusable password (no hashing either).
        password_hash = make_password(None)
        steps = [
            ("generating", self._generate),
            ("organisations", self.write_organisations),
            ("people", lambda: self.write_people(password_hash, self.histories)),
            ("histories", lambda: self.write_affiliations(self.histories)),
            ("demo accounts", self._adopt_demo),
            ("connections", self.write_connections),
            ("requests", lambda: self.write_requests(self.build_requests(self.demo))),
            ("messages", lambda: self.write_messages(*self.build_messages(self.demo))),
        ]
        with self._bar(len(steps), "seeding") as bar, transaction.atomic():
            for name, step in steps:
                bar.set_description(f"seeding {name}")
                step()
                bar.update()
        return self.counts

    def _generate(self) -> None:
        self.build_organisations()
        self.build_people()
        self.histories = [self.build_history(person) for person in self.people]
        self.build_connections()

    def _adopt_demo(self) -> None:
        """Creates the demo accounts and puts the demo member into the generated network,
        with a history and connections (only the first time: an adopted demo keeps its own)."""
        demo_user, _moderator = ensure_demo_accounts()
        self.demo = None
        if not self.people or Affiliation.objects.filter(profile__user=demo_user).exists():
            return
        demo = _Person(
            index=len(self.people),
            first="Dana",
            last="Demo",
            industry="Software",
            role="Product manager",
            is_recruiter=False,
            open_to_work=True,
            user_id=demo_user.pk,
            profile_id=demo_user.profile.pk,
        )
        self.people.append(demo)
        history = self.build_history(demo)
        self.write_affiliations_for(demo, history)
        pool = [m for o in demo.organisations for m in self.members_of[o] if m != demo.index]
        # The first few accepted the demo member's invitation in the last days: news waiting in
        # their notifications ("… accepted your invitation").
        self.demo_recent_pairs: set[tuple[int, int]] = set()
        for number, other in enumerate(self.rng.sample(pool, k=min(len(pool), 25))):
            pair = (min(other, demo.index), max(other, demo.index))
            if pair not in self.pairs:
                self.pairs.add(pair)
                if number < 3:
                    self.connected_at[pair] = self.now - timedelta(hours=self.rng.randrange(6, 96))
                    self.demo_recent_pairs.add(pair)
                else:
                    self.connected_at[pair] = self._past()
        self.demo = demo


def seed_network(*, people: int, seed: int | None = None, progress: bool = True) -> SeedCounts:
    """Builds a network of ``people`` members (plus the demo and moderator accounts)."""
    if people <= 0:
        ensure_demo_accounts()
        return SeedCounts()
    return NetworkBuilder(people=people, seed=seed, progress=progress).run()
