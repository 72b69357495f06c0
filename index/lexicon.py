"""The English words whobacked reads endorsements and questions with: language data, apart from the code.

Both the knowledge stage (reading articles) and the answer stage (reading questions) take their words from
here, so a phrase the extractor knows is also a phrase the question reader knows. Lemmas are spaCy's.
"""

from __future__ import annotations

import re

# ---- Backing, said with a verb ----------------------------------------------------------------------------
BACKING_VERBS = frozenset({"back", "endorse", "nominate", "support", "champion", "recommend", "prefer"})
"""Verbs whose subject backs their object: "Unison endorsed Keir Starmer"."""

BACKING_VERB_PREPOSITIONS = {
    "vote": frozenset({"for"}),
    "campaign": frozenset({"for"}),
    "canvass": frozenset({"for"}),
    "declare": frozenset({"for"}),
    "come": frozenset({"for", "behind", "in"}),  # "came out for", "came out in support of"
    "line": frozenset({"behind"}),  # "lined up behind"
    "swing": frozenset({"behind"}),
    "rally": frozenset({"behind", "round", "around"}),
    "get": frozenset({"behind"}),
    "fall": frozenset({"behind"}),
    "stand": frozenset({"behind"}),
    "speak": frozenset({"for", "on"}),
    "stick": frozenset({"with", "by"}),  # "has so far stuck with him"
}
"""Verbs that back through a preposition: "voted for Sadiq Khan", "lined up behind Johnson"."""
OPPOSING_VERB_PREPOSITIONS = {"vote": frozenset({"against"}), "campaign": frozenset({"against"})}
"""Verbs that oppose through a preposition: "all voted against Davies"."""

OPPOSING_VERBS = frozenset({"oppose"})
QUITTING_VERBS = frozenset({"quit", "resign", "go", "step", "stand", "withdraw"})
"""What someone is called on to do by those who oppose them: "calling on him to quit"."""

WITHDRAWING_VERBS = frozenset({"rescind", "withdraw", "pull", "revoke", "retract", "drop"})
"""With a backing noun as object: "rescinded his endorsement of Mo Brooks" (support in the past)."""

# ---- Backing, said with a noun ----------------------------------------------------------------------------
BACKING_NOUNS = frozenset({"support", "backing", "endorsement", "nomination", "vote", "pick", "choice", "nod"})
"""Nouns naming an act of backing: "the backing of", "its support for", "Trump's pick"."""

SUPPORTER_NOUNS = frozenset({"supporter", "backer", "endorser", "nominator", "ally", "loyalist"})
"""Nouns naming the backer: "his supporters are", "a backer of"."""

RECEIVING_VERBS = frozenset(
    {
        "win",
        "get",
        "receive",
        "secure",
        "gain",
        "have",
        "enjoy",
        "attract",
        "take",
        "command",
        "earn",
        "land",
        "pick",
        "boast",
        "scoop",
        "collect",
        "claim",
        "bag",
        "garner",
        "find",
        "retain",
        "keep",
        "welcome",
    }
)
"""With a backing noun as object, the subject is the one backed: "Corbyn won the support of 285 CLPs"."""

LOSING_VERBS = frozenset({"lose"})
"""With a backing noun as object: "Stringer lost the support of the Working Families Party" (past support)."""

GIVING_VERBS = frozenset(
    {
        "give",
        "throw",
        "lend",
        "announce",
        "declare",
        "offer",
        "pledge",
        "confirm",
        "add",
        "put",
        "cast",
        "express",
        "voice",
        "state",
        "make",
    }
)
"""With a backing noun as object, the subject is the backer: "Unite announced its support for Corbyn"."""


DOCUMENT_NOUNS = frozenset({"letter", "statement", "petition", "motion", "declaration"})
"""What people sign or put out to back someone: "signed a letter endorsing Davey" is the signers backing him."""

SELECTING_VERBS = frozenset({"choose", "select", "pick", "name", "adopt"})
NOMINEE_NOUNS = frozenset({"candidate", "nominee", "standard-bearer", "choice", "pick"})
"""Choosing someone *as* a candidate is backing them: "members have chosen Khan as the party's candidate"."""

SIGNING_VERBS = frozenset({"sign", "cosign", "co-sign", "countersign"})
"""Putting one's name to a document: "Signed by A and B, the letter..." names more of its backers."""

CANDIDACY_NOUNS = frozenset(
    {"candidacy", "bid", "campaign", "leadership", "nomination", "challenge", "run", "ability", "fitness"}
)
"""Nouns that stand for their owner: "Corbyn's candidacy has been endorsed by" is Corbyn endorsed."""

# ---- Not (yet) backing -----------------------------------------------------------------------------------
HEDGING_WORDS = frozenset(
    {
        "may",
        "might",
        "could",
        "should",
        "would",
        "if",
        "unless",
        "whether",
        "expect",
        "likely",
        "tip",
        "rumour",
        "rumor",
        "consider",
        "ready",
        "want",
        "hope",
        "plan",
        "ask",
        "need",
        "try",
        "seek",
        "refuse",
        "decline",
        "unwilling",
        "unwillingness",
        "reluctant",
        "hesitant",
        "unlikely",
        "loath",
        "afraid",
        "eager",
        "tempted",
        "hesitate",
        "able",
        "chance",
        "intend",
        "threaten",
        "pressure",
    }
)
"""Words governing a backing phrase that keep it from being a fact: "is expected to back", "could support"."""

FORECAST_GOVERNORS = frozenset({"set", "poise", "place", "believe", "think", "appear", "seem", "suggest"})
"""Verbs that make what they govern a forecast or a belief, not a fact: "is set to back", "is believed to have the
support of", "appears to favour", "it seems that X will vote for Y"."""

UNDECLARED_GOVERNORS = frozenset({"consider", "ready", "unwilling", "unwillingness", "hesitate", "abstain"})
"""Governors that, negated or not, say the backer has not chosen: "not ready to support", "considering whether to
back"."""

URGING_WORDS = frozenset({"urge", "appeal", "plea", "encourage", "implore", "exhort", "tell"})
"""Urging others to back someone is backing them: "urged members to back Smith"."""

REGRETTING_VERBS = frozenset({"regret", "rue"})
"""Governors that say the backing happened and is now regretted: "regrets nominating Corbyn" (past support)."""

DOUBT_NOUNS = frozenset({"concern", "doubt", "reservation", "misgiving", "worry"})
"""Doubts about someone's fitness or ability to lead are opposition: "concerns about the fitness of Mr Corbyn"."""

UNDECLARED_ADJECTIVES = frozenset({"undecided", "neutral", "uncommitted", "undeclared"})

# ---- Time ---------------------------------------------------------------------------------------------------
PAST_WORDS = frozenset({"previously", "formerly", "originally", "once", "initially", "earlier", "then"})
PAST_PHRASES = (
    "last year",
    "last time",
    "previous contest",
    "previous election",
    "last contest",
    "last election",
    "in the past",
    "last leadership",
    "previous leadership",
    "previous race",
    "last race",
)
NOW_WORDS = frozenset({"now", "currently", "today", "this"})

YEAR = re.compile(r"\b(?:19|20)\d\d\b")
"""A year as articles and questions write it: "in 2015", "the 2016 contest"."""

# ---- Contests -----------------------------------------------------------------------------------------------
OFFICES = (
    ("deputy leader", ("deputy leader", "deputy leadership")),
    ("general secretary", ("general secretary", "gensec")),
    ("mayor", ("mayor", "mayoral")),
    ("governor", ("governor", "gubernatorial")),
    ("senate", ("senate", "senator")),
    ("president", ("president", "presidential", "presidency")),
    ("leader", ("leader", "leadership")),
)
"""Offices a contest is for, each with the words that name it; the more specific first."""

# ---- Names --------------------------------------------------------------------------------------------------
HONORIFICS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "sir",
        "dame",
        "lord",
        "lady",
        "baroness",
        "baron",
        "cllr",
        "councillor",
        "councilor",
        "prof",
        "professor",
        "rev",
        "hon",
        "rt",
        "rep",
        "sen",
        "gov",
        "sens",
        "reps",
        "govs",
        "ald",
        "alds",
        "cllrs",
        "senator",
        "representative",
        "governor",
        "speaker",
        "president",
        "mp",
        "msp",
        "mep",
        "mla",
        "am",
        "ms.",
        "assemblymember",
        "assemblywoman",
        "assemblyman",
        "councilmember",
        "councilman",
        "councilwoman",
        "alderman",
        "congressman",
        "congresswoman",
    }
)
"""Titles written before or after a name; never part of the name itself."""

ABBREVIATED_TITLES = frozenset(
    {
        "sen",
        "sens",
        "rep",
        "reps",
        "gov",
        "govs",
        "ald",
        "alds",
        "lt",
        "cllr",
        "cllrs",
        "supt",
        "col",
        "sgt",
        "capt",
        "hon",
    }
)
"""Titles written short with a full stop before a name ("Sens. Mike Rounds and Markwayne Mullin", "Ald. Tom
Tunney"): the full stop belongs to the title and ends no sentence."""
PERSON_TITLES = frozenset(
    {"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "cllr", "rep", "sen", "gov", "sens", "reps", "ald", "alds"}
)
"""Titles only people carry: "Mr Albanese" is a person whatever label the recogniser gave the name."""
MALE_HONORIFICS = frozenset({"mr", "sir", "lord", "baron"})
FEMALE_HONORIFICS = frozenset({"mrs", "ms", "miss", "dame", "lady", "baroness"})

BRANCH_WORDS = frozenset(
    {"clp", "clps", "constituency", "constituencies", "branch", "branches", "ward", "wards", "chapter", "association"}
)
"""Words that make an organisation a local branch: "Makerfield constituency Labour Party", "the Leigh branch"."""

NEWSPAPER_WORDS = frozenset(
    {
        "times",
        "post",
        "journal",
        "herald",
        "tribune",
        "gazette",
        "chronicle",
        "courier",
        "daily",
        "observer",
        "telegraph",
        "star",
        "globe",
        "examiner",
        "inquirer",
        "register",
        "sentinel",
        "bulletin",
        "record",
        "dispatch",
        "editorial",
    }
)
"""Words of a newspaper's name: its "we" outside quotations is the paper ("we endorse Glenn McGourty")."""

GROUP_WORDS = frozenset(
    {
        "union",
        "unions",
        "party",
        "parties",
        "committee",
        "executive",
        "board",
        "group",
        "society",
        "campaign",
        "council",
        "federation",
        "congress",
        "movement",
        "newspaper",
        "paper",
        "affiliate",
        "affiliates",
        "caucus",
        "organisation",
        "organization",
        "association",
        "club",
        "network",
        "alliance",
        "coalition",
        "bloc",
        "faction",
        "momentum",
    }
)
"""Head nouns of organisations that can back someone."""

PEOPLE_NOUNS = frozenset(
    {
        "mp",
        "mps",
        "msp",
        "msps",
        "mep",
        "meps",
        "mpp",
        "mpps",
        "mla",
        "mlas",
        "councillor",
        "councillors",
        "member",
        "members",
        "lawmaker",
        "lawmakers",
        "senator",
        "senators",
        "activist",
        "activists",
        "figure",
        "figures",
        "peer",
        "peers",
        "supporter",
        "supporters",
        "colleague",
        "colleagues",
    }
)
"""Member nouns whose members are people: "two more MPs, Yvon Godin and Alain Giguere" are two persons."""

MEMBER_NOUNS = PEOPLE_NOUNS | frozenset(
    {
        "affiliate",
        "affiliates",
        "nomination",
        "nominations",
        "union",
        "unions",
        "clp",
        "clps",
        "party",
        "parties",
        "constituency",
        "constituencies",
        "branch",
        "branches",
    }
)
"""Plural nouns that, with a number, make a counted group of backers: "114 Conservative MPs", "285 CLPs"."""

COUNTING_NOUNS = frozenset({"number", "majority", "minority", "handful", "dozen", "host", "rest", "share", "tally"})
"""Nouns that count people: "the numbers declaring for X", "a majority backing Y" are the people who back."""

ROLE_NOUNS = frozenset(
    {
        "leader",
        "mp",
        "msp",
        "secretary",
        "mayor",
        "candidate",
        "chancellor",
        "minister",
        "president",
        "senator",
        "governor",
        "speaker",
        "frontrunner",
        "front-runner",
        "favourite",
        "favorite",
        "contender",
        "challenger",
        "incumbent",
        "firebrand",
        "veteran",
        "left-winger",
        "chair",
        "chairman",
        "chairwoman",
        "councillor",
        "congressman",
        "congresswoman",
        "commissioner",
        "comptroller",
    }
)
"""Nouns that re-name a person already named: "the Labour leader", "the former mayor"."""

TITLE_NOUNS = ROLE_NOUNS | frozenset(
    {"head", "member", "organiser", "organizer", "director", "officer", "spokesperson", "spokesman", "spokeswoman"}
    | {"ms", "am", "mla", "mpp", "td", "mep"}
)
"""Nouns of a person's title or office, whose "of" names where they serve: "the Regional Organiser for the union"."""

SPEECH_VERBS = frozenset(
    {"say", "tell", "add", "write", "explain", "insist", "argue", "declare", "state", "announce", "reply", "tweet"}
)
"""Verbs that attribute a quotation to their subject."""

PERSON_PRONOUNS = {
    "he": "m",
    "him": "m",
    "his": "m",
    "himself": "m",
    "she": "f",
    "her": "f",
    "hers": "f",
    "herself": "f",
}
FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself"})
FIRST_PERSON_PLURAL = frozenset({"we", "us", "our", "ours", "ourselves"})
