"""The engine's rule settings as stored in the database (enabled, weights, extra phrases).

``current_rule_settings()`` is what sends re-check and workers score with; its version is
the ruleset's, which a new model of the engine's learned layer moves on too (the workers call
it with ``adopt_model=True``), so a new model re-scores the backlog like any rule change;
``live_rule_settings()`` is the same, re-read at most every few seconds per process, for the
live checks that run at every typing pause. ``Ruleset.bump()`` makes it forget the live copy
(``ruleset_changed``).
"""

from __future__ import annotations

import logging
import time

from django.db import transaction
from django.dispatch import receiver

from netiquette.core.signals import ruleset_changed
from netiquette.etiquette import RuleSettings, learned, model_version

logger = logging.getLogger(__name__)

_settings_cache: dict[int, RuleSettings] = {}


def current_rule_settings(*, adopt_model: bool = False) -> RuleSettings:
    """The rule settings in force (enabled, weights, extra phrases) with their version.

    One tiny query for the version; the settings themselves are rebuilt only when it changes.
    ``adopt_model`` (the scoring workers and the sweep): when this process runs a newer model
    of the engine's learned layer than the ruleset was set for, bump the version first, so
    the backlog is re-scored with it. The live checks and sends never write: a draft judged
    by the new model before a worker adopted it is stamped with the old version and simply
    re-scored.
    """
    from netiquette.core.models import Ruleset, RuleSetting  # models load after this module

    version, model_in_force, trained_id = Ruleset.in_force()
    # A model a moderator activated stays in force until a moderator changes it: a deploy
    # shipping a newer committed file does not replace it behind their back.
    if adopt_model and trained_id is None:
        engine_model = model_version()
        if model_in_force != engine_model and _newer(engine_model, model_in_force):
            Ruleset.adopt_model(engine_model, seen=model_in_force)
            version, model_in_force, trained_id = Ruleset.in_force()
    cached = _settings_cache.get(version)
    if cached is not None:
        return cached
    disabled, weights, phrases = set(), {}, {}
    for rule in RuleSetting.objects.all():
        if not rule.enabled:
            disabled.add(rule.rule_id)
        if rule.weight is not None:
            weights[rule.rule_id] = rule.weight
        extra = tuple(p.strip() for p in rule.extra_phrases.splitlines() if p.strip())
        if extra:
            phrases[rule.rule_id] = extra
    built = RuleSettings(
        version=version,
        disabled=frozenset(disabled),
        weights=weights,
        extra_phrases=phrases,
        model=trained_model(trained_id) if trained_id else None,
    )
    _settings_cache.clear()
    _settings_cache[version] = built
    return built


_trained_models: dict[int, object] = {}


def trained_model(pk: int):
    """The activated model ``pk`` (a ``TrainedModel`` row), loaded once per process and
    checked against its sha256; the committed model (``None``) if it cannot be loaded."""
    from netiquette.core.models import TrainedModel

    if pk in _trained_models:
        return _trained_models[pk]
    row = TrainedModel.objects.filter(pk=pk).values_list("payload", "manifest").first()
    model = None
    if row is None:
        logger.error("the activated model %s is gone; scoring with the committed model", pk)
    else:
        try:
            model = learned.load_bytes(bytes(row[0]), row[1])
        except (learned.ModelError, OSError, ValueError, KeyError):
            logger.exception("the activated model %s cannot be loaded; using the committed", pk)
    _trained_models.clear()  # one activated model at a time is enough to keep
    _trained_models[pk] = model
    return model


def _serial(model: str) -> int:
    """A model version is ``<serial>-<sha256 prefix>``; the serial grows with every model."""
    head, _, _ = model.partition("-")
    return int(head) if head.isdigit() else -1


def _newer(engine_model: str, model_in_force: str) -> bool:
    """Does this process run a newer model than the ruleset was set for? An older one (a
    worker not yet upgraded, in a rolling deploy) must not move the version back and forth:
    it keeps scoring under the current version until it is replaced. A rollback ships the old
    weights under a new serial."""
    return _serial(engine_model) >= _serial(model_in_force)


# The live checks re-read the ruleset version at most this often per process: a rule change
# reaches the warnings shown while typing within seconds, and the send re-check at once.
LIVE_SETTINGS_SECONDS = 5
_live_settings: list = [0.0, None]  # [valid until (time.monotonic()), RuleSettings]


def live_rule_settings() -> RuleSettings:
    """``current_rule_settings()`` for the live checks, kept in this process for a few seconds.

    The same object is returned while it is fresh, so the engine's plan for it stays cached.
    """
    until, settings = _live_settings
    if settings is not None and time.monotonic() < until:
        return settings
    settings = current_rule_settings()
    _live_settings[:] = [time.monotonic() + LIVE_SETTINGS_SECONDS, settings]
    return settings


def forget_live_rule_settings() -> None:
    """A rule changed in this process: its next live check reads the settings afresh."""
    _live_settings[:] = [0.0, None]


@receiver(ruleset_changed, dispatch_uid="rule_settings_forget_live")
def _ruleset_changed(sender, **kwargs) -> None:
    forget_live_rule_settings()
    transaction.on_commit(forget_live_rule_settings)
