"""Moderators' restrictions on a member's connection requests.

Contract: the request limits call ``active_request_restriction(user)``; the moderation issue
stores restrictions and fills this in. ``None`` means the member may send requests.
"""

from __future__ import annotations

from django.utils import timezone


def active_request_restriction(user):
    """The restriction in force on ``user``'s requests (with an ``until`` datetime), or None.

    When several overlap, the one that lasts longest. Lifted (undone) restrictions never count.
    """
    from connections.models import RequestRestriction

    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return (
        RequestRestriction.objects.filter(
            user_id=user.pk, lifted_at__isnull=True, until__gt=timezone.now()
        )
        .order_by("-until")
        .first()
    )
