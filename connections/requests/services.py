"""Writes for connection requests and invitations (``<entity>_<verb>``, keyword-only, atomic).

The request limits live here, as rules across rows (STYLE.md "Validation in layers"): the
database keeps one pending request per pair and no request to oneself; the services add the
weekly limits, the re-invite pause after a withdrawal, and moderators' restrictions. Every
refusal is a ``RequestRefused`` with a message a member understands and, where there is one, the
moment they can try again.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from connections.models import Connection, ConnectionRequest, Profile
from connections.network import selectors as network_selectors
from connections.profiles import selectors as profile_selectors
from connections.requests import limits, restrictions, selectors
from netiquette.core import rule_settings, scoring_queue
from netiquette.core.models import Assessed
from netiquette.core.signals import report_item
from netiquette.core.text import when
from netiquette.etiquette import Context, Draft, Verdict, check

User = get_user_model()
Status = ConnectionRequest.Status


class RequestRefused(Exception):
    """A request the member may not send (now); ``retry_at`` says when they can try again."""

    def __init__(self, message: str, *, retry_at: datetime | None = None, code: str = ""):
        super().__init__(message)
        self.message = message
        self.retry_at = retry_at
        self.code = code


class InvitationAnswered(Exception):
    """The invitation was already answered or withdrawn (a double submit, or a stale page)."""

    def __init__(self, invitation: ConnectionRequest):
        super().__init__(f"This invitation is already {invitation.get_status_display().lower()}.")
        self.invitation = invitation


# --- the engine -----------------------------------------------------------------------------


def note_context(
    *,
    sender,
    recipient: Profile | selectors.NoteRelationship,
    how_known: str | None,
    shared: list[str] | tuple[str, ...],
    stats: limits.RequestStats | None = None,
) -> Context:
    """The engine's context for a request note, from the real relationship.

    ``recipient`` is the profile from ``recipient_for_request`` (annotated with
    ``is_connected`` and ``sender_is_recruiter``) or the live check's cached relationship.
    """
    connected = bool(getattr(recipient, "is_connected", False))
    sender_is_recruiter = getattr(recipient, "sender_is_recruiter", None)
    if sender_is_recruiter is None:
        sender_is_recruiter = Profile.objects.filter(user=sender, is_recruiter=True).exists()
    return Context(
        first_contact=not connected,
        connected=connected,
        how_known=how_known or None,
        sender_role="recruiter" if sender_is_recruiter else "member",
        recipient_open_to_work=recipient.open_to_work,
        shared=tuple(shared),
        stranger_request_share=stats.stranger_share if stats else None,
        recent_requests=stats.total if stats else None,
    )


def note_check(*, text: str, context: Context, live: bool = False) -> Verdict:
    """The engine's verdict on a request note under the rule settings in force (``live``: as
    read by this process in the last few seconds, for the check while typing)."""
    settings = rule_settings.live_rule_settings() if live else rule_settings.current_rule_settings()
    return check(Draft(kind="request_note", text=text, context=context), settings)


# --- sending --------------------------------------------------------------------------------


def request_refusal(*, sender, recipient: Profile) -> RequestRefused | None:
    """Why ``sender`` may not invite ``recipient`` now, or None. Reads only."""
    name = recipient.name
    if recipient.user_id == sender.id:
        return RequestRefused("You cannot send a connection request to yourself.", code="self")
    block = network_selectors.block_between(user_a_id=sender.id, user_b_id=recipient.user_id)
    if block is not None:
        if block.blocker_id == sender.id:
            return RequestRefused(
                f"You blocked {name}. Unblock them from their profile to invite them.",
                code="blocked",
            )
        return RequestRefused(f"You can\u2019t invite {name}.", code="blocked")
    if getattr(recipient, "is_connected", None) is None:
        recipient.is_connected = profile_selectors.are_connected(
            user_a_id=sender.id, user_b_id=recipient.user_id
        )
    if recipient.is_connected:
        return RequestRefused(f"You are already connected with {name}.", code="connected")
    restriction = restrictions.active_request_restriction(sender)
    if restriction is not None:
        until = getattr(restriction, "until", None)
        until_text = f" until {when(until)}" if until else ""
        return RequestRefused(
            f"A moderator has paused your connection requests{until_text}.",
            retry_at=until,
            code="restricted",
        )
    pending = selectors.pending_between(sender_id=sender.id, recipient_id=recipient.user_id)
    if pending is not None:
        return RequestRefused(
            f"You already invited {name} on {when(pending.created_at)}. "
            "Wait for their answer, or withdraw it from your sent invitations.",
            code="pending",
        )
    reverse = selectors.pending_between(sender_id=recipient.user_id, recipient_id=sender.id)
    if reverse is not None:
        return RequestRefused(
            f"{name} has already invited you. Accept their invitation instead.",
            code="reverse_pending",
        )
    pause = timedelta(days=limits.limit_setting("REQUEST_REINVITE_DAYS"))
    withdrawn = (
        ConnectionRequest.objects.filter(
            sender=sender,
            recipient_id=recipient.user_id,
            status=Status.WITHDRAWN,
            responded_at__gte=timezone.now() - pause,
        )
        .order_by("-responded_at")
        .values_list("responded_at", flat=True)
        .first()
    )
    if withdrawn is not None:
        retry_at = withdrawn + pause
        return RequestRefused(
            f"You withdrew your invitation to {name} recently. "
            f"You can invite them again from {when(retry_at)}.",
            retry_at=retry_at,
            code="reinvite_pause",
        )
    return weekly_limit_refusal(sender=sender)


def weekly_limit_refusal(*, sender, stats: limits.RequestStats | None = None):
    limit, strict = limits.weekly_limit_for(sender, stats)
    since = timezone.now() - timedelta(days=7)
    window = ConnectionRequest.objects.filter(sender=sender, created_at__gte=since)
    sent = window.count()
    if sent < limit:
        return None
    # Room opens when the request that puts the member over the limit leaves the 7-day window.
    oldest = window.order_by("created_at", "id").values_list("created_at", flat=True)[sent - limit]
    retry_at = oldest + timedelta(days=7)
    if strict:
        message = (
            f"Most of your recent requests were ignored or marked \u201cI don\u2019t know this "
            f"person\u201d, so your limit is {limit} requests a week for now, and you have reached "
            f"it. You can send another from {when(retry_at)}. Requests to people you know, "
            "with a note saying how, are accepted far more often."
        )
    else:
        message = (
            f"You have sent {sent} requests this week, the limit is {limit}. "
            f"You can send another from {when(retry_at)}."
        )
    return RequestRefused(message, retry_at=retry_at, code="strict_limit" if strict else "limit")


@transaction.atomic
def connection_request_send(
    *, sender, recipient: Profile, how_known: str, note: str, verdict: Verdict
) -> ConnectionRequest:
    """Save a request with its provisional verdict and schedule its scoring.

    The sender's row is locked so two concurrent submits cannot both slip under a limit; the
    one-pending-per-pair constraint turns a double submit into a refusal, never a second row.
    """
    User.objects.select_for_update().filter(pk=sender.pk).first()
    refusal = request_refusal(sender=sender, recipient=recipient)
    if refusal is not None:
        raise refusal
    try:
        with transaction.atomic():
            invitation = ConnectionRequest.objects.create(
                sender=sender,
                recipient_id=recipient.user_id,
                how_known=how_known,
                note=note,
                # Provisional: the send-time verdict; scored_at stays empty until a worker scores.
                **Assessed.verdict_fields(verdict),
            )
    except IntegrityError as error:
        raise RequestRefused(
            f"You already invited {recipient.name}. Wait for their answer.", code="pending"
        ) from error
    scoring_queue.schedule_scoring(kind="request", pk=invitation.pk)
    return invitation


# --- answering and withdrawing ----------------------------------------------------------------


def _answer(invitation: ConnectionRequest, status: str) -> None:
    """Move a pending invitation to ``status``; a second answer is refused, never applied twice."""
    updated = ConnectionRequest.objects.filter(pk=invitation.pk, status=Status.PENDING).update(
        status=status, responded_at=timezone.now()
    )
    if not updated:
        invitation.refresh_from_db(fields=["status", "responded_at"])
        raise InvitationAnswered(invitation)
    invitation.status = status


@transaction.atomic
def invitation_accept(*, invitation: ConnectionRequest) -> Connection:
    """Accept: the two become connected (stored once per ordered pair)."""
    _answer(invitation, Status.ACCEPTED)
    low, high = profile_selectors.connection_pair(invitation.sender_id, invitation.recipient_id)
    connection, _ = Connection.objects.get_or_create(user_low_id=low, user_high_id=high)
    # A crossing invitation the other way is answered by the same acceptance.
    ConnectionRequest.objects.filter(
        sender_id=invitation.recipient_id,
        recipient_id=invitation.sender_id,
        status=Status.PENDING,
    ).update(status=Status.ACCEPTED, responded_at=timezone.now())
    return connection


@transaction.atomic
def invitation_ignore(*, invitation: ConnectionRequest) -> None:
    _answer(invitation, Status.IGNORED)


@transaction.atomic
def invitation_dont_know(*, invitation: ConnectionRequest) -> None:
    _answer(invitation, Status.DONT_KNOW)


@transaction.atomic
def invitation_report_spam(*, invitation: ConnectionRequest, reporter, reason: str = "") -> None:
    """Report as spam: closes the invitation; moderation records the report and opens a review
    (``item_reported``: connections does not know moderation)."""
    _answer(invitation, Status.SPAM)
    report_item(item=invitation, reporter=reporter, reason=reason)


@transaction.atomic
def invitation_withdraw(*, invitation: ConnectionRequest) -> None:
    _answer(invitation, Status.WITHDRAWN)


@transaction.atomic
def invitations_withdraw_older(*, sender, older_than_days: int) -> int:
    """Withdraw every pending invitation ``sender`` sent more than ``older_than_days`` ago."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    return ConnectionRequest.objects.filter(
        sender=sender, status=Status.PENDING, created_at__lt=cutoff
    ).update(status=Status.WITHDRAWN, responded_at=timezone.now())
