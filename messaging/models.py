"""Threads and messages between two people."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from netiquette.core.models import Assessed


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
    # Only the recipient can report a message, so one time is enough: the thread shows it as
    # reported instead of offering Report again.
    reported_at = models.DateTimeField(
        null=True, blank=True, help_text="Reported by its recipient."
    )
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
