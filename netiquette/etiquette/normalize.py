"""Fold a draft into the form the rules match, keeping a map back to the original text.

Spammers dodge word lists with odd Unicode and spacing: fullwidth or mathematical letters,
Cyrillic and Greek look-alikes, zero-width characters, digits for letters ("c0aches"), and
letters spaced out ("W h a t s A p p", "w-h-a-t-s-a-p-p"). The rules match the folded text;
``Normalized.span`` turns a span of the folded text back into a span of the original, so
evidence always highlights the words the member actually typed.

Every step runs in time linear in the text: ASCII runs are copied wholesale, only non-ASCII
characters are folded one by one (with a cache), and the two rewriting patterns below are
simple loops without nested quantifiers.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["Normalized", "normalize"]

# Look-alikes that NFKC leaves alone (Cyrillic, Greek) folded to the Latin letter they imitate.
_HOMOGLYPHS = {
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o",
    "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i",
    "ј": "j", "ԁ": "d", "һ": "h", "ӏ": "l", "ɡ": "g", "α": "a", "β": "b", "ε": "e",
    "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u",
    "χ": "x", "ω": "w", "ς": "s", "ł": "l", "ø": "o", "đ": "d", "ı": "i",
}  # fmt: skip

# Digits and symbols used for letters, undone only inside words that mix them with letters.
_LEET_TABLE = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t",
                       "@": "a", "$": "s", "!": "i", "|": "l"})  # fmt: skip

# A word with letters on both sides of a digit/symbol run: "c0aches", "h!gh", "wh@tsapp".
# Single letters spaced out by one or two separators, at least four of them: "w h a t s a p p".
_LEET = re.compile(r"(?<![\w@$!|])[a-z]+(?:[0134578@$!|]+[a-z]+)+")
_SPACED = re.compile(r"(?<![a-z0-9])[a-z](?:[ .\-_*/]{1,2}[a-z](?![a-z0-9])){3,}")
# Cheap prefilters: the combined pattern above only runs when one of these finds a hint.
# A letter, digits or symbols, a letter: led by the (rare) digit or symbol, so the regex engine
# skips ahead to one, and only there looks back for the letter before it.
_LEET_HINT = re.compile(r"[0134578@$!|](?<=[a-z].)[0134578@$!|]*[a-z]")
# Four single letters in a row, each followed by one or two separators (no look-behind, so the
# regex engine can skip ahead cheaply); the exact pattern above then decides.
# Led by the character before the run (searched in " " + text), so the regex engine can skip
# ahead on its first character instead of trying every letter.
_SPACED_HINT = re.compile(
    r"[^a-z0-9][a-z][ .\-_*/]{1,2}[a-z][ .\-_*/]{1,2}[a-z][ .\-_*/]{1,2}[a-z]"
)
# Two single letters between separators, which every spaced-out run has ("w h a t" has " h a
# "): led by a separator, so cheaper to rule out than the hint above, which it comes before.
_SPACED_PAIR = re.compile(r"[ .\-_*/][a-z][ .\-_*/][ .\-_*/]?[a-z][ .\-_*/]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")

_fold_cache: dict[str, str] = {}


def _fold_char(char: str) -> str:
    """One non-ASCII character folded: NFKC, casefold, accents dropped, look-alikes mapped."""
    folded = _fold_cache.get(char)
    if folded is not None:
        return folded
    if unicodedata.category(char) == "Cf":  # zero-width and other invisible format characters
        folded = ""
    else:
        pieces = []
        for part in unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", char).casefold()):
            if unicodedata.category(part) == "Mn":  # combining accents and variation selectors
                continue
            pieces.append(_HOMOGLYPHS.get(part, part))
        folded = "".join(pieces)
    if len(_fold_cache) < 50_000:
        _fold_cache[char] = folded
    return folded


class Normalized:
    """The original text, its folded form, and where each folded character came from.

    A plain slotted class rather than a frozen dataclass: one is built per draft, and the
    frozen dataclass's ``__init__`` costs more than the rest of the fast path.
    """

    __slots__ = ("offsets", "original", "text")

    def __init__(self, original: str, text: str, offsets: list[int] | None) -> None:
        self.original = original
        self.text = text
        # offsets[i] is the index in ``original`` of folded character i; None: they coincide.
        self.offsets = offsets

    def __repr__(self) -> str:
        return f"Normalized(text={self.text!r})"

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that folded[start:end] came from."""
        if self.offsets is None:
            return (start, end)
        if end <= start:
            origin = self.offsets[start] if start < len(self.offsets) else len(self.original)
            return (origin, origin)
        return (self.offsets[start], self.offsets[end - 1] + 1)


def _unicode_fold(text: str) -> tuple[str, list[int] | None]:
    if text.isascii():
        return text.lower(), None
    # Most texts have a few dashes, emoji or accents, each folded to one character: the
    # offsets are then unchanged and need not be built.
    pieces = []
    cursor = 0
    cache_get = _fold_cache.get
    for run in _NON_ASCII.finditer(text):
        start, end = run.span()
        pieces.append(text[cursor:start].lower())
        for char in run.group():
            folded = cache_get(char)
            if folded is None:
                folded = _fold_char(char)
            if len(folded) != 1:
                return _fold_with_offsets(text)
            pieces.append(folded)
        cursor = end
    pieces.append(text[cursor:].lower())
    return "".join(pieces), None


def _fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """The folded text when some character folds to none or several, with the offset map."""
    out: list[str] = []
    offsets: list[int] = []
    cursor = 0
    for run in _NON_ASCII.finditer(text):
        start, end = run.span()
        out.append(text[cursor:start].lower())
        offsets.extend(range(cursor, start))
        for index in range(start, end):
            folded = _fold_char(text[index])
            out.append(folded)
            offsets.extend([index] * len(folded))
        cursor = end
    out.append(text[cursor:].lower())
    offsets.extend(range(cursor, len(text)))
    return "".join(out), offsets


def _rewrite(text: str, offsets: list[int] | None) -> tuple[str, list[int] | None]:
    """Undo leetspeak (same length, offsets unchanged) and join spaced-out letters (shorter)."""
    if _LEET_HINT.search(text) is not None:
        text = _LEET.sub(_unleet, text)
    if _SPACED_PAIR.search(text) is None or _SPACED_HINT.search(" " + text) is None:
        return text, offsets
    if offsets is None:
        offsets = list(range(len(text)))
    out: list[str] = []
    new_offsets: list[int] = []
    cursor = 0
    for match in _SPACED.finditer(text):
        start, end = match.span()
        out.append(text[cursor:start])
        new_offsets.extend(offsets[cursor:start])
        for index in range(start, end):
            char = text[index]
            if "a" <= char <= "z":
                out.append(char)
                new_offsets.append(offsets[index])
        cursor = end
    out.append(text[cursor:])
    new_offsets.extend(offsets[cursor:])
    return "".join(out), new_offsets


def _unleet(match: re.Match[str]) -> str:
    return match.group().translate(_LEET_TABLE)


def normalize(text: str) -> Normalized:
    """Fold ``text`` for matching; see the module docstring for what is folded."""
    folded, offsets = _unicode_fold(text)
    folded, offsets = _rewrite(folded, offsets)
    if offsets is not None:
        offsets.append(len(text))  # sentinel: the end of the original
    return Normalized(text, folded, offsets)
