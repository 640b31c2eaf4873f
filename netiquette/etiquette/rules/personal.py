"""personal: using a professional network for personal, social or romantic ends.

A professional network is a place to talk about work. Remarks on someone's looks, asking them
out, asking for photos or for a private channel "for no apparent reason", long life stories
and love songs make the recipient uncomfortable and are what members most often report.
What is *not* personal: a phone number asked for an agreed interview or call, "tell me about
yourself" from a mentor or recruiter with a reason, friendly small talk inside a work message.

Why one long module: a rule family is one idea (STYLE.md 5), and most of its length is the
phrase patterns and the should-fire / should-not-fire examples that sit beside each rule.
"""

from __future__ import annotations

import re

from netiquette.etiquette.registry import ModelRule, Rule, ex, note
from netiquette.etiquette.signals import YOU, YOUR, A, Analysis, compile_

CHANNELS = (
    r"(?:whats\s?app|whatsap|watsapp|wa\b|skype|telegram|tele\b|snap(?:chat)?|insta(?:gram)?|"
    r"ig\b|wechat|viber|kik|signal|line id|imo|facebook|fb|messenger|tiktok|hangouts)"
)
# Pure literals, so that they can serve as the prefilter's anchors.
CHANNEL_WORDS = (
    "whatsapp", "whats app", "watsapp", "whatsap", "skype", "telegram", "snapchat", "snap",
    "instagram", "insta", "wechat", "viber", "kik", "signal", "line id", "imo", "facebook",
    "messenger", "tiktok", "hangouts",
)  # fmt: skip
CONTACT_WORDS = (
    *CHANNEL_WORDS, "number", "num", "phone", "cell", "mobile", "personal email",
    "personal e-mail", "personal mail", "personal id", "private email", "gmail", "hotmail",
    "yahoo",
    "home address",
    "house address",
)  # fmt: skip
PRIVATE_CONTACT = r"(?:" + "|".join(CONTACT_WORDS) + r")"

# A professional purpose for a call or a number: an interview, an agreed meeting, a handover.
_PURPOSE = compile_(
    r"interview",
    r"phone screen",
    r"screening call",
    r"hiring manager",
    r"as (?:we )?agreed",
    r"as discussed",
    r"onboarding",
    r"bridge",
    r"handover",
    r"dial\b",
    r"zoom",
    r"teams\b",
    r"first[- ]round",
    r"call (?:you )?at \d",
    A(
        r"(?:at|by) \d{1,2}(?::\d\d)?\s?(?:am|pm)",
        "am",
        "pm",
    ),
    r"delivery",
    r"courier",
    r"site visit",
    r"the client",
)

CHANNEL = r"(?:" + "|".join(CHANNEL_WORDS) + r")"
_ASK_CONTACT = compile_(
    # "can you give me your whatsapp number", "share ur personal gmail", "what's your number"
    A(
        r"(?:give|share|send|tell|drop|get|have|need|want|text|dm)\s+(?:me\s+)?(?:\w+\s+){0,2}"
        + YOUR
        + r"\s+(?:\w+\s+){0,2}"
        + PRIVATE_CONTACT,
        *CONTACT_WORDS,
    ),
    A(r"what(?:'s| is|s) " + YOUR + r" (?:\w+ ){0,2}" + PRIVATE_CONTACT, *CONTACT_WORDS),
    # "add me on whatsapp", "chat privately on skype", "message me on telegram"
    A(
        r"(?:add|text|message|msg|dm|chat|talk|call|ping|contact|reach|find|follow|hit)\s+"
        r"(?:me\s+|us\s+|with me\s+)?(?:privately\s+|directly\s+|personally\s+)?"
        r"(?:on|via|in|at|over)\s+" + CHANNEL,
        *CHANNEL_WORDS,
    ),
    A(
        r"(?:can|could|shall) we (?:\w+ ){0,2}(?:chat|talk|video call|call) (?:\w+ ){0,2}on "
        + CHANNEL,
        *CHANNEL_WORDS,
    ),
    A(r"my " + CHANNEL + r" (?:id|is|handle|no|number)", *CHANNEL_WORDS),
    # "do you have skype? add me" (a purpose such as an interview clears it below)
    A(
        r"(?:do|have) (?:you|u) (?:have|got|use) (?:a |an )?" + CHANNEL + r"\b.{0,40}"
        r"\b(?:add|text|message|msg|chat|talk|call|ping)\b",
        *CHANNEL_WORDS,
    ),
    A(
        r"(?:my|our) (?:id|no\.?|number|handle) is\b",
        "id is",
        "no is",
        "no. is",
        "number is",
        "handle is",
    ),
    r"(?:can|may|could|shall) i (?:call|phone|ring|video call) "
    + YOU
    + r"\b(?! (?:to|at|on|tomorrow|about|regarding|re)\b)",
    r"i (?:want|would like|wanna|need) to (?:call|talk to|talk with|chat with|phone) "
    + YOU
    + r"(?: (?:daily|every ?day|tonight|sometime|privately))?(?:[.!?]|$)",
    r"(?:video call|videocall|video chat) (?:\w+ ){0,2}(?:tonight|now|with me)",
)


# Colleagues, classmates, friends and business contacts trade numbers for work every day:
# the etiquette is about asking for a private channel "for no apparent reason".
_TRADES_NUMBERS = frozenset({"colleague", "classmate", "friend", "business"})


def contact_request(a: Analysis, extra=None):
    if a.context.how_known in _TRADES_NUMBERS:
        return None
    span = a.find(_ASK_CONTACT, extra)
    if span is None:
        return None
    if a.find(_PURPOSE) is not None or a.solicited:
        return None
    from netiquette.etiquette.rules.sales_pitch import offering  # a pitch's "call you" is a pitch

    if offering(a) and not a.find(_LOOKS):
        return None
    return span


_LOOKS = compile_(
    # "please accept my request, beautiful." — looks used as a form of address
    r",\s*(?:my )?(?:beautiful|gorgeous|handsome|sexy|cutie|beauty|pretty)\s*(?:[.!?😍😘❤]|$)",
    YOUR + r" (?:\w+ ){0,4}(?:was|is|looks?|looked|sounds?|sounded) (?:so |very |really )?"
    r"(?:sexy|hot|attractive|cute)\b",
    YOU + r" (?:looked|look|looks) (?:so |very |really |absolutely |stunning|gorgeous|beautiful|"
    r"handsome|hot|pretty|cute|sexy)",
    YOU + r"(?:'re| are| r|re)?(?: look| looks| looking)? (?:so |very |really |literally |"
    r"truly |just |such a |a )?(?:beautiful|pretty|gorgeous|hot|handsome|cute|sexy|stunning|"
    r"attractive|lovely|charming|adorable|fit|beauty|beautifull|nice looking)\b",
    r"(?:hi|hello|hey|hii+|morning|good morning|good evening|dear|gud \w+)\s+(?:my )?"
    r"(?:beautiful|gorgeous|handsome|pretty|sexy|cutie|beauty|sweetie|sweety|sweetheart|babe|baby|"
    r"honey|pretty lady|angel|princess|dear one)\b",
    YOUR + r" (?:\w+ ){0,2}(?:smile|eyes|face|skin|body|lips|figure|hair|legs|physique)"
    r"(?! (?:recognition|tracking|detection|care|products?|line|brand|analysis|dataset|model))",
    r"(?:very |so |really )?(?:beautiful|lovely|pretty|gorgeous|stunning|sexy|amazing|nice|cute|"
    r"charming) (?:eyes|smile|face|lady|girl|"
    r"woman|women|ladies|lips|figure)\b",
    r"(?:profile |dp |display )?(?:pic|picture|photo|pics|dp)\b.{0,25}\b(?:hot|beautiful|pretty|"
    r"sexy|gorgeous|cute|so nice|very nice|attractive|stunning|glowing)",
    r"(?:profile|pic|photo) (?:is |looks )?(?:so |very )?(?:attractive|sexy|hot|cute)",
    r"(?:look|looks) like (?:a )?(?:movie star|model|film star|angel|princess|actress)",
    A(
        r"prettiest|most beautiful (?:girl|woman|lady)|crush on " + YOU,
        "prettiest",
        "most beautiful",
        "crush on",
    ),
    r"(?:work ?out|gym) a lot",
    r"(?:look|looking) (?:very )?(?:nice|good|great) (?:mashallah|masha allah)",
    A(
        r"(?:couldn'?t|could not|can'?t|cannot) (?:forget|stop (?:thinking about|looking at)) "
        + YOUR,
        "forget",
        "stop thinking",
        "stop looking",
    ),
    r"(?:could|can)(?:n'?t| not) stop smiling",
)


def appearance(a: Analysis, extra=None):
    return a.find(_LOOKS, extra)


_ASK_OUT = compile_(
    r"(?:be|get) close to (?:you|u)\b",
    r"(?:my|a) better half\b",
    r"looking for love\b",
    r"i'?m (?:\w+, )?(?:\d\d, )?single\b",
    r"i miss (?:you|u)\b",
    r"why (?:you|u) (?:no|not|never) (?:reply|replying|answer)",
    r"(?:do|d) (?:you|u) live alone",
    r"(?:woman|man|girl|lady|guy) like (?:you|u) should",
    r"should (?:be|get) married",
    r"i (?:want|would like|wanna) to know (?:you|u)(?:[.!?]|$| more\b| better\b)",
    r"take (?:you|u) out\b",
    r"(?:are|r) (?:you|u) free tonight",
    r"(?:wanna|want to|shall we|can we|could we) be friends",
    r"(?:come|coming) (?:over )?to my (?:place|house|flat|apartment|room|hotel)\b",
    r"(?:looking for|seeking|find|meet) (?:someone|somebody) (?:special|to love|to share|to talk "
    r"to)",
    r"just (?:us|the two of us|you and me)\b",
    r"(?:want|like|love) to be " + YOUR + r" (?:friend|girlfriend|boyfriend)",
    r"why (?:are |r )?(?:you|u) (?:not|never) (?:replying|answering|responding|reply)",
    r"(?:my|the) dream (?:girl|woman|man|guy|lady)\b",
    r"(?:watching|stalking|looking at|staring at) "
    + YOUR
    + r" (?:profile|photos?|pictures?|pics?) "
    r"for",
    r"(?:can'?t|cannot|couldn'?t|could not) stop thinking (?:about|of) (?:you|u)\b",
    # A declaration of love seeks a partner as plainly as an ask (before, "I saw your photo
    # and fell in love" was caught only as a request for photos, with the wrong reason).
    r"(?:fell|falling|fallen) in love\b(?! with (?!(?:you|u)\b))",
    r"(?:fell|falling|fallen) for (?:you|u)\b",
    r"(?:i'?m|i am) in love with (?:you|u)\b",
    r"love at first sight\b",
    r"(?:go|going) out with me",
    r"(?:fancy|want|like) (?:to go on )?a date",
    r"(?:are|r) " + YOU + r" (?:single|married|seeing anyone|taken)",
    r"(?:have|got) (?:a )?(?:boy ?friend|girl ?friend|husband|wife)(?: yet)?\?",
    r"(?:looking for|want|seeking|find) (?:a |an |my )?(?:\w+ ){0,2}(?:wife|husband|girl ?friend|"
    r"boy ?friend|soul ?mate|life partner|relationship|man to marry)\b",
    r"(?:honest|nice|good|serious|caring|loving|decent|god-?fearing|sincere) (?:lady|woman|girl|"
    r"man|partner)\b",
    r"(?:be|become) my (?:friend|girlfriend|boyfriend|wife|valentine)",
    r"let'?s be friends",
    r"(?:us|we) (?:to )?(?:be|become) friends",
    r"(?:know|knowing) (?:you|u) (?:better|more)\b",
    r"talk to your (?:father|parents|family)",
    r"(?:isn'?t|is not|not) a dating (?:site|app)",
    r"meet (?:up )?(?:privately|alone)",
    r"(?:stag|hen|bachelor|bachelorette) (?:do|party|night)",
    r"call me tonight",
    r"miss (?:you|u) so",
    r"i (?:love|adore) (?:you|u)\b",
    r"(?:kiss|kisses|hugs) (?:to|for) (?:you|u)",
)


# Social invitations: fine between colleagues, classmates and friends, an advance from anyone
# else ("you seem fun, want to meet for drinks?").
_SOCIAL = compile_(
    A(
        r"(?:dinner|drinks?|date|coffee|lunch|movie|wine)\b.{0,30}(?:with me|just the two of us|"
        r"sometime\?|tonight|this (?:weekend|friday|saturday|evening)|after work\?)",
        "dinner",
        "drink",
        "date",
        "coffee",
        "lunch",
        "movie",
        "wine",
    ),
    r"(?:wanna|want to|like to) hang ?out",
    r"hang out\?",
    r"what are (?:you|u) doing (?:this )?(?:weekend|tonight)",
    r"(?:meet|go|grab|get|have) (?:up )?(?:for )?(?:a |some )?(?:drinks?|dinner|a date)\?",
    r"(?:looking for|seeking|want|need) (?:new |some )?friends (?:to|who|here|on here)\b",
)


def asking_out(a: Analysis, extra=None):
    span = a.find(_ASK_OUT, extra)
    if span is None and not a.close_tie:
        span = a.find(_SOCIAL)
    return span


_PHOTOS = compile_(
    r"(?:send|share|post|show)\s+(?:me\s+)?(?:\w+\s+){0,3}(?:photos?|pics?|pictures?|selfies?|"
    r"snaps)\s+(?:of\s+)?(?:you|u|yourself|me|myself)?",
    A(
        r"(?:photos?|pics?|pictures?|selfies?) of (?:you|u|yourself|me|myself)\b",
        "photo",
        "pic",
        "selfie",
    ),
    # "your photo" alone is not an ask ("you look gorgeous in your photo" is a remark on looks,
    # for personal.appearance); asked for, it is ("send me your photos") via the first pattern.
    A(
        r"(?:full[- ]body|recent|more) (?:pics?|photos?|pictures?|selfies?)\b"
        r"(?! (?:of the|from the))",
        "photo",
        "pic",
        "selfie",
    ),
)
_WORK_PHOTOS = compile_(
    r"(?:site|product|event|team|office|plant|screenshots?|headshot|badge|id card|passport)\b",
)


def photos(a: Analysis, extra=None):
    span = a.find(_PHOTOS, extra)
    if span is None or a.find(_WORK_PHOTOS) is not None:
        return None
    return span


_ABOUT_YOU = compile_(
    r"tell me (?:\w+ ){0,2}about (?:yourself|urself|you)\b",
    r"where do (?:you|u) live",
    r"where are (?:you|u) from",
    r"what do (?:you|u) (?:do|like to do) for fun",
    r"(?:your|ur) hobbies",
    r"(?:do|did) (?:you|u) like (?:travell?ing|cooking|music|movies|dancing)",
    r"how old are (?:you|u)",
    r"what about you\?",
)
_PROFESSIONAL_REASON = compile_(
    r"mentor",
    r"interview",
    r"career",
    r"background",
    r"role\b",
    r"position",
    r"session",
    r"panel",
    r"programme",
    r"program\b",
    r"certs?\b",
    r"cv\b",
    r"resume",
    r"experience",
    r"application",
    r"team\b",
    r"job\b",
    r"goals?\b",
    r"project",
    r"onboarding",
)


def about_yourself(a: Analysis, extra=None):
    span = a.find(_ABOUT_YOU, extra)
    if span is None or a.find(_PROFESSIONAL_REASON) is not None:
        return None
    return span


# Private-life details; a story needs several of them told by the sender.
_LIFE = compile_(
    r"divorced?",
    r"passed away",
    r"(?:my|our) (?:\w+ )?(?:mother|father|mom|mum|dad|parents|"
    r"wife|husband|kids|children|dog|cat|sister|brother|son|daughter|baby)\b",
    r"grew up",
    r"(?:i was|was) born",
    r"lonely",
    r"widow(?:er)?",
    r"got married",
    r"single (?:mom|mum|dad|"
    r"mother|father)",
    r"heart ?broken",
    r"depressed|depression",
    r"off my chest",
    A(r"i'?m \d\d\b", "i'm ", "im "),
    r"i like (?:cooking|k-?dramas|long walks|travell?ing|dancing|music)",
    r"dropped out",
    r"the kids\b",
    r"(?:anyone|no one|nobody) to talk to",
    r"my (?:life|family)\b",
    r"(?:sleeping|living) on",
    r"worst year",
    r"(?:is|was) very sick",
    r"hospital",
    r"died\b",
    r"(?:no|any) money for",
    r"school fees",
    r"(?:\d|two|three|four|five) (?:kids|children)\b",
    r"(?:oil rig|offshore rig|peace ?keeping mission)",
)


def life_story(a: Analysis, extra=None):
    if a.close_tie:
        return None
    hits = _LIFE.find_each(a)  # one span per kind of private detail
    if len(hits) < 3 and not (len(hits) == 2 and a.word_count() >= 40):
        return None
    return (hits[0][0], hits[-1][1])


# "Hello dear," with no name, or a pet name: the opener of romance scams.
_ENDEARMENT = compile_(
    r"(?:hi|hello|hey|hii+|good (?:morning|evening|night|day)|morning|gud \w+)\s+(?:my )?"
    r"(?:dear|sweetheart|sweetie|sweety|honey|babe|baby|darling|love)\s*(?:[,.!?🌹❤😘]|$)",
    r"my (?:dear|sweet) (?:friend|one)\b(?! (?:and colleague))",
)


# Intimacy beside the "dear": kisses and roses, "sweet dreams", wanting to get to know them.
_INTIMATE = re.compile(
    r"[😘💋😍🌹💕💖💞❤♥]|sweet dreams|(?:get to )?know (?:you|u) (?:better|more)|"
    r"get to know (?:you|u)\b|how (?:is|was) (?:your|ur) (?:day|night|evening|weekend)|"
    r"thinking (?:about|of) (?:you|u)\b|miss(?:ed)? (?:you|u)\b|lonely"
)
_PET_NAME = re.compile(r"sweetheart|sweetie|sweety|honey|babe|baby|darling|\blove\b|my sweet")


def endearment(a: Analysis, extra=None):
    if a.close_tie:
        return None
    span = a.find(_ENDEARMENT, extra)
    if span is None:
        return None
    # A bare "Hello dear," is how many write to anyone (Indian and West African English):
    # it counts only beside a pet name or another personal sign.
    if _PET_NAME.search(a.text, *span) or (extra is not None and extra.search(a.text)):
        return span
    if _INTIMATE.search(a.text):
        return span
    others = (_LOOKS, _ASK_OUT, _SOCIAL, _ASK_CONTACT, _LOVE_SONG, _PHOTOS, _ABOUT_YOU)
    return span if any(a.find(family) is not None for family in others) else None


_LOVE_SONG = compile_(
    r"(?:love|romantic) (?:song|ballad|poem|video)",
    r"(?:song|ballad|track|video|poem|playlist)\b.{0,60}(?:dedicated to (?:you|u)|reminds? me of "
    r"(?:you|u)|for (?:you|u) ?(?:❤|💕|😘|🌹|💋))",
    r"dedicated to (?:you|u)\b",
    r"dedicat\w* (?:this |a |my |the )?(?:love )?(?:song|track|video|poem|tune|ballad) (?:to|for) "
    r"(?:you|u)\b",
    r"reminds? me of (?:you|u)\b",
)


def love_song(a: Analysis, extra=None):
    return a.find(_LOVE_SONG, extra)


RULES = [
    Rule(
        rule_id="personal.contact_request",
        label="personal",
        doc="Asks for (or pushes) a private channel — WhatsApp, Skype, a personal number or "
        "e-mail — to chat, with no professional purpose, from someone with no work tie "
        "(colleagues, classmates, friends and business contacts trade numbers).",
        weight=1.5,
        message="Asking for a private number or app to chat, with no work reason, is a common "
        "complaint on a professional network.",
        suggestion="Keep the conversation here, or say what the call is for (an interview, an "
        "agreed meeting) and propose a time.",
        detect=contact_request,
        needs=_ASK_CONTACT,
        takes_phrases=True,
        fires=(
            ex("Do you have telegram? Text me there, I'd like to chat.", first_contact=True),
            ex(
                "Hello, could you send me your WhatsApp number? I'd like to chat with you.",
                evidence="send me your WhatsApp number",
            ),
            ex("Let's talk privately on s.k.y.p.e, my id is sunshine_99", first_contact=True),
            note("Add me on W h a t s A p p so we can chat", first_contact=True),
            ex("What's ur personal gmail? I want to send you something"),
            ex("Can I call you? I just want to hear your voice."),
        ),
        clean=(
            ex(
                "Can you text me your mobile number? I'm at the gate and the badge reader is down.",
                how_known="colleague",
            ),
            ex(
                "Do you have Skype? We can call you there for the interview on Monday.",
                sender_role="recruiter",
            ),
            ex(
                "Thanks for confirming the interview on Tuesday at 10am. What's the best phone "
                "number to reach you on?",
                sender_role="recruiter",
            ),
            ex(
                "As discussed, the onboarding call is tomorrow. Please share your mobile number in "
                "case the bridge fails.",
                how_known="business",
            ),
            ex(
                "Our support line is on WhatsApp Business too if your team prefers it for the "
                "rollout."
            ),
            ex("I'll call you at 3pm about the contract, as agreed."),
        ),
    ),
    Rule(
        rule_id="personal.appearance",
        label="personal",
        doc="Remarks on someone's looks, photo, smile or body.",
        weight=2.0,
        message="Comments on someone's appearance are out of place on a professional network.",
        suggestion="Talk about their work, not their looks — or do not send it.",
        detect=appearance,
        needs=_LOOKS,
        takes_phrases=True,
        fires=(
            ex("You are so gorgeous in your new picture", evidence="You are so gorgeous"),
            note("Hi beautiful, I had to say hello", first_contact=True),
            ex("I can't stop thinking about your eyes."),
            ex("Your profile photo is very sexy 😍"),
            ex("You look like a model, honestly."),
        ),
        clean=(
            ex("Your dashboard design is beautiful — which charting library did you use?"),
            ex("The photography on your team's site is stunning work."),
            ex("Our face recognition model is ready for your review."),
            ex("Lovely chatting at the meetup yesterday!"),
        ),
    ),
    Rule(
        rule_id="personal.asking_out",
        label="personal",
        doc="Asks someone on a date or about their relationship status, or seeks a partner.",
        weight=2.0,
        message="Asking someone out, or about their relationship status, does not belong on a "
        "professional network.",
        suggestion="Keep messages to professional topics.",
        detect=asking_out,
        needs=(_ASK_OUT, _SOCIAL),
        takes_phrases=True,
        fires=(
            ex("You seem like a fun person, want to grab drinks?", first_contact=True),
            ex("Would you like to have dinner with me on Friday?", evidence="dinner"),
            ex("Random question: are you single?"),
            ex("I am seeking an honest lady for a serious relationship."),
            ex("wanna hang out this weekend?"),
            ex("I saw your photo and fell in love.", evidence="fell in love"),
        ),
        clean=(
            ex("Want to grab drinks after work?", how_known="colleague"),
            ex("I fell in love with your charting library — is it open source?"),
            ex("Would your team be free for a working lunch on Thursday to go through the audit?"),
            ex(
                "Coffee's on me next time I'm in Leeds — thanks for the referral!",
                how_known="colleague",
            ),
            ex(
                "Our dinner event for sponsors is on the 14th; the invite is attached.",
                how_known="business",
            ),
        ),
    ),
    Rule(
        rule_id="personal.photos",
        label="personal",
        doc="Asks for, or offers to send, personal photos.",
        weight=1.5,
        message="Asking for or sending personal photos is not professional.",
        suggestion="Share work — a portfolio, a paper, a demo — instead.",
        detect=photos,
        needs=_PHOTOS,
        takes_phrases=True,
        fires=(
            ex("Can you send me some pics of you?", evidence="send me some pics of you"),
            ex("I want to share some photos of myself with you 😘"),
            ex("post more selfies pls"),
        ),
        clean=(
            ex("Could you send the photos of the site inspection to the client?"),
            ex("Please send a headshot for the conference programme."),
            ex("Here are the pictures from the product launch, as promised."),
            # A remark on looks, not a request for photos: personal.appearance's finding.
            ex("You look gorgeous in your photo"),
        ),
    ),
    Rule(
        rule_id="personal.about_yourself",
        label="personal",
        doc='"Tell me about yourself", hobbies, where they live — with no professional reason.',
        weight=1.0,
        message="Personal questions with no professional reason read as social or romantic "
        "interest.",
        suggestion="Say why you are writing: what about their work interests you.",
        detect=about_yourself,
        needs=_ABOUT_YOU,
        takes_phrases=True,
        fires=(
            ex(
                "Hey! Tell me about yourself. Where do you live?",
                first_contact=True,
                evidence="Tell me about yourself",
            ),
            ex("what do you do for fun? do you like travelling?"),
            ex("How old are you?"),
        ),
        clean=(
            ex("Before our mentoring session, tell me a bit about yourself and your career goals."),
            ex("For the panel intro, could you tell me about yourself in two lines?"),
            ex(
                "We met at the expo — where are you from originally? Your accent sounded "
                "familiar! Anyway, the role is still open.",
                how_known="met_in_person",
            ),
        ),
    ),
    Rule(
        rule_id="personal.life_story",
        label="personal",
        doc="A long account of private life (family, divorce, loss) sent to someone who is not "
        "close.",
        weight=1.0,
        message="A long personal story puts an unfair weight on someone you do not know well.",
        suggestion="Keep it short and say what you would like from them professionally.",
        detect=life_story,
        needs=_LIFE,
        fires=(
            ex(
                "I grew up on a farm and my father passed away when I was ten. My mother raised us "
                "alone and I have been lonely ever since. Last year I got divorced.",
                first_contact=True,
            ),
            ex(
                "I'm 41, a single dad, my kids live with their mother and I've had the worst "
                "year of my life. I have no one to talk to."
            ),
        ),
        clean=(
            ex(
                "Hope you and the kids are well! Are you still leading the data team?",
                how_known="colleague",
            ),
            ex(
                "My father ran the family bakery, which is why I care about small-business "
                "lending — your report on it was excellent."
            ),
        ),
    ),
    Rule(
        rule_id="personal.love_song",
        label="personal",
        doc="Love songs, music videos or poems sent or dedicated to the recipient.",
        weight=2.0,
        message="Dedicating songs or videos to someone is romantic, not professional.",
        suggestion="Do not send it here.",
        detect=love_song,
        needs=_LOVE_SONG,
        takes_phrases=True,
        fires=(
            ex("Dedicating this track to you, my queen youtube.example/q1", first_contact=True),
            ex("This love song is for you ❤️ youtube.example/abc", evidence="love song"),
            ex("Listen to this track, it reminds me of you"),
        ),
        clean=(
            ex(
                "We are dedicating this video series to first-time founders; feedback welcome.",
                how_known="colleague",
            ),
            ex("Our jingle for the client campaign is attached for review."),
            ex("The video from the conference talk is up — here's the link."),
        ),
    ),
    Rule(
        rule_id="personal.endearment",
        label="personal",
        doc='Pet names to someone who is not a friend; a nameless "Hello dear," only beside '
        'intimacy (kisses, "sweet dreams") or another personal sign.',
        weight=1.0,
        message='Pet names like "dear" or "sweetheart" to someone you do not know read as '
        "romantic, and are a common opener of scams.",
        suggestion="Greet them by name and say why you are writing.",
        detect=endearment,
        needs=_ENDEARMENT,
        takes_phrases=True,
        fires=(
            ex("Hello dear, I miss you. How was your night?", first_contact=True),
            ex(
                "Good morning dear, how was your night?",
                first_contact=True,
                evidence="Good morning dear",
            ),
            ex("hello sweetheart! i saw your profile"),
        ),
        clean=(
            note("Hello dear, kindly accept my request to connect.", first_contact=True),
            ex("Good morning dear, please find the invoice attached.", how_known="business"),
            ex("Dear Ms. Okafor, thank you for the quick reply."),
            ex("Hello dear colleagues, the agenda is attached.", how_known="colleague"),
            ex("Hi love, see you at the barbecue!", how_known="friend"),
        ),
    ),
]


# The learned layer's finding for this label. Context: none beyond what the model sees (remarks
# on looks are personal between colleagues too; invitations among friends the model learns).
MODEL = ModelRule(
    label="personal",
    doc="The learned layer: reads as personal, social or romantic rather than professional, "
    "judged on meaning rather than phrasing.",
    message="Taken as a whole, this reads as personal rather than professional, like messages "
    "members here find out of place.",
    suggestion="Keep it to work: say what professional reason you are writing for, and leave "
    "out remarks on looks, dates and private channels.",
    gate=lambda a: True,
    fires=(
        ex(
            "Hello dear, you are so beautiful. Are you single? I would like to know you more.",
            first_contact=True,
        ),
        ex(
            "You are very pretty. Can we be friends? Give me your number.",
            first_contact=True,
            how_known="none",
        ),
    ),
    clean=(
        ex(
            "Could you send the photos of the site inspection to the client?", how_known="colleague"
        ),
        ex(
            "Thanks for confirming the interview on Tuesday at 10am. What's the best phone "
            "number to reach you on?",
            sender_role="recruiter",
        ),
    ),
)
