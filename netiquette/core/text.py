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

BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def without_bidi_controls(text: str) -> str:
    return BIDI_CONTROLS.sub("", text) if text else text


def has_visible_text(text: str) -> bool:
    """False for text made only of spaces, zero-width and other invisible format characters."""
    return any(
        not ch.isspace() and unicodedata.category(ch) not in {"Cf", "Cc", "Zs", "Zl", "Zp", "Mn"}
        for ch in text
    )
