"""Shared storage for the etiquette engine: the ``Assessed`` fields and the rule settings."""

from django.conf import settings
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from netiquette.core.signals import ruleset_changed


class Action(models.TextChoices):
    OK = "ok", "OK"
    WARN = "warn", "Warn"
    FLAG = "flag", "Flag"
    BLOCK = "block", "Block"


class Assessed(models.Model):
    """The verdict fields shared by connection requests and messages.

    An item is saved unscored (``scored_at`` is null); a Celery task, or the beat sweep,
    stores the verdict. ``ruleset_version`` lets the sweep find items scored under older rules.
    """

    score = models.FloatField(null=True, blank=True)
    labels = models.JSONField(default=list, blank=True)
    findings = models.JSONField(default=list, blank=True)
    action = models.CharField(max_length=8, choices=Action.choices, blank=True)
    ruleset_version = models.PositiveIntegerField(null=True, blank=True)
    scored_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_scored(self) -> bool:
        return self.scored_at is not None

    @staticmethod
    def verdict_fields(verdict) -> dict:
        """An engine ``Verdict`` as the stored fields: score, labels, findings, action."""
        return {
            "score": float(verdict.score),
            "labels": sorted(verdict.labels),
            "findings": [finding.as_dict() for finding in verdict.findings],
            "action": verdict.action,
        }


class RuleSetting(models.Model):
    """A database override for one engine rule, addressed by its dotted id."""

    rule_id = models.CharField(max_length=100, unique=True)
    enabled = models.BooleanField(default=True)
    weight = models.FloatField(null=True, blank=True, help_text="Empty: the rule's own weight.")
    extra_phrases = models.TextField(
        blank=True, help_text="One phrase per line, for rules that match phrase lists."
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["rule_id"]

    def __str__(self) -> str:
        return self.rule_id


class Ruleset(models.Model):
    """A single row holding the current ruleset version; every rule change bumps it, and so
    does a new model of the engine's learned layer (``model`` records the one in force)."""

    version = models.PositiveIntegerField(default=1)
    model = models.CharField(
        max_length=64, blank=True, default="", help_text="The learned layer's version in force."
    )
    # A model a moderator activated (``TrainedModel``); none: the committed file is in force.
    trained_model = models.ForeignKey(
        "TrainedModel", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"ruleset v{self.version}"

    @classmethod
    def current_version(cls) -> int:
        """The version in force; 1 before any rule was ever changed."""
        version = cls.objects.order_by("pk").values_list("version", flat=True).first()
        return version or 1

    @classmethod
    def current(cls) -> tuple[int, str]:
        """The version in force and the model it was set for, in one query."""
        row = cls.objects.order_by("pk").values_list("version", "model").first()
        return (row[0] or 1, row[1]) if row else (1, "")

    @classmethod
    def in_force(cls) -> tuple[int, str, int | None]:
        """The version, the model's version and the activated model's id (None: the committed
        file), in one query."""
        row = cls.objects.order_by("pk").values_list("version", "model", "trained_model").first()
        return (row[0] or 1, row[1], row[2]) if row else (1, "", None)

    @classmethod
    def bump(cls, *, model: str | None = None) -> int:
        """A rule changed (or, with ``model``, the learned layer did): the next version, which
        makes every item scored before it stale."""
        # This process's live checks read the new settings at once (and again after commit,
        # in case one re-read the old version in between): ``rule_settings`` listens.
        ruleset_changed.send(sender=cls)
        row, created = cls.objects.get_or_create(pk=1)
        changes = {} if model is None else {"model": model}
        if not created:
            cls.objects.filter(pk=row.pk).update(version=models.F("version") + 1, **changes)
        else:
            # The first change moves from the implicit version 1 to 2.
            cls.objects.filter(pk=row.pk).update(version=2, **changes)
        return cls.current_version()

    @classmethod
    def adopt_model(cls, model: str, *, seen: str) -> None:
        """The engine runs a newer model than the one ``seen`` in the row: bump once, even
        when several processes notice at the same moment (the update is conditional)."""
        row, _ = cls.objects.get_or_create(pk=1)
        if cls.objects.filter(pk=row.pk, model=seen).update(
            version=models.F("version") + 1, model=model
        ):
            ruleset_changed.send(sender=cls)


class TrainedModel(models.Model):
    """A model of the engine's learned layer trained here from the corpus and moderators'
    decisions (``manage.py retrain``): its file's bytes, checked by sha256 at every load, its
    card and its figures beside the model that was live when it was trained.

    A candidate is never used until a moderator activates it; activating or rolling back is
    ``netiquette.moderation.services.model_activate`` / ``model_rollback`` (audited, and the
    ruleset's version moves on, so the backlog is re-scored).
    """

    class Status(models.TextChoices):
        CANDIDATE = "candidate", "Candidate"
        ACTIVE = "active", "Active"
        RETIRED = "retired", "Was active"

    version = models.CharField(max_length=64, unique=True)
    sha256 = models.CharField(max_length=64)
    payload = models.BinaryField()
    manifest = models.JSONField(default=dict, help_text="Format, labels, serial and the card.")
    figures = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CANDIDATE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    activated_at = models.DateTimeField(null=True, blank=True)
    # What was in force when this one was activated: the rollback's target.
    replaced = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    replaced_version = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["status"], condition=models.Q(status="active"), name="one_active_model"
            )
        ]

    def __str__(self) -> str:
        return f"model {self.version} ({self.status})"

    @property
    def card(self) -> dict:
        return self.manifest.get("card", {})


class WarningEvent(models.Model):
    """How a member responded to a pre-send warning. Holds no draft text, only rule ids.

    One row per compose form (``draft_token``) that showed at least one warning. No outcome
    after a while means the member abandoned the draft.
    """

    class Outcome(models.TextChoices):
        EDITED = "edited", "Edited until clean"
        SENT_ANYWAY = "sent_anyway", "Sent anyway"

    class Kind(models.TextChoices):
        REQUEST_NOTE = "request_note", "Connection request note"
        MESSAGE = "message", "Message"

    draft_token = models.UUIDField(unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    rule_ids = models.JSONField(default=list)
    worst_action = models.CharField(max_length=8, choices=Action.choices)
    shown_at = models.DateTimeField(auto_now_add=True, db_index=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"warning {self.draft_token} ({self.outcome or 'open'})"


@receiver([post_save, post_delete], sender=RuleSetting)
def _rule_setting_changed(sender, **kwargs) -> None:
    """Every rule change bumps the ruleset version, so the sweep re-scores the backlog."""
    Ruleset.bump()


class NotificationsSeen(models.Model):
    """When a member last looked at their notifications: news after it is new to them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"notifications of {self.user_id} seen at {self.seen_at:%Y-%m-%d %H:%M}"
