"""Reads for connection requests and invitations (HackSoft style: selectors read).

Every ``*_for_*`` helper fetches an item only for the member it belongs to and raises 404
otherwise, so a view cannot show or act on someone else's request by guessing an id.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404

from connections.models import Affiliation, Connection, ConnectionRequest, Profile
from connections.profiles import selectors as profile_selectors
from netiquette.core import live_cache

User = get_user_model()
Status = ConnectionRequest.Status

FACT_HEADINGS = {
    "employer": "Employers",
    "school": "Schools",
    "event": "Events",
    "group": "Groups",
}


@dataclass
class SharedContext:
    """What two members share: organisations by kind, and mutual connections."""

    facts: list[str] = field(default_factory=list)  # the engine's words: "employer:Acme"
    mutual: list = field(default_factory=list)  # a few mutual connections (users with profile)
    mutual_count: int = 0

    @property
    def groups(self) -> list[tuple[str, list[str]]]:
        grouped: dict[str, list[str]] = defaultdict(list)
        for fact in self.facts:
            kind, _, name = fact.partition(":")
            grouped[kind].append(name)
        return [
            (FACT_HEADINGS.get(k, k.title()), grouped[k]) for k in FACT_HEADINGS if k in grouped
        ]

    @property
    def is_empty(self) -> bool:
        return not self.facts and not self.mutual_count


def recipient_for_request(*, sender, user_id: int) -> Profile:
    """The profile of an active member someone may address, annotated with ``is_connected``.

    One query: the live check runs this on every keystroke pause.
    """
    low_q = Connection.objects.filter(user_low_id=OuterRef("user_id"), user_high_id=sender.id)
    high_q = Connection.objects.filter(user_low_id=sender.id, user_high_id=OuterRef("user_id"))
    profile = (
        Profile.objects.filter(user_id=user_id, user__is_active=True)
        .select_related("user")
        .annotate(
            is_connected=Exists(low_q) | Exists(high_q),
            # The sender's role rides along, so the engine's context costs no extra query.
            sender_is_recruiter=Subquery(
                Profile.objects.filter(user_id=sender.id).values("is_recruiter")[:1]
            ),
        )
        .first()
    )
    if profile is None:
        raise Http404("No member with this id.")
    return profile


@dataclass(frozen=True, slots=True)
class NoteRelationship:
    """The facts the engine needs about sender and recipient of a note (cache-friendly)."""

    recipient_id: int
    is_connected: bool
    sender_is_recruiter: bool
    open_to_work: bool
    shared: tuple[str, ...]


# Typing a note asks the live check every pause; the relationship is read once per minute at
# most. The send re-check always reads it fresh.
RELATIONSHIP_CACHE_SECONDS = 60


def note_relationship(*, sender, user_id: int) -> NoteRelationship:
    """The live check's view of a pair: cached (``netiquette.core.live_cache``), or two queries
    (404 for no member)."""

    def build() -> NoteRelationship:
        profile = recipient_for_request(sender=sender, user_id=user_id)
        return NoteRelationship(
            recipient_id=user_id,
            is_connected=bool(profile.is_connected),
            sender_is_recruiter=bool(profile.sender_is_recruiter),
            open_to_work=profile.open_to_work,
            shared=tuple(profile_selectors.shared_facts(user_a_id=sender.id, user_b_id=user_id)),
        )

    return live_cache.get_or_build(
        f"nq:requests:relationship:{sender.id}:{user_id}",
        build,
        shared_seconds=RELATIONSHIP_CACHE_SECONDS,
    )


def shared_context(*, user_a_id: int, user_b_id: int, mutual_shown: int = 5) -> SharedContext:
    facts = profile_selectors.shared_facts(user_a_id=user_a_id, user_b_id=user_b_id)
    mutual = list(profile_selectors.mutual_connections(user_a_id=user_a_id, user_b_id=user_b_id))
    return SharedContext(facts=facts, mutual=mutual[:mutual_shown], mutual_count=len(mutual))


def shared_contexts(*, user_id: int, other_ids: list[int]) -> dict[int, SharedContext]:
    """Shared context of one member with many others in three queries (for invitation lists)."""
    result = {other_id: SharedContext() for other_id in other_ids}
    if not other_ids:
        return result
    mine = Affiliation.objects.filter(profile__user_id=user_id).values("organisation_id")
    shared = (
        Affiliation.objects.filter(profile__user_id__in=other_ids, organisation_id__in=mine)
        .select_related("organisation", "profile")
        .only("profile__user_id", "organisation__kind", "organisation__name")
    )
    facts: dict[int, set[str]] = defaultdict(set)
    for affiliation in shared:
        organisation = affiliation.organisation
        facts[affiliation.profile.user_id].add(
            f"{organisation.shared_fact_prefix}:{organisation.name}"
        )
    my_connections = profile_selectors.connection_ids(user_id=user_id)
    their_connections = Connection.objects.filter(
        Q(user_low_id__in=other_ids, user_high_id__in=my_connections)
        | Q(user_high_id__in=other_ids, user_low_id__in=my_connections)
    ).values_list("user_low_id", "user_high_id")
    mutual_ids: dict[int, set[int]] = defaultdict(set)
    wanted = set(other_ids)
    for low, high in their_connections:
        if low in wanted:
            mutual_ids[low].add(high)
        if high in wanted:
            mutual_ids[high].add(low)
    all_mutual = set().union(*mutual_ids.values()) if mutual_ids else set()
    people = (
        {
            u.id: u
            for u in User.objects.filter(id__in=list(all_mutual)[:500]).select_related("profile")
        }
        if all_mutual
        else {}
    )
    for other_id in other_ids:
        ids = sorted(mutual_ids.get(other_id, ()))
        result[other_id] = SharedContext(
            facts=sorted(facts.get(other_id, ())),
            mutual=[people[i] for i in ids if i in people][:3],
            mutual_count=len(ids),
        )
    return result


def invitations_received(*, user) -> QuerySet:
    return (
        ConnectionRequest.objects.filter(recipient=user, status=Status.PENDING)
        .select_related("sender__profile")
        .order_by("-created_at", "-id")
    )


def invitations_sent(*, user) -> QuerySet:
    return (
        ConnectionRequest.objects.filter(sender=user, status=Status.PENDING)
        .select_related("recipient__profile")
        .order_by("created_at", "id")
    )


def pending_received_count(*, user) -> int:
    return ConnectionRequest.objects.filter(recipient=user, status=Status.PENDING).count()


def invitation_for_recipient(*, user, request_id: int) -> ConnectionRequest:
    """A request sent to ``user`` (any status), or 404."""
    return get_object_or_404(
        ConnectionRequest.objects.select_related("sender__profile"), pk=request_id, recipient=user
    )


def invitation_for_sender(*, user, request_id: int) -> ConnectionRequest:
    """A request ``user`` sent (any status), or 404."""
    return get_object_or_404(
        ConnectionRequest.objects.select_related("recipient__profile"), pk=request_id, sender=user
    )


def pending_between(*, sender_id: int, recipient_id: int) -> ConnectionRequest | None:
    return (
        ConnectionRequest.objects.filter(
            sender_id=sender_id, recipient_id=recipient_id, status=Status.PENDING
        )
        .only("id", "created_at")
        .first()
    )
