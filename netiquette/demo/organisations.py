"""Organisations of the demo network: companies, schools, events and groups."""

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from connections.models import (
    Organisation,
)
from netiquette.demo.texts import EVENT_KINDS, GROUP_KINDS, INDUSTRIES
from netiquette.demo.writing import BATCH_SIZE

User = get_user_model()


@dataclass
class _Org:
    kind: str
    name: str
    industry: str = ""
    id: int = 0
    year: int | None = None  # an event's year, which its name carries


def _ascii_slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "", folded.lower()) or "member"


class OrganisationsMixin:
    """``NetworkBuilder``'s organisations: generated, then written in bulk."""

    def build_organisations(self) -> None:
        taken = set(Organisation.objects.values_list("kind", "name"))
        n = self.size
        plan = [
            (Organisation.Kind.COMPANY, max(8, n // 8)),
            (Organisation.Kind.SCHOOL, max(4, n // 40)),
            (Organisation.Kind.EVENT, max(4, n // 30)),
            (Organisation.Kind.GROUP, max(4, n // 30)),
        ]
        industries = list(INDUSTRIES)
        for kind, count in plan:
            for i in range(count):
                industry = industries[i % len(industries)]
                city = self.fake.city()
                year = None
                if kind == Organisation.Kind.COMPANY:
                    name = self.fake.company()
                elif kind == Organisation.Kind.SCHOOL:
                    name = self.rng.choice(
                        [f"University of {city}", f"{city} College", f"{city} Business School"]
                    )
                elif kind == Organisation.Kind.EVENT:
                    year = self.now.year - self.rng.randrange(3)
                    name = f"{industry} {self.rng.choice(EVENT_KINDS)} {city} {year}"
                else:
                    name = f"{city} {industry} {self.rng.choice(GROUP_KINDS)}"
                base, suffix = name[:190], 2
                while (kind, name) in taken:
                    name, suffix = f"{base} ({suffix})", suffix + 1
                taken.add((kind, name))
                self.orgs.append(
                    _Org(
                        kind=kind,
                        name=name,
                        industry=industry,
                        year=year,
                    )
                )
        by_kind: dict[str, list[int]] = defaultdict(list)
        for index, org in enumerate(self.orgs):
            by_kind[org.kind].append(index)
        self.by_kind = by_kind

    def write_organisations(self) -> None:
        created = Organisation.objects.bulk_create(
            [Organisation(kind=o.kind, name=o.name) for o in self.orgs], batch_size=BATCH_SIZE
        )
        if created and created[0].pk is None:
            ids = {
                (kind, name): pk
                for pk, kind, name in Organisation.objects.values_list("id", "kind", "name")
            }
            for org in self.orgs:
                org.id = ids[(org.kind, org.name)]
        else:
            for org, row in zip(self.orgs, created, strict=True):
                org.id = row.pk
        self.counts.organisations = len(created)
