"""Reports, the moderators' reviews, their decisions' audit log, warnings and per-rule tallies.

The tables keep the names they had when these models lived in ``messaging`` (see
``migrations/0001_initial.py``): moving them was a change of code, not of data.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from connections.models import ConnectionRequest
from messaging.models import Message


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
        db_table = "messaging_report"  # created by messaging before the floors were split
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
    # moderation: the queue's stored priority (keyset-sortable) and what it is made of.
    priority = models.FloatField(default=0)
    report_count = models.PositiveIntegerField(default=0)
    sender_confirmed = models.PositiveIntegerField(
        default=0, help_text="The sender's confirmed reviews when the priority was computed."
    )
    decision_reason = models.TextField(blank=True)
    # The labels a moderator confirmed when they differ from the flagged ``labels`` (a pitch
    # flagged as personal, confirmed as a sales pitch); null: the flagged labels stand.
    decided_labels = models.JSONField(null=True, blank=True)

    class Meta:
        db_table = "messaging_review"  # created by messaging before the floors were split
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
            models.Index(fields=["status", "-priority", "-id"], name="review_queue_priority"),
            models.Index(fields=["sender", "-opened_at"], name="review_sender_history"),
        ]

    def __str__(self) -> str:
        return f"review {self.pk} ({self.status})"

    @property
    def confirmed_labels(self) -> list[str]:
        """What the item was confirmed as: the moderator's correction, else the flag's."""
        return list(self.decided_labels if self.decided_labels is not None else self.labels)


class ModerationLogQuerySet(models.QuerySet):
    """Append-only: rows are added, never changed or removed through the ORM."""

    def update(self, **kwargs):
        raise TypeError("the moderation log is append-only")

    def delete(self):
        raise TypeError("the moderation log is append-only")


class ModerationLog(models.Model):
    """One row per moderation step: who did what to which review, when and why."""

    class Action(models.TextChoices):
        CLAIMED = "claimed", "Claimed"
        RELEASED = "released", "Released"
        CONFIRMED = "confirmed", "Confirmed"
        DISMISSED = "dismissed", "Dismissed"
        ESCALATED = "escalated", "Escalated"
        UNDONE = "undone", "Undid a decision"
        REFUSED = "refused", "Refused: their own item"
        ACTIVATED = "activated", "Activated a model"
        ROLLED_BACK = "rollback", "Rolled back a model"

    # Who and what, as values: no database constraint and nothing done on delete, so deleting a
    # review, a member or a moderator never rewrites a row (the trigger would refuse it anyway).
    # The ids stay, names are copied at the time, and ``item`` says what it was about.
    review = models.ForeignKey(
        Review,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="log",
    )
    item = models.CharField(max_length=40)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    moderator_name = models.CharField(max_length=150, blank=True)
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    sender_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10, blank=True)
    reason = models.TextField(blank=True)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ModerationLogQuerySet.as_manager()

    class Meta:
        db_table = "messaging_moderationlog"  # created by messaging before the floors were split
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["review", "-created_at"], name="modlog_review"),
            models.Index(fields=["sender", "-created_at"], name="modlog_sender"),
            models.Index(fields=["moderator", "-created_at"], name="modlog_moderator"),
            models.Index(fields=["-created_at", "-id"], name="modlog_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.item} by {self.moderator_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("the moderation log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("the moderation log is append-only")


class SenderWarning(models.Model):
    """A moderator's warning to a member about something they sent."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderation_warnings"
    )
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="warnings")
    text = models.TextField(max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True, help_text="Undone by a moderator.")
    seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "messaging_senderwarning"  # created by messaging before the floors were split
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"], name="senderwarning_user")]

    def __str__(self) -> str:
        return f"warning to {self.user_id} ({self.review_id})"


class RuleTally(models.Model):
    """Per rule and day: reviews it opened (flags) and how moderators decided them."""

    rule_id = models.CharField(max_length=100)
    day = models.DateField()
    flagged = models.IntegerField(default=0)
    confirmed = models.IntegerField(default=0)
    dismissed = models.IntegerField(default=0)
    escalated = models.IntegerField(default=0)

    class Meta:
        db_table = "messaging_ruletally"  # created by messaging before the floors were split
        ordering = ["rule_id", "day"]
        constraints = [
            models.UniqueConstraint(fields=["rule_id", "day"], name="ruletally_unique_rule_day")
        ]
        indexes = [models.Index(fields=["day"], name="ruletally_day")]

    def __str__(self) -> str:
        return f"{self.rule_id} {self.day}"
