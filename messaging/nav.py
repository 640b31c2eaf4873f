"""Navigation counters of the messaging app (registered in ``NAV_COUNTERS``)."""

from messaging.selectors import unread_count
from netiquette.core.nav import NAV_COUNTERS


def unread(user) -> int:
    """Unread messages the member received: exactly one query."""
    return unread_count(user=user)


NAV_COUNTERS["unread"] = unread
