"""Signal handlers of the moderation dashboard (connected on import from MessagingConfig)."""
