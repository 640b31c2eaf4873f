"""Navigation counters of the connections app (registered in ``NAV_COUNTERS``)."""

from connections.models import ConnectionRequest
from netiquette.core.nav import NAV_COUNTERS


def pending_invitations(user) -> int:
    """Invitations waiting for the member's answer: one COUNT query."""
    return ConnectionRequest.objects.filter(
        recipient=user, status=ConnectionRequest.Status.PENDING
    ).count()


NAV_COUNTERS["invitations"] = pending_invitations
