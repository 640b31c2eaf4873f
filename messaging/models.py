"""Threads and messages between two people, reports, and the moderators' reviews."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from connections.models import ConnectionRequest
from netiquette.models import Assessed


class Thread(models.Model):
    """A conversation between two people; stored once per pair (``user_low.id < user_high.id``)."""

    user_low = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    user_high = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_message_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user_low", "user_high"], name="thread_unique_pair"),
            models.CheckConstraint(
                condition=Q(user_low__lt=F("user_high")), name="thread_ordered_pair"
            ),
        ]
        indexes = [models.Index(fields=["user_high", "user_low"])]

    def __str__(self) -> str:
        return f"thread {self.pk}"

    def other(self, user_id: int) -> int:
        return self.user_high_id if user_id == self.user_low_id else self.user_low_id


class Message(Assessed):
    class Folder(models.TextChoices):
        FOCUSED = "focused", "Focused"
        OTHER = "other", "Other"

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="messages_sent"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="messages_received"
    )
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # Facts about the moment of sending, kept for scoring: the engine's context.
    first_contact = models.BooleanField(default=False)
    connected = models.BooleanField(default=False)
    # The recipient's filing; the scoring task moves flagged mail to Other.
    folder = models.CharField(max_length=8, choices=Folder.choices, default=Folder.FOCUSED)
    read_at = models.DateTimeField(null=True, blank=True)
    marked_safe_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True, help_text="Hidden by a moderator.")
    # The compose form's one-time token: a double submit finds the first row instead of a twin.
    client_token = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["thread", "created_at"]),
            models.Index(fields=["recipient", "folder", "-created_at"]),
            models.Index(fields=["sender", "-created_at"]),
            models.Index(
                fields=["id"], condition=Q(scored_at__isnull=True), name="message_unscored"
            ),
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="message_unread"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["sender", "client_token"], name="message_once_per_client_token"
            ),
        ]

    def __str__(self) -> str:
        return f"message {self.pk} {self.sender_id}→{self.recipient_id}"


class Report(models.Model):
    """A recipient's report of a message or a connection request."""

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports_made"
    )
    message = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    connection_request = models.ForeignKey(
        ConnectionRequest, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(message__isnull=False, connection_request__isnull=True)
                | Q(message__isnull=True, connection_request__isnull=False),
                name="report_one_target",
            ),
            models.UniqueConstraint(fields=["reporter", "message"], name="report_once_per_message"),
            models.UniqueConstraint(
                fields=["reporter", "connection_request"], name="report_once_per_request"
            ),
        ]

    def __str__(self) -> str:
        return f"report {self.pk} by {self.reporter_id}"


class Review(models.Model):
    """A moderator's review of a flagged or reported message or request note."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CONFIRMED = "confirmed", "Confirmed"
        DISMISSED = "dismissed", "Dismissed"
        ESCALATED = "escalated", "Escalated"

    message = models.OneToOneField(
        Message, null=True, blank=True, on_delete=models.CASCADE, related_name="review"
    )
    connection_request = models.OneToOneField(
        ConnectionRequest, null=True, blank=True, on_delete=models.CASCADE, related_name="review"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews_about"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    score = models.FloatField(default=0)
    labels = models.JSONField(default=list, blank=True)
    rule_ids = models.JSONField(default=list, blank=True)
    opened_at = models.DateTimeField(auto_now_add=True)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        permissions = [("moderate", "Can work the review queue")]
        constraints = [
            models.CheckConstraint(
                condition=Q(message__isnull=False, connection_request__isnull=True)
                | Q(message__isnull=True, connection_request__isnull=False),
                name="review_one_target",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-score", "-id"]),
            models.Index(fields=["status", "opened_at", "id"]),
        ]

    def __str__(self) -> str:
        return f"review {self.pk} ({self.status})"


# --- messages additions (keep this marker) ---


# --- moderation additions (keep this marker) ---


# --- scoring additions (keep this marker) ---
