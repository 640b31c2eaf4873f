"""Moderators' restrictions on a member's connection requests.

Contract: the request limits call ``active_request_restriction(user)``; the moderation issue
stores restrictions and fills this in. ``None`` means the member may send requests.
"""

from __future__ import annotations


def active_request_restriction(user):
    """The restriction in force on ``user``'s requests (with an ``until`` datetime), or None."""
    return None
