"""The demo network's history: connection requests (accepted, pending, ignored, reported) and
message threads, their texts drawn from ``texts``."""

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model

from connections.models import (
    ConnectionRequest,
    HowKnown,
    Organisation,
)
from messaging.models import Message, Thread
from netiquette.demo.people import _Person
from netiquette.demo.texts import (
    BAD_KINDS,
    GIVE_ME,
    GOOD,
    MESSAGES,
    NO_CONTEXT,
    PERSONAL,
    POLITICAL,
    REQUEST_NOTES,
    SALES_PITCH,
    SHARED_SLOTS,
    TOPICS,
)
from netiquette.demo.writing import BATCH_SIZE, _historic_timestamps

User = get_user_model()


class HistoriesMixin:
    """``NetworkBuilder``'s requests and messages between the generated people."""

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
                # One pending invitation per pair, whichever way: two people do not each wait
                # for the other to answer (the site refuses that too).
                if (sender.index, recipient.index) in pending or (
                    recipient.index,
                    sender.index,
                ) in pending:
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

        # Most connections began as an accepted request, usually with a good note; the demo
        # member's newest connections are invitations they sent, accepted in the last days.
        demo_recent = getattr(self, "demo_recent_pairs", set())
        for a, b in sorted(self.pairs):
            if (a, b) in demo_recent:
                other = self.people[b if self.people[a] is demo else a]
                when = self.connected_at[(a, b)] - timedelta(hours=self.rng.randrange(1, 24))
                add(demo, other, GOOD, ConnectionRequest.Status.ACCEPTED, when)
                rows[-1].responded_at = self.connected_at[(a, b)]
                continue
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
            # …and invitations of their own waiting for an answer, to see Pending and to
            # withdraw (two are over a month old, for "Withdraw older than 1 month").
            others = [p for p in strangers if p not in senders]
            invited = self.rng.sample(others, k=min(len(others), 4))
            for recipient, days in zip(invited, (2, 9, 40, 75), strict=False):
                when = self.now - timedelta(days=days, hours=self.rng.randrange(0, 20))
                add(demo, recipient, GOOD, ConnectionRequest.Status.PENDING, when)
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
            # One pitch of the demo member's own, to a stranger: once scored it waits in the
            # review queue, so a moderator can warn them and they can read the warning.
            strangers = [
                p
                for p in others
                if (min(p.index, demo.index), max(p.index, demo.index)) not in self.pairs
                and (min(p.index, demo.index), max(p.index, demo.index)) not in threads
            ]
            if strangers:
                conversation(demo, self.rng.choice(strangers), SALES_PITCH, 0, self._past(days=5))
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
