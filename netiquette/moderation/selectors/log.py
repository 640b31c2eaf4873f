"""The audit log page: every moderation step, filtered by moderator, sender and dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q

from netiquette.moderation.models import ModerationLog
from netiquette.moderation.selectors.queue import BadCursor

# --- the audit log --------------------------------------------------------------------


LOG_PAGE = 50


@dataclass
class LogPage:
    entries: list[ModerationLog]
    next_cursor: str | None


def audit_log(
    *,
    review_id: int | None = None,
    sender_id: int | None = None,
    moderator_id: int | None = None,
    before: str = "",
) -> LogPage:
    entries = ModerationLog.objects.order_by("-created_at", "-id")
    if review_id:
        entries = entries.filter(review_id=review_id)
    if sender_id:
        entries = entries.filter(sender_id=sender_id)
    if moderator_id:
        entries = entries.filter(moderator_id=moderator_id)
    if before:
        try:
            stamp, pk_text = before.split("~", 1)
            created_at, pk = datetime.fromisoformat(stamp), int(pk_text)
            if not 0 < pk < 2**63 or created_at.tzinfo is None:
                raise ValueError(before)
        except ValueError as exc:
            raise BadCursor(before) from exc
        entries = entries.filter(created_at__lte=created_at).filter(
            Q(created_at__lt=created_at) | Q(id__lt=pk)
        )
    rows = list(entries[: LOG_PAGE + 1])
    page = rows[:LOG_PAGE]
    # Names as the row recorded them: the accounts may have been deleted since.
    for entry in page:
        entry.moderator_name = entry.moderator_name or "—"
        entry.sender_name = entry.sender_name or "—"
    next_cursor = None
    if len(rows) > LOG_PAGE:
        last = page[-1]
        next_cursor = f"{last.created_at.isoformat()}~{last.pk}"
    return LogPage(entries=page, next_cursor=next_cursor)
