"""The live checks' cache treats a value it cannot read as a miss (e.g. after a deploy moved
the class a value was pickled from), never as an error for the member typing."""

from __future__ import annotations

import pickle
import sys
import types

from django.core.cache import cache

from netiquette.core import live_cache


def test_a_value_pickled_from_a_class_that_moved_is_rebuilt(settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    gone = types.ModuleType("netiquette_module_that_moved")
    exec("class Relationship:\n    pass\n", gone.__dict__)
    sys.modules[gone.__name__] = gone
    gone.Relationship.__module__ = gone.__name__
    stale = pickle.dumps(gone.Relationship())
    del sys.modules[gone.__name__]
    key = "nq:live:test-moved"
    cache.set(key, "placeholder")
    cache._cache[cache.make_and_validate_key(key)] = stale  # what the old code left behind
    live_cache.local_cache().delete(key)

    assert live_cache.get_or_build(key, lambda: "rebuilt", shared_seconds=60) == "rebuilt"
    assert cache.get(key) == "rebuilt"
