"""Signal handlers of the moderation dashboard (connected on import from MessagingConfig)."""

from django.db.models.signals import post_migrate, post_save
from django.dispatch import receiver

from messaging.models import Report, Review


@receiver(post_migrate, dispatch_uid="moderation_ensure_moderators_group")
def ensure_moderators(sender, app_config=None, **kwargs):
    """After messaging's migrations: the ``moderators`` group with ``messaging.moderate``."""
    if app_config is None or app_config.label != "messaging":
        return
    from messaging.moderation.services import (
        ensure_moderators_group,
        protect_moderation_log,
    )

    ensure_moderators_group()
    protect_moderation_log(using=kwargs.get("using") or "default")


@receiver(post_save, sender=Review, dispatch_uid="moderation_review_opened")
def on_review_saved(sender, instance: Review, created: bool, raw: bool = False, **kwargs):
    if created and not raw:
        from messaging.moderation.services import review_opened

        review_opened(review=instance)


@receiver(post_save, sender=Report, dispatch_uid="moderation_report_made")
def on_report_saved(sender, instance: Report, created: bool, raw: bool = False, **kwargs):
    if created and not raw:
        from messaging.moderation.services import review_reported

        review_reported(report=instance)
