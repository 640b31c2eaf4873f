"""Writes of the core app: recording how members respond to warnings."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.utils import timezone

from netiquette.core.models import WarningEvent
from netiquette.etiquette import Verdict

_ACTION_RANK = {"ok": 0, "warn": 1, "flag": 2, "block": 3}


def warning_shown(*, user, draft_token: uuid.UUID | None, kind: str, verdict: Verdict) -> None:
    """The live check showed findings for a draft: remember which rules, never the text."""
    if draft_token is None or not verdict.findings:
        return
    rule_ids = sorted({f.rule_id for f in verdict.findings})
    event, created = WarningEvent.objects.get_or_create(
        draft_token=draft_token,
        defaults={"user": user, "kind": kind, "rule_ids": rule_ids, "worst_action": verdict.action},
    )
    if created or event.user_id != user.id or event.outcome:
        return
    merged = sorted(set(event.rule_ids) | set(rule_ids))
    worst = max(event.worst_action, verdict.action, key=lambda a: _ACTION_RANK.get(a, 0))
    if merged != event.rule_ids or worst != event.worst_action:
        WarningEvent.objects.filter(pk=event.pk).update(rule_ids=merged, worst_action=worst)


@transaction.atomic
def warning_resolve(*, user, draft_token: uuid.UUID | None, sent_anyway: bool) -> None:
    """The draft was sent: either edited until clean, or sent despite the warning."""
    if draft_token is None:
        return
    outcome = WarningEvent.Outcome.SENT_ANYWAY if sent_anyway else WarningEvent.Outcome.EDITED
    WarningEvent.objects.filter(draft_token=draft_token, user=user, outcome="").update(
        outcome=outcome, resolved_at=timezone.now()
    )
