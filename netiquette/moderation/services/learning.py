"""The engine learns from its moderators: candidate models trained on their decisions, and the
audited switch between models.

- ``model_candidate_train`` (``manage.py retrain``): trains a candidate on the corpus' train
  split plus the decided items (and members' signals, weaker), judges it beside the live model
  on the validation split and on the most recent decisions held back from training, and
  stores it. It never activates anything.
- ``model_activate`` / ``model_rollback``: a moderator's decision, with its audit-log row in the
  same transaction. The ruleset's version moves on (every process picks the model up with the
  new version, and the backlog scored before is stale), and after commit a sweep is started so
  the workers re-score it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from netiquette.core import rule_settings
from netiquette.core.models import Ruleset, TrainedModel
from netiquette.etiquette import Context, candidates, learned, model_version, train
from netiquette.etiquette.evaluate import Item, read_corpus
from netiquette.moderation.models import ModerationLog
from netiquette.moderation.selectors.training import decided_items, member_signals
from netiquette.moderation.services.decision_terms import ReviewConflict, User, display_name

logger = logging.getLogger(__name__)
Progress = Callable[[str], None]


class ModelConflict(ReviewConflict):
    """The switch cannot be made as asked (already active, nothing to roll back to, …)."""


# --- training -------------------------------------------------------------------------------


def _corpus(split: str, corpus_dir: Path) -> list[Item]:
    with open(corpus_dir / f"{split}.jsonl", encoding="utf-8") as handle:
        return read_corpus(handle, split)


def _every(items: list[Item], count: int | None) -> list[Item]:
    """A deterministic sample of ``count`` items spread over the list (all when None)."""
    if count is None or count >= len(items):
        return items
    step = len(items) / count
    return [items[int(i * step)] for i in range(count)]


def _as_item(row: dict[str, Any]) -> Item:
    return Item(
        item_id=row["source"],
        kind=row["kind"],
        text=row.get("text") or "",
        context=Context.from_dict(row.get("context")),
        labels=frozenset(row.get("labels") or ()),
    )


def model_candidate_train(
    *,
    created_by=None,
    sample: int | None = None,
    c_grid: Sequence[float] = train.C_GRID,
    seed: int = 12,
    since: datetime | None = None,
    with_member_signals: bool = True,
    corpus_dir: Path = train.CORPUS_DIR,
    progress: Progress = lambda line: None,
) -> TrainedModel:
    """Trains, judges and stores a candidate (status ``candidate``). ``sample``: train on that
    many corpus items (and validate on half as many) instead of the whole splits, for tests and
    quick looks; the figures say so."""
    progress("reading the corpus' train and validation splits")
    corpus_train = _every(_corpus("train", corpus_dir), sample)
    validation = _every(_corpus("validation", corpus_dir), sample // 2 if sample else None)
    progress("reading the moderators' decisions")
    decisions = [_as_item(row) for row in decided_items(since=since)]
    to_train, held_back = candidates.split_recent(decisions)
    signals: list[Item] = []
    if with_member_signals:
        progress("reading members' signals (weaker evidence)")
        # Items a moderator decided are in the decisions already, at full weight.
        signals = [
            _as_item(s)
            for s in member_signals(since=since, with_text=True)
            if not s["decided"] and s.get("text")
        ]
    number = (TrainedModel.objects.aggregate(n=Max("id"))["n"] or 0) + 1
    live = rule_settings.current_rule_settings().model or learned.default_model()
    payload, manifest = candidates.train_candidate(
        corpus_train,
        validation,
        decisions=to_train,
        signals=signals,
        seed=seed,
        c_grid=c_grid,
        version=f"t{number}",
        serial=number,
        card={
            "trained_on": f"{corpus_dir.name}/train.jsonl + moderators' decisions",
            "sample": sample,
            "held_back_decisions": len(held_back),
            "decisions_since": since.isoformat() if since else None,
            "live_model": live.version,
        },
        progress=progress,
    )
    candidate = learned.load_bytes(payload, manifest)
    figures = candidates.figures(
        {"candidate": candidate, "live": live}, validation, held_back, progress=progress
    )
    figures["live_version"] = live.version
    progress("storing the candidate")
    return TrainedModel.objects.create(
        version=manifest["version"],
        sha256=manifest["sha256"],
        payload=payload,
        manifest=json.loads(json.dumps(manifest)),
        figures=figures,
        created_by=created_by,
    )


# --- activating and rolling back ------------------------------------------------------------


def _log(moderator, action: str, *, item: str, reason: str, details: dict) -> ModerationLog:
    return ModerationLog.objects.create(
        review=None,
        item=item[:40],
        moderator=moderator,
        moderator_name=display_name(User.objects.filter(pk=moderator.pk).first())[:150],
        action=action,
        reason=(reason or "").strip()[:1000],
        details=details,
    )


def _rescore_after_commit() -> None:
    """The backlog is stale under the new version: start a sweep now rather than at the next
    beat. (In the embedded mode the scoring app re-scores in process on ``ruleset_changed``.)"""
    from celery import current_app

    from netiquette.scoring.tasks import sweep_backlog

    if current_app.conf.task_always_eager:
        return

    def sweep() -> None:
        try:
            sweep_backlog.apply_async(retry=False)
        except Exception:  # the broker is down: the beat sweep catches up when it returns
            logger.warning("could not start the re-score sweep; the beat sweep will")

    transaction.on_commit(sweep)


def _switch(*, to: TrainedModel | None, version: str) -> int:
    """Puts ``to`` (None: the committed file, ``version``) in force; the next version."""
    new_version = Ruleset.bump(model=version)
    Ruleset.objects.filter(pk=1).update(trained_model=to)  # ``bump`` keeps its row at pk 1
    _rescore_after_commit()
    return new_version


def _in_force() -> tuple[TrainedModel | None, str]:
    Ruleset.objects.get_or_create(pk=1)
    ruleset = Ruleset.objects.select_for_update().order_by("pk").first()
    current = (
        TrainedModel.objects.select_for_update().filter(pk=ruleset.trained_model_id).first()
        if ruleset.trained_model_id
        else None
    )
    return current, ruleset.model or model_version()


@transaction.atomic
def model_activate(*, model_id: int, moderator, reason: str = "") -> TrainedModel:
    """Puts a stored model in force (audited); the one it replaces is the rollback's target."""
    current, current_version = _in_force()
    model = TrainedModel.objects.select_for_update().filter(pk=model_id).first()
    if model is None:
        raise ModelConflict("This model no longer exists.")
    if model.status == TrainedModel.Status.ACTIVE:
        raise ModelConflict(f"Model {model.version} is already in force. Nothing was changed.")
    try:
        learned.load_bytes(bytes(model.payload), model.manifest)
    except learned.ModelError as error:
        raise ModelConflict(f"Model {model.version} cannot be loaded: {error}") from error
    now = timezone.now()
    if current is not None:
        current.status = TrainedModel.Status.RETIRED
        current.save(update_fields=["status"])
    model.status = TrainedModel.Status.ACTIVE
    model.activated_at = now
    model.replaced = current
    model.replaced_version = current_version
    model.save(update_fields=["status", "activated_at", "replaced", "replaced_version"])
    new_version = _switch(to=model, version=model.version)
    _log(
        moderator,
        ModerationLog.Action.ACTIVATED,
        item=f"model {model.version}",
        reason=reason,
        details={
            "model": model.version,
            "replaced": current_version,
            "ruleset_version": new_version,
        },
    )
    return model


@transaction.atomic
def model_rollback(*, moderator, reason: str = "") -> str:
    """Puts back the model the one in force replaced (a stored one, or the committed file);
    audited like an activation. Returns the version now in force."""
    current, current_version = _in_force()
    if current is None:
        raise ModelConflict(
            "The committed model is in force: there is no earlier model to roll back to."
        )
    target = (
        TrainedModel.objects.select_for_update().filter(pk=current.replaced_id).first()
        if current.replaced_id
        else None
    )
    current.status = TrainedModel.Status.RETIRED
    current.save(update_fields=["status"])
    if target is not None:
        target.status = TrainedModel.Status.ACTIVE
        target.activated_at = timezone.now()
        target.save(update_fields=["status", "activated_at"])
        version = target.version
    else:
        version = model_version()  # the committed file shipped with this code
    new_version = _switch(to=target, version=version)
    _log(
        moderator,
        ModerationLog.Action.ROLLED_BACK,
        item=f"model {version}",
        reason=reason,
        details={"model": version, "replaced": current_version, "ruleset_version": new_version},
    )
    return version
