"""Writes for threads and messages (HackSoft style: ``<entity>_<verb>``)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Literal

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from connections.network.selectors import block_between
from messaging.limits import first_contact_refusal
from messaging.models import Message, Thread
from messaging.selectors import live_check_context_key, message_context, thread_pair
from netiquette.core import live_cache, rule_settings, scoring_queue, warning_events
from netiquette.core.filing import folder_for
from netiquette.core.models import Assessed
from netiquette.core.signals import report_item
from netiquette.etiquette import Context, Draft, Verdict, check

SendStatus = Literal["sent", "duplicate", "warn", "blocked"]


class MessagingRefused(Exception):
    """The sender may not write to this member at all (a block either way)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def messaging_refusal(*, sender, recipient) -> MessagingRefused | None:
    """Why ``sender`` may not write to ``recipient``, or None. One query."""
    block = block_between(user_a_id=sender.id, user_b_id=recipient.id)
    if block is None:
        return None
    name = recipient.profile.name
    if block.blocker_id == sender.id:
        return MessagingRefused(
            f"You blocked {name}. Unblock them from their profile to write to them."
        )
    return MessagingRefused(f"You can\u2019t send messages to {name}.")


@dataclass(frozen=True)
class SendOutcome:
    """What became of a send: ``sent`` (or ``duplicate`` of an earlier submit) with its message,
    ``warn`` (the member must confirm with "Send anyway"), or ``blocked`` (refused)."""

    status: SendStatus
    verdict: Verdict
    message: Message | None = None


def draft_verdict(*, text: str, context: Context, live: bool = False) -> Verdict:
    """The engine's verdict on a draft message in its context. Saves nothing. ``live``: under
    the rule settings as read by this process in the last few seconds (the check while typing).
    """
    settings = rule_settings.live_rule_settings() if live else rule_settings.current_rule_settings()
    return check(Draft(kind="message", text=text, context=context), settings)


def message_check(*, sender, recipient, text: str) -> tuple[Verdict, Context]:
    """The engine's verdict on a draft message, with the thread's fresh context."""
    context = message_context(sender=sender, recipient=recipient)
    return draft_verdict(text=text, context=context), context


def message_send(
    *,
    sender,
    recipient,
    text: str,
    client_token: uuid.UUID,
    draft_token: uuid.UUID | None = None,
    send_anyway: bool = False,
    warned: frozenset[str] | None = None,
) -> SendOutcome:
    """Re-check a draft and send it if it may go; ``MessageRefused`` when a first contact is
    over the member's weekly limit (``messaging.limits``).

    ``block`` is refused whatever the member says; ``warn``/``flag`` need ``send_anyway``, and
    with ``warned`` (the rule ids the member was shown) only for those: a draft edited into
    something new after the warning is warned about again before it goes. A
    second submit of the same form (same ``client_token``) returns the first message. The
    provisional verdict is stored with the message so it is filed right away; scoring is
    scheduled in the same transaction and may refile it later. Raises ``MessagingRefused``
    when either member blocked the other.
    """
    if sender.id == recipient.id:
        raise ValueError("a member cannot message themselves")
    refusal = messaging_refusal(sender=sender, recipient=recipient)
    if refusal is not None:
        raise refusal
    earlier = Message.objects.filter(sender_id=sender.id, client_token=client_token).first()
    if earlier is not None:
        return SendOutcome("duplicate", _stored_verdict(earlier), earlier)

    verdict, context = message_check(sender=sender, recipient=recipient, text=text)
    if context.first_contact:  # said before any warning: no use editing a message that can't go
        refusal = first_contact_refusal(sender=sender)
        if refusal is not None:
            raise refusal
    if verdict.action == "block":
        warning_events.warning_shown(
            user=sender, draft_token=draft_token, kind="message", verdict=verdict
        )
        return SendOutcome("blocked", verdict)
    consented = send_anyway and (
        warned is None or {finding.rule_id for finding in verdict.findings} <= warned
    )
    if verdict.findings and verdict.action != "ok" and not consented:
        warning_events.warning_shown(
            user=sender, draft_token=draft_token, kind="message", verdict=verdict
        )
        return SendOutcome("warn", verdict)

    try:
        message = _message_create(
            sender=sender,
            recipient=recipient,
            text=text,
            client_token=client_token,
            verdict=verdict,
            context=context,
        )
    except IntegrityError:
        # Two submits raced past the look-up above; the constraint let one through.
        earlier = Message.objects.get(sender_id=sender.id, client_token=client_token)
        return SendOutcome("duplicate", _stored_verdict(earlier), earlier)
    warning_events.warning_resolve(
        user=sender,
        draft_token=draft_token,
        sent_anyway=bool(send_anyway and verdict.findings and verdict.action != "ok"),
    )
    return SendOutcome("sent", verdict, message)


@transaction.atomic
def _message_create(
    *, sender, recipient, text: str, client_token: uuid.UUID, verdict: Verdict, context: Context
) -> Message:
    first_contact = bool(context.first_contact)
    if first_contact:
        # The sender's row is locked while the limit is checked: two submits cannot both pass.
        get_user_model().objects.select_for_update().filter(pk=sender.pk).first()
        refusal = first_contact_refusal(sender=sender)
        if refusal is not None:
            raise refusal
    low, high = thread_pair(sender.id, recipient.id)
    thread, _ = Thread.objects.get_or_create(user_low_id=low, user_high_id=high)
    now = timezone.now()
    message = Message.objects.create(
        thread=thread,
        sender=sender,
        recipient=recipient,
        text=text,
        client_token=client_token,
        first_contact=first_contact,
        connected=bool(context.connected),
        # The provisional verdict: filed right now; the background scorer confirms or refiles.
        **Assessed.verdict_fields(verdict),
        ruleset_version=verdict.ruleset_version,
        folder=folder_for(action=verdict.action, score=verdict.score, first_contact=first_contact),
    )
    Thread.objects.filter(pk=thread.pk).update(last_message_at=now)
    scoring_queue.schedule_scoring(kind="message", pk=message.pk)
    # Nothing is a first contact any more: the live check's cached context must go.
    keys = [
        live_check_context_key(sender.id, recipient.id),
        live_check_context_key(recipient.id, sender.id),
    ]
    transaction.on_commit(lambda: live_cache.forget(*keys), robust=True)
    return message


def _stored_verdict(message: Message) -> Verdict:
    return Verdict(
        labels=frozenset(message.labels or ()),
        score=message.score or 0.0,
        action=message.action or "ok",
        findings=(),
        ruleset_version=message.ruleset_version or 0,
    )


def thread_mark_read(*, user, thread: Thread) -> int:
    """Marks every message ``user`` received in the thread as read; how many were unread."""
    return Message.objects.filter(thread=thread, recipient_id=user.id, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def message_report(*, reporter, message: Message, reason: str = "") -> bool:
    """The recipient reports a message: one report per person and a review opened (by
    moderation, on ``item_reported``; idempotent), and the message moved out of the way into
    Other. Whether the report is new."""
    if message.recipient_id != reporter.id:
        raise ValueError("only the recipient reports a message")
    created = report_item(item=message, reporter=reporter, reason=reason)
    reported_at = message.reported_at or timezone.now()
    Message.objects.filter(pk=message.pk).update(
        folder=Message.Folder.OTHER, marked_safe_at=None, reported_at=reported_at
    )
    message.folder, message.marked_safe_at, message.reported_at = (
        Message.Folder.OTHER,
        None,
        reported_at,
    )
    return created


@transaction.atomic
def message_mark_safe(*, user, message: Message) -> Message:
    """The recipient vouches for a message: it moves to Focused and loses its warning bar."""
    if message.recipient_id != user.id:
        raise ValueError("only the recipient marks a message safe")
    if message.marked_safe_at is None:
        message.marked_safe_at = timezone.now()
    message.folder = Message.Folder.FOCUSED
    Message.objects.filter(pk=message.pk).update(
        folder=message.folder, marked_safe_at=message.marked_safe_at
    )
    return message
