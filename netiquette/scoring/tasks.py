"""Tasks of the scoring app: thin, named, taking ids; the work is in ``pipeline``.

Every scoring task is idempotent: it claims only items that are unscored or stale, so running
it twice (a redelivery after a lost worker, a sweep overlapping an on-commit task) scores
nothing twice and opens no second review.
"""

import logging

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import InterfaceError, OperationalError

from netiquette.scoring import pipeline as scoring

logger = logging.getLogger(__name__)

# Database hiccups are transient; anything else is a bug and must show in the logs.
_TRANSIENT = (OperationalError, InterfaceError)


@shared_task(name="netiquette.healthcheck")
def healthcheck() -> dict:
    """Proves a worker can reach the broker and the database: returns the member count."""
    return {"ok": True, "members": get_user_model().objects.count()}


# Fire and forget: nobody waits for its result, and a web process must not wait on a result
# store that is down when it enqueues.
@shared_task(
    name="netiquette.score_item",
    ignore_result=True,
    autoretry_for=_TRANSIENT,
    retry_backoff=True,
    max_retries=5,
)
def score_item(kind: str, pk: int) -> int:
    """Scores one freshly saved item (enqueued on commit); 0 when it is gone or already done."""
    return scoring.score_items(kind, [pk])


@shared_task(
    name="netiquette.score_range",
    autoretry_for=_TRANSIENT,
    retry_backoff=True,
    max_retries=5,
)
def score_range(kind: str, first_id: int, last_id: int) -> int:
    """Scores the unscored or stale items in an id range, batch by batch."""
    return scoring.score_range(kind, first_id, last_id)


def enqueue(kind: str, pk: int) -> None:
    """Sends a saved item's scoring task: the enqueuer ``ScoringConfig`` registers with
    ``netiquette.core.scoring_queue``. No publish retries: a web request must not wait on a dead
    broker (the caller logs the failure; the sweep catches up)."""
    score_item.apply_async((kind, pk), retry=False)


def queued_tasks() -> int:
    """Messages waiting in the default queue (0 when the broker cannot say, e.g. eager mode)."""
    from celery import current_app as app

    if app.conf.task_always_eager:
        return 0
    try:
        with app.connection_for_read() as conn:
            declared = conn.default_channel.queue_declare(
                queue=app.conf.task_default_queue, passive=True
            )
            return declared.message_count
    except Exception:
        return 0


@shared_task(name="netiquette.sweep_backlog")
def sweep_backlog() -> int:
    """Beat: hands every range holding unscored or stale items to the workers.

    While earlier work is still queued it hands out nothing, so a long backlog never piles up
    duplicates, and the ranges do not expire early, so workers never idle while items wait.
    (A range handed out twice costs one cheap scan: its rows are taken or done.)
    """
    waiting = queued_tasks()
    if waiting:
        logger.info("sweep skipped: %s tasks still queued", waiting)
        return 0
    ranges = scoring.sweep_ranges()
    for kind, first_id, last_id in ranges:
        score_range.apply_async((kind, first_id, last_id), expires=settings.SCORING_RANGE_EXPIRES)
    return len(ranges)


def rescore_in_process_when_eager(sender=None, **kwargs) -> None:
    """``ruleset_changed`` receiver. In the embedded mode (tasks run eagerly in the web
    process, no workers), a rule change re-scores the stale backlog in this process once the
    change is committed, instead of leaving every item waiting for workers that do not exist.
    With a broker, the beat sweep and the workers do it in the background."""
    from celery import current_app as app
    from django.db import transaction

    if not app.conf.task_always_eager:
        return
    transaction.on_commit(lambda: sweep_backlog.apply())
