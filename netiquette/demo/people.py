"""People of the demo network: profiles, dated positions, education and memberships, and
connections clustered by shared organisations."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth import get_user_model

from connections.models import (
    Affiliation,
    Connection,
    Organisation,
    Profile,
)
from netiquette.demo.organisations import _ascii_slug
from netiquette.demo.texts import (
    DEGREES,
    INDUSTRIES,
    POSITION_DESCRIPTIONS,
    SUBJECTS,
    SUMMARIES,
    TOPICS,
)
from netiquette.demo.writing import BATCH_SIZE, _historic_timestamps

User = get_user_model()


@dataclass
class _Person:
    index: int
    first: str
    last: str
    industry: str
    role: str
    is_recruiter: bool
    open_to_work: bool
    user_id: int = 0
    profile_id: int = 0
    organisations: list[int] = field(default_factory=list)  # indices into the org list
    company: int | None = None  # current employer (org index)


class PeopleMixin:
    """``NetworkBuilder``'s people, their histories and connections."""

    def build_people(self) -> None:
        industries = list(INDUSTRIES)
        for index in range(self.size):
            industry = self.rng.choice(industries)
            is_recruiter = self.rng.random() < 0.06
            self.people.append(
                _Person(
                    index=index,
                    first=self.fake.first_name(),
                    last=self.fake.last_name(),
                    industry=industry,
                    role="Recruiter" if is_recruiter else self.rng.choice(INDUSTRIES[industry]),
                    is_recruiter=is_recruiter,
                    open_to_work=self.rng.random() < 0.12,
                )
            )

    def build_history(self, person: _Person) -> list[dict]:
        """Positions, education and memberships with dates and descriptions."""
        rows = []
        companies = self.by_kind[Organisation.Kind.COMPANY]
        in_industry = [c for c in companies if self.orgs[c].industry == person.industry]
        career_start = date(self.rng.randrange(2000, 2021), self.rng.randrange(1, 13), 1)
        for _ in range(self.rng.randrange(1, 3)):
            school = self.rng.choice(self.by_kind[Organisation.Kind.SCHOOL])
            years = self.rng.randrange(1, 5)
            end = career_start - timedelta(days=self.rng.randrange(30, 400))
            rows.append(
                {
                    "org": school,
                    "kind": Affiliation.Kind.EDUCATION,
                    "title": f"{self.rng.choice(DEGREES)} {self.rng.choice(SUBJECTS)}",
                    "description": "",
                    "start": end - timedelta(days=365 * years),
                    "end": end,
                }
            )
        start = career_start
        positions = self.rng.randrange(1, 4)
        for number in range(positions):
            pool = in_industry if in_industry and self.rng.random() < 0.8 else companies
            company = self.rng.choice(pool)
            current = number == positions - 1 and self.rng.random() < 0.85
            end = None if current else start + timedelta(days=self.rng.randrange(300, 1800))
            if end and end > self.now.date():
                end = self.now.date() - timedelta(days=30)
            if end and end < start:
                end = start
            topic = self.rng.choice(TOPICS)
            description = (
                ""
                if self.rng.random() < 0.15
                else self.rng.choice(POSITION_DESCRIPTIONS).format(
                    topic=topic, industry=person.industry
                )
            )
            rows.append(
                {
                    "org": company,
                    "kind": Affiliation.Kind.POSITION,
                    "title": person.role,
                    "description": description,
                    "start": start,
                    "end": end,
                }
            )
            if current:
                person.company = company
            start = (end or self.now.date()) + timedelta(days=self.rng.randrange(0, 90))
            if start > self.now.date():
                break
        memberships = self.by_kind[Organisation.Kind.EVENT] + self.by_kind[Organisation.Kind.GROUP]
        for org in self.rng.sample(memberships, k=self.rng.randrange(0, 4)):
            is_event = self.orgs[org].kind == Organisation.Kind.EVENT
            if is_event:
                joined = self._event_day(self.orgs[org].year)
            else:
                joined = self.now.date() - timedelta(days=self.rng.randrange(30, 1500))
            rows.append(
                {
                    "org": org,
                    "kind": Affiliation.Kind.MEMBERSHIP,
                    "title": self.rng.choice(["Attendee", "Speaker", "Organiser"])
                    if is_event
                    else "Member",
                    "description": "",
                    "start": joined,
                    "end": joined if is_event else None,  # an event is a day, a group goes on
                }
            )
        for row in rows:
            person.organisations.append(row["org"])
            self.members_of[row["org"]].append(person.index)
        return rows

    def _event_day(self, year: int) -> date:
        """A day of the event's own year ("… Leeds 2024" is attended in 2024), not in the future."""
        first = date(year, 1, 1)
        last = min(date(year, 12, 31), self.now.date() - timedelta(days=1))
        if last < first:  # the first of January of this year: no past day yet
            return first
        return first + timedelta(days=self.rng.randrange((last - first).days + 1))

    def build_connections(self) -> None:
        """Most connections share an organisation; a few are random (people meet anywhere)."""
        n = len(self.people)
        for person in self.people:
            for _ in range(self.rng.randrange(2, 10)):
                if person.organisations and self.rng.random() < 0.8:
                    org = self.rng.choice(person.organisations)
                    other = self.rng.choice(self.members_of[org])
                else:
                    other = self.rng.randrange(n)
                if other != person.index:
                    pair = (min(person.index, other), max(person.index, other))
                    if pair not in self.pairs:
                        self.pairs.add(pair)
                        self.connected_at[pair] = self._past()

    # -- writing ---------------------------------------------------------------------------

    def write_people(self, password_hash: str, histories: list[list[dict]]) -> None:
        taken = set(User.objects.values_list("username", flat=True))
        users = []
        for person in self.people:
            base = f"{_ascii_slug(person.first)}.{_ascii_slug(person.last)}"[:140]
            username, suffix = base, 2
            while username in taken:
                username, suffix = f"{base}{suffix}", suffix + 1
            taken.add(username)
            users.append(User(username=username, password=password_hash))
        users = User.objects.bulk_create(users, batch_size=BATCH_SIZE)
        if users and users[0].pk is None:  # a backend without RETURNING: read the ids back
            ids = dict(
                User.objects.filter(username__in=[u.username for u in users]).values_list(
                    "username", "id"
                )
            )
            for user in users:
                user.pk = ids[user.username]
        profiles = []
        for person, user in zip(self.people, users, strict=True):
            person.user_id = user.pk
            years = max(
                1,
                self.now.year
                - min(
                    (r["start"].year for r in histories[person.index] if r["start"]),
                    default=self.now.year,
                ),
            )
            current = self.orgs[person.company].name if person.company is not None else ""
            headline = f"{person.role} at {current}" if current else person.role
            if person.open_to_work and not current:
                headline = f"{person.role} · open to new roles"
            profiles.append(
                Profile(
                    user_id=user.pk,
                    name=f"{person.first} {person.last}",
                    headline=headline[:160],
                    location=self.fake.city(),
                    industry=person.industry,
                    summary=self.rng.choice(SUMMARIES).format(
                        role=person.role,
                        years=years,
                        industry=person.industry,
                        topic=self.rng.choice(TOPICS),
                    ),
                    open_to_work=person.open_to_work,
                    is_recruiter=person.is_recruiter,
                )
            )
        profiles = Profile.objects.bulk_create(profiles, batch_size=BATCH_SIZE)
        if profiles and profiles[0].pk is None:
            ids = dict(
                Profile.objects.filter(user_id__in=[p.user_id for p in profiles]).values_list(
                    "user_id", "id"
                )
            )
            for profile in profiles:
                profile.pk = ids[profile.user_id]
        for person, profile in zip(self.people, profiles, strict=True):
            person.profile_id = profile.pk
        self.counts.people = len(profiles)

    def _affiliation(self, person: _Person, row: dict) -> Affiliation:
        return Affiliation(
            profile_id=person.profile_id,
            organisation_id=self.orgs[row["org"]].id,
            kind=row["kind"],
            title=row["title"],
            description=row["description"],
            start=row["start"],
            end=row["end"],
        )

    def write_affiliations(self, histories: list[list[dict]]) -> None:
        rows = [
            self._affiliation(person, row)
            for person in self.people
            for row in histories[person.index]
        ]
        Affiliation.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        self.counts.affiliations = len(rows)

    def write_connections(self) -> None:
        rows = []
        for a, b in sorted(self.pairs):
            low, high = sorted((self.people[a].user_id, self.people[b].user_id))
            rows.append(
                Connection(user_low_id=low, user_high_id=high, created_at=self.connected_at[(a, b)])
            )
        with _historic_timestamps((Connection, "created_at")):
            Connection.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        self.counts.connections = len(rows)

    def write_affiliations_for(self, person: _Person, rows: list[dict]) -> None:
        Affiliation.objects.bulk_create([self._affiliation(person, row) for row in rows])
        self.counts.affiliations += len(rows)
