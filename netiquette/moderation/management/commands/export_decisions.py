"""``manage.py export_decisions [--since DATE] [--out FILE] [--signals FILE]``: moderators'
decisions as labelled data in the corpus format (``docs/corpus.md``, ``docs/etiquette.md``).

Each confirmed or dismissed review becomes one JSON line: its text, the context the scorer
gives it, its labels (confirmed: the flagged ones or the moderator's correction; dismissed:
none) and ``source: "decision:<review id>"``. Nothing else a member wrote is written: with
``--signals FILE``, members' reports, "mark safe"s and "I don't know"s go to their own file,
each with its kind, and only those on items a moderator decided carry a text.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime, time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from netiquette.moderation.selectors.training import decided_items, member_signals


def since_option(value: str | None) -> datetime | None:
    """``--since 2026-12-01`` (midnight, local time) or a full ISO date and time."""
    if not value:
        return None
    moment = parse_datetime(value)
    if moment is None:
        day = parse_date(value)
        if day is None:
            raise CommandError(f"--since {value!r} is not a date (YYYY-MM-DD) or a date and time")
        moment = datetime.combine(day, time.min)
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


class Command(BaseCommand):
    help = "Writes moderators' decisions as corpus lines (JSON lines) for training."

    def add_arguments(self, parser):
        parser.add_argument("--since", help="only decisions from this date (YYYY-MM-DD) on")
        parser.add_argument("--out", help="the file to write (default: standard output)")
        parser.add_argument(
            "--signals", help="also write members' signals (weaker evidence) to this file"
        )

    def handle(self, *args, since=None, out=None, signals=None, **options):
        moment = since_option(since)
        items = decided_items(since=moment)
        self._write(items, out)
        written = f"{len(items)} decided item(s)"
        if signals:
            rows = member_signals(since=moment, with_text=False)
            self._write(rows, signals)
            written += f"; {len(rows)} member signal(s) to {signals}"
        self.stderr.write(f"{written}" + (f" to {out}" if out else ""))

    def _write(self, rows, path) -> None:
        lines = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
        if path:
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(lines)
        else:
            sys.stdout.write(lines)
