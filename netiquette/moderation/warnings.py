"""A moderator's warning as its member sees it (issue 16.7): in their notifications, on a page
that shows what was found in what they sent, and read when they say so.

``seen_at`` is set by the member's "I understand" (a POST), not by opening a page: a warning
counts as seen when the member has acknowledged it, and until then a banner on every page
points to it.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from connections.models import RequestRestriction
from netiquette.core.notifications import Cursor, Notification, older_than, register_source
from netiquette.moderation.models import SenderWarning

WARNING = 3  # rank in the merged order of notifications


def warnings_of(user):
    """The member's warnings that stand (a moderator's undo withdraws one)."""
    return SenderWarning.objects.filter(user_id=user.id, withdrawn_at__isnull=True)


def unread_warnings(user):
    """Warnings the member has not acknowledged yet (the banner and the badge count them)."""
    return warnings_of(user).filter(seen_at__isnull=True)


def warning_for_member(*, user, warning_id: int) -> SenderWarning:
    """One of the member's own standing warnings, with what it is about; 404 otherwise."""
    warning = (
        warnings_of(user)
        .select_related(
            "review__message__recipient__profile",
            "review__connection_request__recipient__profile",
        )
        .filter(pk=warning_id)
        .first()
    )
    if warning is None:
        raise Http404("No such warning.")
    review = warning.review
    warning.item = review.message or review.connection_request
    warning.kind = "message" if review.message_id else "connection request"
    warning.item_text = review.message.text if review.message_id else review.connection_request.note
    warning.recipient = warning.item.recipient.profile
    warning.restriction = (
        RequestRestriction.objects.filter(
            review_id=review.pk, lifted_at__isnull=True, until__gt=timezone.now()
        )
        .order_by("-until")
        .first()
    )
    return warning


@transaction.atomic
def warning_acknowledge(*, user, warning_id: int) -> SenderWarning:
    """The member read the warning: ``seen_at`` is set once (a second click changes nothing)."""
    warning = warnings_of(user).select_for_update().filter(pk=warning_id).first()
    if warning is None:
        raise Http404("No such warning.")
    if warning.seen_at is None:
        warning.seen_at = timezone.now()
        warning.save(update_fields=["seen_at"])
    return warning


class WarningNews:
    """A moderator's warnings; each new until the member acknowledges it."""

    def recent(
        self, user, *, seen_at: datetime | None, cursor: Cursor | None, limit: int
    ) -> list[Notification]:
        rows = (
            warnings_of(user)
            .filter(older_than(cursor, time_field="created_at", rank=WARNING))
            .select_related("review")
            .order_by("-created_at", "-id")[:limit]
        )
        return [
            Notification(
                kind="warning",
                at=warning.created_at,
                rank=WARNING,
                pk=warning.pk,
                text="A moderator warned you about a "
                f"{'message' if warning.review.message_id else 'connection request'} you sent.",
                detail="Read what was found."
                if warning.seen_at is None
                else f"You read it on {timezone.localtime(warning.seen_at):%d %b %Y}.",
                url=reverse("moderation:warning", args=[warning.pk]),
                new=warning.seen_at is None,
            )
            for warning in rows
        ]

    def new_items(self, user):
        return unread_warnings(user)


register_source("warnings", WarningNews())
