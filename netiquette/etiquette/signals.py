"""What the rules look at: the folded text plus facts shared by several rule families.

``Analysis`` is built once per draft. Shared signals (is this a reply to something the
recipient asked for? does a recruiter name a concrete role?) are computed lazily and cached,
so a rule family pays only for what it asks. Patterns are written for the normalised text:
lower case, folded Unicode, spaced-out letters joined, leetspeak undone.
"""

from __future__ import annotations

import re

from netiquette.etiquette.normalize import Normalized, normalize

# Text-speak spellings people really use.
YOU = r"(?:you|u|ya|yu)"
YOUR = r"(?:your|ur|yr|yours)"
PLEASE = r"(?:please|pls|plz|kindly)"


def compile_(*alternatives: str) -> re.Pattern[str]:
    """Alternatives, each anchored at a word start so the engine only tries them there."""
    return re.compile(r"(?<![\w])(?:" + "|".join(alternatives) + r")")


CLOSE_TIES = frozenset({"colleague", "classmate", "friend"})
KNOWN_TIES = frozenset({"colleague", "classmate", "met_in_person", "business", "friend"})

# The recipient asked for it: a reply, a follow-up to a request, something promised.
_SOLICITED = compile_(
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

    __slots__ = ("_cache", "context", "kind", "norm", "original", "text")

    def __init__(self, text: str, kind: str, context) -> None:  # context: etiquette.Context
        self.original = text
        self.kind = kind
        self.context = context
        self.norm: Normalized = normalize(text)
        self.text = self.norm.text
        self._cache: dict[str, object] = {}

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

    def find(self, pattern: re.Pattern[str], extra: re.Pattern[str] | None = None):
        """The first match's span in the normalised text, or None."""
        match = pattern.search(self.text)
        if match is None and extra is not None:
            match = extra.search(self.text)
        return match.span() if match else None

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


__all__ = ["PLEASE", "YOU", "YOUR", "Analysis", "compile_"]
