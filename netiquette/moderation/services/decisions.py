"""Moderators' decisions: claiming a review, confirming, dismissing or escalating it (with a
warning, a hidden message or a restriction), in bulk, and undoing; each step logged."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import wraps

from django.db import transaction
from django.db.models import Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.timesince import timesince

from connections.models import RequestRestriction
from messaging.models import Message
from netiquette.core.templatetags.etiquette import label_name
from netiquette.moderation.models import ModerationLog, Review, SenderWarning
from netiquette.moderation.services.bookkeeping import (
    _sync_sender_history,
    decision_tallies,
    rule_tally_add,
)
from netiquette.moderation.services.decision_terms import (
    BULK_LIMIT,
    CLAIM_TTL,
    DECIDABLE,
    DECISION_ACTIONS,
    DECISIONS,
    UNDO_WINDOW,
    ReviewConflict,
    User,
    counts_changed,
    display_name,
)

# --- nobody judges their own items ------------------------------------------------------


class OwnItem(ReviewConflict):
    """The moderator sent the item under review: another moderator must decide it."""


def refuse_own_item(*, review_id: int, moderator, attempted: str) -> None:
    """Raises ``OwnItem`` (and logs the attempt) when ``moderator`` sent the item."""
    review = Review.objects.filter(pk=review_id, sender_id=moderator.pk).first()
    if review is None:
        return
    _log(review, moderator, ModerationLog.Action.REFUSED, reason=f"own item: {attempted}")
    what = "message" if review.message_id else "connection request"
    raise OwnItem(
        f"This is your own {what}: another moderator must review it. The attempt is logged.",
        review,
    )


def not_own_item(attempted: str | None = None):
    """Guards a decision service: the moderator's own items are refused, the refusal logged.

    Outside the service's transaction, so that the log row stays when the refusal raises.
    """

    def decorate(service):
        @wraps(service)
        def guarded(*, review_id: int, moderator, **kwargs):
            what = attempted or kwargs.get("decision", "decide")
            refuse_own_item(review_id=review_id, moderator=moderator, attempted=what)
            return service(review_id=review_id, moderator=moderator, **kwargs)

        return guarded

    return decorate


# --- claims ---------------------------------------------------------------------------


def _claimed_by_other(review: Review, moderator, now) -> bool:
    return (
        review.claimed_by_id is not None
        and review.claimed_by_id != moderator.pk
        and review.claimed_at is not None
        and review.claimed_at > now - CLAIM_TTL
    )


def _claim_conflict(review: Review, now) -> ReviewConflict:
    holder = User.objects.select_related("profile").filter(pk=review.claimed_by_id).first()
    return ReviewConflict(
        f"{display_name(holder)} is working on this item "
        f"(claimed {timesince(review.claimed_at, now)} ago).",
        review,
    )


def _decided_conflict(review: Review, now) -> ReviewConflict:
    decider = User.objects.select_related("profile").filter(pk=review.decided_by_id).first()
    when = f" {timesince(review.decided_at, now)} ago" if review.decided_at else ""
    verb = review.get_status_display().lower()
    return ReviewConflict(
        f"{display_name(decider)} already {verb} this item{when}. Nothing was changed.", review
    )


@not_own_item("claim")
@transaction.atomic
def review_claim(*, review_id: int, moderator) -> Review:
    """Claims an open item for ``moderator``; a live claim of someone else is a conflict."""
    now = timezone.now()
    claimed = (
        Review.objects.filter(pk=review_id, status__in=DECIDABLE)
        .filter(
            Q(claimed_by__isnull=True)
            | Q(claimed_by=moderator)
            | Q(claimed_at__lte=now - CLAIM_TTL)
        )
        .update(claimed_by=moderator, claimed_at=now)
    )
    review = Review.objects.get(pk=review_id)
    if not claimed:
        if review.status not in DECIDABLE:
            raise _decided_conflict(review, now)
        raise _claim_conflict(review, now)
    _log(review, moderator, ModerationLog.Action.CLAIMED)
    return review


@transaction.atomic
def review_release(*, review_id: int, moderator) -> bool:
    released = Review.objects.filter(pk=review_id, claimed_by=moderator).update(
        claimed_by=None, claimed_at=None
    )
    if released:
        _log(Review.objects.get(pk=review_id), moderator, ModerationLog.Action.RELEASED)
    return bool(released)


# --- decisions ------------------------------------------------------------------------


def default_warning_text(review: Review, labels: Sequence[str] | None = None) -> str:
    """The warning the review page offers; ``labels``: the ones the item is confirmed as."""
    what = "a message" if review.message_id else "a connection request"
    chosen = review.labels if labels is None else labels
    labels = ", ".join(label_name(label).lower() for label in chosen) or "etiquette"
    return (
        f"A moderator reviewed {what} you sent and found that it does not follow the network's "
        f"etiquette ({labels}). Please keep first contacts professional: say how you know the "
        "person and why you are writing, and do not pitch, ask for favours, or get personal."
    )


@dataclass
class Decided:
    review: Review
    log: ModerationLog
    effects: list[str] = field(default_factory=list)


@not_own_item()
@transaction.atomic
def review_decide(
    *,
    review_id: int,
    moderator,
    decision: str,
    reason: str = "",
    expected_status: str | None = None,
    hide: bool = False,
    warn: bool = False,
    warning_text: str = "",
    restrict_days: int = 0,
    labels: Sequence[str] | None = None,
) -> Decided:
    """Confirms, dismisses or escalates one review; raises ``ReviewConflict`` when it cannot.

    ``labels`` (confirming only): what the item really is, when the moderator corrects the
    flag (a pitch flagged as ``personal`` confirmed as ``sales_pitch``). It becomes the item's
    label in ``export_decisions``, and each rule is tallied right or wrong by it.
    """
    if decision not in DECISIONS:
        raise ValueError(f"unknown decision {decision!r}")
    now = timezone.now()
    review = Review.objects.select_for_update().filter(pk=review_id).first()
    if review is None:
        raise ReviewConflict("This item no longer exists (the message or request was deleted).")
    if review.status not in DECIDABLE or (expected_status and review.status != expected_status):
        raise _decided_conflict(review, now)
    if _claimed_by_other(review, moderator, now):
        raise _claim_conflict(review, now)

    new_status = DECISIONS[decision]
    if new_status == review.status:  # escalating an escalated item: nothing to do
        raise _decided_conflict(review, now)
    from_status = review.status
    details: dict = {
        "previous": {
            "decided_by": review.decided_by_id,
            "decided_at": review.decided_at.isoformat() if review.decided_at else None,
            "reason": review.decision_reason,
        }
    }
    effects: list[str] = []
    decided_labels = None
    if new_status == Review.Status.CONFIRMED and labels is not None:
        chosen = sorted(set(labels))
        if not chosen:
            raise ReviewConflict(
                "Choose at least one label to confirm, or dismiss the item as fine.", review
            )
        if chosen != sorted(review.labels):
            decided_labels = chosen
            details["labels"] = {"flagged": sorted(review.labels), "decided": chosen}
            effects.append("labels corrected to " + ", ".join(label_name(x) for x in chosen))
    if new_status == Review.Status.CONFIRMED:
        if hide and review.message_id:
            hid = Message.objects.filter(pk=review.message_id, hidden_at__isnull=True).update(
                hidden_at=now
            )
            if hid:
                details["hid_message"] = review.message_id
                effects.append("message hidden")
        if warn:
            text = (warning_text or "").strip()[:2000]
            if decided_labels is not None and text in ("", default_warning_text(review).strip()):
                text = ""  # the offered text named the flagged labels, not the corrected ones
            warning = SenderWarning.objects.create(
                user_id=review.sender_id,
                review=review,
                text=text or default_warning_text(review, decided_labels),
                created_by=moderator,
            )
            details["warning_id"] = warning.pk
            effects.append("sender warned")
        if restrict_days and restrict_days > 0:
            restriction = RequestRestriction.objects.create(
                user_id=review.sender_id,
                until=now + timedelta(days=restrict_days),
                reason=(reason or "")[:500],
                review_id=review.pk,
                created_by=moderator,
            )
            details["restriction_id"] = restriction.pk
            details["restrict_days"] = restrict_days
            effects.append(f"requests restricted for {restrict_days} day(s)")

    review.status = new_status
    review.decided_by = moderator
    review.decided_at = now
    review.decision_reason = (reason or "").strip()[:1000]
    review.claimed_by = None
    review.claimed_at = None
    review.decided_labels = decided_labels
    review.save(
        update_fields=[
            "status",
            "decided_by",
            "decided_at",
            "decision_reason",
            "claimed_by",
            "claimed_at",
            "decided_labels",
        ]
    )
    day = timezone.localdate(now)
    for status, rule_ids in decision_tallies(review.rule_ids, new_status, decided_labels).items():
        rule_tally_add(rule_ids=rule_ids, day=day, **{status: 1})
    counts_changed()
    if new_status == Review.Status.CONFIRMED:
        _sync_sender_history(review.sender_id)
    log = _log(
        review,
        moderator,
        new_status,
        from_status=from_status,
        to_status=new_status,
        reason=review.decision_reason,
        details=details,
    )
    return Decided(review=review, log=log, effects=effects)


@dataclass
class BulkResult:
    decided: list[Decided] = field(default_factory=list)
    conflicts: list[tuple[int, str]] = field(default_factory=list)


def reviews_decide_bulk(
    *,
    review_ids: Iterable[int],
    moderator,
    decision: str,
    reason: str = "",
    hide: bool = False,
    warn: bool = False,
    restrict_days: int = 0,
) -> BulkResult:
    """Decides each selected review on its own (one conflict does not undo the others)."""
    result = BulkResult()
    for review_id in list(dict.fromkeys(review_ids))[:BULK_LIMIT]:
        try:
            result.decided.append(
                review_decide(
                    review_id=review_id,
                    moderator=moderator,
                    decision=decision,
                    reason=reason,
                    hide=hide,
                    warn=warn,
                    restrict_days=restrict_days,
                )
            )
        except ReviewConflict as conflict:
            result.conflicts.append((review_id, conflict.message))
    return result


def undoable_decision(*, review: Review, moderator) -> ModerationLog | None:
    """The moderator's latest decision on ``review`` if it can still be undone."""
    log = (
        ModerationLog.objects.filter(review_id=review.pk)
        .exclude(action__in=[ModerationLog.Action.CLAIMED, ModerationLog.Action.RELEASED])
        .first()
    )
    if (
        log is None
        or log.action not in DECISION_ACTIONS
        or log.moderator_id != moderator.pk
        or review.status != log.to_status
        or timezone.now() - log.created_at > UNDO_WINDOW
    ):
        return None
    return log


@transaction.atomic
def review_undo(*, review_id: int, moderator) -> Review:
    """Reverts the moderator's last decision within ``UNDO_WINDOW``: status and every effect."""
    now = timezone.now()
    review = Review.objects.select_for_update().filter(pk=review_id).first()
    if review is None:
        raise ReviewConflict("This item no longer exists.")
    log = undoable_decision(review=review, moderator=moderator)
    if log is None:
        raise ReviewConflict(
            "There is no decision of yours on this item that can still be undone "
            f"(undo is possible for {int(UNDO_WINDOW.total_seconds() // 60)} minutes).",
            review,
        )
    details = log.details or {}
    if details.get("hid_message"):
        Message.objects.filter(pk=details["hid_message"]).update(hidden_at=None)
    if details.get("warning_id"):
        SenderWarning.objects.filter(pk=details["warning_id"]).update(withdrawn_at=now)
    if details.get("restriction_id"):
        RequestRestriction.objects.filter(pk=details["restriction_id"]).update(lifted_at=now)
    previous = details.get("previous") or {}
    review.status = log.from_status or Review.Status.OPEN
    review.decided_by_id = previous.get("decided_by")
    decided_at = previous.get("decided_at")
    review.decided_at = datetime.fromisoformat(decided_at) if decided_at else None
    review.decision_reason = previous.get("reason") or ""
    review.decided_labels = None
    review.save(
        update_fields=["status", "decided_by", "decided_at", "decision_reason", "decided_labels"]
    )
    corrected = (details.get("labels") or {}).get("decided")
    day = timezone.localdate(log.created_at)
    for status, rule_ids in decision_tallies(review.rule_ids, log.to_status, corrected).items():
        rule_tally_add(rule_ids=rule_ids, day=day, **{status: -1})
    if log.to_status == Review.Status.CONFIRMED:
        _sync_sender_history(review.sender_id)
    counts_changed()
    _log(
        review,
        moderator,
        ModerationLog.Action.UNDONE,
        from_status=log.to_status,
        to_status=review.status,
        details={"undid": log.pk},
    )
    return review


def _log(review: Review, moderator, action: str, **fields) -> ModerationLog:
    """One audit row; the moderator's and the sender's names are copied into it (one query),
    so the row says who even after either account is deleted."""
    kind = "message" if review.message_id else "request"
    target = review.message_id or review.connection_request_id
    names = dict(
        User.objects.filter(pk__in=[moderator.pk, review.sender_id])
        .annotate(display=Coalesce(NullIf("profile__name", Value("")), "username"))
        .values_list("pk", "display")
    )
    return ModerationLog.objects.create(
        review=review,
        item=f"{kind} {target}",
        moderator=moderator,
        moderator_name=names.get(moderator.pk, "")[:150],
        sender_id=review.sender_id,
        sender_name=names.get(review.sender_id, "")[:150],
        action=action,
        **fields,
    )
