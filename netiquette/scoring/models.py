"""Scoring's own storage: the MinHash bands that find one template sent to many people."""

from django.conf import settings
from django.db import models


class FingerprintBand(models.Model):
    """One LSH band of a message's or request note's MinHash signature (see ``fingerprints``).

    Two texts from the same sender that share enough band keys are near-identical: the same
    template with names, companies and numbers swapped. Rows are written once per item, as it
    is scored, and looked up by ``(sender, key)``.
    """

    class Kind(models.TextChoices):
        REQUEST = "request", "Connection request note"
        MESSAGE = "message", "Message"

    kind = models.CharField(max_length=8, choices=Kind.choices)
    item_id = models.BigIntegerField()
    # Ten rows per item are written on the scoring hot path, so no foreign-key checks and no
    # index of their own (the sender leads the lookup index; deleting a member, rare, scans):
    # the ORM still cascades when a member is deleted.
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    band = models.PositiveSmallIntegerField()
    key = models.BigIntegerField()

    class Meta:
        db_table = "netiquette_fingerprintband"  # created by the core before scoring had its app
        # Written once per item, when it is first scored (its row lock and ``scored_at`` see to
        # that), so no unique index by item: the one index serves the only lookup, and
        # ``copies_of`` recomputes an item's keys from its text.
        # The lookup takes the latest copies per (sender, key): item_id serves its ORDER BY.
        indexes = [
            models.Index(fields=["sender", "key", "item_id"], name="fingerprint_band_sender_key")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.item_id} band {self.band}"
