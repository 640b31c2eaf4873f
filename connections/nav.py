"""Navigation counters of the connections app (registered in ``NAV_COUNTERS``)."""

from connections.models import ConnectionRequest
from netiquette.core.nav import NAV_COUNTERS, counts


@counts
def pending_invitations(user):
    """Invitations waiting for the member's answer."""
    return ConnectionRequest.objects.filter(recipient=user, status=ConnectionRequest.Status.PENDING)


NAV_COUNTERS["invitations"] = pending_invitations
