"""The stored items scoring works on: connection requests (their notes) and messages."""

from __future__ import annotations

from netiquette.core.scoring_queue import ItemKind


def item_model(kind: ItemKind):
    """The model that stores items of ``kind``."""
    from connections.models import ConnectionRequest  # models load after this module
    from messaging.models import Message

    return {"request": ConnectionRequest, "message": Message}[kind]
