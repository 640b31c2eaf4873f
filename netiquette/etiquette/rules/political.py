"""political: political or religious campaigning and partisan opinion.

A professional network brings together people of every party and faith who are there to
work. Asking them to vote, sign, march or boycott, insulting the other side, or trying to
convert them turns a working relationship into a fight. What is *not* political: news about
one's own industry's regulation ("the new minimum wage takes effect in January"), and
festival greetings ("Eid Mubarak", "Happy Diwali", "God bless").
"""

from __future__ import annotations

from netiquette.etiquette.registry import ModelRule, Rule, ex, note
from netiquette.etiquette.signals import A, Analysis, compile_

BLOC = r"(?:party|coalition|alliance|bloc|front|congress|league|caucus)"

_CAMPAIGN = compile_(
    r"(?:call|write to|email|contact|phone) (?:your|their) (?:local )?(?:representative|senator|"
    r"mp|congress(?:wo)?man|councillor|council member|mla|member of parliament)",
    r"support (?:the|our) (?:[\w-]+ ){0,3}campaign\b",
    r"donate and share\b",
    r"as a (?:hindu|muslim|christian|jew|sikh|buddhist|patriot),? (?:you|u|we|i) (?:must|should|"
    r"urge|need)",
    r"(?:support|vote for|back|elect|re-?elect) (?:our |my )?candidate\b",
    r"(?:for|as) (?:mayor|governor|senator|president|city council|congress|parliament|prime "
    r"minister)\b.{0,80}(?:vote|donate|support|elect|campaign)",
    r"(?:vote|donate|support|elect|campaign)\b.{0,80}\bfor (?:mayor|governor|senator|president|"
    r"city council|congress|parliament)\b",
    r"join (?:me|us) (?:at|in|for) (?:the |our |a )?(?:\w+ ){0,2}(?:rally|march|protest|strike|"
    r"demonstration|vigil|sit-in)",
    r"(?:rally|march|protest|demonstration) (?:against|for) (?:the |our )?",
    r"vote (?:red|blue|green|yellow|orange|purple)\b(?! (?:button|option|card))",
    r"vote for change\b",
    # "vote for me" alone may be an award; with an election it is a campaign
    r"vote (?:for|against) (?:candidate|the \w+ " + BLOC + r"|\w+ " + BLOC + r"|him|her|them)\b",
    r"vote (?:for|against) (?:me|us)\b.{0,60}\b(?:election|ballot|council|mayor|seat|district|"
    r"polls?)\b",
    r"vote (?:against|out) (?:the|these|those|this|all) (?:\w+ )?(?:traitors|crooks|thieves|liars|"
    r"party|government|elites|globalists|candidates?|politicians)",
    r"vote\b.{0,60}\b(?:next|upcoming|coming) (?:election|elections|vote|ballot)",
    r"(?:vote|voting) (?:no|yes) (?:on|to|for|against)\b",
    r"join (?:us|me) in voting",
    r"vote (?:them|him|her|\w+) out\b",
    r"vote \w+ " + BLOC + r"\b",
    r"#vote\w+",
    A(
        r"for (?:your|a) vote\b",
        "vote",
    ),
    r"your vote on\b",
    r"(?:i'?m|i am) running for (?:\w+ ){0,2}(?:council|mayor|office|parliament|congress|"
    r"senate|president|election|re-?election|assembly|governor)",
    r"sign (?:&|and) share",
    r"vote (?:for )?(?:the )?(?:republicans?|democrats?|democratic|labou?r|tor(?:y|ies)|"
    r"conservatives?|liberals?|greens|bjp|aap|pti|pml-?n|anc|likud|gop)\b",
    r"make america great again|#maga\b|lock (?:her|him) up|free palestine|free tibet|"
    r"from the river to the sea|#blacklivesmatter|#stopthesteal|stop the steal",
    r"join the resistance",
    r"sign (?:the|our|this|my) (?:\w+ )?(?:petition|statement|open "
    r"letter|pledge)",
    r"petition (?:to|against|for)\b",
    r"join (?:the|our|us at the|us at) (?:\w+ ){0,2}(?:rally|march|protest|strike|demonstration|"
    r"movement|sit-in|vigil)",
    r"(?:rally|march|protest) (?:on|at|this) ",
    r"write to (?:your|their) (?:mp|mla|congress(?:wo)?man|senator|representative|councillor)",
    r"boycott",
    r"stand with (?:the )?\w+",
    r"speak out against",
    r"campaign frame",
    r"(?:oppose|stop|fight|defeat|repeal|scrap) the (?:new )?(?:\w+ ){0,2}(?:tax|bill|laws?|"
    r"amendment|reform)\b.{0,40}(?:together|petition|sign|join|vote|!)",
    r"(?:forward|share) (?:this|it) (?:to|with) (?:\d+|everyone|all)\b",
    # "Support Party X in the coming elections"
    r"(?:support|vote for|back|elect|choose)\b.{0,40}\b(?:in|at) (?:the )?(?:coming|upcoming|next|"
    r"general|local|presidential|parliamentary|municipal) (?:[\w-]+ )?elections?\b",
    # "Say NO to the referendum!", "vote yes in the referendum"
    r"(?:say|vote) (?:no|yes) (?:to|on|in) (?:the |this )?(?:[\w-]+ )?(?:referendum|bill|amendment|"
    r"proposition|prop \d+|measure|ballot|treaty|constitution)",
    r"share (?:this |it )?with (?:all|every one of|everyone in) (?:your|ur) (?:contacts|friends|"
    r"connections|network)",
)

BLOC_WORDS = ("party", "coalition", "alliance", "bloc", "front", "congress", "league", "caucus")
POLITY_WORDS = (
    "politicians", "parliament", "government", "govt", "opposition", "ruling party", "elites",
    "regime", "the left", "the right", "liberals", "conservatives", "leftists", "right-wingers",
    "rightwingers", "democrats", "republicans", "the other side", "the mayor", "the president",
    "the prime minister", *BLOC_WORDS,
)  # fmt: skip
INSULT_WORDS = (
    "thieves", "traitors", "traitor", "corrupt", "lying", "liars", "lies", "betrayed", "betraying",
    "anti-national", "antinational", "destroy", "wrecking", "ruin", "clown", "idiot", "fool",
    "deluded", "crooks", "evil", "puppets", "scum",
)  # fmt: skip
_POLITY = r"(?:" + "|".join(POLITY_WORDS) + r")"
_INSULT = r"(?:" + "|".join(INSULT_WORDS) + r")\w*"
_PARTISAN = compile_(
    r"(?:deniers|extremists|fascists|communists|radicals|socialists|nazis) in (?:congress|"
    r"parliament|government|the senate|the assembly|power)",
    r"enem(?:y|ies) of the (?:people|nation|state)",
    r"only (?:one|man|woman|party|leader) (?:who )?can save (?:this|our|the) (?:nation|country)",
    r"(?:controlled|run|owned|bought) by (?:the )?(?:elites|globalists|deep state|cabal|"
    r"billionaires)",
    r"(?:the )?media lies",
    r"before (?:it'?s|they get) (?:censored|deleted|"
    r"taken down|banned)",
    r"(?:wake up and|go and|remember to) vote\b",
    r"vote accordingly",
    r"(?:destruction|death|ruin|end) of (?:this|our|the) (?:economy|country|nation)",
    _POLITY + r"\b.{0,40}\b" + _INSULT + r"\b",
    _INSULT + r"\b.{0,25}\b(?:in|of) " + _POLITY + r"\b",
    r"only a fool would vote",
    r"anyone who (?:still )?(?:backs|supports|voted for|votes for)",
    r"(?:voted|vote|votes|voting) for (?:that|this|those) (?:clown|idiot|fool|traitor|crook|"
    r"liar)",
    r"(?:back|support|donate to|fund) (?:the )?\w+ " + BLOC + r"\b",
    r"where does " + r"(?:your|ur) (?:firm|company|business) stand",
    r"(?:country|nation) is (?:going down the drain|being (?:betrayed|destroyed|ruined))",
    r"wake up,? (?:people|sheeple)",
    r"share before they delete",
    r"take back (?:the|our) country",
    r"lying to (?:you|us) about the election",
    r"the only (?:party|candidate|leader|man|woman) (?:that|who) (?:will|can) (?:protect|save|"
    r"defend|restore)",
    # a conspiracy told of a whole class of people: "the corrupt elites want to sell our country"
    r"(?:corrupt|greedy|globalist|treacherous) (?:elites?|establishment|politicians|regime|"
    r"government)\b.{0,40}\b(?:sell|destroy|ruin|steal|betray|invade)\w*",
    r"(?:want|wants|plan|plans|trying) to (?:sell|destroy|ruin|betray) (?:our|this) (?:country|"
    r"nation)",
)

_PROSELYTISE = compile_(
    r"born again\b",
    r"judg(?:e)?ment day\b",
    r"antichrist\b",
    r"join (?:us|me) in prayer",
    r"(?:back|closer|return|turn) to god\b",
    r"accept(?:ed)? (?:jesus|christ|the lord|islam|allah|krishna|the truth|god)\b",
    r"jesus (?:loves|saves|is (?:the|coming))",
    r"(?:lord and|personal) savio(?:u)?r",
    r"repent\b",
    r"be saved\b",
    r"(?:true|only true|one true) (?:religion|path|god|faith)",
    r"(?:read|learn about|study) (?:the )?(?:bible|quran|koran|gita|scriptures?|gospel)",
    r"daily (?:scripture|prayers?|bible verses?|verses|devotions?)",
    r"(?:come|join us|join) (?:\w+ ){0,4}(?:church|mosque|temple|revival|prayer meeting|"
    r"satsang|bible study|crusade|fellowship service)",
    r"revival\b",
    r"chant(?:ing)? (?:the )?(?:holy )?names?",
    r"(?:gita|bible|quran|koran) (?:sessions|study|"
    r"class|classes|circle)",
    r"end times",
    r"pray about it",
    r"i(?:'ll| will) (?:be )?pray(?:ing)? for (?:you and )?(?:your|ur) (?:soul|leadership|"
    r"company|salvation)",
    r"invite (?:you|u) to (?:learn about |accept |embrace |join )?(?:islam|christianity|"
    r"the true|jesus|our faith|the faith|our church)",
    r"(?:your|ur) soul\b",
    r"surrender to (?:god|krishna|allah|jesus|the lord)",
    r"hare krishna",
    r"as a (?:christian|muslim|hindu|jew|believer),? i urge",
)


def campaigning(a: Analysis, extra=None):
    return a.find(_CAMPAIGN, extra)


def partisan(a: Analysis, extra=None):
    return a.find(_PARTISAN, extra)


def proselytising(a: Analysis, extra=None):
    return a.find(_PROSELYTISE, extra)


RULES = [
    Rule(
        rule_id="political.campaigning",
        label="political",
        doc="Asks the recipient to vote, sign a petition, march, boycott or lobby.",
        weight=1.5,
        message="Campaigning for a cause or a candidate is out of place on a professional network.",
        suggestion="Keep campaigns to your own feed or to people who asked; talk about work here.",
        detect=campaigning,
        needs=_CAMPAIGN,
        takes_phrases=True,
        fires=(
            ex("Back the Greens in the upcoming local elections, our town depends on it!"),
            ex("Vote yes in the independence referendum on Sunday, it is our only chance!"),
            ex(
                "Please sign our petition to recall the governor: petition.example/x",
                evidence="sign our petition",
            ),
            note("Vote for the Harbour Party on Sunday and share with everyone!"),
            ex("Join the march on Saturday to defend our pensions!"),
            ex("Vote Labour on Thursday and tell your friends!"),
        ),
        clean=(
            ex(
                "Turnout in the upcoming local elections may delay the permit decision.",
                how_known="business",
            ),
            ex(
                "The referendum on the new pension rules could change our payroll setup; I'll "
                "brief finance.",
                how_known="colleague",
            ),
            ex(
                "The office closes early on election day so everyone can vote.",
                how_known="colleague",
            ),
            ex(
                "The new packaging levy starts in April; we need to update the SKUs.",
                how_known="business",
            ),
            ex(
                "Can you vote on the logo options in the Slack poll by Friday?",
                how_known="colleague",
            ),
        ),
    ),
    Rule(
        rule_id="political.partisan",
        label="political",
        doc="Partisan opinion: insults for politicians, parties or their voters, conspiracy "
        "claims.",
        weight=1.5,
        message="Partisan opinion alienates colleagues and contacts who see it differently.",
        suggestion="Leave party politics out of professional messages.",
        detect=partisan,
        needs=_PARTISAN,
        takes_phrases=True,
        fires=(
            ex("He is the only leader who can restore our pride. Everyone must see it."),
            ex("The greedy politicians are trying to destroy this nation and nobody stops them."),
            ex(
                "The politicians in the capital are all thieves, wake up!",
                evidence="politicians in the capital are all thieves",
            ),
            ex("Honestly, anyone who voted for that clown deserves what's coming."),
        ),
        clean=(
            ex(
                "She is the only candidate who can start in January, so we made her the offer.",
                sender_role="recruiter",
            ),
            ex("Our parent group wants to sell the country division to a private-equity buyer."),
            ex(
                "The government's new tender portal goes live on Monday; here is the guide.",
                how_known="business",
            ),
            ex(
                "Our product team is a bunch of clowns at karaoke, you should have seen it!",
                how_known="colleague",
            ),
        ),
    ),
    Rule(
        rule_id="political.proselytising",
        label="political",
        doc="Religious campaigning: calls to convert, repent, attend services or pray.",
        weight=1.5,
        message="Trying to convert someone is out of place on a professional network.",
        suggestion="Keep faith out of professional outreach; festival greetings are fine.",
        detect=proselytising,
        needs=_PROSELYTISE,
        takes_phrases=True,
        fires=(
            ex("Have you accepted Jesus as your saviour? Repent today.", evidence="accepted Jesus"),
            ex("Come to our revival this weekend and save your soul."),
        ),
        clean=(
            ex(
                "Eid Mubarak to you and your family! Back to the tender next week.",
                how_known="colleague",
            ),
            ex(
                "Happy Diwali, and thank you for a great year of partnership.", how_known="business"
            ),
            ex("God bless, and good luck with the launch!"),
        ),
    ),
]


MODEL = ModelRule(
    label="political",
    doc="The learned layer: reads as political or religious campaigning or partisan opinion, "
    "judged on meaning rather than phrasing.",
    message="Taken as a whole, this reads as political or religious campaigning or partisan "
    "opinion.",
    suggestion="Keep politics and religion out of professional messages; talk about the work "
    "you share.",
    gate=lambda a: True,
    # The model trained on the real-world corpus raises political on its own only from 0.99
    # (chosen on validation): it recognises campaigning like the corpus' election and church
    # messages, while the rules above catch petitions and partisan insults.
    fires=(
        ex(
            "Postal voting papers go out next week. I would be grateful if you support me and "
            "vote for List 3 in the works council election.",
            first_contact=True,
        ),
    ),
    clean=(
        ex("The office closes early on election day so everyone can vote.", how_known="colleague"),
        ex(
            "Eid Mubarak to you and your family! Back to the tender next week.",
            how_known="colleague",
        ),
    ),
)
