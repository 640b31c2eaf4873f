"""Navigation counters of the connections app (registered in ``NAV_COUNTERS``)."""
