"""The moderators' review queue."""
