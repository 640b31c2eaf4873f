"""The connections app's news for ``netiquette.core.notifications``: invitations received and
invitations accepted."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q
from django.urls import reverse

from connections.models import ConnectionRequest
from netiquette.core.notifications import (
    Cursor,
    Notification,
    is_new,
    new_since,
    older_than,
    register_source,
)

Status = ConnectionRequest.Status
INVITED, ACCEPTED = 1, 2  # ranks in the merged order


class ConnectionNews:
    """ "X invited you" (until withdrawn) and "X accepted your invitation"."""

    def recent(
        self, user, *, seen_at: datetime | None, cursor: Cursor | None, limit: int
    ) -> list[Notification]:
        received = (
            ConnectionRequest.objects.filter(recipient=user)
            .exclude(status=Status.WITHDRAWN)
            .filter(older_than(cursor, time_field="created_at", rank=INVITED))
            .select_related("sender__profile")
            .order_by("-created_at", "-id")[:limit]
        )
        accepted = (
            ConnectionRequest.objects.filter(
                sender=user, status=Status.ACCEPTED, responded_at__isnull=False
            )
            .filter(older_than(cursor, time_field="responded_at", rank=ACCEPTED))
            .select_related("recipient__profile")
            .order_by("-responded_at", "-id")[:limit]
        )
        items = []
        for invitation in received:
            sender = invitation.sender.profile
            pending = invitation.status == Status.PENDING
            items.append(
                Notification(
                    kind="invitation",
                    at=invitation.created_at,
                    rank=INVITED,
                    pk=invitation.pk,
                    text=f"{sender.name} invited you to connect.",
                    detail=invitation.how_known_to_recipient
                    if pending
                    else f"You answered: {invitation.get_status_display().lower()}.",
                    url=reverse("connections:invitation_accept", args=[invitation.pk])
                    if pending
                    else reverse("connections:profile", args=[invitation.sender_id]),
                    actor=sender,
                    new=is_new(invitation.created_at, seen_at),
                )
            )
        for invitation in accepted:
            recipient = invitation.recipient.profile
            items.append(
                Notification(
                    kind="accepted",
                    at=invitation.responded_at,
                    rank=ACCEPTED,
                    pk=invitation.pk,
                    text=f"{recipient.name} accepted your invitation.",
                    detail="You are connected now: say hello.",
                    url=reverse("connections:profile", args=[invitation.recipient_id]),
                    actor=recipient,
                    new=is_new(invitation.responded_at, seen_at),
                )
            )
        return items

    def new_items(self, user):
        """Invitations received and acceptances since the member last looked."""
        since = new_since(user.id)
        return ConnectionRequest.objects.filter(
            (Q(recipient_id=user.id, created_at__gt=since) & ~Q(status=Status.WITHDRAWN))
            | Q(sender_id=user.id, status=Status.ACCEPTED, responded_at__gt=since)
        )


register_source("connections", ConnectionNews())
