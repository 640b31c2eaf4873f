"""Where a message is filed for its recipient: Focused or Other, from its verdict."""

# A first contact at or above this score goes to Other even when it is only a warning.
FIRST_CONTACT_OTHER_SCORE = 1.0


def folder_for(*, action: str, score: float, first_contact: bool) -> str:
    """Focused or Other: flagged mail, and first contacts with a high score, go to Other."""
    if action in {"flag", "block"}:
        return "other"
    if first_contact and score >= FIRST_CONTACT_OTHER_SCORE:
        return "other"
    return "focused"
