"""Writes about a member's network (``<entity>_<verb>``, keyword-only, atomic)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from connections.models import Block, Connection, ConnectionRequest
from connections.profiles.selectors import connection_pair

PENDING = ConnectionRequest.Status.PENDING


@transaction.atomic
def connection_remove(*, user, other_id: int) -> bool:
    """Ends the connection between ``user`` and ``other_id``; whether there was one. Either
    may invite the other again later."""
    low, high = connection_pair(user.id, other_id)
    deleted, _ = Connection.objects.filter(user_low_id=low, user_high_id=high).delete()
    return bool(deleted)


@transaction.atomic
def member_block(*, blocker, blocked_id: int) -> Block:
    """``blocker`` blocks ``blocked_id``: no more invitations or messages from them. Like
    LinkedIn, it also ends their connection and closes the invitations waiting either way
    (the blocker's own are withdrawn, theirs ignored). Blocking twice changes nothing."""
    if blocker.id == blocked_id:
        raise ValueError("a member cannot block themselves")
    block = Block.objects.filter(blocker_id=blocker.id, blocked_id=blocked_id).first()
    if block is None:
        try:
            with transaction.atomic():
                block = Block.objects.create(blocker_id=blocker.id, blocked_id=blocked_id)
        except IntegrityError:  # a double submit got there first
            block = Block.objects.get(blocker_id=blocker.id, blocked_id=blocked_id)
    connection_remove(user=blocker, other_id=blocked_id)
    now = timezone.now()
    ConnectionRequest.objects.filter(
        sender_id=blocker.id, recipient_id=blocked_id, status=PENDING
    ).update(status=ConnectionRequest.Status.WITHDRAWN, responded_at=now)
    ConnectionRequest.objects.filter(
        sender_id=blocked_id, recipient_id=blocker.id, status=PENDING
    ).update(status=ConnectionRequest.Status.IGNORED, responded_at=now)
    return block


@transaction.atomic
def member_unblock(*, blocker, blocked_id: int) -> bool:
    """Lifts ``blocker``'s block; whether there was one. Nothing else comes back."""
    deleted, _ = Block.objects.filter(blocker_id=blocker.id, blocked_id=blocked_id).delete()
    return bool(deleted)
