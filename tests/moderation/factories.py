"""Plain helpers shared by the moderation tests and the moderation e2e test."""

from __future__ import annotations

from messaging.models import Thread


def thread_between(a, b) -> Thread:
    """The two members' thread (stored once per pair, lower id first)."""
    low, high = (a, b) if a.pk < b.pk else (b, a)
    thread, _ = Thread.objects.get_or_create(user_low=low, user_high=high)
    return thread
