"""no_context: a connection request to a stranger that says neither how you know them nor why.

"How do we know each other?" is the question every recipient asks. A request to someone the
sender has not met or worked with should name where they met, a shared employer, school,
event or group, a mutual contact, or a concrete professional reason (their talk, paper, a role
on offer). A request to a colleague, a classmate, someone met in person or a business contact
needs no note at all. An "open networker" who sends most requests to strangers is behaving
worse than any one note shows: that history fact raises the label on its own.

Why one long module: a rule family is one idea (STYLE.md 5); most of its length is the ways a
note can give a reason (meetings, shared ties, the recipient's work) and each rule's examples.
"""

from __future__ import annotations

import re

from netiquette.etiquette.registry import NO_SPAN, Example, ModelRule, Rule, note
from netiquette.etiquette.signals import YOUR, A, Analysis, compile_

# Things of theirs a stranger can have engaged with: a concrete reason to connect.
WORK_NOUNS = (
    "talk", "post", "article", "paper", "piece", "thread", "work", "research", "book", "library",
    "guide", "comment", "answer", "workshop", "case study", "blog", "podcast", "video",
    "interview", "episode",
    "presentation", "slides", "project", "repo", "keynote", "panel", "newsletter", "course",
    "tool", "demo", "analysis", "report", "study", "pilot", "feedback", "review", "session",
    "episode", "framework", "package", "plugin", "thesis", "portfolio", "photography",
    "writing", "speech", "lecture", "tutorial",
)  # fmt: skip
# Plural forms ("posts", "guides") match through the optional "s" below.
# How we know each other, or a concrete reason, as people write it.
_CONTEXT = compile_(
    r"(?:for|in|of) my (?:[\w-]+ ){0,2}(?:dissertation|thesis|research|study|paper|book|"
    r"article|report|case stud(?:y|ies))",
    r"(?:i'?m|i am) (?:currently )?researching\b",
    r"your name came up",
    r"interview (?:you|u)\b",
    r"(?:i|we) host (?:a|the|our) (?:[\w-]+ ){0,3}(?:podcast|show|"
    r"meetup|newsletter|event|conference|series)",
    r"(?:at|in|from) the same (?:[\w-]+ )?(?:bank|company|firm|employer|school|university|"
    r"organi[sz]ation|office|hospital|agency|department|lab|startup)\b",
    r"(?:you'?re|you are|you were) (?:listed|named|registered|nominated|assigned|down) as",
    r"(?:i'?ll|i will) be " + YOUR + r" (?:[\w-]+ ){0,2}(?:buddy|mentor|manager|contact|coach|"
    r"trainer|lead|host|guide|colleague|teammate|reviewer|examiner|interviewer|supervisor)",
    r"welcome (?:aboard|to the team)\b",
    r"(?:we'?re|we are|we'?ll be|we will be) (?:both )?(?:on|in) the same (?:[\w-]+ ){0,3}(?:team|"
    r"taskforce|task force|project|committee|board|panel|programme|program|cohort|course|"
    r"working group|squad|rollout)",
    r"(?:i'?m|i am) \w+ from (?:the|our) (?:[\w-]+ ){0,2}(?:office|team|branch|site|plant|lab)\b",
    r"(?:taking|take|took) over (?:\w+ ){0,4}from \w+",
    r"hand-?over\b",
    r"handing over\b",
    r"(?:i'?m|i am) (?:writing|researching|preparing|reporting) (?:a|an) (?:\w+ ){0,2}(?:piece|"
    r"article|story|book|report|feature|paper|thesis|dissertation|podcast episode) "
    r"(?:for|on|about)",
    r"(?:value|like|love|appreciate) (?:to (?:get|hear) )?" + YOUR + r" (?:perspective|views?|"
    r"input|insights?|expertise|opinion|take)",
    r"(?:i'?m|i am) interviewing (?:with|at|for) ",
    r"(?:my|an|the) interview with (?:you|" + YOUR + r")",
    r"(?:we|i) (?:co-?authored|co-?wrote|collaborated|partnered|co-?founded|co-?organi[sz]ed|"
    r"co-?presented|taught together|played together)",
    r"reconnect(?:ing)?\b",
    r"gave me " + YOUR + r" (?:name|contact|details|e-?mail|number)",
    r"(?:pointed|referred|sent|directed) me (?:to you|your way)",
    # a meeting
    r"(?:we|i) (?:met|spoke|talked|chatted|sat|worked|studied|shared|exchanged)\b",
    r"we were (?:both |all )?(?:at|on|in)\b",
    # "nice to e-meet you" is the opposite of having met
    r"(?<!e-)(?<!e )(?:met|meeting|meet|seeing|saw|spotted|heard) (?:you|u)\b(?! (?:on|here)\b)",
    # "great meeting you", not "always great to meet new people" (a wish, not a meeting)
    r"(?:great|good|nice|lovely|pleasure) (?:meeting|to meet|chatting|talking|speaking|"
    r"seeing)\b(?! (?:new|more|other|like-minded|people|professionals|everyone|talented)\b)",
    r"put a name to a face",
    r"(?:thanks|thank you) for (?:the|your) \w+",
    r"as (?:promised|discussed|agreed)",
    r"following (?:our|the|your)",
    r"(?:your|the) stand\b",
    r"(?:at|during|after) (?:the|your|last|yesterday'?s|sunday'?s|today'?s) (?:\w+ ){0,4}"
    r"(?:conference|summit|meetup|meet-up|event|expo|fair|keynote|workshop|webinar|panel|talk|"
    r"session|dinner|breakfast|fundraiser|booth|stand|hackathon|week|all hands|offsite|course|"
    r"class|training|tour|launch|congress|forum|seminar|networking)",
    # something shared
    r"(?:fellow|also|both|same|former|ex-|ex )\s*(?:\w+\s+){0,3}(?:alum|alumni|alumnus|alumna|grad|"
    r"graduate|member|members|attendee|speaker|student|intern|colleague|team|batch|class|"
    r"cohort|group|actuary|engineer|designer|developer|nurse|teacher|founder|\w+ists?|\w+ers?)\b",
    A(
        r"(?:we'?re|we are|we were|we'?ll|we will) (?:both|all)\b",
        "both",
        "re all",
        "ll all",
    ),
    r"both (?:in|at|on|from|work)\b",
    r"i (?:also|too) (?:work|worked|studied|am|was)\b",
    r"(?:i'?ve|i have) (?:just )?joined",
    r"i'?m (?:in|on|with|at) (?:\w+ ){0,3}(?:team|office|division|department|group|"
    r"programme|project)",
    A(
        # "our team" shared with them, not a seller's "our team builds apps at $15/hr"
        r"our (?:\w+ )?(?:team|office|division|department)\b(?! (?:builds|designs|develops|"
        r"delivers|provides|creates|writes|offers|ships|helps|can|will|specialises|"
        r"specializes)\b)",
        "team",
        "office",
        "division",
        "department",
    ),
    # "your colleague Ana", not "I want to be your friend"
    A(
        r"(?<!be )(?<!become )(?:your|our) (?:old |former )?(?:colleague|teammate|manager|boss|"
        r"classmate|mentor|friend)",
        "colleague",
        "teammate",
        "manager",
        "boss",
        "classmate",
        "mentor",
        "friend",
    ),
    r"mutual",
    A(
        r"\w+ (?:mentioned|suggested|recommended|referred|said|told me|introduced)\b",
        *["mentioned", "suggested", "recommended", "referred", "said", "introduced"],
    ),
    r"introduced (?:us|me)",
    # a concrete professional reason: their work, an invitation, a question about a project
    A(YOUR + r" (?:[\w'-]+ ){0,4}(?:" + "|".join(WORK_NOUNS) + r")s?\b", *WORK_NOUNS),
    r"(?:read|enjoyed|loved|liked|caught|watched|attended|follow|following|saw|found|used|use|"
    r"heard|listened to|"
    r"cited|shared) (?:\w+ ){0,3}" + YOUR + r"\b(?! (?:profile|picture|photo|pic|smile)\b)",
    r"(?:you|u) (?:fixed|wrote|built|shared|published|presented|gave|ran|posted|answered|spoke|"
    r"organised|organized|hosted|reviewed|mentored|taught|helped)\b",
    r"i reported",
    r"invite (?:you|u) to(?! (?:join|be part of|be in|connect|my network|my professional))",
    r"(?:organising|organizing|hosting|running) (?:a|an|the)\b",
    r"(?:regarding|re:|about) (?:the|your|our) (?:\w+ ){0,4}(?:pilot|project|rollout|proposal|"
    r"tender|rfp|partnership|event|program|programme|paper|position|role)",
    r"working group",
    # an invitation or a role for them: speaker, panellist, guest, mentor
    r"(?:you as (?:a|an|our)|invite you (?:to be|as)|have you (?:as|on)) (?:\w+ )?(?:speaker|"
    r"panell?ist|guest|judge|mentor|moderator|contributor|keynote|juror)",
    r"(?:organi[sz]ing|program) committee",
    # their student, their class
    r"(?:i'?m|i am) (?:in|taking|attending|enrolled in) " + YOUR + r" (?:[\w-]+ ){0,3}(?:class|"
    r"course|lecture|seminar|module|workshop|cohort|programme|program)",
    r"(?:i'?m|i am|i was) "
    + YOUR
    + r" (?:former )?(?:student|mentee|intern|tenant|customer|client)",
    # someone sent them, or a meeting is already arranged
    r"(?:asked|told|encouraged|advised) me to (?:get in touch|reach out|contact|connect|write)",
    r"(?:ahead of|before|after) (?:our|the|\w+'s) (?:\w+ )?(?:call|meeting|chat|interview|session|"
    r"kick-?off|workshop|onboarding|review)",
    r"we(?:'ll| will) (?:be )?(?:working|collaborating) (?:on|together|with)",
    r"our (?:call|meeting|interview|session) (?:on|tomorrow|next|this|later)",
    # other languages: met at / we met
    r"(?:coincidimos|nos conocimos|nos vimos|conversamos|hablamos) ",
    # (accents are folded away before matching: "rencontrés à" reads "rencontres a")
    r"(?:nous nous sommes (?:rencontr|parl)|on s'est (?:rencontr|parl)|"
    r"rencontree?s? (?:a|au|lors))",
    r"(?:wir haben uns|kennengelernt|getroffen)\b",
    r"(?:nos conhecemos|conversamos no|nos encontramos)",
    r"(?:en|au|a la|auf der|na|no|em) (?:el |la |der |dem )?(?:taller|conferencia|evento|congreso|"
    r"reunion|conference|salon|konferenz|messe|tagung|workshop|meetup|feira|evento)",
    r"(?:i'?m|i am) (?:the|a|an) (?:\w+ ){0,3}(?:lead|manager|head|director|"
    r"researcher|editor|organiser|organizer|journalist|buyer)\b.{0,80}\b(?:evaluating|"
    r"researching|writing|organising|organizing|looking at|building|comparing)",
)

# Shared facts from the network ("employer:Acme Corp") count only when the note names them.
_FACT_STOPWORDS = frozenset(
    [
        "university",
        "of",
        "the",
        "and",
        "de",
        "da",
        "do",
        "di",
        "la",
        "le",
        "les",
        "del",
        "college",
        "school",
        "institute",
        "annual",
        "summit",
        "group",
        "network",
        "professionals",
        "corp",
        "inc",
        "ltd",
        "llc",
        "company",
        "industries",
        "global",
        "limited",
        "co",
    ]
)


def _fact_words(shared: tuple[str, ...]) -> tuple[str, ...]:
    tokens = []
    for fact in shared:
        _, _, value = str(fact).partition(":")
        for token in re.findall(r"[^\W\d_]{3,}", value.casefold()):
            if token not in _FACT_STOPWORDS:
                tokens.append(token)
    return tuple(tokens)


def names_shared_fact(a: Analysis) -> tuple[int, int] | None:
    if not a.context.shared:
        return None
    for token in _fact_words(a.context.shared):
        match = re.search(r"(?<!\w)" + re.escape(token) + r"(?!\w)", a.text)
        if match:
            return match.span()
    return None


def gives_context(a: Analysis) -> bool:
    if a.find(_CONTEXT) is not None or names_shared_fact(a) is not None:
        return True
    return a.recruiter and a.concrete_role


def _stranger_note(a: Analysis) -> bool:
    return a.is_note and not a.known and a.context.first_contact is not False


# Weaker signs of a reason — they know something specific about the recipient's work. They
# count only when the note does not also take, sell, flirt or campaign: "I see you work at
# Acme, refer me" names a fact, not a reason to know each other.
_GENERIC_AFTER_YOUR = (
    "profile|background|experience|journey|career|network|networks|skills|expertise|work|post|"
    "posts|content|achievements|accomplishments|insights|company|field|industry|page|feed|"
    "picture|photo|pic|pics|smile|time|attention|request|connection|invitation|kind|good|"
    "esteemed|valuable|great|amazing|impressive|wonderful|beautiful|professional|inspiring|"
    "own|organisation|organization|team|knowledge|guidance|support|help|advice|mentorship|"
    "opinion|circle|valued|precious|area|domain|role|position|job"
)
_WEAK_CONTEXT = compile_(
    # a concrete question about a matter: "questions about the scope", "a question on your API"
    r"(?:questions?|ask (?:you )?about) (?:about |on |regarding )?(?:the|your|our|their|its) "
    r"(?:[\w'-]+ ){0,3}[a-z]",
    # a buyer or a researcher at work: "we're evaluating LiDAR suppliers for our robots"
    r"(?:we'?re|we are|i'?m|i am) (?:currently )?(?:evaluating|comparing|sourcing|shortlisting|"
    r"benchmarking|choosing|selecting|piloting|trialling|trialing|testing) (?:\w+ ){0,3}\w",
    # "your GitHub action for caching Poetry dependencies": something specific of theirs
    A(
        YOUR + r" (?!(?:" + _GENERIC_AFTER_YOUR + r")\b)[a-z][a-z-]{2,} [a-z][a-z-]+ [a-z]",
        "your ",
        "ur ",
        "yr ",
    ),
    r"(?:see|saw|noticed|read|heard|learned|learnt) (?:that )?(?:you|u)(?:'re| are| have|'ve| "
    r"were)? (?:\w+ ){0,2}(?:lead|leading|run|running|maintain|wrote|published|"
    r"spoke|presented|built|founded|joined|moved|manage|managing|teach|teaching|research|"
    r"researching|organi[sz]e|host|hosting)",
    # what they work *on* (a project), not just *at* (an employer read off their profile)
    r"(?:you|u)(?:'re| are)? (?:work|working|lead|leading|run|running|maintain|maintaining|"
    r"manage|teach|research|build|building) (?:on|the)\b",
    r"(?:same|similar) (?:\w+ )?(?:project|problem|challenge|research|stack|migration|field of "
    r"research)",
)


def _takes_or_sells(a: Analysis) -> bool:
    """Does any other label's phrase family match? (imported late: the modules are siblings)"""
    from netiquette.etiquette.rules import give_me, personal, political, sales_pitch

    families = (
        give_me._JOB, give_me._REFERRAL, give_me._INTRO, give_me._REVIEW, give_me._MONEY,
        sales_pitch._GET_RICH, sales_pitch._TEMPLATE, sales_pitch._SALE_CTA, personal._LOOKS,
        personal._SOCIAL, personal._ASK_OUT, personal._ASK_CONTACT, political._CAMPAIGN,
        political._PARTISAN, political._PROSELYTISE,
    )  # fmt: skip
    if any(a.find(family) is not None for family in families):
        return True
    # An applicant offering to send a proposal is applying, not selling.
    if sales_pitch.applicant(a):
        return False
    return any(a.find(f) is not None for f in (sales_pitch._OFFER, sales_pitch._WEAK_OFFER))


# Specific content is a reason in its own right. Words that every generic note uses, and the
# sender's description of themselves, do not count: "I'm a data analyst with 5 years in SQL.
# Let's connect" says who they are, not why they write to *you*.
_GENERIC_TEXT = """about above after again also always another anyone anything around because
    been before being best between both cannot could dear doing done each else even every from
    future
    glad good great happy have having hello here hope hoping into just keen know knowing like
    look looking love lovely make many maybe more most much must need nice once only other
    ours over please pleasure really same seek seeking should since some someone something
    still such sure than thank thanks that their them then there these they thing things this
    those though through together very want well were what when where which while will wish
    with within without would your yours connect connecting connected connection connections
    network networks networking professional professionals profile impressive amazing awesome
    wonderful inspiring talented brilliant excellent outstanding honour honor honoured honored
    privilege accept request invitation invite join grow growing growth together expand
    expanding circle opportunity opportunities learn learning share sharing ideas exchange
    exchanging insights experience experienced expertise field industry sector space tech
    technology world keep touch stay forward regards kind kindly warm wishes morning evening
    afternoon greetings team member members community people person like-minded minded
    background journey career skills achievements accomplishments work working knowledge
    part board added adding linkedin platform everyone fellow industry leaders leader
    mutual benefit beneficial support supporting collaboration collaborate possible future
    souhaiterais ajouter reseau professionnel rejoindre gustaria agregarte profesional contacto
    netzwerk beruflichen hinzufugen mochte gerne came across impressed come found let's lets
    stumbled"""
_GENERIC_WORDS = frozenset(_GENERIC_TEXT.split())
_SELF_INTRO = re.compile(
    r"(?:i'?m|i am|my name is|this is|i work|i have|i'?ve|i specialis|i specializ|i lead|i run|"
    r"i manage|my (?:background|experience|expertise|skills|passion|focus))\b[^.!?;—\n]*"
)
# Self-description stops where the note turns to the recipient: "I'm taking over the tender
# you bid on last year" keeps "you bid on last year".
_TO_RECIPIENT = re.compile(r"\b(?:you|your|yours|u|ur)\b")


def _drop_self_intro(match: re.Match[str]) -> str:
    turn = _TO_RECIPIENT.search(match.group())
    return " " if turn is None else " " + match.group()[turn.start() :]


_GREETING = re.compile(r"^\s*(?:hi|hello|hey|dear|greetings|good \w+|hola|bonjour|hallo|salam|"
                       r"ahlan|namaste)\b[^,.!?\n—-]*[,.!?\n—-]")  # fmt: skip
_CONTENT_WORD = re.compile(r"[a-z][a-z'-]{3,}")
SPECIFIC_WORDS = 4


def _specific_enough(a: Analysis) -> bool:
    text = _SELF_INTRO.sub(_drop_self_intro, _GREETING.sub(" ", a.text, count=1))
    count = 0
    for word in _CONTENT_WORD.findall(text):
        if word not in _GENERIC_WORDS:
            count += 1
            if count >= SPECIFIC_WORDS:
                return True
    return False


def missing_context(a: Analysis, extra=None):
    if not _stranger_note(a) or gives_context(a):
        return None
    if (a.find(_WEAK_CONTEXT) is not None or _specific_enough(a)) and not _takes_or_sells(a):
        return None
    return NO_SPAN


def _float(value) -> float | None:
    if value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


# An open networker: most recent requests went to strangers (taken over enough requests).
STRANGER_SHARE = 0.8
MIN_RECENT_REQUESTS = 10


def open_networker(a: Analysis, extra=None):
    if a.context.stranger_request_share is None or not _stranger_note(a):
        return None
    share = _float(a.context.stranger_request_share)
    if share is None or share < STRANGER_SHARE:
        return None
    recent = _float(a.context.recent_requests)
    if recent is not None and recent < MIN_RECENT_REQUESTS:
        return None
    return NO_SPAN


RULES = [
    Rule(
        rule_id="no_context.missing_context",
        label="no_context",
        doc="A request note to someone the sender has not met that names no meeting, shared "
        "employer/school/event/group, mutual contact or concrete reason.",
        weight=1.0,
        message="They do not know you, and the note does not say how you know each other or "
        "why you want to connect.",
        suggestion="Say where you met, what you share (employer, school, event, group), who "
        "introduced you, or which piece of their work made you write.",
        detect=missing_context,
        fires=(
            note(
                "Our Lagos team builds mobile apps for startups at $12/hr. Let's connect!",
                first_contact=True,
            ),
            note("Always nice to meet new people in tech. Let's connect!", first_contact=True),
            note(
                "Hi, I want to be your friend. Please accept.", first_contact=True, how_known="none"
            ),
            note("Hello, I'd like to join your professional network.", first_contact=True),
            note("I see you work at Stripe. Could you refer me?", first_contact=True),
            note("Hola, me gustaría agregarte a mi red profesional.", first_contact=True),
            note("Growing my network with great people!", first_contact=True, how_known="none"),
            note("Please accept my invitation.", first_contact=True, shared=["employer:Initrode"]),
            note(
                "Hi, I'm a recruiter, always glad to meet talent.",
                first_contact=True,
                sender_role="recruiter",
            ),
        ),
        clean=(
            note(
                "Dear Dr. Aziz, I'm applying for the Marie Curie postdoc and hope to be hosted in "
                "your lab. Could I send you my research proposal?",
                first_contact=True,
            ),
            note(
                "Hi Ruth, our data team runs the same Kafka setup you described at the meetup; "
                "I'd love to compare notes.",
                first_contact=True,
            ),
            note(
                "Hi Jan, I'm inheriting the bridge-inspection contract your firm delivered in "
                "2022 and have two questions about the load tests.",
                first_contact=True,
                how_known="none",
            ),
            note(
                "Hi Sara, we're shortlisting ERP vendors for our three breweries and would "
                "value hearing how your migration went.",
                first_contact=True,
            ),
            note("Please accept my invitation.", how_known="colleague"),
            note(
                "Hi Ana, we met at the robotics meetup in Porto last week. Let's keep in touch.",
                first_contact=True,
            ),
            note(
                "Hi, fellow Initrode engineer here — would be glad to connect.",
                first_contact=True,
                shared=["employer:Initrode"],
            ),
            note(
                "Hi Ken, I read your paper on tidal turbines and I'm testing a similar rotor. "
                "Would value connecting.",
                first_contact=True,
            ),
            note(
                "Hi Jo, I'm hiring a payroll lead for a retailer in Leeds — your background "
                "fits well.",
                first_contact=True,
                sender_role="recruiter",
            ),
            note("Marta suggested I reach out about your warehouse pilot.", first_contact=True),
            note(
                "Bonjour Marc, nous nous sommes rencontrés à la conférence DevOps de Lyon.",
                first_contact=True,
            ),
            note("Hi Dr. Ito, I'm in your Compilers course this term.", first_contact=True),
            note(
                "Hi Ola, I see you maintain the Kafka connector for ClickHouse — I'm adding "
                "Avro support and would be glad to connect.",
                first_contact=True,
            ),
        ),
    ),
    Rule(
        rule_id="no_context.open_networker",
        label="no_context",
        doc="The sender's recent requests went mostly to strangers (a history fact from the "
        "scoring layer), and this one goes to a stranger too.",
        weight=1.0,
        message="Most of your recent requests went to people you have not met; quality beats "
        "quantity.",
        suggestion="Send fewer requests, to people you have a real reason to know, and say "
        "the reason.",
        detect=open_networker,
        fires=(
            note(
                "Hi Li, we met at the Oslo data meetup.",
                first_contact=True,
                stranger_request_share=0.95,
                recent_requests=80,
            ),
        ),
        clean=(
            note(
                "Hi Li, we met at the Oslo data meetup.",
                first_contact=True,
                stranger_request_share=0.2,
                recent_requests=80,
            ),
            note("Hi Li!", how_known="colleague", stranger_request_share=0.95, recent_requests=80),
        ),
    ),
]


def model_may_say(a: Analysis) -> bool:
    """Missing context is a fault only of a request note or a first contact to someone not
    known; a recruiter naming a concrete role, or a note naming a shared fact, gives it."""
    if not (a.is_note or a.context.first_contact is True) or a.known:
        return False
    return not (a.recruiter and a.concrete_role) and names_shared_fact(a) is None


MODEL = ModelRule(
    label="no_context",
    doc="The learned layer: a request note or first contact to a stranger that reads as giving "
    "no reason and no tie, judged on meaning rather than phrasing.",
    message="Taken as a whole, this does not say how you know each other or why you want to "
    "connect.",
    suggestion="Say where you met, what you share, or the concrete reason you are writing.",
    gate=model_may_say,
    fires=(
        note("Hello, I'd like to join your professional network.", first_contact=True),
        note(
            "Hi, please accept my request. I want to grow my network.",
            first_contact=True,
            how_known="none",
        ),
    ),
    clean=(
        note("Please accept my invitation.", how_known="colleague"),
        # the same words in a message between people who have talked: no request to explain
        Example(
            "Hello, I'd like to join your professional network.",
            "message",
            {"first_contact": False, "connected": True},
        ),
        note(
            "Hi Ana, we're hiring a senior backend engineer (Go, remote, €90k) and your Kafka "
            "work fits. Open to a chat?",
            first_contact=True,
            sender_role="recruiter",
        ),
    ),
)
