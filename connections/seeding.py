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

import contextlib
import random
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.utils import timezone
from faker import Faker
from tqdm import tqdm

from connections.models import (
    Affiliation,
    Connection,
    ConnectionRequest,
    HowKnown,
    Organisation,
    Profile,
)
from messaging.models import Message, Thread
from messaging.moderation.services import ensure_moderators_group

User = get_user_model()

DEMO_USERNAME = "demo"
MODERATOR_USERNAME = "moderator"
DEMO_PASSWORD = "netiquette-demo"
BATCH_SIZE = 1000
HISTORY_DAYS = 180

# --- the text templates -----------------------------------------------------------------
# Slots: {first_name} (recipient), {sender_first}, {company}, {school}, {event}, {group}
# (shared ones where the category needs them), {my_company}, {role}, {topic}, {industry}.

GOOD = "good"
PERSONAL = "personal"
NO_CONTEXT = "no_context"
SALES_PITCH = "sales_pitch"
GIVE_ME = "give_me"
POLITICAL = "political"
BAD_KINDS = (PERSONAL, NO_CONTEXT, SALES_PITCH, GIVE_ME, POLITICAL)

REQUEST_NOTES: dict[str, list[str]] = {
    GOOD: [
        "Hi {first_name}, we met at {event} — I enjoyed our chat about {topic}. "
        "Would be glad to stay in touch.",
        "Hi {first_name}, we overlapped at {company}. Now that I've moved on I'd like to keep "
        "in touch.",
        "Hello {first_name}, fellow {school} alum here. Your write-up on {topic} was useful to "
        "my team; I'd like to follow your work.",
        "{first_name}, it was great working with you on the {topic} project at {company}. "
        "Let's stay connected.",
        "Hi {first_name}, thanks for the question after my talk at {event}. Happy to continue "
        "the conversation here.",
        "Hi {first_name}, we're both in {group}; your answer on {topic} saved me a day. "
        "Would like to connect.",
        "Hi {first_name}, I read your write-up on {topic}; I work on the same problem at "
        "{my_company} and would like to follow your work.",
        "",
    ],
    "recruiter": [
        "Hi {first_name}, I'm hiring a {role} at {my_company} and your work on {topic} fits the "
        "role closely. Open to a short chat about it?",
        "Hello {first_name}, I recruit for {my_company}'s {industry} team. We have an open "
        "{role} position that matches your background; details on request.",
    ],
    NO_CONTEXT: [
        "",
        "",
        "I'd like to add you to my professional network.",
        "Hi, let's connect!",
        "Hello {first_name}, please accept my request.",
        "Hi dear, connect with me.",
        "Connect with me, I accept all requests.",
    ],
    PERSONAL: [
        "Hi {first_name}, you have a beautiful smile in your photo. Can we chat on WhatsApp?",
        "Hey gorgeous, I would love to get to know you better. Send me more photos?",
        "Hi {first_name}, tell me about yourself. Are you single?",
        "Hello dear, can I have your phone number? I want to talk outside of work.",
    ],
    SALES_PITCH: [
        "Hi {first_name}, I help companies like {company} grow revenue 3x with our lead "
        "platform. Can we book a quick call this week?",
        "Hi {first_name}! Are you happy with your {industry} software? I'd love to show you "
        "ours. Let's book a 15-minute call.",
        "Hi {first_name}, want to be your own boss? I'm building a team for an amazing "
        "business opportunity. Earn from home!",
    ],
    GIVE_ME: [
        "Hi {first_name}, I'm sorry to bother you but could you refer me for a job at {company}?",
        "Hello, I'm looking for a job. Please forward my resume to your hiring manager at "
        "{company}.",
        "Hi {first_name}, could you introduce me to your CEO? I have a great idea.",
        "Please review my resume and tell me how to improve it. Thanks in advance.",
    ],
    POLITICAL: [
        "Hi {first_name}, vote for the People's Party on election day. The other side is "
        "destroying this country!",
        "Join our campaign against the government and share it with your network.",
        "Have you accepted Jesus as your saviour? Let me tell you about our church.",
    ],
}

MESSAGES: dict[str, list[str]] = {
    GOOD: [
        "Thanks for the talk at {event} — I enjoyed your point on {topic}. Do you have the "
        "slides somewhere?",
        "Hi {first_name}, following up on our conversation about {topic}: here are the notes "
        "from our review at {my_company}. Let me know what you think.",
        "Congratulations on the new role, {first_name}! Best of luck at {company}.",
        "Hi {first_name}, would you be willing to be a reference for me? We worked together on "
        "{topic} at {company}, and I'm applying for a {role} position.",
        "Hi {first_name}, I read your post on {topic}. One specific question: how did you "
        "measure the result before and after the change?",
        "Good to see you at {event}, {first_name}. Sending the article on {topic} I mentioned.",
    ],
    "reply": [
        "Thanks, {first_name}! Happy to help.",
        "Sounds good — let's talk next week.",
        "Great question. We measured it over two release cycles; I'll write it up.",
        "Thank you, that's kind of you. I'll send the details tomorrow.",
        "Sure, I'd be glad to. Send me the job description when you have it.",
    ],
    "recruiter": [
        "Hi {first_name}, I'm the recruiter for {my_company}'s {role} opening. You mentioned "
        "being open to work; the role is remote-friendly and the salary band is public. "
        "Would you like the job description?",
    ],
    "client": [
        "Hi {first_name}, as you asked after the demo, here is our pricing for a team of your "
        "size. Happy to answer questions whenever suits you.",
    ],
    NO_CONTEXT: [
        "Hi.",
        "Hello {first_name}, how are you?",
        "Hi {first_name}, thanks for connecting!",
    ],
    PERSONAL: [
        "Hi {first_name}, you look stunning in your profile picture. Are you married?",
        "Hey {first_name}, I wrote a song for you, listen: youtube.com/watch?v=love",
        "Hi dear, tell me about yourself. Where do you live? Can we video call on Skype tonight?",
        "Hello beautiful, would you like to go out for dinner with me this weekend?",
    ],
    SALES_PITCH: [
        "Hi {first_name}, thanks for connecting! I help companies like {company} cut cloud "
        "costs by 40%. Can we book a quick call this week?",
        "Hi {first_name}, I noticed {company} is growing fast. Our outsourcing team can build "
        "your app for half the price. When can we book a quick call?",
        "Hi {first_name}, I'm building a team and you'd be perfect. Financial freedom is one "
        "decision away: ask me how to join!",
    ],
    GIVE_ME: [
        "Hi {first_name}, I'm sorry to bother you but I need a job. Can you get me an "
        "interview at {company}?",
        "Hello {first_name}, please refer me for any open role at {company}. My resume is "
        "attached.",
        "Hi, I need $500 for my studies. Could you help me out?",
        "Hi {first_name}, can you introduce me to your manager at {company}? I want to pitch "
        "my startup.",
    ],
    POLITICAL: [
        "Hi {first_name}, the election is coming. Only the People's Party can save this "
        "country — share this with everyone you know!",
        "Sign our petition against the government's corrupt plans before it is too late.",
        "Brother, repent and pray with us this Sunday. God has a plan for your business.",
    ],
}

# The template a mass sender pastes for everyone, with only the name swapped.
MASS_TEMPLATE = (
    "Hi {first_name}, I came across your profile and was impressed. I help companies like "
    "yours grow revenue with proven outreach. Can we book a quick call this week?"
)
MESSAGES["mass"] = [MASS_TEMPLATE]

# Good notes that name a tie may only be used by people who share it.
SHARED_SLOTS = {
    "{event}": Organisation.Kind.EVENT,
    "{school}": Organisation.Kind.SCHOOL,
    "{group}": Organisation.Kind.GROUP,
    "{company}": Organisation.Kind.COMPANY,
}

TOPICS = [
    "testing",
    "observability",
    "data pipelines",
    "hiring",
    "pricing",
    "onboarding",
    "accessibility",
    "supply chains",
    "design systems",
    "incident reviews",
    "customer research",
    "cost control",
]

INDUSTRIES: dict[str, list[str]] = {
    "Software": ["Software engineer", "Engineering manager", "Product manager", "SRE"],
    "Finance": ["Analyst", "Risk manager", "Controller", "Investment associate"],
    "Healthcare": ["Nurse", "Clinical researcher", "Practice manager", "Data analyst"],
    "Education": ["Teacher", "Lecturer", "Curriculum designer", "Head of year"],
    "Retail": ["Store manager", "Merchandiser", "Buyer", "E-commerce lead"],
    "Manufacturing": ["Process engineer", "Plant manager", "Quality lead", "Buyer"],
    "Marketing": ["Marketing manager", "Copywriter", "Brand strategist", "SEO specialist"],
    "Logistics": ["Operations manager", "Fleet planner", "Warehouse lead", "Analyst"],
}
DEGREES = ["BSc", "BA", "MSc", "MA", "MBA", "PhD", "Diploma"]
SUBJECTS = ["Computer Science", "Economics", "Nursing", "History", "Physics", "Design", "Law"]
EVENT_KINDS = ["Summit", "Conference", "Meetup", "Expo", "Forum"]
GROUP_KINDS = ["Professionals", "Network", "Guild", "Circle", "Community"]
POSITION_DESCRIPTIONS = [
    "Led work on {topic}, shipping improvements used by the whole {industry} team.",
    "Owned {topic} end to end; cut turnaround time and mentored two juniors.",
    "Worked on {topic} with product and support; ran the weekly review.",
    "Built the first version of our {topic} practice and hired the team that runs it.",
]
SUMMARIES = [
    "{role} with {years} years in {industry}. I care about {topic} and clear writing.",
    "I work on {topic} in {industry}. Happy to talk shop; no sales pitches please.",
    "{years} years in {industry}, most recently as {role}. Interested in {topic}.",
]


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


@dataclass
class _Org:
    kind: str
    name: str
    industry: str = ""
    id: int = 0


def _ascii_slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "", folded.lower()) or "member"


@contextlib.contextmanager
def _historic_timestamps(*model_fields: tuple[type[models.Model], str]):
    """Lets ``bulk_create`` keep the past ``created_at`` we set, instead of ``now()``."""
    fields = [model._meta.get_field(name) for model, name in model_fields]
    saved = [f.auto_now_add for f in fields]
    try:
        for f in fields:
            f.auto_now_add = False
        yield
    finally:
        for f, value in zip(fields, saved, strict=True):
            f.auto_now_add = value


def ensure_demo_accounts(*, password_hash: str | None = None) -> tuple[User, User]:
    """The demo member and the moderator (password ``netiquette-demo``), get-or-create."""
    password_hash = password_hash or make_password(DEMO_PASSWORD)
    demo, _ = User.objects.get_or_create(
        username=DEMO_USERNAME, defaults={"password": password_hash}
    )
    Profile.objects.get_or_create(
        user=demo,
        defaults={
            "name": "Dana Demo",
            "headline": "Product manager, curious about good manners online",
            "location": "Leeds",
            "industry": "Software",
            "open_to_work": True,
        },
    )
    # Staff too, so the rule settings' admin pages (weights, phrases) are open to them.
    moderator, _ = User.objects.get_or_create(
        username=MODERATOR_USERNAME, defaults={"password": password_hash, "is_staff": True}
    )
    Profile.objects.get_or_create(
        user=moderator,
        defaults={"name": "Morgan Moderator", "headline": "Keeps Netiquette civil"},
    )
    moderator.groups.add(ensure_moderators_group())
    return demo, moderator


class NetworkBuilder:
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

    def _choose(self, templates: list[str], sender: _Person, recipient: _Person) -> str:
        """A template whose shared-context slots (event, school, group…) the pair can fill.

        Good etiquette names a real tie; without one, only the slot-free templates fit.
        """
        shared = {
            self.orgs[o].kind for o in set(sender.organisations) & set(recipient.organisations)
        }
        usable = [
            t
            for t in templates
            if all(kind in shared for slot, kind in SHARED_SLOTS.items() if slot in t)
            and (t or shared)  # an empty note is fine only between people with a tie
        ]
        return self.rng.choice(usable or [t for t in templates if t] or templates)

    def _fill(self, template: str, sender: _Person, recipient: _Person) -> str:
        shared = [self.orgs[o] for o in set(sender.organisations) & set(recipient.organisations)]

        def pick(kind: str, fallback_from: _Person) -> str:
            for org in shared:
                if org.kind == kind:
                    return org.name
            own = [self.orgs[o] for o in fallback_from.organisations if self.orgs[o].kind == kind]
            return own[0].name if own else self.orgs[self.by_kind[kind][0]].name

        return template.format(
            first_name=recipient.first,
            sender_first=sender.first,
            company=pick(Organisation.Kind.COMPANY, recipient),
            school=pick(Organisation.Kind.SCHOOL, recipient),
            event=pick(Organisation.Kind.EVENT, sender),
            group=pick(Organisation.Kind.GROUP, sender),
            my_company=pick(Organisation.Kind.COMPANY, sender),
            role=sender.role if sender.is_recruiter else recipient.role,
            topic=self.rng.choice(TOPICS),
            industry=recipient.industry,
        )

    # -- generation ------------------------------------------------------------------------

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
                self.orgs.append(_Org(kind=kind, name=name, industry=industry))
        by_kind: dict[str, list[int]] = defaultdict(list)
        for index, org in enumerate(self.orgs):
            by_kind[org.kind].append(index)
        self.by_kind = by_kind

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

    def _how_known(self, sender: _Person, recipient: _Person) -> str:
        shared = {
            self.orgs[o].kind for o in set(sender.organisations) & set(recipient.organisations)
        }
        if Organisation.Kind.COMPANY in shared:
            return HowKnown.COLLEAGUE
        if Organisation.Kind.SCHOOL in shared:
            return HowKnown.CLASSMATE
        if shared:
            return HowKnown.MET_IN_PERSON
        return ""

    def build_requests(self, demo: _Person | None) -> list[ConnectionRequest]:
        """Accepted requests behind many connections, plus pending and answered ones."""
        rows: list[ConnectionRequest] = []
        pending: set[tuple[int, int]] = set()
        n = len(self.people)

        def add(sender: _Person, recipient: _Person, kind: str, status: str, when: datetime):
            if sender.index == recipient.index:
                return
            if status == ConnectionRequest.Status.PENDING:
                if (sender.index, recipient.index) in pending:
                    return
                pending.add((sender.index, recipient.index))
            templates = REQUEST_NOTES[kind]
            if kind == GOOD and sender.is_recruiter:
                templates = REQUEST_NOTES["recruiter"]
            if kind == GOOD:
                template = self._choose(templates, sender, recipient)
            else:
                template = self.rng.choice(templates)
            note = self._fill(template, sender, recipient)[:300]
            how_known = self._how_known(sender, recipient) if kind == GOOD else ""
            if kind == NO_CONTEXT and self.rng.random() < 0.5:
                how_known = HowKnown.NONE
            responded = None
            if status != ConnectionRequest.Status.PENDING:
                responded = min(self.now, when + timedelta(hours=self.rng.randrange(1, 96)))
            rows.append(
                ConnectionRequest(
                    sender_id=sender.user_id,
                    recipient_id=recipient.user_id,
                    how_known=how_known,
                    note=note,
                    status=status,
                    created_at=when,
                    responded_at=responded,
                )
            )

        # Most connections began as an accepted request, usually with a good note.
        for a, b in sorted(self.pairs):
            if self.rng.random() < 0.6:
                sender, recipient = self.people[a], self.people[b]
                if self.rng.random() < 0.5:
                    sender, recipient = recipient, sender
                when = self.connected_at[(a, b)] - timedelta(hours=self.rng.randrange(1, 72))
                kind = GOOD if self.rng.random() < 0.85 else NO_CONTEXT
                add(sender, recipient, kind, ConnectionRequest.Status.ACCEPTED, when)

        # Requests between strangers: good ones wait, bad ones get ignored or reported.
        outcome_for_bad = [
            ConnectionRequest.Status.PENDING,
            ConnectionRequest.Status.IGNORED,
            ConnectionRequest.Status.DONT_KNOW,
            ConnectionRequest.Status.SPAM,
        ]
        for person in self.people:
            if self.rng.random() > 0.35:
                continue
            other = self.people[self.rng.randrange(n)]
            if (min(person.index, other.index), max(person.index, other.index)) in self.pairs:
                continue
            kind = self.rng.choice((GOOD, GOOD, *BAD_KINDS))
            status = (
                ConnectionRequest.Status.PENDING
                if kind == GOOD
                else self.rng.choice(outcome_for_bad)
            )
            add(person, other, kind, status, self._past())

        # A few "open networkers" send many bare requests to strangers.
        for person in self.rng.sample(self.people, k=max(1, n // 200)):
            for other in self.rng.sample(self.people, k=min(n, 20)):
                status = self.rng.choice(outcome_for_bad)
                add(person, other, NO_CONTEXT, status, self._past(days=14))

        # The demo member has one pending invitation of each kind waiting.
        if demo is not None:
            strangers = [
                p
                for p in self.people
                if p is not demo
                and (min(p.index, demo.index), max(p.index, demo.index)) not in self.pairs
            ]
            senders = self.rng.sample(strangers, k=min(len(strangers), 12))
            kinds = [GOOD, GOOD, *BAD_KINDS, GOOD, SALES_PITCH, NO_CONTEXT, GIVE_ME, PERSONAL]
            for sender, kind in zip(senders, kinds, strict=False):
                add(sender, demo, kind, ConnectionRequest.Status.PENDING, self._past(days=10))
        return rows

    def build_messages(self, demo: _Person | None) -> tuple[dict, list[tuple]]:
        """Threads keyed by person pair and messages as (pair, sender, recipient, text, when)."""
        threads: dict[tuple[int, int], datetime] = {}
        messages: list[tuple] = []
        n = len(self.people)

        def conversation(sender: _Person, recipient: _Person, kind: str, replies: int, when):
            pair = (min(sender.index, recipient.index), max(sender.index, recipient.index))
            if sender.index == recipient.index or pair in threads:
                return
            threads[pair] = when
            templates = MESSAGES[kind]
            if kind == GOOD and sender.is_recruiter and recipient.open_to_work:
                templates = MESSAGES["recruiter"]
            messages.append(
                (
                    pair,
                    sender,
                    recipient,
                    self._fill(
                        self._choose(templates, sender, recipient)
                        if kind == GOOD
                        else self.rng.choice(templates),
                        sender,
                        recipient,
                    ),
                    when,
                )
            )
            a, b = recipient, sender
            for _ in range(replies):
                when = min(self.now, when + timedelta(minutes=self.rng.randrange(5, 3000)))
                text = self._fill(self.rng.choice(MESSAGES["reply"]), a, b)
                messages.append((pair, a, b, text, when))
                a, b = b, a

        for a, b in sorted(self.pairs):
            roll = self.rng.random()
            after = self.connected_at[(a, b)]
            sender, recipient = self.people[a], self.people[b]
            if self.rng.random() < 0.5:
                sender, recipient = recipient, sender
            if roll < 0.30:
                conversation(
                    sender, recipient, GOOD, self.rng.randrange(0, 4), self._past(after=after)
                )
            elif roll < 0.36:  # the pitch right after connecting
                when = min(self.now, after + timedelta(hours=self.rng.randrange(1, 48)))
                conversation(sender, recipient, SALES_PITCH, 0, when)
            elif roll < 0.40:
                kind = self.rng.choice((NO_CONTEXT, GIVE_ME, PERSONAL, POLITICAL, "client"))
                conversation(
                    sender, recipient, kind, self.rng.randrange(0, 2), self._past(after=after)
                )

        # First contact from strangers (open profiles): mostly bad, some recruiters.
        for person in self.people:
            if self.rng.random() > 0.15:
                continue
            other = self.people[self.rng.randrange(n)]
            kind = GOOD if person.is_recruiter else self.rng.choice(BAD_KINDS)
            conversation(person, other, kind, 0, self._past())

        # Mass senders paste one template to many people, swapping only the name.
        for spammer in self.rng.sample(self.people, k=max(2, n // 100)):
            for other in self.rng.sample(self.people, k=min(n, self.rng.randrange(10, 26))):
                conversation(spammer, other, "mass", 0, self._past(days=21))

        if demo is not None:
            others = [p for p in self.people if p is not demo]
            for kind in (GOOD, GOOD, GOOD, SALES_PITCH, PERSONAL, GIVE_ME, POLITICAL, NO_CONTEXT):
                sender = self.rng.choice(others)
                conversation(sender, demo, kind, 1 if kind == GOOD else 0, self._past(days=20))
        return threads, messages

    def write_requests(self, rows: list[ConnectionRequest]) -> None:
        with _historic_timestamps((ConnectionRequest, "created_at")):
            ConnectionRequest.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        self.counts.requests = len(rows)

    def write_messages(self, threads: dict, messages: list[tuple]) -> None:
        last: dict[tuple[int, int], datetime] = {}
        for pair, _s, _r, _t, when in messages:
            last[pair] = max(when, last.get(pair, when))
        thread_rows = []
        for (a, b), created in sorted(threads.items()):
            low, high = sorted((self.people[a].user_id, self.people[b].user_id))
            thread_rows.append(
                Thread(
                    user_low_id=low,
                    user_high_id=high,
                    created_at=created,
                    last_message_at=last.get((a, b), created),
                )
            )
        with _historic_timestamps((Thread, "created_at")):
            created_threads = Thread.objects.bulk_create(thread_rows, batch_size=BATCH_SIZE)
        by_users = {}
        if created_threads and created_threads[0].pk is None:
            for pk, low, high in Thread.objects.values_list("id", "user_low_id", "user_high_id"):
                by_users[(low, high)] = pk
        else:
            by_users = {(t.user_low_id, t.user_high_id): t.pk for t in created_threads}

        rows = []
        seen: set[tuple[int, int]] = set()
        for pair, sender, recipient, text, when in sorted(messages, key=lambda m: m[4]):
            a, b = pair
            connected_since = self.connected_at.get(pair)
            low, high = sorted((sender.user_id, recipient.user_id))
            rows.append(
                Message(
                    thread_id=by_users[(low, high)],
                    sender_id=sender.user_id,
                    recipient_id=recipient.user_id,
                    text=text,
                    created_at=when,
                    first_contact=pair not in seen,
                    connected=connected_since is not None and connected_since <= when,
                    read_at=when + timedelta(hours=2)
                    if when < self.now - timedelta(days=3) and self.rng.random() < 0.7
                    else None,
                )
            )
            seen.add(pair)
        with _historic_timestamps((Message, "created_at")):
            Message.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        self.counts.threads = len(thread_rows)
        self.counts.messages = len(rows)

    def run(self) -> SeedCounts:
        password_hash = make_password(DEMO_PASSWORD)  # hashed once, shared by every account
        steps = [
            ("generating", self._generate),
            ("organisations", self.write_organisations),
            ("people", lambda: self.write_people(password_hash, self.histories)),
            ("histories", lambda: self.write_affiliations(self.histories)),
            ("demo accounts", lambda: self._adopt_demo(password_hash)),
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

    def _adopt_demo(self, password_hash: str) -> None:
        """Creates the demo accounts and puts the demo member into the generated network,
        with a history and connections (only the first time: an adopted demo keeps its own)."""
        demo_user, _moderator = ensure_demo_accounts(password_hash=password_hash)
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
        for other in self.rng.sample(pool, k=min(len(pool), 25)):
            pair = (min(other, demo.index), max(other, demo.index))
            if pair not in self.pairs:
                self.pairs.add(pair)
                self.connected_at[pair] = self._past()
        self.demo = demo

    def write_affiliations_for(self, person: _Person, rows: list[dict]) -> None:
        Affiliation.objects.bulk_create([self._affiliation(person, row) for row in rows])
        self.counts.affiliations += len(rows)


def seed_network(*, people: int, seed: int | None = None, progress: bool = True) -> SeedCounts:
    """Builds a network of ``people`` members (plus the demo and moderator accounts)."""
    if people <= 0:
        ensure_demo_accounts()
        return SeedCounts()
    return NetworkBuilder(people=people, seed=seed, progress=progress).run()
