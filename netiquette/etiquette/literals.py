"""The plain text a regex cannot match without, read from its parse tree.

``required_literals(regex)`` returns a tuple of *requirements*: sets of strings such that every
match of the regex contains at least one string of each set. ``r"(?:thanks|thank you) for
(?:the|your) offer"`` requires one of "thanks for the offer", "thank you for your offer", …;
``r"(?:we|i) (?:co-?wrote|collaborated)"`` requires one of "co-wrote", "cowrote",
"collaborated". The prefilter (``signals``) tries a pattern only when every one of its
requirements occurs in the draft, so most patterns are never run on a draft that could not
match them.

Only what a match *consumes* is read: look-arounds, ``\\b``, classes, repeats that may be
empty and anything case-insensitive end a run of plain text and add nothing. A requirement is
kept only when all its strings have at least ``MIN_LENGTH`` characters (shorter ones occur in
nearly every text and would filter nothing). Runs that would fan out into more than
``MAX_VARIANTS`` strings are cut, so the sets stay small.
"""

from __future__ import annotations

import re
import re._constants as _sre
import re._parser as _parser

__all__ = ["required_literals"]

MIN_LENGTH = 3
MAX_VARIANTS = 24
_REPEATS = tuple(
    op
    for op in (
        _sre.MAX_REPEAT,
        _sre.MIN_REPEAT,
        getattr(_sre, "POSSESSIVE_REPEAT", None),
    )
    if op is not None
)

Requirement = frozenset[str]


def required_literals(regex: str) -> tuple[Requirement, ...]:
    """Sets of strings, one of each of which every match of ``regex`` contains (may be empty)."""
    try:
        tree = _parser.parse(regex)
    except (re.error, OverflowError, RecursionError):
        return ()
    if tree.state.flags & (re.IGNORECASE | re.VERBOSE):
        return ()
    return tuple(dict.fromkeys(_sequence(tree)))  # in order, without repeats


def _sequence(items) -> list[Requirement]:
    """The requirements of a sequence of parse items (every item is matched, in order)."""
    found: list[Requirement] = []
    run: set[str] = {""}  # the plain text matched just before the current item, in each variant

    def flush() -> None:
        nonlocal run
        if run and min(len(v) for v in run) >= MIN_LENGTH:
            found.append(frozenset(run))
        run = {""}

    for op, value in items:
        options = _plain(op, value)
        if options is not None:
            longer = {before + option for before in run for option in options}
            if len(longer) <= MAX_VARIANTS:
                run = longer
                continue
            flush()
            run = set(options)  # too many variants: start a new run with this item
            continue
        flush()
        if op is _sre.SUBPATTERN:
            _, add_flags, _, body = value
            if not add_flags & re.IGNORECASE:
                found.extend(_sequence(body))
        elif op is _sre.BRANCH:
            either = _either(value[1])
            if either is not None:
                found.append(either)
        elif op in _REPEATS and value[0] >= 1:
            found.extend(_sequence(value[2]))  # the body is matched at least once
    flush()
    return found


def _either(branches) -> Requirement | None:
    """A branch requires one string of the best requirement of each of its options."""
    union: set[str] = set()
    for branch in branches:
        requirements = _sequence(branch)
        if not requirements:
            return None  # this option needs no plain text: the branch requires nothing
        union |= max(requirements, key=lambda r: (min(len(s) for s in r), -len(r)))
    return frozenset(union) if len(union) <= 4 * MAX_VARIANTS else None


def _plain(op, value) -> set[str] | None:
    """The strings one parse item matches when it is plain text (with small choices), or None."""
    if op is _sre.LITERAL:
        return {chr(value)}
    if op is _sre.IN:
        if len(value) <= 4 and all(kind is _sre.LITERAL for kind, _ in value):
            return {chr(code) for _, code in value}
        return None
    if op is _sre.SUBPATTERN:
        _, add_flags, _, body = value
        return None if add_flags & re.IGNORECASE else _plain_sequence(body)
    if op is _sre.BRANCH:
        options: set[str] = set()
        for branch in value[1]:
            strings = _plain_sequence(branch)
            if strings is None:
                return None
            options |= strings
        return options if len(options) <= MAX_VARIANTS else None
    if op in _REPEATS and value[0] == 0 and value[1] == 1:  # optional plain text: "-?"
        strings = _plain_sequence(value[2])
        return None if strings is None else strings | {""}
    return None


def _plain_sequence(items) -> set[str] | None:
    variants = {""}
    for op, value in items:
        options = _plain(op, value)
        if options is None:
            return None
        variants = {before + option for before in variants for option in options}
        if len(variants) > MAX_VARIANTS:
            return None
    return variants
