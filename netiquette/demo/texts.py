"""The texts the demo network sends: request notes and messages of good etiquette and of
each bad kind in DESIGN.md (personal, no context, sales pitch, give-me, political), and the
words its profiles are made of."""

from connections.models import Organisation

# --- the text templates -----------------------------------------------------------------
# Slots: {first_name} (recipient), {sender_first}, {company}, {school}, {event}, {group}
# (shared ones where the category needs them), {my_company}, {role}, {topic}, {industry}.

GOOD = "good"
PERSONAL = "personal"
NO_CONTEXT = "no_context"
SALES_PITCH = "sales_pitch"
GIVE_ME = "give_me"
POLITICAL = "political"
BAD_KINDS = (PERSONAL, NO_CONTEXT, SALES_PITCH, GIVE_ME, POLITICAL)

REQUEST_NOTES: dict[str, list[str]] = {
    GOOD: [
        "Hi {first_name}, we met at {event} — I enjoyed our chat about {topic}. "
        "Would be glad to stay in touch.",
        "Hi {first_name}, we overlapped at {company}. Now that I've moved on I'd like to keep "
        "in touch.",
        "Hello {first_name}, fellow {school} alum here. Your write-up on {topic} was useful to "
        "my team; I'd like to follow your work.",
        "{first_name}, it was great working with you on the {topic} project at {company}. "
        "Let's stay connected.",
        "Hi {first_name}, thanks for the question after my talk at {event}. Happy to continue "
        "the conversation here.",
        "Hi {first_name}, we're both in {group}; your answer on {topic} saved me a day. "
        "Would like to connect.",
        "Hi {first_name}, I read your write-up on {topic}; I work on the same problem at "
        "{my_company} and would like to follow your work.",
        "",
    ],
    "recruiter": [
        "Hi {first_name}, I'm hiring a {role} at {my_company} and your work on {topic} fits the "
        "role closely. Open to a short chat about it?",
        "Hello {first_name}, I recruit for {my_company}'s {industry} team. We have an open "
        "{role} position that matches your background; details on request.",
    ],
    NO_CONTEXT: [
        "",
        "",
        "I'd like to add you to my professional network.",
        "Hi, let's connect!",
        "Hello {first_name}, please accept my request.",
        "Hi dear, connect with me.",
        "Connect with me, I accept all requests.",
    ],
    PERSONAL: [
        "Hi {first_name}, you have a beautiful smile in your photo. Can we chat on WhatsApp?",
        "Hey gorgeous, I would love to get to know you better. Send me more photos?",
        "Hi {first_name}, tell me about yourself. Are you single?",
        "Hello dear, can I have your phone number? I want to talk outside of work.",
    ],
    SALES_PITCH: [
        "Hi {first_name}, I help companies like {company} grow revenue 3x with our lead "
        "platform. Can we book a quick call this week?",
        "Hi {first_name}! Are you happy with your {industry} software? I'd love to show you "
        "ours. Let's book a 15-minute call.",
        "Hi {first_name}, want to be your own boss? I'm building a team for an amazing "
        "business opportunity. Earn from home!",
    ],
    GIVE_ME: [
        "Hi {first_name}, I'm sorry to bother you but could you refer me for a job at {company}?",
        "Hello, I'm looking for a job. Please forward my resume to your hiring manager at "
        "{company}.",
        "Hi {first_name}, could you introduce me to your CEO? I have a great idea.",
        "Please review my resume and tell me how to improve it. Thanks in advance.",
    ],
    POLITICAL: [
        "Hi {first_name}, vote for the People's Party on election day. The other side is "
        "destroying this country!",
        "Join our campaign against the government and share it with your network.",
        "Have you accepted Jesus as your saviour? Let me tell you about our church.",
    ],
}

MESSAGES: dict[str, list[str]] = {
    GOOD: [
        "Thanks for the talk at {event} — I enjoyed your point on {topic}. Do you have the "
        "slides somewhere?",
        "Hi {first_name}, following up on our conversation about {topic}: here are the notes "
        "from our review at {my_company}. Let me know what you think.",
        "Congratulations on the new role, {first_name}! Best of luck at {company}.",
        "Hi {first_name}, would you be willing to be a reference for me? We worked together on "
        "{topic} at {company}, and I'm applying for a {role} position.",
        "Hi {first_name}, I read your post on {topic}. One specific question: how did you "
        "measure the result before and after the change?",
        "Good to see you at {event}, {first_name}. Sending the article on {topic} I mentioned.",
    ],
    "reply": [
        "Thanks, {first_name}! Happy to help.",
        "Sounds good — let's talk next week.",
        "Great question. We measured it over two release cycles; I'll write it up.",
        "Thank you, that's kind of you. I'll send the details tomorrow.",
        "Sure, I'd be glad to. Send me the job description when you have it.",
    ],
    "recruiter": [
        "Hi {first_name}, I'm the recruiter for {my_company}'s {role} opening. You mentioned "
        "being open to work; the role is remote-friendly and the salary band is public. "
        "Would you like the job description?",
    ],
    "client": [
        "Hi {first_name}, as you asked after the demo, here is our pricing for a team of your "
        "size. Happy to answer questions whenever suits you.",
    ],
    NO_CONTEXT: [
        "Hi.",
        "Hello {first_name}, how are you?",
        "Hi {first_name}, thanks for connecting!",
    ],
    PERSONAL: [
        "Hi {first_name}, you look stunning in your profile picture. Are you married?",
        "Hey {first_name}, I wrote a song for you, listen: youtube.com/watch?v=love",
        "Hi dear, tell me about yourself. Where do you live? Can we video call on Skype tonight?",
        "Hello beautiful, would you like to go out for dinner with me this weekend?",
    ],
    SALES_PITCH: [
        "Hi {first_name}, thanks for connecting! I help companies like {company} cut cloud "
        "costs by 40%. Can we book a quick call this week?",
        "Hi {first_name}, I noticed {company} is growing fast. Our outsourcing team can build "
        "your app for half the price. When can we book a quick call?",
        "Hi {first_name}, I'm building a team and you'd be perfect. Financial freedom is one "
        "decision away: ask me how to join!",
    ],
    GIVE_ME: [
        "Hi {first_name}, I'm sorry to bother you but I need a job. Can you get me an "
        "interview at {company}?",
        "Hello {first_name}, please refer me for any open role at {company}. My resume is "
        "attached.",
        "Hi, I need $500 for my studies. Could you help me out?",
        "Hi {first_name}, can you introduce me to your manager at {company}? I want to pitch "
        "my startup.",
    ],
    POLITICAL: [
        "Hi {first_name}, the election is coming. Only the People's Party can save this "
        "country — share this with everyone you know!",
        "Sign our petition against the government's corrupt plans before it is too late.",
        "Brother, repent and pray with us this Sunday. God has a plan for your business.",
    ],
}

# The template a mass sender pastes for everyone, with only the name swapped.
MASS_TEMPLATE = (
    "Hi {first_name}, I came across your profile and was impressed. I help companies like "
    "yours grow revenue with proven outreach. Can we book a quick call this week?"
)
MESSAGES["mass"] = [MASS_TEMPLATE]

# Good notes that name a tie may only be used by people who share it.
SHARED_SLOTS = {
    "{event}": Organisation.Kind.EVENT,
    "{school}": Organisation.Kind.SCHOOL,
    "{group}": Organisation.Kind.GROUP,
    "{company}": Organisation.Kind.COMPANY,
}

TOPICS = [
    "testing",
    "observability",
    "data pipelines",
    "hiring",
    "pricing",
    "onboarding",
    "accessibility",
    "supply chains",
    "design systems",
    "incident reviews",
    "customer research",
    "cost control",
]

INDUSTRIES: dict[str, list[str]] = {
    "Software": ["Software engineer", "Engineering manager", "Product manager", "SRE"],
    "Finance": ["Analyst", "Risk manager", "Controller", "Investment associate"],
    "Healthcare": ["Nurse", "Clinical researcher", "Practice manager", "Data analyst"],
    "Education": ["Teacher", "Lecturer", "Curriculum designer", "Head of year"],
    "Retail": ["Store manager", "Merchandiser", "Buyer", "E-commerce lead"],
    "Manufacturing": ["Process engineer", "Plant manager", "Quality lead", "Buyer"],
    "Marketing": ["Marketing manager", "Copywriter", "Brand strategist", "SEO specialist"],
    "Logistics": ["Operations manager", "Fleet planner", "Warehouse lead", "Analyst"],
}
DEGREES = ["BSc", "BA", "MSc", "MA", "MBA", "PhD", "Diploma"]
SUBJECTS = ["Computer Science", "Economics", "Nursing", "History", "Physics", "Design", "Law"]
EVENT_KINDS = ["Summit", "Conference", "Meetup", "Expo", "Forum"]
GROUP_KINDS = ["Professionals", "Network", "Guild", "Circle", "Community"]
POSITION_DESCRIPTIONS = [
    "Led work on {topic}, shipping improvements used by the whole {industry} team.",
    "Owned {topic} end to end; cut turnaround time and mentored two juniors.",
    "Worked on {topic} with product and support; ran the weekly review.",
    "Built the first version of our {topic} practice and hired the team that runs it.",
]
SUMMARIES = [
    "{role} with {years} years in {industry}. I care about {topic} and clear writing.",
    "I work on {topic} in {industry}. Happy to talk shop; no sales pitches please.",
    "{years} years in {industry}, most recently as {role}. Interested in {topic}.",
]
