"""Moderation's receivers: what the floors below announce, and its own bookkeeping."""

from django.db.models.signals import post_migrate, post_save
from django.dispatch import receiver

from netiquette.core.signals import item_reported
from netiquette.moderation.models import Report, Review
from netiquette.scoring.signals import items_flagged


@receiver(post_migrate, dispatch_uid="moderation_ensure_moderators_group")
def ensure_moderators(sender, app_config=None, **kwargs):
    """After moderation's migrations: the ``moderators`` group with ``moderation.moderate``."""
    if app_config is None or app_config.label != "moderation":
        return
    from netiquette.moderation.services import (
        ensure_moderators_group,
        protect_moderation_log,
    )

    ensure_moderators_group()
    protect_moderation_log(using=kwargs.get("using") or "default")


@receiver(post_save, sender=Review, dispatch_uid="moderation_review_opened")
def on_review_saved(sender, instance: Review, created: bool, raw: bool = False, **kwargs):
    if created and not raw:
        from netiquette.moderation.services import review_opened

        review_opened(review=instance)


@receiver(post_save, sender=Report, dispatch_uid="moderation_report_made")
def on_report_saved(sender, instance: Report, created: bool, raw: bool = False, **kwargs):
    if created and not raw:
        from netiquette.moderation.services import review_reported

        review_reported(report=instance)


@receiver(item_reported, dispatch_uid="moderation_item_reported")
def on_item_reported(sender, item, reporter, reason: str = "", **kwargs) -> bool:
    """A member reported a request or a message: record it (once per member) and open the
    item's review. Whether the report is new."""
    from netiquette.moderation.reviews import report_stored

    return report_stored(item=item, reporter=reporter, reason=reason)


@receiver(items_flagged, dispatch_uid="moderation_items_flagged")
def on_items_flagged(sender, flags, **kwargs) -> int:
    """A scoring batch flagged items: open their reviews together; how many were opened."""
    from netiquette.moderation.reviews import open_reviews

    return open_reviews(flags)
