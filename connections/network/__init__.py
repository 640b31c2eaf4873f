"""A member's network: their connections (search, remove), blocks, and how they stand with
anyone else (connected, invited, invited by, blocked)."""
