"""give_me: a first contact whose only purpose is to take.

Networking is give and take. Writing to someone you have no tie with only to ask for a job,
a referral, an introduction, a review of your resume, a recommendation or money puts them in
an awkward spot, and "I'm sorry to bother you, but…" announces it. The same ask is fine
between former colleagues, classmates or friends, who know each other's work: a reference
asked of a former manager is how references work. A specific, low-cost question to someone
whose work you engaged with is not a "give me" either (no rule here matches it).

Why one long module: a rule family is one idea (STYLE.md 5), and most of its length is the
phrase patterns and the should-fire / should-not-fire examples that sit beside each rule.
"""

from __future__ import annotations

from netiquette.etiquette.registry import ModelRule, Rule, ex, note
from netiquette.etiquette.signals import YOU, YOUR, A, Analysis, compile_

DOCS = r"(?:cv|c\.v\.|resume|résumé|profile|portfolio|application|candidature|candidacy)"

# The text itself says they worked or studied together (and not "we haven't worked together").
_FORMER_TIE = compile_(
    r"(?:we|i) (?:worked|studied|served) (?:together|with you|under you|alongside)",
    r"(?:you|u) (?:were|was) my (?:manager|boss|supervisor|lead|mentor|teacher|professor|"
    r"tutor|colleague|teammate)",
    r"(?:you|u) (?:supervised|managed|mentored|taught|advised|examined) (?:me|my)\b",
    r"since the \w+ days",
    r"(?:back )?(?:at|in) \w+ together",
)
_NEGATED_TIE = compile_(
    r"(?:haven'?t|have not|never|didn'?t|did not|not) (?:\w+ )?(?:worked|studied|met)",
)


def _tie(a: Analysis) -> bool:
    """Close enough that asking is fine: colleagues, classmates, friends, former co-workers."""
    if a.close_tie:
        return True
    if "former_tie" not in a._cache:
        a._cache["former_tie"] = a.find(_FORMER_TIE) is not None and a.find(_NEGATED_TIE) is None
    return bool(a._cache["former_tie"])


# A reply that turns an ask down ("I'm afraid I can't write you a recommendation") mentions
# what was asked for, and is no ask.
_FAVOURS = r"(?:recommendation|reference|referral|introduction|intro|endorsement|letter)"
_DECLINE = compile_(
    r"(?:i|we) (?:can'?t|cannot|won'?t|will not|couldn'?t|am not able to|'m not able to|"
    r"am unable to|'m unable to|'m not going to|am not going to|won'?t be able to|"
    r"will not be able to) (?:really |honestly )?"
    r"(?:write|give|provide|offer|make|do|sign|be) (?:(?:you|u|a|an|the|this|that|your|my) )*"
    r"(?:[\w-]+ ){0,2}" + _FAVOURS,
    r"(?:i|we) (?:can'?t|cannot|won'?t|couldn'?t|am unable to|'m unable to) (?:really |honestly )?"
    r"(?:recommend|refer|endorse|vouch for|introduce) (?:you|u)\b",
    r"(?:have to|must|need to|'ll have to|will have to|going to) (?:decline|pass on|turn down|"
    r"say no to)\b",
    r"(?:don'?t|do not) (?:know|feel i know) (?:you|u|" + YOUR + r" work) (?:well )?enough to",
    r"(?:i'?m|i am) not (?:comfortable|in a position) (?:\w+ ){0,3}(?:recommend|refer|endors|"
    r"vouch|introduc|writ)",
)


def declining(a: Analysis) -> bool:
    """The draft turns an ask down (a reply), rather than making one."""
    return a.has("declining", _DECLINE) is not None


def _gated(pattern, declinable: bool = False):
    """A detector for ``pattern`` that stays quiet between people with a tie and in replies to
    what was asked; ``declinable``: and in a reply declining such a favour."""

    def detect(a: Analysis, extra=None):
        span = a.find(pattern, extra)
        if span is None or _tie(a) or a.solicited or (declinable and declining(a)):
            return None
        return span

    return detect


_JOB = compile_(
    r"(?:give|send|share) (?:me )?(?:a |the )?(?:list of )?(?:all )?" + YOUR + r" (?:clients|"
    r"customers|contacts|leads|suppliers|investors)",
    r"(?:it'?s|it is|great|good|nice|lots of|a lot of) (?:\w+ )?exposure for (?:you|u|your)",
    r"(?:need|needs|want|wants) (?:a |some )?free (?:\w+ ){0,2}(?:logo|design|website|app|"
    r"consulting|advice|help|review|work|photos?|translation|copy)",
    r"(?:any |a |your )?(?:spare|free|extra) (?:tickets?|passes?|invites?|invitations?|seats?)\b",
    r"(?:give|get|grant|add) me (?:access|an invite|an invitation) to " + YOUR,
    r"(?:share|send|give) (?:me )?" + YOUR + r" (?:\w+ )?(?:notes|answers|solutions|study "
    r"materials?|slides|past papers) (?:from|for|of|on) (?:the |" + YOUR + r" )?(?:[\w-]+ ){0,3}"
    r"(?:exam|test|course|class|certification|module|interview)",
    r"help me (?:to )?(?:get|obtain|with|secure|process) (?:a |an |my )?(?:\w+ )?visa\b",
    r"(?:openings?|vacanc(?:y|ies)|positions?|jobs?|roles?|opportunit(?:y|ies)) for me\b",
    r"(?:share|send|tell|give) (?:me )?(?:"
    + YOUR
    + r" (?:company'?s |team'?s )?|the )?(?:internal |"
    r"confidential )?(?:salary bands|salary ranges|pay (?:bands|scales)|compensation data)",
    r"what questions (?:they|you|the panel|the interviewers?) (?:will |would |might )?ask",
    r"(?:please |kindly |could you |can you )hire (?:my \w+|him|her)\b",
    r"(?:he|she|my \w+) (?:needs?|wants?) a job",
    r"(?:send|share|give|tell) me (?:the )?(?:answers?|solutions?|questions) (?:to|for|of) (?:the |"
    r"your )?(?:\w+ )?(?:test|exam|assessment|interview|assignment|challenge)",
    r"(?:give|get|find|arrange|offer|provide|fix)\s+(?:me|him|her|my \w+)\s+(?:a |an |any )?"
    r"(?:\w+ ){0,2}(?:job|internship|position|post|placement|opportunity|oppurtunity|"
    r"opportunities|work|interview|role|discount|free|code|extension|chance|break)",
    r"arrange (?:a |an )?(?:job|internship|position) for",
    r"(?:give|get|send|share) (?:me )?(?:your|a|an) (?:[\w'-]+ ){0,3}(?:discount|coupon|promo|"
    r"employee|referral|voucher) (?:code|link|price)",
    r"help me (?:to )?(?:find|get|land|secure) (?:a |an )?(?:\w+ ){0,2}(?:job|work|internship|"
    r"position|role)",
    r"(?:do|does) (?:you|" + YOUR + r" (?:team|company|firm)) have any (?:\w+ )?(?:openings|"
    r"vacancies|positions|jobs|roles|opportunities)",
    r"any (?:suitable |open )?(?:post|position|opening|vacancy|opportunity|oppurtunity|job)s? "
    r"(?:in|at|for me in) " + YOUR,
    r"(?:consider|accept) my (?:candidature|candidacy|application)",
    r"(?:could|can|would|will) (?:" + YOU + r" )?(?:please )?hire me",
    r"(?:i|im|i'm|i am) (?:\w+ )?(?:need|needs|looking for|searching for|in need of) (?:a |an )?"
    r"(?:urgent )?(?:job|internship|work)\b",
    r"job hunting\b.{0,60}(?:can|could|would) (?:you|u)",
    # "I just graduated and need a job", "help me get hired at your company"
    r"(?:and|but|so|now) (?:i )?(?:really |urgently |desperately )?need (?:a |an )?(?:urgent )?"
    r"(?:job|internship|work)\b",
    r"help me (?:to )?get (?:hired|employed|placed|recruited)\b",
    r"(?:accept|admit|take) me (?:directly|into|in)\b",
    r"tell " + YOUR + r" (?:recruiters|hr|manager|boss|team) about me",
    r"check (?:on )?my application",
    r"(?:share|send) (?:me )?(?:the |" + YOUR + r" )?interview questions",
)
_REFERRAL = compile_(
    r"refer me\b",
    r"(?:a|your|for a) referral\?",
    r"(?:ask|asking) (?:you )?for a referral",
    r"(?:give|put in|make) (?:me )?a referral",
    r"(?:pass|forward|send|share|hand|circulate) (?:along |on )?my " + DOCS,
    A(
        r"my (?:cv|resume) (?:along|on|to " + YOUR + r")",
        "my cv",
        "my resume",
    ),
    r"put in a (?:good )?word",
    r"(?:recommend|refer) me (?:for|to)",
)
_INTRO = compile_(
    r"vote for (?:me|us) (?:\w+ ){0,3}(?:in|at) (?:the |this )?(?:[\w-]+ ){0,3}(?:awards?|"
    r"competition|contest|poll|challenge)",
    r"(?:promote|advertise|plug) (?:\w+ ){0,3}(?:to|with) " + YOUR + r" "
    r"(?:network|followers|audience|connections|contacts)",
    r"(?:could|would|can|will) (?:you|u) (?:\w+ ){0,6}(?:for free|free of charge|pro bono)\b",
    # asked for ("can you like my post"), not thanked for ("thanks for your comment on my post")
    r"(?:(?:can|could|would|will) (?:you|u) (?:please |pls )?|please |pls |kindly )(?:like|"
    r"comment on|share|repost|engage with)(?: and (?:like|comment on|comment|share|repost))? "
    r"(?:on )?my (?:\w+ ){0,2}(?:post|posts|article|video|page|update)",
    r"(?:write|make|do|share) (?:a )?(?:post|review|shout-?out|story)(?: \w+){0,2} (?:recommending|"
    r"about|promoting|for|on) my\b",
    r"(?:recommend|promote|share) my (?:\w+ ){0,2}(?:app|product|book|page|startup|business) to "
    r"your (?:followers|network|audience|connections)",
    r"(?:share|repost|like|boost|promote|upvote) my (?:\w+ )?(?:post|page|campaign|startup|"
    r"article|video|launch|product|fundraiser)",
    r"tag (?:some|a few|your) (?:\w+ )?(?:investors|friends|contacts|connections|people)",
    r"introduce me to",
    r"intro me to",
    r"introduce me\b",
    # asked for ("could you make an intro to your CTO"), not thanked for ("thanks for the intro")
    r"(?:need|want|like|get|give|make|request|ask for|use|do) (?:me )?(?:an? |a quick )?"
    r"intro(?:duction)? to " + YOUR + r" (?:\w+ ){0,2}(?:ceo|cto|cfo|coo|boss|manager|"
    r"hr|founder|head|vp|director|investors?|network|contacts?|recruiters?|team)",
    r"connect me (?:with|to)",
    # "give me the contact details of your CEO": the introduction without the introducer
    r"(?:give|send|share|get) (?:me )?(?:the )?(?:contact (?:details|info|information)|e-?mail "
    r"(?:address|id)|e-?mail|phone number|number|direct line) (?:of|for) " + YOUR + r" "
    r"(?:\w+ ){0,2}(?:ceo|cto|cfo|coo|boss|manager|founder|head|vp|director|hr|recruiters?|"
    r"investors?|owner|chairman|md)\b",
    r"put me in touch",
)
_REVIEW = compile_(
    r"write (?:my|me a|me an) (?:\w+ )?(?:cover letter|resume|cv|essay|sop|statement|thesis|"
    r"assignment|homework|application)",
    r"(?:review|reviewing|critique|look over|look at|check|proofread|rewrite|fix|go through)"
    r" (?:my|our) (?:[\w-]+ ){0,2}(?:resume|cv|portfolio|business plan|plan|deck|pitch deck|"
    r"profile|linkedin|summary|cover letter|essay|sop|personal statement|thesis|dissertation|"
    r"manuscript|paper|novel|book|code|app|website|application)",
    r"feedback on my (?:\w+ ){0,2}(?:resume|cv|portfolio|plan|deck|profile)",
    r"(?:write|give) (?:me )?(?:a |an )?(?:letter of )?(?:recommendation|reference letter|"
    r"testimonial|endorsement)",
    r"(?:need|want|request) (?:a |an )?(?:letter of )?(?:recommendation|reference)",
    # asked for, not thanked for ("thank you for the recommendation on my profile")
    r"(?<!for the )(?<!for your )(?<!for this )recommendation (?:on|for) my (?:profile|linkedin)",
    r"(?:be|act as) (?:a |my )reference",
    r"endorse me\b",
)
_MONEY = compile_(
    r"(?:need|require) (?:\w+ )?\d[\d,.]*k? ?(?:dollars|usd|euros?|pounds|rupees|naira|dirhams|"
    r"riyals|pesos|cedis|shillings)\b",
    r"i (?:will|'ll|shall) (?:return|repay|pay back) (?:it|you|the money)",
    r"fund (?:my|our) (?:\w+ ){0,2}(?:mba|education|studies|degree|startup|project|trip|business|"
    r"surgery|treatment|wedding|film|album)",
    r"(?:pay|cover) (?:for )?my (?:fees|tuition|mba|studies|rent|bills|surgery|treatment)",
    r"sponsor (?:my|his|her|our) (?:education|studies|school|schooling|tuition|fees|trip|travel)",
    r"(?:university|school|tuition|college|exam|hospital|medical) (?:fees|bills?)\b",
    r"financial (?:help|assistance|support|aid)\b",
    r"(?:send|transfer) (?:me )?(?:whatever|anything|something|what) (?:you can|amount)",
    r"(?:to|into) my (?:bank|paypal|gcash|upi|mobile money) (?:account|wallet|number)",
    r"(?:consider|interested in|open to|think about) invest(?:ing)?\b",
    r"invest(?:ing)? (?:[$€£₹]|rs\.? ?)?\d[\d,.]*\s?(?:k|m|lakh|crore)?\b",
    A(
        r"(?:lend|loan) me\b",
        "lend me",
        "loan me",
    ),
    r"(?:need|want|give|ask for|request|urgent) (?:me )?(?:a |an )?"
    r"(?:urgent |small )?loan",
    # "my startup needs a $50k bridge loan"
    r"(?:needs|wants|requires|require) (?:a |an )?(?:urgent |small )?"
    r"(?:[$€£₹]\s?\d[\d,.]*\s?[km]? )?(?:[\w-]+ )?loan\b",
    r"(?:lend|invest) or (?:lend|invest)",
    r"(?:send|give|transfer|pledge|donate|contribute) (?:me )?(?:\w+ ){0,2}(?:[$€£₹]|rs\.? ?\d|"
    r"money|funds|\d+ ?(?:dollars|rupees|euros|pounds))",
    r"(?:can|could|would|will) " + YOU + r" (?:please )?invest\b",
    r"(?:if|whether) " + YOU + r" (?:can|could|would|will) invest\b",
    r"help me with (?:any amount|money|funds|some money|the fees)",
    A(
        r"mobile money|gpay|paypal|venmo|cash ?app|western union|m-?pesa",
        "mobile money",
        "gpay",
        "paypal",
        "venmo",
        "cash app",
        "cashapp",
        "western union",
        "mpesa",
        "m-pesa",
    ),
    r"(?:need|want|looking for) (?:a )?sponsor",
    r"sponsor (?:for )?(?:my|a) (?:visa|visit)",
    r"need (?:\w+ )?backers",
    r"(?:need|require) (?:urgent(?:ly)? )?(?:[$€£₹]|rs\.? ?|usd ?|inr ?)\s?\d[\d,.]*k? "
    r"(?:for|to)\b",
)
_OPENER = compile_(
    r"(?:i'?m |i am |so |very )?sorry to (?:bother|disturb|trouble|message|write to|reach out "
    r"to|intrude|pester)",
    r"(?:i know|i'?m sure) (?:" + YOU + r"'?re|you are) (?:very |so )?busy,? but",
    r"i know we (?:don'?t know each other|have never (?:met|spoken)|haven'?t (?:met|spoken))",
    r"(?:you|u) don'?t know me,? but",
    r"i don'?t think we'?ve (?:met|spoken),? but",
)

RULES = [
    Rule(
        rule_id="give_me.job_request",
        label="give_me",
        doc="Asks someone with no tie for a job, an internship, an interview or other favours.",
        weight=1.5,
        message="Asking someone you have no tie with for a job puts them on the spot.",
        suggestion="Apply through the posting, and ask a specific question about the team or "
        "their path instead.",
        detect=_gated(_JOB),
        needs=_JOB,
        takes_phrases=True,
        fires=(
            note(
                "Finished my apprenticeship last week and need a job. Can you help me get hired "
                "at your plant?",
                first_contact=True,
            ),
            ex(
                "Please give me a job in your company, any department.",
                first_contact=True,
                evidence="give me a job",
            ),
            note("I need a job urgently. Can you help?", first_contact=True),
            ex("Do you have any openings in your team? Please reply asap.", first_contact=True),
        ),
        clean=(
            ex(
                "Thanks for reaching out about the analyst role — I'm interested. When can we "
                "talk?",
                sender_role="member",
            ),
            ex(
                "Could you help me find a job? You know my work from our years at Globex.",
                how_known="colleague",
            ),
        ),
    ),
    Rule(
        rule_id="give_me.referral_request",
        label="give_me",
        doc="Asks a stranger to refer them, forward their CV or put in a word.",
        weight=1.5,
        message="A referral vouches for your work; someone who does not know it cannot give one.",
        suggestion="Ask about the team or the role, and apply directly; ask for referrals from "
        "people who know your work.",
        detect=_gated(_REFERRAL, declinable=True),
        needs=_REFERRAL,
        takes_phrases=True,
        fires=(
            ex(
                "Hi, could you refer me for the designer role at your company?",
                first_contact=True,
                evidence="refer me",
            ),
            note("Pls forward my resume to your HR team", first_contact=True),
        ),
        clean=(
            ex(
                "You were my manager at Fabrikam for two years — would you refer me for the "
                "lead role?"
            ),
            ex(
                "Would you refer me for the QA role? Happy to return the favour.",
                how_known="colleague",
            ),
        ),
    ),
    Rule(
        rule_id="give_me.introduction_request",
        label="give_me",
        doc="Asks a stranger to introduce them to their boss, CEO, investors or contacts, or to "
        "push their posts to the stranger's network.",
        weight=1.5,
        message="An introduction spends the other person's reputation; a stranger is asking "
        "for a lot.",
        suggestion="Build a relationship first, or reach the person directly with a clear reason.",
        detect=_gated(_INTRO, declinable=True),
        needs=_INTRO,
        takes_phrases=True,
        fires=(
            ex(
                "Can you share the email address of your HR director? I'd like to send my CV.",
                first_contact=True,
            ),
            ex(
                "Could you introduce me to your CEO? I have ideas.",
                first_contact=True,
                evidence="introduce me to",
            ),
            note("Can you intro me to some VCs?", first_contact=True),
            ex("Could you share my launch post with your network? Thanks!", first_contact=True),
        ),
        clean=(
            ex(
                "Could you send me the contact details of your HR director? The contract needs "
                "her signature.",
                how_known="colleague",
            ),
            ex("Happy to introduce you to a couple of founders in Lagos."),
            ex(
                "Would you introduce me to your facilities team? We talked about it at the "
                "barbecue.",
                how_known="friend",
            ),
        ),
    ),
    Rule(
        rule_id="give_me.review_request",
        label="give_me",
        doc="Asks a stranger to review a resume, portfolio or plan, or to write a recommendation.",
        weight=1.0,
        message="A review or a recommendation takes time and knowledge of your work; a stranger "
        "has neither reason nor basis.",
        suggestion="Ask one specific question, or ask someone who knows your work.",
        detect=_gated(_REVIEW, declinable=True),
        needs=_REVIEW,
        takes_phrases=True,
        fires=(
            ex(
                "We've never spoken, but could you proofread my 60-page dissertation by Monday?",
                first_contact=True,
            ),
            ex(
                "Can you review my resume and tell me what's wrong?",
                first_contact=True,
                evidence="review my resume",
            ),
            ex("Please write me a recommendation on my profile.", first_contact=True),
        ),
        clean=(
            ex("Thanks for the recommendation on my profile, that was kind.", first_contact=False),
            ex(
                "You supervised my thesis — would you be willing to write a letter of "
                "recommendation?"
            ),
            ex("Thanks for the recommendation you wrote, really kind!", how_known="colleague"),
        ),
    ),
    Rule(
        rule_id="give_me.money_request",
        label="give_me",
        doc="Asks for money: loans, donations, investment, sponsorship.",
        weight=2.0,
        message="Asking someone you do not know for money is not appropriate here.",
        suggestion="Use the channels meant for it (a bank, a crowdfunding page, a pitch "
        "through an introduction).",
        detect=_gated(_MONEY),
        needs=_MONEY,
        takes_phrases=True,
        fires=(
            ex(
                "Our clinic needs a €20k equipment loan this month; can you help?",
                first_contact=True,
            ),
            ex("Could you lend me $200 until next month?", first_contact=True, evidence="lend me"),
            note("Would you invest in my startup? Deck attached.", first_contact=True),
            ex("Please send money via PayPal, I'm in trouble."),
        ),
        clean=(
            ex(
                "The client needs a bridge loan quote by Friday, can you ask treasury?",
                how_known="colleague",
            ),
            ex("The invoice total is $1,200; payment terms as agreed.", how_known="business"),
            ex("Our fund can invest up to €2M in seed rounds — happy to share the thesis."),
        ),
    ),
    Rule(
        rule_id="give_me.sorry_to_bother",
        label="give_me",
        doc='The "I\'m sorry to bother you, but…" opener of a cold ask.',
        weight=1.0,
        message='"Sorry to bother you, but…" signals a cold ask before the reader knows who '
        "you are.",
        suggestion="Open with who you are and why you are writing to them in particular.",
        detect=_gated(_OPENER),
        needs=_OPENER,
        takes_phrases=True,
        fires=(
            ex(
                "I'm sorry to bother you but I need some help.",
                first_contact=True,
                evidence="sorry to bother",
            ),
            ex("You don't know me, but could you look at something?", first_contact=True),
        ),
        clean=(
            ex(
                "Sorry to bother you on a Friday — could you approve the PR?", how_known="colleague"
            ),
            ex("I know you're busy with the launch, so no rush on this.", how_known="business"),
        ),
    ),
]


def model_may_say(a: Analysis) -> bool:
    """An ask between former colleagues, classmates or friends is fine, as is a reply to what
    was asked and a reply that *declines* an ask."""
    return not _tie(a) and not a.solicited and not declining(a)


MODEL = ModelRule(
    label="give_me",
    doc="The learned layer: a first contact that reads as only taking (a job, a referral, an "
    "introduction, a recommendation, money), judged on meaning rather than phrasing.",
    message="Taken as a whole, this reads as asking a favour of someone you have no tie with.",
    suggestion="Introduce yourself and show you know their work first; ask for something "
    "small and specific, or ask someone who knows your work.",
    gate=model_may_say,
    fires=(
        ex("Please give me a job in your company, any department.", first_contact=True),
        ex(
            "Hi, could you refer me for the designer role at your company? I really need this job.",
            first_contact=True,
        ),
    ),
    clean=(
        ex(
            "You were my manager at Fabrikam for two years — would you refer me for the lead role?",
            how_known="colleague",
        ),
        ex(
            "I'm afraid I can't write you a recommendation: I don't know your work well enough.",
            first_contact=False,
            connected=True,
        ),
        ex("Thanks for the recommendation you wrote, really kind!", connected=True),
    ),
)
