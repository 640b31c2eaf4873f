from django.apps import AppConfig


class ScoringConfig(AppConfig):
    """Scoring: contexts from stored history, batches, fingerprints, tasks, sweeps."""

    name = "netiquette.scoring"
    label = "scoring"
    verbose_name = "Scoring"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from netiquette.core.scoring_queue import register_enqueuer
        from netiquette.core.signals import ruleset_changed
        from netiquette.scoring.tasks import enqueue, rescore_in_process_when_eager

        # The lower floors schedule scoring through the core; this is who sends the task.
        register_enqueuer(enqueue)
        ruleset_changed.connect(
            rescore_in_process_when_eager, dispatch_uid="netiquette.scoring.rescore_when_eager"
        )
