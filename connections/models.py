"""People, organisations and the network between them."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from netiquette.core.models import Assessed


class HowKnown(models.TextChoices):
    COLLEAGUE = "colleague", "Colleague"
    CLASSMATE = "classmate", "Classmate"
    MET_IN_PERSON = "met_in_person", "Met in person"
    BUSINESS = "business", "Done business together"
    FRIEND = "friend", "Friend"
    NONE = "none", "I don't know them"


# The sender's answer to "How do you know them?", as the recipient reads it: "I don't know
# them" is about the recipient, so on their side it says what the sender claims.
HOW_KNOWN_TO_RECIPIENT = {
    HowKnown.COLLEAGUE: "Says you worked together",
    HowKnown.CLASSMATE: "Says you studied together",
    HowKnown.MET_IN_PERSON: "Says you met in person",
    HowKnown.BUSINESS: "Says you did business together",
    HowKnown.FRIEND: "Says you are friends",
    HowKnown.NONE: "Says you haven’t met",
}


class Organisation(models.Model):
    class Kind(models.TextChoices):
        COMPANY = "company", "Company"
        SCHOOL = "school", "School"
        EVENT = "event", "Event"
        GROUP = "group", "Group"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    name = models.CharField(max_length=200)
    location = models.CharField(max_length=120, blank=True)
    description = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "name"], name="organisation_unique_kind_name")
        ]
        indexes = [models.Index(fields=["name"])]

    def __str__(self) -> str:
        return self.name

    @property
    def shared_fact_prefix(self) -> str:
        """The engine's name for this kind of tie (``employer:Acme``, ``school:MIT``…)."""
        return {"company": "employer"}.get(self.kind, self.kind)


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    name = models.CharField(max_length=120)
    headline = models.CharField(max_length=160, blank=True)
    location = models.CharField(max_length=120, blank=True)
    industry = models.CharField(max_length=120, blank=True)
    summary = models.TextField(max_length=2600, blank=True)
    open_to_work = models.BooleanField(default=False)
    is_recruiter = models.BooleanField(default=False)
    photo = models.ImageField(upload_to="photos/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["name"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("connections:profile", args=[self.user_id])

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name.strip() else ""

    @property
    def initials(self) -> str:
        parts = [p for p in self.name.split() if p[:1].isalnum()]
        return "".join(p[0] for p in parts[:2]).upper() or "?"

    @property
    def role(self) -> str:
        return "recruiter" if self.is_recruiter else "member"


class Affiliation(models.Model):
    """A position, a course of study, or a membership (group or event) with dates."""

    class Kind(models.TextChoices):
        POSITION = "position", "Position"
        EDUCATION = "education", "Education"
        MEMBERSHIP = "membership", "Membership"

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="affiliations")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="affiliations"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    title = models.CharField(max_length=160, blank=True, help_text="Role, degree or part played.")
    description = models.TextField(max_length=2000, blank=True)
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True, help_text="Empty: to the present.")

    class Meta:
        ordering = [F("end").desc(nulls_first=True), "-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(start__isnull=True) | Q(end__gte=F("start")),
                name="affiliation_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.profile} — {self.title} at {self.organisation}"


class Connection(models.Model):
    """An accepted connection; stored once per pair with ``user_low.id < user_high.id``."""

    user_low = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    user_high = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user_low", "user_high"], name="connection_unique_pair"
            ),
            models.CheckConstraint(
                condition=Q(user_low__lt=F("user_high")), name="connection_ordered_pair"
            ),
        ]
        indexes = [models.Index(fields=["user_high", "user_low"])]

    def __str__(self) -> str:
        return f"{self.user_low_id} ↔ {self.user_high_id}"


class ConnectionRequest(Assessed):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        IGNORED = "ignored", "Ignored"
        DONT_KNOW = "dont_know", "I don't know this person"
        SPAM = "spam", "Reported as spam"
        WITHDRAWN = "withdrawn", "Withdrawn"

    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="requests_sent"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="requests_received"
    )
    how_known = models.CharField(max_length=16, choices=HowKnown.choices, blank=True)
    note = models.TextField(max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sender", "recipient"],
                condition=Q(status="pending"),
                name="request_one_pending_per_pair",
            ),
            models.CheckConstraint(condition=~Q(sender=F("recipient")), name="request_not_to_self"),
        ]
        indexes = [
            models.Index(fields=["recipient", "status", "-created_at"]),
            models.Index(fields=["sender", "-created_at"]),
            models.Index(
                fields=["id"], condition=Q(scored_at__isnull=True), name="request_unscored"
            ),
        ]

    def __str__(self) -> str:
        return f"request {self.pk} {self.sender_id}→{self.recipient_id} ({self.status})"

    @property
    def how_known_to_recipient(self) -> str:
        """The sender's "how do you know them", worded from the recipient's side."""
        return HOW_KNOWN_TO_RECIPIENT.get(self.how_known, "")


# --- foundation additions (keep this marker) ---


class Block(models.Model):
    """A member blocked another: the blocked member can no longer invite or message them, and
    no longer finds them in the directory or among people they may know."""

    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_made"
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="block_once_per_pair"),
            models.CheckConstraint(condition=~Q(blocker=F("blocked")), name="block_not_self"),
        ]
        indexes = [models.Index(fields=["blocked", "blocker"], name="block_blocked")]

    def __str__(self) -> str:
        return f"{self.blocker_id} blocked {self.blocked_id}"


# --- requests additions (keep this marker) ---


# --- moderation additions (keep this marker) ---


class RequestRestriction(models.Model):
    """A moderator stopped a member from sending connection requests until ``until``."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="request_restrictions"
    )
    until = models.DateTimeField()
    reason = models.CharField(max_length=500, blank=True)
    # The review that led to it (messaging depends on connections, so no foreign key here).
    review_id = models.BigIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    lifted_at = models.DateTimeField(null=True, blank=True, help_text="Lifted (undone) early.")

    class Meta:
        ordering = ["-until"]
        indexes = [models.Index(fields=["user", "-until"], name="restriction_user_until")]

    def __str__(self) -> str:
        return f"requests of {self.user_id} restricted until {self.until:%Y-%m-%d %H:%M}"

    @property
    def is_active(self) -> bool:
        from django.utils import timezone

        return self.lifted_at is None and self.until > timezone.now()


# --- scoring additions (keep this marker) ---
