"""What the rules look at: the folded text plus facts shared by several rule families.

``Analysis`` is built once per draft. Shared signals (is this a reply to something the
recipient asked for? does a recruiter name a concrete role?) are computed lazily and cached,
so a rule family pays only for what it asks. Patterns are written for the normalised text:
lower case, folded Unicode, spaced-out letters joined, leetspeak undone.

Why one long module: ``Analysis`` is the one object every family reads; splitting its lazily
cached signals across modules would hide which facts the families share.
"""

from __future__ import annotations

import re
import re._constants as _sre
import re._parser as _parser
from collections import defaultdict
from functools import reduce
from operator import or_
from typing import Any, NamedTuple

import ahocorasick

from netiquette.etiquette.literals import required_literals
from netiquette.etiquette.normalize import Normalized, normalize

# Text-speak spellings people really use.
YOU = r"(?:you|u|ya|yu)"
YOUR = r"(?:your|ur|yr|yours)"
PLEASE = r"(?:please|pls|plz|kindly)"


class Anchored(NamedTuple):
    """An alternative with the literals (one of which every match contains) given by hand."""

    regex: str
    anchors: tuple[str, ...]


def A(regex: str, *anchors: str) -> Anchored:
    return Anchored(regex, anchors)


class Family:
    """A family of phrase patterns, searched behind an Aho-Corasick prefilter.

    Each alternative is compiled on its own. The plain text it cannot match without goes into
    one automaton shared by every family: its *anchor* (a run of plain characters, or a set of
    plain options, derived from the regex and chosen as the rarest in a sample of messages; or
    given by hand with ``A()``) and every other literal the regex requires
    (``literals.required_literals``). A draft is scanned once by the automaton; a family then
    runs only the alternatives whose required literals all occur, plus the few that have no
    anchor. The answer is the same as searching the whole alternation: the earliest match wins
    (``tests/etiquette/test_prefilter.py`` checks it).
    """

    def __init__(self, alternatives: tuple[str | Anchored, ...]) -> None:
        sources = tuple(a.regex if isinstance(a, Anchored) else a for a in alternatives)
        self.alternatives = sources
        self.regex = re.compile(r"(?<![\w])(?:" + "|".join(sources) + r")")
        ids = []
        always = []
        for given in alternatives:
            alternative = given.regex if isinstance(given, Anchored) else given
            index = len(_ALT_REGEXES)
            # No leading look-behind: it would stop the regex engine's literal-prefix scan;
            # the word start is checked in ``_search_word_start`` instead.
            _ALT_REGEXES.append(re.compile(r"(?:" + alternative + r")"))
            _ALT_WINDOW.append(_window(alternative))
            required = required_literals(alternative)
            if isinstance(given, Anchored):
                anchors, at_start = frozenset(given.anchors), False
                _ALT_OPTIONS.append(None)
                required = (*required, anchors)  # given by hand: the author vouches for them
            else:
                anchors, at_start = _anchors(alternative)
                _ALT_OPTIONS.append(_anchor_options(alternative))
            _ALT_ANCHORS.append(anchors)
            _ALT_AT_START.append(at_start)
            _ALT_REQUIRED.append(required)
            (ids if anchors else always).append(index)
        self.ids = frozenset(ids)
        self.always = tuple(always)
        # Filled in when the prefilter is built (``_prefilter``): the literals (automaton keys)
        # one of which must occur for any anchored alternative to match, and which
        # alternatives each of them leads to.
        self.gate: frozenset[int] = frozenset()
        self.by_literal: dict[int, tuple[int, ...]] = {}
        # This family's bit in ``Analysis.live``: set when one of the ``gate`` literals occurs.
        self.bit = 1 << len(FAMILIES)
        FAMILIES.append(self)

    # re.Pattern-like API over the whole alternation, for callers with a plain string
    def search(self, text: str, pos: int = 0, endpos: int | None = None):
        return self.regex.search(text, pos, len(text) if endpos is None else endpos)

    def finditer(self, text: str):
        return self.regex.finditer(text)

    def gate_bit(self) -> int:
        """The bit ``Analysis.live`` has set for any draft this family can match."""
        _prefilter()
        return self.bit

    def candidates(self, present: set[int]) -> list[int]:
        """The alternatives that may match a draft in which the ``present`` literals occur."""
        leads = self.gate.intersection(present)
        found: list[int] = []
        for key in leads:
            for index in self.by_literal[key]:
                for requirement in _ALT_NEEDS[index]:
                    if requirement.isdisjoint(present):
                        break
                else:
                    found.append(index)
        if len(leads) > 1:
            found = list(dict.fromkeys(found))  # an alternative led to by two of its literals
        if self.always:
            found.extend(self.always)
        return found

    def find_each(self, analysis: Analysis) -> list[tuple[int, int]]:
        """The first match of each alternative that matches, in text order."""
        spans = []
        for index in self.candidates(analysis.present()):
            match = _first_match(index, analysis)
            if match is not None:
                spans.append(match.span())
        return sorted(spans)

    def find(self, analysis: Analysis) -> tuple[int, int] | None:
        present = analysis._present
        if present is None:
            present = analysis.present()
        if not analysis.live & self.bit and not self.always:
            return None  # the common case: no literal that leads to this family occurs
        best: tuple[int, int] | None = None
        best_rank = 0
        if analysis.short:
            text = analysis.text
            for index in self.candidates(present):
                # The first match that starts a word (not preceded by a letter, digit or "_").
                regex = _ALT_REGEXES[index]
                match = regex.search(text)
                while match is not None:
                    start = match.start()
                    if start == 0:
                        break
                    before = text[start - 1]
                    if not (before.isalnum() or before == "_"):
                        break
                    match = regex.search(text, start + 1)
                if match is None:
                    continue
                # The earliest start wins; at the same start, the alternative that comes first
                # (anchored ones before those without an anchor).
                rank = _ALT_RANK[index]
                if best is None or start < best[0] or (start == best[0] and rank < best_rank):
                    best, best_rank = match.span(), rank
            return best
        for index in self.candidates(present):
            # Windows that begin after the best start so far cannot hold a better match.
            match = _first_match(index, analysis, len(analysis.text) if best is None else best[0])
            if match is not None:
                start, rank = match.start(), _ALT_RANK[index]
                if best is None or start < best[0] or (start == best[0] and rank < best_rank):
                    best, best_rank = match.span(), rank
        return best


# In long texts an alternative is only searched within this many characters of an occurrence
# of its anchor, so the work stays proportional to the text, not to text × patterns.
WINDOW = 160
# Below this length one scan of the whole text is cheaper than visiting anchor occurrences.
LONG_TEXT = 400


def _first_match(index: int, analysis: Analysis, limit: int | None = None):
    """The first match of alternative ``index`` that starts a word, or None.

    With a ``limit``, long texts are not searched where every match would start after it (the
    caller only wants a match that starts no later): None then means none starts by ``limit``.
    """
    text = analysis.text
    if len(text) <= LONG_TEXT or not _ALT_ANCHORS[index]:
        return _search_word_start(_ALT_REGEXES[index], text)  # one scan in C
    if limit is None:
        limit = len(text)
    if _ALT_AT_START[index]:
        return _match_at_anchors(index, text, analysis.anchor_starts(index), limit)
    return _search_near_anchors(index, text, analysis.anchor_ends(index), limit)


def _match_at_anchors(index: int, text: str, starts: list[int], limit: int):
    """The alternative begins with its anchor: try it only where the anchor starts a word."""
    regex = _ALT_REGEXES[index]
    for start in starts:
        if start > limit:
            return None
        if start:
            before = text[start - 1]
            if before.isalnum() or before == "_":
                continue
        match = regex.match(text, start)
        if match is not None:
            return match
    return None


def _search_near_anchors(index: int, text: str, ends: list[int], limit: int):
    """Search the merged windows around each anchor occurrence, in order."""
    regex = _ALT_REGEXES[index]
    size = len(text)
    window = _ALT_WINDOW[index]
    low = high = -1
    for end in ends:
        start = end - window if end > window else 0
        stop = end + window if end + window < size else size
        if start <= high:
            high = stop
            continue
        if high > 0:
            match = _search_word_start(regex, text, low, high)
            if match is not None:
                return match
        if start > limit:
            return None
        low, high = start, stop
    if high > 0:
        return _search_word_start(regex, text, low, high)
    return None


def _window(alternative: str) -> int:
    """The longest match an alternative can make; unbounded ones (\\s+, \\w+) get WINDOW."""
    try:
        longest = _parser.parse(alternative).getwidth()[1]
    except (re.error, OverflowError):
        return WINDOW
    return max(8, min(int(longest), WINDOW))


def _search_word_start(regex: re.Pattern[str], text: str, pos: int = 0, endpos: int = -1):
    """The first match that starts a word (not preceded by a letter, digit or underscore)."""
    if endpos < 0:
        endpos = len(text)
    while True:
        match = regex.search(text, pos, endpos)
        if match is None:
            return None
        start = match.start()
        if start == 0:
            return match
        before = text[start - 1]
        if not (before.isalnum() or before == "_"):
            return match
        pos = start + 1


FAMILIES: list[Family] = []  # every family, for the prefilter's own tests
_ALT_REGEXES: list[re.Pattern[str]] = []
_ALT_WINDOW: list[int] = []  # how far from its anchor a match of the alternative can reach
_ALT_ANCHORS: list[frozenset[str] | None] = []
_ALT_AT_START: list[bool] = []  # the anchor is where every match of the alternative begins
_KEY_LEN: dict[int, int] = {}
# Every valid anchor choice of an alternative (None: given by hand); the final choice is made
# once, when the automaton is built, by how often each occurs in the rules' own examples.
_ALT_OPTIONS: list[list[tuple[frozenset[str], bool]] | None] = []
_ALT_KEYS: dict[int, tuple[int, ...]] = {}  # alternative → ids of its anchors
# Sets of literals every match of the alternative contains one of each of (its anchor among
# them once chosen); as ids, the requirements that must all occur before it is tried.
_ALT_REQUIRED: list[tuple[frozenset[str], ...]] = []
_ALT_NEEDS: list[tuple[frozenset[int], ...]] = []  # as automaton keys, besides the leading one
# Which alternative wins when two match at the same start: the one listed first, anchored
# alternatives before those without an anchor (the order they were always tried in).
_ALT_RANK: list[int] = []
_KEY_FAMILIES: list[int] = []  # literal (automaton key) → the bits of the families it leads to
_automaton_state: dict[str, Any] = {}
# A requirement checked besides the leading one must be this rare (``_literal_cost``).
RARE = 40
CHECKED_REQUIREMENTS = 2


def _literal_prefixes(branches) -> list[str] | None:
    """Each option's leading plain characters (a small character class fans out), or None."""
    options: list[str] = []
    for branch in branches:
        prefix: list[str] = []
        fanned: list[str] | None = None
        for op, value in branch:
            if op is _sre.LITERAL:
                prefix.append(chr(value))
                continue
            if not prefix and op is _sre.IN and len(value) <= 8:
                chars = [chr(v) for kind, v in value if kind is _sre.LITERAL]
                if len(chars) == len(value):
                    fanned = chars
            break
        if prefix:
            options.append("".join(prefix))
        elif fanned:
            options.extend(fanned)
        else:
            return None
    return options


def _top_level_literals(tree, *, classes: bool):
    """``(selectivity, options)`` for each piece of the top-level sequence that every match
    must contain one option of: runs of plain characters, alternations whose every option
    starts with plain characters, and (``classes``) small sets of plain characters."""
    run: list[str] = []

    def flush():
        literal = "".join(run)
        run.clear()
        if literal.strip():
            yield len(literal.strip()), frozenset({literal})

    for op, value in tree:
        if op is _sre.LITERAL:
            run.append(chr(value))
            continue
        yield from flush()
        if op is _sre.BRANCH:
            options = _literal_prefixes(value[1])
            if options:
                yield min(len(o.strip()) for o in options) - 0.5, frozenset(options)
        elif classes and op is _sre.IN and len(value) <= 8:
            chars = [chr(v) for kind, v in value if kind is _sre.LITERAL]
            if chars and len(chars) == len(value):
                yield 0.5, frozenset(chars)
    yield from flush()


def _anchors(alternative: str) -> tuple[frozenset[str] | None, bool]:
    """Literals one of which every match of ``alternative`` must contain (None: no prefilter),
    and whether every match *begins* with one of them.

    Candidates are runs of plain characters in the top-level sequence and alternations whose
    every option starts with plain characters. A selective candidate at the very start wins
    (the engine then tries the pattern only where it occurs); otherwise the longest one.
    """
    try:
        tree = _parser.parse(alternative)
    except re.error:
        return None, False
    candidates = list(_top_level_literals(tree, classes=True))
    if not candidates:
        return None, False
    best = max(candidates, key=lambda c: (c[0], -len(c[1])))
    leading = _leading_anchor(tree)
    if leading is not None and leading[0] >= 2.5 and leading[0] + 2 >= best[0]:
        return leading[1], True
    return best[1], False


def _anchor_options(alternative: str) -> list[tuple[frozenset[str], bool]]:
    """All anchor sets every match must contain one of, flagged when a match starts with it."""
    try:
        tree = _parser.parse(alternative)
    except re.error:
        return []
    options = [(found, False) for _, found in _top_level_literals(tree, classes=False)]
    leading = _leading_anchor(tree)
    if leading is not None:
        options.append((leading[1], True))
    return options


_COMMON_WORDS = """the be to of and a in that have i it for not on with he as you do at this
    but his by
    from they we say her she or an will my one all would there their what so up out if about
    who get which go me when make can like time no just him know take people into year your
    good some could them see other than then now look only come its over think also back after
    use two how our work first well way even new want because any these give day most us need
    send share post show hi hello thanks please may shall am are is was were has had been let
    would should much many more very really here where why"""
_COMMON = frozenset(_COMMON_WORDS.split())


def _choose_anchors(sample: str) -> None:
    """Pick each alternative's rarest anchor set, as measured on a sample of real messages."""
    cost = _literal_cost(sample)

    for index, options in enumerate(_ALT_OPTIONS):
        if not options:
            continue
        scored = sorted(
            (cost(anchors), not at_start, anchors, at_start) for anchors, at_start in options
        )
        best_cost, _, anchors, at_start = scored[0]
        for option_cost, _, option_anchors, option_at_start in scored:
            # An anchor that starts the match is tried in place: worth a few more hits.
            if option_at_start and option_cost <= best_cost * 1.5 + 2:
                anchors, at_start = option_anchors, True
                break
        _ALT_ANCHORS[index] = anchors
        _ALT_AT_START[index] = at_start


def _sample_text() -> str:
    """The rules' own should-fire and should-not-fire examples, folded: a sample of messages."""
    from netiquette.etiquette.registry import all_rules

    texts = [
        normalize(example.text).text
        for rule in all_rules()
        for example in (*rule.fires, *rule.clean)
    ]
    return "\n".join(texts)


def _leading_anchor(tree) -> tuple[float, frozenset[str]] | None:
    """The plain text every match starts with: a leading run, or a leading alternation."""
    if not len(tree):
        return None
    op, value = tree[0]
    if op is _sre.LITERAL:
        run = []
        for op_, value_ in tree:
            if op_ is not _sre.LITERAL:
                break
            run.append(chr(value_))
        literal = "".join(run)
        return (len(literal.strip()), frozenset({literal}))
    if op is _sre.BRANCH:
        options = _literal_prefixes(value[1])
        if options:
            return (min(len(o.strip()) for o in options) - 0.5, frozenset(options))
    return None


def _literal_cost(sample: str):
    """How often a set of literals can be expected in a message: lower is rarer."""
    counts: dict[str, int] = {}

    def cost(literals: frozenset[str]) -> float:
        total = 0.0
        for literal in literals:
            if literal not in counts:
                counts[literal] = sample.count(literal)
            # Very short literals and everyday words are common in any text, whatever the
            # (small) sample says.
            word = literal.strip()
            total += counts[literal] + (8 if len(word) < 3 else 0) + (30 if word in _COMMON else 0)
        return total

    return cost


def _prefilter() -> dict[str, Any]:
    """The automata over the required literals, and the tables that read their hits.

    Built once, when the first draft is checked (the anchors are chosen by how often they
    occur in the rules' own examples, so every rule module must be imported first). Each
    anchored alternative is led to by its rarest requirement; up to ``CHECKED_REQUIREMENTS``
    more of the rare ones are checked before it is tried (common words would only add hits).
    """
    size = len(_ALT_REGEXES)
    if _automaton_state.get("size") != size:
        sample = _sample_text()
        _choose_anchors(sample)
        cost = _literal_cost(sample)
        leading: list[frozenset[str] | None] = []
        checked: list[list[frozenset[str]]] = []
        for index in range(size):
            anchors = _ALT_ANCHORS[index]
            if not anchors:
                leading.append(None)  # tried whenever its family is asked
                checked.append([])
                continue
            required = sorted(
                {*_ALT_REQUIRED[index], frozenset(anchors)}, key=lambda r: (cost(r), sorted(r))
            )
            leading.append(required[0])
            checked.append([r for r in required[1:] if cost(r) <= RARE][:CHECKED_REQUIREMENTS])
        required = {literal for r in leading if r for literal in r}
        required |= {literal for rs in checked for r in rs for literal in r}
        # Long texts also need where the anchors occur (``anchor_starts``, ``anchor_ends``).
        anchors = {anchor for anchors in _ALT_ANCHORS for anchor in anchors or ()}
        literals = sorted(required | anchors)
        key_of = {literal: key for key, literal in enumerate(literals)}
        _KEY_LEN.clear()
        _KEY_LEN.update({key: len(literal) for literal, key in key_of.items()})
        short, long = ahocorasick.Automaton(), ahocorasick.Automaton()
        for literal, key in key_of.items():
            long.add_word(literal, key)
            if literal in required:
                short.add_word(literal, key)
        short.make_automaton()
        long.make_automaton()

        def keys(requirement: frozenset[str]) -> frozenset[int]:
            return frozenset(key_of[literal] for literal in requirement)

        _ALT_NEEDS[:] = [tuple(keys(r) for r in rs) for rs in checked]
        _ALT_KEYS.clear()
        for index, anchors in enumerate(_ALT_ANCHORS):
            if anchors:
                _ALT_KEYS[index] = tuple(sorted(keys(anchors)))
        unanchored = [not anchors for anchors in _ALT_ANCHORS]
        _ALT_RANK[:] = [index + size * flag for index, flag in enumerate(unanchored)]
        bits = [0] * len(literals)
        for family in FAMILIES:
            leads: dict[int, list[int]] = {}
            for index in sorted(family.ids):
                for key in keys(leading[index]):  # type: ignore[arg-type]
                    leads.setdefault(key, []).append(index)
            family.by_literal = {key: tuple(indexes) for key, indexes in leads.items()}
            family.gate = frozenset(leads)
            for key in leads:
                bits[key] |= family.bit
        _KEY_FAMILIES[:] = bits
        _automaton_state.update(size=size, short=short, long=long)
    return _automaton_state


def compile_(*alternatives: str) -> Family:
    """Alternatives, each anchored at a word start, searched behind the shared prefilter."""
    return Family(alternatives)


CLOSE_TIES = frozenset({"colleague", "classmate", "friend"})
KNOWN_TIES = frozenset({"colleague", "classmate", "met_in_person", "business", "friend"})

# The recipient asked for it: a reply, a follow-up to a request, something promised.
_SOLICITED = compile_(
    r"(?:thanks|thank you) for (?:the|your) (?:kind )?offer",
    r"as (?:you )?(?:requested|asked|promised|discussed|agreed)",
    r"(?:you|u) (?:asked|requested|mentioned|enquired|inquired|wanted)",
    r"(?:thanks|thank you) for (?:your (?:message|enquiry|inquiry|question|interest|email)|"
    r"reaching out|asking|getting in touch)",
    r"(?:following|further to|regarding|re:?) (?:up on )?(?:your|our) (?:enquiry|inquiry|"
    r"question|request|call|conversation|chat|meeting|discussion|email)",
    r"per your (?:request|email)",
    r"in (?:reply|response|answer) to your",
    r"following your (?:message|question|request|enquiry|inquiry)",
)

# The sender (or their client) is hiring for a concrete opening.
_HIRING = compile_(
    r"(?:i'?m|i am|we'?re|we are|i'?ve been|we'?ve been|currently) (?:\w+ ){0,2}(?:hiring|"
    r"recruiting|looking for|seeking|filling|placing|searching for)",
    r"(?:i|we) (?:recruit|hire|place) (?:for )?\w+",
    r"(?:i|we) (?:have|'ve got|currently have|now have) (?:a|an|two|three|\d+) "
    r"(?:[\w/&()+-]+ ){0,6}"
    r"(?:role|opening|vacancy|position|contracts?|openings|vacancies|roles|positions)",
    r"my client\b",
    r"our client\b",
    r"(?:company|client|firm|school|group|startup|team|bank|hospital|studio|brand|agency|"
    r"university|restaurant|employer|manufacturer|chain|fintech|scale-?up) (?:\w+ )?(?:is|are) "
    r"(?:looking for|hiring|seeking|recruiting)",
    r"(?:ich suche|wir suchen|je recrute|nous recrutons|estamos buscando|busco|recherchons|"
    r"cerchiamo)\b",
)
# Weaker signs of a job on offer, trusted only from a recruiter.
_ROLE_WORDS = compile_(
    r"(?:hiring|recruiting|seeking) (?:a|an|two|three|several|for)\b",
    r"(?:role|vacancy|opening|position|job) (?:is|for|at|in|as|with)\b",
    r"full (?:jd|job description|spec)",
    r"(?:salary|package|ctc|compensation|rate) (?:is|of|up)",
    r"(?:role|vacancy|opening|position|contract)s?\b",
)

# An agency selling recruitment services is a pitch even from a recruiter.
_AGENCY_PITCH = compile_(
    r"(?:our|\d+%) (?:fee|fees)",
    r"placement fee",
    r"we place\b",
    r"discuss a partnership",
    r"\d+[- ]day guarantee",
)


class Analysis:
    """One draft, folded, with cached shared signals."""

    __slots__ = (
        "_cache", "_hits", "_present", "context", "kind", "live", "norm", "original", "short",
        "text",
    )  # fmt: skip

    def __init__(self, text: str, kind: str, context) -> None:  # context: etiquette.Context
        self.original = text
        self.kind = kind
        self.context = context
        self.norm: Normalized = normalize(text)
        self.text = self.norm.text
        self.short = len(self.text) <= LONG_TEXT  # short: one scan of the whole text per pattern
        self._cache: dict[str, object] = {}
        self._present: set[int] | None = None
        self._hits: dict[int, list[int]] = {}
        self.live = 0  # with present(): the bits of the families whose leading literals occur

    def present(self) -> set[int]:
        """The literals (automaton keys) that occur in the text: one automaton scan."""
        found = self._present
        if found is None:
            automata = _prefilter()
            if self.short:  # positions are not needed
                found = {key for _, key in automata["short"].iter(self.text)}
            else:
                hits: defaultdict[int, list[int]] = defaultdict(list)
                for end, key in automata["long"].iter(self.text):
                    hits[key].append(end)
                found = set(hits)
                self._hits = hits
            self.live = reduce(or_, map(_KEY_FAMILIES.__getitem__, found), 0)
            self._present = found
        return found

    def anchor_starts(self, index: int) -> list[int]:
        """Where the anchors of alternative ``index`` start in the text, in order."""
        if self._present is None:
            self.present()
        hits = self._hits
        keys = [key for key in _ALT_KEYS.get(index, ()) if key in hits]
        if len(keys) == 1:
            shift = _KEY_LEN[keys[0]] - 1
            return [end - shift for end in hits[keys[0]]]
        return sorted(end - _KEY_LEN[key] + 1 for key in keys for end in hits[key])

    def anchor_ends(self, index: int) -> list[int]:
        """Where the anchors of alternative ``index`` end in the text, in order."""
        if self._present is None:
            self.present()
        hits = self._hits
        keys = [key for key in _ALT_KEYS.get(index, ()) if key in hits]
        if len(keys) == 1:
            return hits[keys[0]]
        return sorted(end for key in keys for end in hits[key])

    # --- context -------------------------------------------------------------------------

    @property
    def is_note(self) -> bool:
        return self.kind == "request_note"

    @property
    def close_tie(self) -> bool:
        return self.context.how_known in CLOSE_TIES

    @property
    def known(self) -> bool:
        return self.context.how_known in KNOWN_TIES

    @property
    def stranger(self) -> bool:
        """Not known to have met, and not known to have talked before."""
        return not self.known and self.context.first_contact is not False

    @property
    def recruiter(self) -> bool:
        return self.context.sender_role == "recruiter"

    # --- matching --------------------------------------------------------------------------

    def find(self, pattern, extra: re.Pattern[str] | None = None):
        """The first match's span in the normalised text, or None."""
        if isinstance(pattern, Family):
            span = pattern.find(self)
        else:
            match = pattern.search(self.text)
            span = match.span() if match else None
        if span is None and extra is not None:
            match = extra.search(self.text)
            span = match.span() if match else None
        return span

    def has(self, name: str, pattern: re.Pattern[str]):
        """A cached ``find`` for signals several rules share."""
        cache = self._cache
        if name not in cache:
            cache[name] = self.find(pattern)
        return cache[name]

    # --- shared signals ----------------------------------------------------------------------

    @property
    def solicited(self) -> bool:
        return self.has("solicited", _SOLICITED) is not None

    @property
    def concrete_role(self) -> bool:
        """The sender offers a concrete job (a recruiter may say it with fewer words)."""
        if self.has("hiring", _HIRING) is not None:
            return True
        return self.recruiter and self.has("role_words", _ROLE_WORDS) is not None

    @property
    def agency_pitch(self) -> bool:
        return self.has("agency_pitch", _AGENCY_PITCH) is not None

    @property
    def recruiting(self) -> bool:
        """Describes a real job (salary figures are not prices), not an agency's pitch."""
        if "recruiting" not in self._cache:
            self._cache["recruiting"] = self.concrete_role and not self.agency_pitch
        return self._cache["recruiting"]  # type: ignore[return-value]

    def word_count(self) -> int:
        if "words" not in self._cache:
            self._cache["words"] = len(self.text.split())
        return self._cache["words"]  # type: ignore[return-value]


__all__ = ["PLEASE", "YOU", "YOUR", "A", "Analysis", "compile_"]
