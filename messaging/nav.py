"""Navigation counters of the messaging app (registered in ``NAV_COUNTERS``)."""

from messaging.selectors import unread_messages
from netiquette.core.nav import NAV_COUNTERS, counts


@counts
def unread(user):
    """Unread messages the member received."""
    return unread_messages(user=user)


NAV_COUNTERS["unread"] = unread
