"""Reads for threads, messages and the warning outcomes (HackSoft style).

Focused and Other, per member: a thread sits in a member's **Other** folder while it holds a
message to them filed in Other and they have not engaged with it, that is, not written in the
thread and not marked any of its messages safe. Everything else is **Focused**. One flagged
message therefore moves a quiet thread out of the way; a reply or "Mark safe" brings it back,
and a pitcher's follow-up cannot pull its thread into Focused on its own.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Literal

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from connections.profiles.selectors import are_connected, shared_facts
from messaging.models import Message, Thread
from netiquette.core import live_cache
from netiquette.core.models import WarningEvent
from netiquette.etiquette import Context

User = get_user_model()

FolderName = Literal["focused", "other"]
FOLDERS: tuple[FolderName, ...] = ("focused", "other")
# A warning shown this long ago with no outcome counts as abandoned.
ABANDONED_AFTER = timedelta(hours=1)


def thread_pair(user_a_id: int, user_b_id: int) -> tuple[int, int]:
    return (user_a_id, user_b_id) if user_a_id < user_b_id else (user_b_id, user_a_id)


def _member_threads(user_id: int) -> QuerySet:
    return Thread.objects.filter(Q(user_low_id=user_id) | Q(user_high_id=user_id))


def other_folder_q(user_id: int) -> Q:
    """Threads in ``user_id``'s Other folder (see the module docstring)."""
    received = Message.objects.filter(thread=OuterRef("pk"), recipient_id=user_id)
    written = Message.objects.filter(thread=OuterRef("pk"), sender_id=user_id)
    return (
        Q(Exists(received.filter(folder=Message.Folder.OTHER)))
        & ~Q(Exists(written))
        & ~Q(Exists(received.filter(marked_safe_at__isnull=False)))
    )


def inbox_threads(*, user, folder: FolderName = "focused") -> QuerySet:
    """The member's threads in one folder, newest first, with the latest message and unread
    count annotated (two queries per page: the count and the rows)."""
    in_other = other_folder_q(user.id)
    return _annotated_threads(user=user).filter(in_other if folder == "other" else ~in_other)


def _annotated_threads(*, user) -> QuerySet:
    """The member's threads, newest first, with the latest message and unread count."""
    latest = Message.objects.filter(thread=OuterRef("pk"), hidden_at__isnull=True).order_by(
        "-created_at", "-id"
    )
    unread = (
        Message.objects.filter(thread=OuterRef("pk"), recipient_id=user.id, read_at__isnull=True)
        .order_by()
        .values("thread")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        _member_threads(user.id)
        .select_related("user_low__profile", "user_high__profile")
        .annotate(
            latest_text=Subquery(latest.values("text")[:1]),
            latest_sender_id=Subquery(latest.values("sender_id")[:1]),
            latest_at=Subquery(latest.values("created_at")[:1]),
            unread=Coalesce(Subquery(unread, output_field=IntegerField()), 0),
        )
        .order_by("-last_message_at", "-id")
    )


def unread_threads(*, user, limit: int = 3) -> list[Thread]:
    """The member's latest conversations with unread messages, in either folder, as the inbox
    lists them (latest message and unread count annotated; one query), with ``other_user``."""
    threads = list(_annotated_threads(user=user).filter(unread__gt=0)[:limit])
    for thread in threads:
        thread.other_user = thread_other_user(thread, user.id)
    return threads


def folder_unread_threads(*, user) -> dict[str, int]:
    """How many threads with unread messages each folder holds (one query, for the tabs)."""
    unread = Message.objects.filter(
        thread=OuterRef("pk"), recipient_id=user.id, read_at__isnull=True
    )
    counts = (
        _member_threads(user.id)
        .filter(Exists(unread))
        .aggregate(total=Count("pk"), other=Count("pk", filter=other_folder_q(user.id)))
    )
    return {"focused": counts["total"] - counts["other"], "other": counts["other"]}


def thread_other_user(thread: Thread, user_id: int):
    """The other person of a thread, from the already selected pair."""
    return thread.user_high if user_id == thread.user_low_id else thread.user_low


def access_thread(*, user, thread_id: int) -> Thread:
    """The thread if ``user`` is one of its two people; 404 otherwise (also for a missing id)."""
    thread = (
        _member_threads(user.id)
        .select_related("user_low__profile", "user_high__profile")
        .filter(pk=thread_id)
        .first()
    )
    if thread is None:
        raise Http404("No such conversation.")
    return thread


def access_received_message(*, user, message_id: int) -> Message:
    """A message ``user`` received; 404 for anything else (their own, others', missing)."""
    message = (
        Message.objects.select_related("thread", "sender__profile")
        .filter(pk=message_id, recipient_id=user.id)
        .first()
    )
    if message is None:
        raise Http404("No such message.")
    return message


def thread_messages(*, thread: Thread) -> QuerySet:
    return thread.messages.select_related("sender__profile").order_by("created_at", "id")


def thread_between(*, user_a_id: int, user_b_id: int) -> Thread | None:
    low, high = thread_pair(user_a_id, user_b_id)
    return Thread.objects.filter(user_low_id=low, user_high_id=high).first()


def message_recipient(*, user_id: int):
    """An active member with a profile, or 404."""
    recipient = (
        User.objects.select_related("profile")
        .filter(pk=user_id, is_active=True, profile__isnull=False)
        .first()
    )
    if recipient is None:
        raise Http404("No such member.")
    return recipient


def message_context(*, sender, recipient) -> Context:
    """The engine's context for a message from ``sender`` to ``recipient`` right now.

    A first contact is a first message to someone the sender is not connected with: nothing
    has been written between the two yet.
    """
    connected = are_connected(user_a_id=sender.id, user_b_id=recipient.id)
    low, high = thread_pair(sender.id, recipient.id)
    spoken = Message.objects.filter(thread__user_low_id=low, thread__user_high_id=high).exists()
    sender_profile = getattr(sender, "profile", None)
    recipient_profile = getattr(recipient, "profile", None)
    return Context(
        first_contact=not connected and not spoken,
        connected=connected,
        sender_role=sender_profile.role if sender_profile else "member",
        recipient_open_to_work=recipient_profile.open_to_work if recipient_profile else None,
        shared=tuple(shared_facts(user_a_id=sender.id, user_b_id=recipient.id)),
    )


LIVE_CHECK_CONTEXT_TTL = 60  # seconds; the send re-check always recomputes the context
LIVE_CHECK_KEY_PREFIX = "messaging:live-context"


def live_check_context_key(sender_id: int, recipient_id: int) -> str:
    return f"{LIVE_CHECK_KEY_PREFIX}:{sender_id}:{recipient_id}"


def live_check_context(*, sender, recipient_id: int) -> Context:
    """The context for the live check, cached briefly per pair (no draft text in it).

    While a member types, the thread's facts do not change; caching them
    (``netiquette.core.live_cache``) spares the database at each debounced check. A missing
    recipient is 404.
    """

    def build() -> dict:
        recipient = message_recipient(user_id=recipient_id)
        context = message_context(sender=sender, recipient=recipient)
        return {
            "first_contact": context.first_contact,
            "connected": context.connected,
            "sender_role": context.sender_role,
            "recipient_open_to_work": context.recipient_open_to_work,
            "shared": list(context.shared),
        }

    facts = live_cache.get_or_build(
        live_check_context_key(sender.id, recipient_id),
        build,
        shared_seconds=LIVE_CHECK_CONTEXT_TTL,
    )
    return Context.from_dict(facts)


def unread_messages(*, user) -> QuerySet[Message]:
    """Unread messages the member received (the navigation's badge counts them)."""
    return Message.objects.filter(recipient_id=user.id, read_at__isnull=True)


def _warning_outcome(cutoff) -> Case:
    """Edited / sent anyway as recorded; otherwise abandoned once old enough, else pending."""
    return Case(
        When(~Q(outcome=""), then=F("outcome")),
        When(shown_at__lte=cutoff, then=Value("abandoned")),
        default=Value("pending"),
        output_field=CharField(),
    )


# Unnests each warning's rule ids in the database: one row per (warning, rule).
_PER_RULE_SQL = {
    "postgresql": (
        "SELECT rule.value, {outcome}, COUNT(*) FROM {table} AS w "
        "CROSS JOIN LATERAL jsonb_array_elements_text(w.rule_ids) AS rule(value) "
        "GROUP BY 1, 2"
    ),
    "sqlite": (
        "SELECT rule.value, {outcome}, COUNT(*) FROM {table} AS w, "
        "json_each(w.rule_ids) AS rule GROUP BY 1, 2"
    ),
}
_OUTCOME_SQL = (
    "CASE WHEN w.outcome <> '' THEN w.outcome WHEN w.shown_at <= %s THEN 'abandoned' "
    "ELSE 'pending' END"
)


def warning_outcome_totals(*, now=None) -> dict:
    """Totals of how members responded to pre-send warnings, per kind, outcome and rule.

    Outcomes: edited, sent anyway, abandoned (shown at least ``ABANDONED_AFTER`` ago with no
    outcome) and pending (shown recently, no outcome yet). Holds no draft text: there is none.
    Two grouped queries, whatever the number of warnings.
    """
    now = now or timezone.now()
    cutoff = now - ABANDONED_AFTER
    outcomes = ("edited", "sent_anyway", "abandoned", "pending")
    per_kind: dict[str, Counter] = {}
    totals: Counter = Counter()
    grouped = (
        WarningEvent.objects.annotate(result=_warning_outcome(cutoff))
        .values("kind", "result")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in grouped:
        totals[row["result"]] += row["n"]
        per_kind.setdefault(row["kind"], Counter())[row["result"]] += row["n"]
    per_rule: dict[str, Counter] = {}
    sql = _PER_RULE_SQL.get(connection.vendor)
    if sql is not None:
        with connection.cursor() as cursor:
            table = connection.ops.quote_name(WarningEvent._meta.db_table)
            cursor.execute(sql.format(outcome=_OUTCOME_SQL, table=table), [cutoff])
            for rule_id, result, n in cursor.fetchall():
                per_rule.setdefault(rule_id, Counter())[result] += n
    else:  # another database: unnest in Python
        rows = WarningEvent.objects.annotate(result=_warning_outcome(cutoff))
        for rule_ids, result in rows.values_list("rule_ids", "result").iterator():
            for rule_id in rule_ids or ():
                per_rule.setdefault(rule_id, Counter())[result] += 1
    kind_names = dict(WarningEvent.Kind.choices)
    return {
        "outcomes": outcomes,
        "totals": totals,
        "shown": sum(totals.values()),
        "per_kind": [
            (kind_names.get(kind, kind), counts, sum(counts.values()))
            for kind, counts in sorted(per_kind.items())
        ],
        "per_rule": [
            (rule_id, counts, sum(counts.values()))
            for rule_id, counts in sorted(
                per_rule.items(), key=lambda item: (-item[1].total(), item[0])
            )
        ],
        "abandoned_after_minutes": int(ABANDONED_AFTER.total_seconds() // 60),
    }
