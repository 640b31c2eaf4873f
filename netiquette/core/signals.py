"""What the core and the lower floors announce to whoever listens above them."""

from django.dispatch import Signal

# The ruleset version moved on (``Ruleset.bump``): whoever keeps settings in memory forgets them.
ruleset_changed = Signal()

# A member reported a stored request or message. Sent inside the reporting transaction with
# ``item`` (the ConnectionRequest or Message), ``reporter`` and ``reason``. Moderation's
# receiver records the report and opens the item's review, and returns whether the report is
# new (False when this member had reported the item already).
item_reported = Signal()


def report_item(*, item, reporter, reason: str = "") -> bool:
    """Announce a report; whether it was new. Fails loudly when nobody records reports, so a
    report can never be silently dropped."""
    replies = item_reported.send(sender=type(item), item=item, reporter=reporter, reason=reason)
    if not replies:
        raise RuntimeError("no receiver records reports: is the moderation app installed?")
    return any(reply is True for _, reply in replies)
