"""sales_pitch: selling what nobody asked for, above all right after connecting.

A connection is not a lead. Pitching a product or service to someone who did not ask — on the
first contact, or in the first message after they accepted — is the behaviour members resent
most, and mass-sent templates ("Hi {first_name}, I help companies like yours…", "book a quick
15-minute call") show the recipient they are one of hundreds. Get-rich schemes and MLM
recruiting are the worst of it. What is *not* a pitch: answering a client who asked for
prices, following up on something promised, a recruiter describing a real job.

The learned layer (``model.sales_pitch``) now catches the call-to-book and the template
phrasing: the rules that matched them (``book_a_call``, ``template_phrases``) were pruned when
the model trained on the real-world corpus covered every item they rightly fired on in
validation at a higher precision, and the engine scored better on validation without them
(docs/etiquette.md, "The learned layer").

Why one long module: a rule family is one idea (STYLE.md 5), and most of its length is the
phrase patterns and the should-fire / should-not-fire examples that sit beside each rule.
"""

from __future__ import annotations

from netiquette.etiquette.registry import NO_SPAN, ModelRule, Rule, ex, note
from netiquette.etiquette.signals import YOUR, A, Analysis, compile_

W = r"[\w&'’+-]+,?"  # a word, allowing "r&d", "uk-based", "5-star", "modern,"
AUDIENCE = (
    r"(?:companies|businesses|firms|teams|brands|owners|founders|execs|executives|leaders|"
    r"professionals|coaches|consultants|agencies|startups|clinics|people|clients|retailers|"
    r"stores|shops|sellers|cfos|ctos|ceos|marketers|recruiters|organi[sz]ations|smes|b2b|"
    r"you|managers|investors|entrepreneurs|women|men|doctors|lawyers|realtors|agents)"
)

# What a buyer does with suppliers: "we're evaluating LiDAR suppliers" is the opposite of a pitch.
BUYING = (
    r"evaluating|comparing|sourcing|shortlisting|selecting|choosing|vetting|assessing|reviewing|"
    r"looking|searching|seeking|hiring|interviewing|considering|replacing|switching|talking to|"
    r"meeting|benchmarking|testing|trialling|trialing|piloting"
)

_OFFER = compile_(
    r"(?:pleased|happy|glad|delighted|proud) to (?:offer|provide|introduce|present) (?:you )?"
    r"(?:our|my)\b",
    r"(?:i'?m|i am|we'?re|we are) (?:now )?selling (?:my|our|a|an|some)\b",
    r"(?:try|test|use) \w+ (?:for )?free\b",
    # "I'm a virtual assistant offering …" (not "I'm starting a business selling soap")
    r"(?:i'?m|i am|we'?re|we are) (?:a |an )(?:[\w-]+ ){0,3}(?:offering|providing|selling)\b",
    r"(?:our|my) (?:[\w-]+ ){0,3}(?:converts|delivers|generates|saves|cuts|boosts|increases|"
    r"automates|doubles|triples|gets|brings|books|lands|wins) (?:\w+ ){0,2}(?:\d|more|your)",
    r"(?:do|does) (?:you|u|your (?:company|team|business)) need (?:\w+ ){0,2}(?:services?|"
    r"solutions?|suppliers?|agency|partner)\?",
    r"(?:our|my) (?:company|firm|agency|team|business|store|shop|factory) (?:provides|offers|"
    r"sells|supplies|makes|manufactures|speciali[sz]es|delivers|builds|helps)\b",
    r"(?:interested in|looking to|want to) (?:buy|buying|purchase|purchasing|order|ordering)\b",
    r"(?:database|list|lists) of (?:[\d,.]+k? )?(?:verified |targeted |b2b )?(?:\w+ )?(?:emails?|"
    r"e-?mail addresses|contacts|leads|decision[- ]makers|phone numbers)",
    r"(?:we|i) handle (?:[\w&'’+-]+,? ){0,5}for\b",
    r"looking for (?:an? )?(?:affordable|cheap|reliable|professional|experienced|trusted|quality) "
    r"(?:\w+ ){0,2}(?:services?|agency|developers?|designers?|partner|suppliers?|solutions?)\?",
    r"(?:tickets?|seats?|spots?|places?) (?:are |is )?(?:now )?(?:on sale|available|selling fast)",
    r"check out (?:our|my) ",
    # other languages (accents are folded away before matching)
    r"(?:nous sommes|somos|wir sind) (?:une?|una?|eine?) (?:[\w'-]+ ){0,2}(?:agence|cabinet|"
    r"societe|entreprise|agencia|empresa|consultora|agentur|firma)",
    r"(?:i|we) help (?:" + W + r" ){0,4}" + AUDIENCE + r"\b",
    r"(?:we'?ve|we have|i'?ve|i have) helped (?:" + W + r" ){0,3}" + AUDIENCE + r"\b",
    # "we're a Lisbon-based dev shop", not "we're piloting one at our agency"
    r"(?:we'?re|we are|i'?m|i am) (?!(?:" + BUYING + r")\b)(?:a |an |the )?(?:(?!(?:at|in|on|"
    r"with|for|our|my|your|to|from|of|one|it|this|that)\b)" + W + r" ){0,4}(?:providers?|"
    r"manufacturers?|suppliers?|agency|agencies|consultancy|distributors?|studio|exporters?|"
    r"importers?|vendors?|resellers?|wholesalers?|traders?|dealers?|specialists?|experts? in|"
    r"company offering|firm offering|shop|house|outfit)\b",
    r"(?:we|i) have (?:a pool|a team|a network|a bench) of (?:[\d,.]+k?\+? )?(?:[\w-]+ ){0,2}"
    r"(?:engineers|developers|designers|professionals|experts|freelancers|consultants|writers|"
    r"candidates|talent)",
    r"(?:we|i) (?:provide|offer|sell|distribute|supply|specialise in|specialize in|place)\b",
    r"(?:we|i) can help (?:you|your (?:team|company|business|firm|brand|startup))\b",
    r"(?:we|i) can (?:fill|staff|source|recruit for|supply|deliver|take care of|handle) "
    r"(?:your|all)\b",
    r"(?:we|i) can (?:deploy|provide|onboard|ship|set up) (?:a |an |your |you )?(?:dedicated |"
    r"full )?(?:team|developers|engineers|staff|resources|solution|website|app)",
    r"(?:we'?re|we are) (?:a |an )?(?:[\w&'’+-]+,? ){0,3}(?:staffing|recruitment|marketing|seo|"
    r"software|outsourcing|consulting|development|design|web|it|bpo|logistics|trading|export|"
    r"import|printing|packaging|media|advertising) (?:company|firm|agency|house|partner|provider)",
    r"(?:i'?ve|we'?ve|i have|we have) (?:got )?a (?:proven |unique |simple )?(?:system|method|"
    r"formula|blueprint|framework|program|programme) (?:that|which)",
    r"(?:get|try|grab|buy|order) (?:our|my) ",
    r"(?:we|i) (?:build|design|develop|create|produce|deliver|can deliver|can start|can get "
    r"you|can help you|can supply) (?:" + W + r" ){0,3}(?:that|for|stores|sites|websites|apps|"
    r"leads|clients|solutions|campaigns|content|results|\d)",
    A(
        r"(?:we|i) do \w+ing\b",
        "we do ",
        "i do ",
    ),
    r"(?:we|i) (?:just )?(?:built|made|created|developed) (?:something|a tool|a platform|an app)",
    r"(?:we|i) (?:just )?(?:built|made|created|developed|launched) (?:a|an) (?:[\w-]+ ){0,3}"
    r"(?:tool|platform|app|product|plugin|solution|software|service|bot|extension)\b",
    r"(?:i|we) (?:now )?(?:run|own|founded|started|manage) (?:a|an|my|our) (?:" + W + r" ){0,3}"
    r"(?:agency|business|company|firm|consultancy|studio|biz|brand|startup|shop|store)\b",
    r"(?:i'?m|i am) (?:a |an |the )?(?:certified |licensed |independent )?(?:"
    + W
    + r" ){0,2}(?:coach|advisor|adviser|agent|broker|distributor|reseller|planner|founder of|"
    r"ceo of)\b",
    r"(?:send|share|email|forward) (?:you )?(?:over )?(?:our|my|the|a) (?:" + W + r" )?"
    r"(?:brochure|catalogue|catalog|deck|credentials|price list|rate card|proposal|samples?|"
    r"case stud(?:y|ies)|application link|media kit|quote)",
    A(
        r"(?:want|like|need) (?:some |a )?(?:samples?|demo|free trial|quote)\?",
        "sample",
        "demo",
        "free trial",
        "quote",
    ),
    r"(?:would|do) (?:you|u) like a (?:demo|sample|trial|quote)",
    A(
        # an invitation to try what is sold, not the sender helping to test ("happy to help
        # test it", "I can test it on our cluster")
        r"(?<!help )(?<!help to )(?<!i'll )(?<!i will )(?<!i'd )(?<!i can )(?<!i could )"
        r"(?:try|test) (?:it|our|my)\b(?! best)",
        "try ",
        "test ",
    ),
    r"shows? (?:you|u) how",
    r"exclusive opportunity",
    r"(?:my|our) (?:new |latest |first )?\w*(?:book|e-?book|course|album|app|product|podcast|"
    r"collection|range|service|tool|platform)(?: [\w&'’+-]+){0,3} (?:has )?(?:just |finally )?"
    r"(?:launched|is out|"
    r"is live|is available|dropped)",
    r"(?:we|i) (?:just |recently |have just )?(?:launched|released|rolled out) (?:a|an|our|my)\b",
    r"(?:cuts?|reduces?|saves?|boosts?|increases?|improves?|doubles?|triples?) (?:[\w&'’+-]+ )"
    r"{0,4}by (?:up to )?\d+(?:\s?[-–]\s?\d+)?\s?%",
    r"(?:we'?re|we are|i'?m|i am) (?:offering|giving away)\b",
    r"(?:we'?re|we are|i'?m|i am) (?:running|hosting|launching) (?:a |an |our |my )?(?:free |"
    r"exclusive |special |limited |new )?(?:" + W + r" )?(?:webinar|masterclass|workshop|"
    r"promotion|promo|offer|discount|deal|sale|giveaway|course|bootcamp|challenge|cohort)",
    r"(?:we'?d|we would|i'?d|i would) love (?:for (?:you|u) )?to (?:be considered|supply|"
    r"work with|partner|help|show|offer|have you try)",
    r"(?:introduce|present) (?:you to )?(?:our|my) ",
    r"have (?:you|u) considered (?:our|my)",
    r"be featured in",
    r"(?:are|r) (?:you|u) (?:looking|planning) to (?:buy|sell|invest|hire|"
    r"outsource|grow|scale|automate)",
    r"(?:are|r) (?:you|u) planning \w+ this",
    r"notre (?:cabinet|agence|soci[eé]t[eé]|entreprise|solution|plateforme)",
    r"nous (?:aidons|proposons|accompagnons|offrons)",
    r"wir (?:bieten|helfen)",
    r"(?:ofrecemos|nuestra empresa)",
    r"cut (?:" + W + r" ){0,2}costs? by",
    r"(?:increase|grow|double|triple|boost) (?:your )?(?:" + W + r" ){0,2}(?:revenue|sales|"
    r"leads|pipeline|followers|traffic) by",
)

# A word inside a noun phrase ("our new AI scheduling platform"): no article, preposition or
# message noun, so "my last message about the release plan" is not read as "my … plan".
NP_WORD = (
    r"(?!(?:about|on|for|of|to|the|a|an|in|at|with|from|and|or|regarding|re|this|that|last|"
    r"previous|earlier|message|messages|email|e-mail|note|mail|question|idea|ideas|thoughts|"
    r"feedback|draft|notes)\b)" + W
)
# A plan that is sold (a price plan), not a release, project or migration plan.
PRICED_PLAN = (
    r"(?:premium|pro|basic|starter|enterprise|annual|monthly|yearly|pricing|price|subscription|"
    r"payment|insurance|pension|savings|investment|retirement|hosting|mobile|diet|meal|fitness|"
    r"coaching|seo|service|support|maintenance) plans?"
)

# "Looking for web developers?" asked of the reader, or "our team builds apps": a seller's
# opening, but also how people describe their work, so it needs a price or a call to action.
_WEAK_SELLER = (
    r"(?:are you |r u )?looking for (?:an? |some )?(?:[\w-]+ ){0,2}(?:developers|designers|writers|"
    r"marketers|agency|suppliers?|manufacturers?|leads|clients|customers|freelancers|"
    r"outsourcing)\?",
    r"(?:our|my) (?:[\w-]+ ){0,3}team (?:builds|designs|develops|delivers|provides|creates|"
    r"writes|offers|ships) (?:\w+ ){0,2}(?:apps|sites|websites|software|solutions|content|"
    r"campaigns|products|for)\b",
)

# Mentioning "our agency" or "my app" is a weak sign of selling: enough with a price or a
# call to action, not on its own ("we're piloting one at our agency in Leeds").
_WEAK_OFFER = compile_(
    A(
        r"(?:our|my) (?:"
        + NP_WORD
        + r" ){0,5}(?:agency|platform|services?|products?|solutions?|software|"
        r"programme|program|packages?|" + PRICED_PLAN + r"|studios|"
        r"catalogue|catalog|"
        r"brochure|credentials|membership|contracts|devices|course|masterclass|units|tool|app|"
        r"firm|team can|biz|deals?)\b"
        # "my move into product management" is a career, not a product
        r"(?! (?:management|manager|managers|team|teams|engineer|engineering|design|designer|"
        r"owner|lead|role|strategy|roadmap|org|career|job))",
        "agency",
        "platform",
        "service",
        "product",
        "solution",
        "software",
        "program",
        "package",
        "plan",
        "studio",
        "catalog",
        "brochure",
        "credentials",
        "membership",
        "contracts",
        "devices",
        "course",
        "masterclass",
        "units",
        "tool",
        "app",
        "firm",
        "team can",
        "biz",
        "deal",
    ),
    *_WEAK_SELLER,
)

_PROMO = compile_(
    r"free for \d+ (?:days|weeks|months)\b",
    r"best (?:rates|prices?|deals?|offers?|quotes?)\b",
    r"(?:factory|wholesale|discounted|unbeatable|best) prices?\b",
    r"(?:nos|mes|nuestros|unsere) (?:tarifs|prix|precios|preise)",
    r"win (?:an? |the )?(?:ipad|"
    r"iphone|prize|gift card|voucher|trip)",
    r"(?:exclusive|special|limited|introductory) (?:\w+ )?offer\b",
    r"only (?:[$€£₹¥]|rs\.? ?)\d",
    r"(?:grab|get|order|buy) (?:your|a|my) (?:copy|copies|seat|spot|ticket)",
    r"(?:buy|order|shop|register|sign up|enrol+) (?:now|today)\b",
    r"link in (?:my )?bio",
    A(
        r"(?:[$€£₹¥]|rs\.? ?|inr ?|usd ?|eur ?|gbp ?|sar ?|aed ?|kes ?)\d[\d,.]*\s?(?:k|/|per\b|"
        r"only|a month|a year|each|pcs|/pc|/hr|/month|/mo)",
        "$",
        "€",
        "£",
        "₹",
        "¥",
        "rs.",
        "rs ",
        "rs0",
        "rs1",
        "rs2",
        "rs3",
        "rs4",
        "rs5",
        "rs6",
        "rs7",
        "rs8",
        "rs9",
        "inr",
        "usd",
        "eur",
        "gbp",
        "sar",
        "aed",
        "kes",
    ),
    r"\d+\s?% off",
    r"save \d+\s?%",
    r"\bdiscount(?:s|ed)?\b(?! you asked)",
    r"(?:free|complimentary) (?:" + W + r" ){0,2}(?:trial|months?|demo|consultation|audit|access|"
    r"webinar|samples?|session|test|quote|deep-clean|e-?book|guide|strategy call|call|"
    r"assessment|month)",
    r"first (?:" + W + r" )?(?:free|on us)",
    r"limited (?:time|spots|seats|places|offer)",
    r"only \d+ (?:spots|seats|places|slots)",
    r"this (?:week|month|season) only",
    r"(?:special|launch|introductory|exclusive|early[- ]bird) "
    r"(?:" + W + r" )?(?:pricing|price|offer|deal|rate|discount)",
    r"best price",
    r"(?:very |highly )?(?:affordable|competitive|cheap|lowest|unbeatable) (?:rates|prices|"
    r"cost|price)",
    r"(?:start|starts|starting|plans?|packages?|rates?|prices?|fees) (?:at|from)\b",
    r"half the (?:cost|price)",
    # a discount code ("with code LINK20"), not a group ("with Code for Vietnam")
    r"(?:use|apply|enter) (?:the |my |this |promo |discount |coupon )?code\b",
    r"(?:promo|discount|coupon|voucher|referral) code\b",
    r"(?:with|using) (?:the )?code [a-z]*\d+[a-z\d]*\b",
    r"moq\b",
    r"fob\b",
    r"per month\b",
    r"no[- ]obligation",
    r"money[- ]back",
    r"grab your (?:seat|spot)",
    r"sign up (?:now|today)",
    r"reply (?:'|\")?(?:yes|interested|start)\b",
    r"(?:deal|offer) "
    r"(?:ends|expires)",
    r"guaranteed\b",
    r"\d+\+? (?:clients|customers) (?:across|in|served)",
    r"served \d+\+? clients",
    # A shortened link hides where it leads: a spammer's habit, and a pitch's call to action.
    r"(?:bit\.?ly|tinyurl|t\.co|goo\.gl|ow\.ly|is\.gd|buff\.ly|rebrand\.ly|cutt\.ly|"
    r"shorturl\.at|rb\.gy|tiny\.cc|lnkd\.in|shorte\.st|adf\.ly)/\w",
    r"(?:dm|message|text) (?:me )?(?:'|\")\w+",
)

_CTA = compile_(
    r"worth (?:\d+|a few|five|ten|fifteen|twenty) (?:min|mins|minutes)\b",
    r"(?:send|show) (?:you )?(?:a |our |my )?(?:quick |short |brief )?(?:demo|walkthrough|"
    r"video demo|product tour)",
    r"(?:book|schedule|set up|hop on|jump on|grab|arrange|get) (?:a |an )?(?:quick |short |"
    r"brief |free |fast |\d+[- ]?min(?:ute)?s? )*(?:call|chat|demo|meeting|consultation|zoom)",
    r"\d+[- ]?(?:min|mins|minute|minutes)\b (?:" + W + r" )?(?:call|chat|demo|meeting|slot|intro|"
    r"discovery|valuation|consultation|session)",
    r"(?:do|would) (?:you|u) have \d+ (?:min|mins|minutes)",
    r"(?:book|grab|steal|get) \d+ "
    r"(?:min|mins|minutes)",
    r"discovery call",
    r"strategy call",
    r"worth a (?:chat|call|conversation|look)\?",
    r"(?:open to|up for|interested in) a (?:quick "
    r"|short |brief )?(?:\d+[- ]?min(?:ute)? )?(?:intro(?:ductory)? |discovery |exploratory )?"
    r"(?:call|chat|demo)",
    r"calendly",
    r"(?:my|our) calendar",
    A(
        r"(?:when|can) (?:can )?(?:our|my) team (?:visit|call|come)",
        "team",
    ),
    r"(?:may|can) i call (?:you|u) to (?:explain|discuss|tell)",
    r"(?:fancy|how about) a (?:quick "
    r"|no-obligation |short )?(?:chat|call)",
    r"(?:a )?good time for a call",
    r"dm me\b",
    r"appel de \d+ minutes",
    A(
        r"(?:un|une) (?:appel|d[eé]mo)",
        "appel",
        "demo",
    ),
)

_TEMPLATE = compile_(
    r"(?:companies|businesses|firms|teams|brands) (?:in|like) " + YOUR + r" (?:space|industry|"
    r"sector|niche|market) (?:are|lose|struggle|waste|miss)",
    r"competitors are (?:already )?(?:using|doing|ahead|beating)",
    r"don'?t (?:fall|get left|be left) behind",
    r"tired of (?:low|slow|poor|manual|endless|losing|missing|chasing|wasting)\b",
    r"(?:are|r) (?:you|u) (?:still )?(?:struggling|tired of|frustrated with|fed up with)\b",
    A(
        r"(?:noticed|saw|see) (?:that )?" + YOUR + r" (?:website|site|profile|company|page|brand|"
        r"seo|ads|app|store|reviews) (?:could|needs?|isn'?t|is not|lacks|doesn'?t|has(?:n'?t| "
        r"not)|might)",
        "noticed",
        "saw",
        "see that",
        "see your",
        "see ur",
        "see yr",
    ),
    r"came across " + YOUR + r" (?:company|business|website|brand|store)",
    # the sales hook: "Do you want more clients?"
    r"(?:do|would) (?:you|u) (?:want|like|need) (?:more|extra|new) (?:\w+ )?(?:clients|customers|"
    r"leads|sales|patients|bookings|followers|traffic|revenue)\?",
    # "companies like yours" sells; "leaders like you" is only flattery
    r"(?:companies|businesses|firms|teams|brands|organi[sz]ations|stores|clinics) like yours\b",
    r"similar (?:companies|firms|businesses|teams|organi[sz]ations)",
    r"i(?:'ll| will) keep (?:this|it) (?:brief|short)",
    r"(?:are|r) (?:you|u) the right person (?:to (?:talk|speak) (?:to|with) )?(?:about|for)\b",
    r"if (?:you'?re|you are) not the right person",
    r"who handles " + YOUR,
    r"is " + YOUR + r" (?:company|team|business|firm) still (?:using|doing)",
    r"hope (?:this|my) (?:message|email) finds (?:you|u) well.{0,200}(?:we|i) (?:help|offer|"
    r"provide)",
)
_MAIL_MERGE = compile_(
    r"\{\{?\s*\w*(?:name|company|title|city|role)\w*\s*\}\}?",
    r"\[\s*(?:first ?name|name|company(?: name)?|title|your name)\s*\]",
    r"%\s*(?:first_?name|name|company)\s*%",
    r"<\s*(?:first ?name|name|company)\s*>",
)

_GET_RICH = compile_(
    r"\d+\s?% (?:monthly|weekly|daily|a month|per month) (?:returns?|profits?|roi|interest|gains?)",
    r"investment opportunity",
    r"(?:earn|make|making|earning) (?:extra|passive|side|additional) (?:income|money|cash)",
    r"(?:new|extra|additional|multiple) (?:revenue|income) streams?",
    r"lose \d+ ?(?:kg|kgs|kilos|lbs|pounds)",
    r"(?:make|earn|making|earning) (?:up to )?\$?\d[\d,.]*k?\s?(?:/|a|per|every)\s?(?:day|week|"
    r"month|hour)",
    r"passive income",
    r"(?:earn|make|income|money|cash)\b.{0,40}\bfrom (?:home|your phone|anywhere)",
    r"work(?:ing)? from (?:home|your phone|anywhere)\b.{0,40}(?:earn|income|\$|no experience|"
    r"opportunity|team|boss)",
    r"from (?:your|my) (?:phone|couch|laptop)",
    r"be (?:your|ur) own boss",
    r"no experience (?:needed|required|necessary)",
    r"financial freedom",
    r"(?:motivated|ambitious|driven|hungry) (?:people|ladies|women|individuals|moms|mums|men)",
    r"join (?:my|our) team",
    r"building a team",
    r"tired of (?:" + YOUR + r" )?9[- ]?(?:to[- ])?5",
    r"\d+\s?% (?:daily|weekly|a day|per day)",
    r"guaranteed (?:roi|returns?|profits?|income)",
    r"staking",
    r"forex",
    r"(?:crypto|bitcoin|btc) (?:signals|trading|investment|opportunity)",
    r"ref(?:erral)? link",
    r"ref=",
    r"text \w+ to \d",
    r"\d+x in (?:\w+ )?(?:days|weeks|months)",
    r"side hustle",
    r"starter kit",
    r"(?:genuine|real|active) (?:followers|likes)",
    r"\d+ (?:followers|likes) ?=",
    r"i made \$?\d[\d,.]*k? (?:last|this|in)",
    r"(?:amazing|incredible|life-changing) opportunity",
)

_AFTER_CONNECT = compile_(
    r"(?:thanks|thank you|merci) (?:so much )?(?:for|pour) (?:connecting|accepting|the connection|"
    r"adding me|la connexion|linking)",
    r"(?:great|nice|glad) to (?:be )?connect(?:ed)?\b",
    r"now that we'?re connected",
)

# Something is being sold even when no "we offer" is said: a promotion plus a call to action.
_SALE_CTA = compile_(
    r"(?:contact|call|email|message|whatsapp|dm|ping) (?:me|us) (?:now|today|asap)\b",
    r"book (?:your|a) (?:\w+ )?(?:shoot|session|slot|appointment|stay|table|spot|place|seat|"
    r"consultation|treatment)\b",
    r"(?:send|share) (?:us )?(?:your|an) (?:inquiry|enquiry|order|rfq)",
    r"(?:use|apply|enter) (?:the |my |this |promo |discount |coupon )?code\b",
    r"(?:share|send) (?:us )?(?:your|the) requirements?",
    r"let (?:us|me) know your requirements?",
    r"(?:sign up|register|buy|order|shop|subscribe|enrol+|join) (?:now|today|here)\b",
    r"(?:message|dm|text|whatsapp|contact|call|email|inbox|ping) (?:me|us) (?:now |today )?"
    r"(?:for|to (?:get|learn|know|order|claim|book))",
    r"(?:reply|respond|comment) (?:with )?(?:'|\")?\w+(?:'|\")? (?:for|to get|to learn)",
    r"(?:click|tap|visit|check out) (?:the |this |my |our )?link",
)


def offering(a: Analysis):
    """A strong or a weak sign that something is being sold (the first found)."""
    span = a.has("offer", _OFFER)
    return span if span is not None else a.has("weak_offer", _WEAK_OFFER)


def _promo(a: Analysis):
    if a.recruiting:  # salary figures and "guaranteed" hours are not prices
        return None
    return a.has("promo", _PROMO)


def _cta(a: Analysis):
    return a.has("cta", _CTA)


def _template(a: Analysis):
    return a.has("template", _TEMPLATE)


def _support(a: Analysis, needed: int) -> int:
    """How many pitch signals besides the offer, counting only as far as ``needed``."""
    count = 0
    for signal in (
        _promo,
        _cta,
        _template,
        lambda a: a.has("after_connect", _AFTER_CONNECT),
        lambda a: a.has("get_rich", _GET_RICH),
        lambda a: a.has("sale_cta", _SALE_CTA),
    ):
        if signal(a) is not None:
            count += 1
            if count >= needed:
                break
    return count


# The sender is applying (for a fellowship, a grant, a post): a "proposal" or "portfolio" they
# offer to send is their application, not a product.
_APPLICANT = compile_(
    r"(?:i'?m|i am|we'?re|we are) (?:currently |now )?applying (?:for|to)\b",
    r"my application (?:for|to)\b",
)


def applicant(a: Analysis) -> bool:
    return a.has("applicant", _APPLICANT) is not None


def unsolicited_offer(a: Analysis, extra=None):
    if applicant(a) and a.has("promo", _PROMO) is None:
        return None
    span = offering(a)
    if span is None:
        # No "we offer …", but a promotion with a sales call to action is an offer too.
        if a.known or a.has("sale_cta", _SALE_CTA) is None:  # the rarer signal first
            return None
        promo = _promo(a)
        return promo if promo is not None and not a.solicited else None
    if a.solicited or (a.recruiting and not a.agency_pitch):
        return None
    if a.known:  # an existing contact mentioning what they sell is not yet a pitch
        return span if _support(a, 2) >= 2 else None
    if a.stranger and a.has("offer", _OFFER) is not None:
        return span
    return span if _support(a, 1) >= 1 else None


def mail_merge(a: Analysis, extra=None):
    # Placeholders keep their case in the original, so search the normalised text.
    return a.find(_MAIL_MERGE, extra)


def get_rich(a: Analysis, extra=None):
    return a.find(_GET_RICH, extra)


def pitch_after_connecting(a: Analysis, extra=None):
    span = a.has("after_connect", _AFTER_CONNECT)
    if span is None or a.solicited or a.recruiting:
        return None
    if offering(a) is None and _promo(a) is None and a.has("get_rich", _GET_RICH) is None:
        return None
    return span


TEMPLATE_COPIES = 5  # near-identical texts sent to others before it counts as a mass mailing


def template_blast(a: Analysis, extra=None):
    try:
        copies = int(a.context.template_copies or 0)
    except (TypeError, ValueError):
        return None
    if copies < TEMPLATE_COPIES or a.solicited:
        return None
    return NO_SPAN


RULES = [
    Rule(
        rule_id="sales_pitch.unsolicited_offer",
        label="sales_pitch",
        doc='Offers a product or service to someone who did not ask: "we provide…", '
        '"I help companies…", "our platform…", with a price, a promotion or a call to '
        "action, or on a first contact.",
        weight=1.5,
        message="This reads as an unsolicited sales pitch: nobody here asked about your "
        "product or service.",
        suggestion="Build the relationship first: ask about their work, and offer your service "
        "only if they ask.",
        detect=unsolicited_offer,
        needs=(_OFFER, _WEAK_OFFER, _SALE_CTA),
        fires=(
            note(
                "Our Manila team writes content for SaaS brands at $8 per article.",
                first_contact=True,
            ),
            ex("Lose weight fast! Message me for a 30% discount this week.", first_contact=True),
            ex(
                "My new cookbook on meal prep just launched — only $12 this week, grab your copy!",
                first_contact=True,
            ),
            ex(
                "Hello! We provide bookkeeping for dental practices at affordable rates. "
                "Interested?",
                first_contact=True,
                evidence="We provide",
            ),
            ex(
                "Thanks for accepting! Our recruitment platform cuts hiring time in half — 30% "
                "off this month.",
                first_contact=True,
            ),
            note(
                "I run a design agency and we'd love to work with you. Rates from $30/hr.",
                first_contact=True,
            ),
        ),
        clean=(
            note(
                "Dear Dr. Aziz, I'm applying for the Marie Curie postdoc and hope to be hosted in "
                "your lab. Could I send you my research proposal?",
                first_contact=True,
            ),
            ex(
                "Our platform team builds the internal tools, so ask them about the deploy bot.",
                how_known="colleague",
            ),
            note(
                "Hi Ravi, I saw your patch for the Redis exporter; we hit the same bug and I'd "
                "be glad to help test it.",
                first_contact=True,
            ),
            ex(
                "Just following up on my last message about the release plan.",
                connected=True,
                first_contact=False,
            ),
            note(
                "Hi Ana, we're comparing payroll providers for our four clinics and your "
                "write-up on the rollout helped. Could I ask how long onboarding took?",
                first_contact=True,
            ),
            ex(
                "As requested, our price list for the enterprise plan is attached: $40 per seat "
                "per month.",
                how_known="business",
            ),
            ex(
                "Hi Mo, I'm hiring a data engineer for a fintech in Lisbon, €70k, remote. "
                "Interested?",
                sender_role="recruiter",
                recipient_open_to_work=True,
            ),
            ex(
                "Thanks for your question on the webinar — yes, our API supports refunds. "
                "Want a sandbox account?"
            ),
            ex(
                "We provide the catering for Thursday's offsite, so let me know dietary needs.",
                how_known="colleague",
            ),
        ),
    ),
    Rule(
        rule_id="sales_pitch.mail_merge",
        label="sales_pitch",
        doc="Unfilled mail-merge placeholders such as {first_name} or {{Company}}.",
        weight=2.0,
        message="An unfilled placeholder shows this was mass-sent from a template.",
        suggestion="Write to the person by name, about them.",
        detect=mail_merge,
        needs=_MAIL_MERGE,
        fires=(
            ex("Hi {first_name}, quick one for you.", evidence="{first_name}"),
            ex("Dear {{FirstName}}, I noticed you're at {{Company}}."),
            note("Hello [First Name], let's connect!"),
        ),
        clean=(
            ex("The config uses {user_id} as the key — see the docs.", how_known="colleague"),
            ex("Hi Ana, the template is attached."),
        ),
    ),
    Rule(
        rule_id="sales_pitch.get_rich",
        label="sales_pitch",
        doc="Get-rich schemes, MLM recruiting, crypto returns, bought followers.",
        weight=2.5,
        message="This looks like a get-rich scheme or multi-level marketing recruitment.",
        suggestion="Do not send it: members report these as spam.",
        detect=get_rich,
        needs=_GET_RICH,
        takes_phrases=True,
        fires=(
            ex("Make $300/day from your phone, no experience needed!", evidence="Make $300/day"),
            ex("I'm looking for ambitious ladies to join my team and earn passive income."),
            ex("Our pool pays 2% daily, guaranteed returns."),
        ),
        clean=(
            ex(
                "The remote role allows working from home two days a week.", sender_role="recruiter"
            ),
            ex("Our team grew our passive-fund analytics coverage this quarter."),
        ),
    ),
    Rule(
        rule_id="sales_pitch.pitch_after_connecting",
        label="sales_pitch",
        doc="Thanks them for connecting and pitches in the same breath.",
        weight=0.5,
        message="Pitching right after someone accepts your request is the most resented kind "
        "of pitch.",
        suggestion="Use the first message to start a conversation, not to sell.",
        detect=pitch_after_connecting,
        needs=_AFTER_CONNECT,
        fires=(
            ex(
                "Thanks for connecting! We offer SEO packages starting at $99.",
                first_contact=True,
                evidence="Thanks for connecting",
            ),
        ),
        clean=(
            ex("Thanks for connecting! I enjoyed your post on shift rotas.", first_contact=True),
        ),
    ),
    Rule(
        rule_id="sales_pitch.template_blast",
        label="sales_pitch",
        doc="The sender has sent near-identical texts to many others (a history fact from the "
        "scoring layer).",
        weight=1.5,
        message="You have sent nearly the same text to many people; it reads as a mass mailing.",
        suggestion="Write a personal note to each person, or fewer of them.",
        detect=template_blast,
        fires=(ex("Hi, I'd love to connect.", template_copies=40),),
        clean=(
            ex("Hi, I'd love to connect.", template_copies=1),
            ex("As requested, here's the agenda.", template_copies=30),
        ),
    ),
]


def model_may_say(a: Analysis) -> bool:
    """A recruiter describing a real job, and a reply to what the recipient asked for, are
    not pitches, whatever they read like. In a conversation already under way (not a first
    contact), a follow-up reads like a sales cadence's nudge ("just following up on my last
    message"), but it is a pitch only where something is on offer: an offer, a promotion or a
    sales call to action."""
    if a.recruiting or a.solicited:
        return False
    if a.context.first_contact is False:
        return offering(a) is not None or _promo(a) is not None or _cta(a) is not None
    return True


MODEL = ModelRule(
    label="sales_pitch",
    doc="The learned layer: reads as an unsolicited pitch for a product or service, judged on "
    "meaning rather than phrasing.",
    message="Taken as a whole, this reads like the unsolicited pitches members here resent.",
    suggestion="Build the connection first; offer your product or service only if they show "
    "interest or ask.",
    gate=model_may_say,
    fires=(
        ex(
            "Hi, I help companies like yours grow revenue. Can we book a quick call this week?",
            first_contact=True,
        ),
    ),
    clean=(
        ex(
            "As requested, our price list for the enterprise plan is attached: $40 per seat per "
            "month.",
            how_known="business",
        ),
        ex(
            "We're hiring a data engineer in Lisbon: Python and Airflow, €70-85k, hybrid. "
            "Interested?",
            first_contact=True,
            sender_role="recruiter",
            recipient_open_to_work=True,
        ),
    ),
)
