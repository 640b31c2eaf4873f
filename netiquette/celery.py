"""The Celery application, configured from Django settings (``CELERY_*`` names)."""

import logging
import os

from celery import Celery, bootsteps

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netiquette.settings")

logger = logging.getLogger(__name__)

app = Celery("netiquette")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


class SweepOnConnect(bootsteps.StartStopStep):
    """Each time a worker connects to the broker (at start, and again after Redis was down) it
    sends a backlog sweep, so what members sent meanwhile (stored unscored, its task lost) is
    scored as soon as the worker is back, not at beat's next tick."""

    requires = {"celery.worker.consumer.tasks:Tasks"}

    def start(self, consumer) -> None:
        from django.conf import settings

        from netiquette.scoring.tasks import sweep_backlog

        if not settings.SCORING_SWEEP_ON_CONNECT:
            return

        try:
            sweep_backlog.apply_async(expires=60)
        except Exception:  # the broker went away again: the next connect or beat sweeps
            logger.warning("could not send the catch-up sweep", exc_info=True)


app.steps["consumer"].add(SweepOnConnect)
