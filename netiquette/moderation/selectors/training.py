"""Moderators' decisions as labelled data, and members' own signals kept apart from them.

``decided_items`` is what ``export_decisions`` writes and ``retrain`` trains on: each review a
moderator confirmed or dismissed, in the corpus format (``docs/corpus.md``), with the context
the scorer gives the item and ``source: "decision:<review id>"``. Confirmed keeps the flagged
labels, or the ones the moderator corrected them to; dismissed means fine. Escalated items are
left out: an escalation passes the item up and says nothing about its labels yet.

``member_signals`` are the recipients' own judgements: a report, a "mark safe", an "I don't
know this person". They are weaker evidence (one member, unreviewed) and each keeps its kind.
Nothing a member wrote leaves the database unless a moderator decided on it, so a signal on an
undecided item is exported without its text or context (``export_decisions``); ``retrain``
reads them in the database, where it may, and gives them a lower sample weight.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from django.db.models import Q

from connections.models import ConnectionRequest
from messaging.models import Message
from netiquette.etiquette import Context
from netiquette.moderation.models import Report, Review
from netiquette.scoring.facts import item_contexts

DECIDED = (Review.Status.CONFIRMED, Review.Status.DISMISSED)
DRAFT_KIND = {"message": "message", "request": "request_note"}
CHUNK = 500


def context_as_dict(context: Context) -> dict[str, Any]:
    """A ``Context`` in the corpus format: unknown facts (``None``) are left out."""
    data = asdict(context)
    data["shared"] = list(context.shared)
    return {key: value for key, value in data.items() if value not in (None, [])}


def _contexts(kind: str, ids: list[int]) -> dict[int, Context]:
    found: dict[int, Context] = {}
    for start in range(0, len(ids), CHUNK):
        found.update(item_contexts(kind, ids[start : start + CHUNK]))
    return found


def decided_items(*, since: datetime | None = None) -> list[dict[str, Any]]:
    """Every confirmed or dismissed review (decided since ``since``), oldest decision first,
    as a corpus row with ``source: "decision:<review id>"``."""
    reviews = Review.objects.filter(status__in=DECIDED, decided_at__isnull=False)
    if since is not None:
        reviews = reviews.filter(decided_at__gte=since)
    rows = list(
        reviews.order_by("decided_at", "id").values(
            "pk",
            "status",
            "labels",
            "decided_labels",
            "decided_at",
            "message_id",
            "connection_request_id",
        )
    )
    message_ids = [r["message_id"] for r in rows if r["message_id"]]
    request_ids = [r["connection_request_id"] for r in rows if r["connection_request_id"]]
    texts = {
        ("message", pk): text
        for pk, text in Message.objects.filter(pk__in=message_ids).values_list("pk", "text")
    } | {
        ("request", pk): note
        for pk, note in ConnectionRequest.objects.filter(pk__in=request_ids).values_list(
            "pk", "note"
        )
    }
    contexts = {("message", pk): c for pk, c in _contexts("message", message_ids).items()} | {
        ("request", pk): c for pk, c in _contexts("request", request_ids).items()
    }
    items = []
    for row in rows:
        kind, pk = (
            ("message", row["message_id"])
            if row["message_id"]
            else ("request", row["connection_request_id"])
        )
        if (kind, pk) not in texts:
            continue
        if row["status"] == Review.Status.DISMISSED:
            labels: list[str] = []
        else:
            labels = sorted(
                row["decided_labels"] if row["decided_labels"] is not None else row["labels"]
            )
        items.append(
            {
                "id": f"decision-{row['pk']}",
                "kind": DRAFT_KIND[kind],
                "context": context_as_dict(contexts.get((kind, pk), Context())),
                "labels": labels,
                "text": texts[(kind, pk)],
                "source": f"decision:{row['pk']}",
                "decision": row["status"],
                "flagged_labels": sorted(row["labels"]),
                "decided_at": row["decided_at"].isoformat(),
            }
        )
    return items


# --- members' signals ----------------------------------------------------------------------

SIGNAL_KINDS = ("report", "mark_safe", "dont_know")


def member_signals(*, since: datetime | None = None, with_text: bool) -> list[dict[str, Any]]:
    """Recipients' reports, "mark safe"s and "I don't know this person"s, each with its kind and
    the labels it suggests: a report, the labels the engine gave the item (none: skipped, it
    says nothing about which); mark safe, fine; "I don't know", ``no_context``.

    ``with_text`` adds each item's text and context: only for the database's own use
    (``retrain``), or for items a moderator decided (``export_decisions``, where the rest go
    without text). Oldest first.
    """
    decided = {
        (("message", m) if m else ("request", r))
        for m, r in Review.objects.filter(status__in=DECIDED).values_list(
            "message_id", "connection_request_id"
        )
    }
    signals: list[dict[str, Any]] = []

    def when(q_field: str) -> Q:
        return Q(**{f"{q_field}__gte": since}) if since else Q()

    reports = (
        Report.objects.filter(when("created_at"))
        .order_by("created_at", "pk")
        .values_list(
            "pk",
            "created_at",
            "message_id",
            "message__labels",
            "connection_request_id",
            "connection_request__labels",
        )
    )
    for pk, at, message_id, message_labels, request_id, request_labels in reports:
        kind, item_pk = ("message", message_id) if message_id else ("request", request_id)
        labels = message_labels if message_id else request_labels
        if not labels:
            continue
        signals.append(_signal("report", pk, at, kind, item_pk, sorted(labels)))
    safe = (
        Message.objects.filter(when("marked_safe_at"), marked_safe_at__isnull=False)
        .order_by("marked_safe_at", "pk")
        .values_list("pk", "marked_safe_at")
    )
    for pk, at in safe:
        signals.append(_signal("mark_safe", pk, at, "message", pk, []))
    dont_know = (
        ConnectionRequest.objects.filter(
            when("created_at"), status=ConnectionRequest.Status.DONT_KNOW
        )
        .order_by("created_at", "pk")
        .values_list("pk", "created_at")
    )
    for pk, at in dont_know:
        signals.append(_signal("dont_know", pk, at, "request", pk, ["no_context"]))
    signals.sort(key=lambda s: (s["at"], s["source"]))
    for signal in signals:
        signal["decided"] = (signal["item_kind"], signal["item_id"]) in decided
    _add_texts(signals, everything=with_text)
    return signals


def _signal(kind: str, pk: int, at, item_kind: str, item_pk: int, labels: list[str]) -> dict:
    return {
        "signal": kind,
        "source": f"signal:{kind}:{pk}",
        "at": at.isoformat(),
        "item_kind": item_kind,
        "item_id": item_pk,
        "kind": DRAFT_KIND[item_kind],
        "labels": labels,
    }


def _add_texts(signals: list[dict[str, Any]], *, everything: bool) -> None:
    wanted: dict[str, set[int]] = {"message": set(), "request": set()}
    for signal in signals:
        if everything or signal["decided"]:
            wanted[signal["item_kind"]].add(signal["item_id"])
    texts = {
        ("message", pk): t
        for pk, t in Message.objects.filter(pk__in=wanted["message"]).values_list("pk", "text")
    } | {
        ("request", pk): t
        for pk, t in ConnectionRequest.objects.filter(pk__in=wanted["request"]).values_list(
            "pk", "note"
        )
    }
    contexts = {
        (kind, pk): context
        for kind in ("message", "request")
        for pk, context in _contexts(kind, sorted(wanted[kind])).items()
    }
    for signal in signals:
        key = (signal["item_kind"], signal["item_id"])
        if key in texts:
            signal["text"] = texts[key]
            signal["context"] = context_as_dict(contexts.get(key, Context()))
