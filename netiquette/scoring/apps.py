from django.apps import AppConfig


class ScoringConfig(AppConfig):
    """Scoring: contexts from stored history, batches, fingerprints, tasks, sweeps."""

    name = "netiquette.scoring"
    label = "scoring"
    verbose_name = "Scoring"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from netiquette.core.scoring_queue import register_enqueuer
        from netiquette.scoring.tasks import enqueue

        # The lower floors schedule scoring through the core; this is who sends the task.
        register_enqueuer(enqueue)
