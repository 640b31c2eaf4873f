"""Reads of the moderation dashboard (HackSoft style).

The queue pages by keyset (``priority, id`` or ``opened_at, id``), never by OFFSET, and each
page costs the same fixed number of queries whatever its size.
"""

from netiquette.moderation.selectors.log import (  # noqa: F401  the package's public names
    LOG_PAGE,
    LogPage,
    audit_log,
)
from netiquette.moderation.selectors.performance import (  # noqa: F401  the package's public names
    LOW_PRECISION,
    MIN_DECIDED_FOR_PRECISION,
    DayCount,
    ModelLabelStat,
    RuleStat,
    model_label_stats,
    rule_stats,
)
from netiquette.moderation.selectors.queue import (  # noqa: F401  the package's public names
    ANSWERED,
    COUNTS_KEY,
    DEFAULT_PER_PAGE,
    KINDS,
    REVIEW_FIELDS,
    SORTS,
    BadCursor,
    QueueCounts,
    QueueFilters,
    QueuePage,
    cursor_for,
    filtered_reviews,
    next_review,
    queue_counts,
    review_queue,
)
from netiquette.moderation.selectors.review import (  # noqa: F401  the package's public names
    CONVERSATION_SIDE,
    COPIES_SHOWN,
    HISTORY_SIZE,
    SENDER_RECORD_SQL,
    ScoreLine,
    SenderHistory,
    TemplateCopy,
    conversation,
    item_log,
    item_reports,
    review_for_moderator,
    review_page_context,
    score_lines,
    sender_history,
    template_copies,
)
