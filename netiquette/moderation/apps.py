from django.apps import AppConfig


class ModerationConfig(AppConfig):
    """Moderation: reports, reviews, decisions, the audit log and rule statistics."""

    name = "netiquette.moderation"
    label = "moderation"
    verbose_name = "Moderation"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from netiquette.moderation import (
            signals,  # noqa: F401  connects the receivers
            warnings,  # noqa: F401  registers its news
        )
