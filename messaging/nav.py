"""Navigation counters of the messaging app (registered in ``NAV_COUNTERS``)."""
