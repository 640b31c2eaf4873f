"""Reads about a member's network (HackSoft style: selectors read)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from connections.models import Affiliation, Block, Connection, ConnectionRequest, Profile
from connections.profiles.selectors import SEARCH_MAX_TERMS, connection_pair

User = get_user_model()
PENDING = ConnectionRequest.Status.PENDING


def with_relationship(profiles: QuerySet, *, viewer_id: int) -> QuerySet:
    """``profiles`` annotated with how the viewer stands with each person, in the same query:
    ``is_connected``; ``pending_sent_id`` (the viewer's invitation to them, waiting);
    ``pending_received_id`` (theirs to the viewer, waiting); ``blocked_by_viewer``."""
    pending = ConnectionRequest.objects.filter(status=PENDING)
    return profiles.annotate(
        is_connected=Exists(
            Connection.objects.filter(user_low_id=viewer_id, user_high_id=OuterRef("user_id"))
        )
        | Exists(
            Connection.objects.filter(user_high_id=viewer_id, user_low_id=OuterRef("user_id"))
        ),
        pending_sent_id=Subquery(
            pending.filter(sender_id=viewer_id, recipient_id=OuterRef("user_id")).values("id")[:1]
        ),
        pending_received_id=Subquery(
            pending.filter(recipient_id=viewer_id, sender_id=OuterRef("user_id")).values("id")[:1]
        ),
        blocked_by_viewer=Exists(
            Block.objects.filter(blocker_id=viewer_id, blocked_id=OuterRef("user_id"))
        ),
    )


def blockers_of(*, user_id: int) -> QuerySet:
    """Ids of the members who blocked ``user_id`` (a subquery): hidden from them."""
    return Block.objects.filter(blocked_id=user_id).values("blocker_id")


def block_between(*, user_a_id: int, user_b_id: int) -> Block | None:
    """A block either way between two members, or None (one query)."""
    return (
        Block.objects.filter(
            Q(blocker_id=user_a_id, blocked_id=user_b_id)
            | Q(blocker_id=user_b_id, blocked_id=user_a_id)
        )
        .only("blocker_id", "blocked_id")
        .first()
    )


def connections_of(*, user_id: int, query: str = "") -> QuerySet:
    """The member's connections as profiles, newest connection first, with when it was made
    (``connected_at``) and their current position; filtered by every word of ``query`` (name,
    headline, organisation)."""
    since = Connection.objects.filter(
        Q(user_low_id=user_id, user_high_id=OuterRef("user_id"))
        | Q(user_high_id=user_id, user_low_id=OuterRef("user_id"))
    ).values("created_at")[:1]
    mine = Connection.objects.filter(Q(user_low_id=user_id) | Q(user_high_id=user_id))
    people = Profile.objects.filter(
        Q(user_id__in=mine.filter(user_low_id=user_id).values("user_high_id"))
        | Q(user_id__in=mine.filter(user_high_id=user_id).values("user_low_id"))
    )
    for term in query.split()[:SEARCH_MAX_TERMS]:
        in_organisation = Affiliation.objects.filter(organisation__name__icontains=term).values(
            "profile_id"
        )
        people = people.filter(
            Q(name__icontains=term) | Q(headline__icontains=term) | Q(id__in=in_organisation)
        )
    current = Affiliation.objects.filter(
        kind=Affiliation.Kind.POSITION, end__isnull=True
    ).select_related("organisation")
    return (
        people.annotate(connected_at=Subquery(since))
        .order_by("-connected_at", "name", "id")
        .prefetch_related(Prefetch("affiliations", queryset=current, to_attr="current_positions"))
    )


def connection_count(*, user_id: int) -> int:
    return Connection.objects.filter(Q(user_low_id=user_id) | Q(user_high_id=user_id)).count()


def blocked_people(*, user_id: int) -> QuerySet:
    """Profiles of the members ``user_id`` blocked, most recent first."""
    blocked = Block.objects.filter(blocker_id=user_id, blocked_id=OuterRef("user_id"))
    return (
        Profile.objects.filter(
            user_id__in=Block.objects.filter(blocker_id=user_id).values("blocked_id")
        )
        .annotate(blocked_at=Subquery(blocked.values("created_at")[:1]))
        .order_by("-blocked_at", "id")
    )


def are_connected(*, user_a_id: int, user_b_id: int) -> bool:
    low, high = connection_pair(user_a_id, user_b_id)
    return Connection.objects.filter(user_low_id=low, user_high_id=high).exists()
