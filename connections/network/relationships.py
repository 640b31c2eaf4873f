"""How one member stands with others: connected, invited, invited by, blocked. Read by the
directory and profiles (``connections.profiles``), the request refusals and messaging; it needs
only the models, so any of them can import it."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from connections.models import Block, Connection, ConnectionRequest

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
