"""What every form does to text a member types: no direction overrides, something visible.

Bidirectional *controls* (embeddings U+202A/B, overrides U+202D/E, their pop U+202C, and the
isolates U+2066–U+2069) make the text around them read in another order than it was stored: a
name with U+202E turns the site's own "… invited you to connect." backwards, and a message
shows the moderator a reversed text as evidence. Nothing a member writes on a professional
network needs them (right-to-left scripts run right to left by themselves), so forms remove
them. The direction *marks* (LRM U+200E, RLM U+200F, ALM U+061C), which only nudge where
neutral characters such as punctuation go, stay.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

from django.utils import timezone
from django.utils.formats import date_format

BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def without_bidi_controls(text: str) -> str:
    return BIDI_CONTROLS.sub("", text) if text else text


def has_visible_text(text: str) -> bool:
    """False for text made only of spaces, zero-width and other invisible format characters."""
    return any(
        not ch.isspace() and unicodedata.category(ch) not in {"Cf", "Cc", "Zs", "Zl", "Zp", "Mn"}
        for ch in text
    )


# "7 Dec 2026, 06:50", as the rest of the site writes times. The locale's DATETIME_FORMAT ends
# in "a.m." and the sentences it sits in end in a full stop: "6:50 a.m.." (issue 13.9).
WHEN_FORMAT = "j M Y, H:i"


def when(moment: datetime) -> str:
    """A moment as sentences on the site write it, in the site's time zone."""
    return date_format(timezone.localtime(moment), WHEN_FORMAT)
