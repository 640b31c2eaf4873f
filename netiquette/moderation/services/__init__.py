"""Writes of the moderation dashboard (HackSoft style: ``<entity>_<verb>``).

Every state change of a review writes its ``ModerationLog`` row in the same transaction.
Decisions lock the review row (``select_for_update``) and check the status the moderator saw,
so a second moderator acting on a just-decided item gets a ``ReviewConflict``, never a double
decision. Claims are conditional updates.
"""

from netiquette.moderation.services.bookkeeping import (  # noqa: F401  the package's public names
    review_opened,
    review_refresh_priority,
    review_reported,
    reviews_opened,
    rule_tallies_rebuild,
    rule_tally_add,
)
from netiquette.moderation.services.decision_terms import (  # noqa: F401  the package's public names
    BULK_LIMIT,
    CLAIM_TTL,
    COUNTS_GENERATION_KEY,
    DECIDABLE,
    DECISION_ACTIONS,
    DECISIONS,
    MODERATORS_GROUP,
    RESTRICT_DAYS_CHOICES,
    UNDO_WINDOW,
    ReviewConflict,
    counts_changed,
    display_name,
)
from netiquette.moderation.services.decisions import (  # noqa: F401  the package's public names
    BulkResult,
    Decided,
    OwnItem,
    default_warning_text,
    refuse_own_item,
    review_claim,
    review_decide,
    review_release,
    review_undo,
    reviews_decide_bulk,
    undoable_decision,
)
from netiquette.moderation.services.setup import (  # noqa: F401  the package's public names
    LOG_GUARD_SQL,
    MODERATOR_PERMISSIONS,
    ensure_moderators_group,
    protect_moderation_log,
)
