"""Lexicons for attribution: speech/belief cue verbs with their stance, role nouns, titles.

Plain data, no spaCy. Stances follow the usual reporting-verb classes (neutral "said",
assertive "stressed", doubting "claimed", belief "believes"); see e.g. Pareti (2016),
"PARC 3.0: A corpus of attribution relations". A fifth class, position ("opposes", "backs",
"could target"), marks cues of a stance or an act rather than a statement.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span

__all__ = [
    "BOOK_NOUNS",
    "LIGHT_VERBS",
    "LIGHT_NOUNS",
    "LIGHT_PREPS",
    "CUE_STANCE",
    "CUE_FORMS",
    "XCOMP_CUES",
    "NP_CUES",
    "PHRASAL_ONLY",
    "IMPERSONAL_ADJS",
    "PASSIVE_CUES",
    "QUOTE_ONLY",
    "FORM_LEMMA",
    "SPEECH_FORMS",
    "CUE_WORDS",
    "ADJ_CUES",
    "ADJ_PREPS",
    "NOUN_CUES",
    "FIRM_TAILS",
    "ORG_NAME_TAILS",
    "NOUN_PREPS",
    "NOUN_TARGET_PREPS",
    "POLL_NOUNS",
    "PRED_NOUNS",
    "PHRASAL_CUES",
    "CONTENT_PREPS",
    "DOUBT_ADVERBS",
    "ROLE_NOUNS",
    "PORTFOLIO_WORDS",
    "title_part",
    "ORG_NOUNS",
    "DOC_NOUNS",
    "REPORT_NOUNS",
    "RANKS",
    "NATIONALITY",
    "COUNTS",
    "TITLE_WORDS",
    "TITLE_RE",
    "stance_of",
    "nationality_of",
]

_NEUTRAL = (
    "say tell state add note report write comment explain reveal mention describe cite "
    "announce confirm indicate reply respond answer ask recall acknowledge observe remark "
    "disclose inform testify suggest point estimate predict signal conclude quote tweet post "
    "recount relay reiterate repeat echo specify call dub label brand show find agree decline "
    "refuse question discuss respond mention propose recommend characterize characterise "
    "refer highlight detail outline list read recite sing joke quip muse rate reject "
    "cite announce address acknowledge concur offer rule order identify "
    "examine document release portray paint liken compare invoke regard deem view see "
    "focus seize double shout yell chant express remind assure imply clarify email reference "
    "voice articulate posit pronounce ponder unveil retweet coin single distance shoot lay sound "
    "apologize apologise side balk dwell elaborate cast interpret attribute frame present debate spar "
    "opine forecast utter depict illustrate float preach parrot propound publicize delve gloss waffle "
    "backpedal spell sum witness publish"
)
_ASSERTIVE = (
    "stress vow declare insist emphasize emphasise warn assert argue urge pledge promise "
    "threaten demand affirm maintain underline underscore charge accuse criticize criticise "
    "slam blast vow reaffirm caution attack condemn blame praise "
    "dispute challenge denounce decry applaud hail endorse encourage dismiss "
    "mock ridicule lambaste chide scold rebuke commend thank credit welcome tout champion "
    "advocate complain protest object lament bemoan convince persuade "
    "expose congratulate disavow plead boo cheer insult "
    "assail lambast lambaste trumpet hammer knock proclaim contradict rebut "
    "repudiate deride rebuff brush shrug downplay savage revile extol extoll trash disparage laud "
    "taunt reprimand herald exhort counter belittle satirize smear berate heckle harangue scorn "
    "underplay sugarcoat lecture chastise excoriate castigate vilify demonize mischaracterize "
    "misrepresent"
)
# Taking a position or acting, not saying: "Biden is opposing both plans", "Israel could
# target its leaders", "the U.S. fully backs Israel". PolNeAR annotates these as attributions
# (they stay cues), but what they carry is the outlet's report of a stance, not someone's
# statement: a dossier does not give the claim that voice, nor lists it among statements.
_POSITION = ("support oppose back defend target push press promote resist embrace ignore pressure determine "
             "approve disagree acquiesce renounce eschew renege veto ratify")
# Verbs that are cues only with their particle or preposition (PHRASAL_CUES): "spoke about",
# "lashed out at", "weighed in".
_PHRASAL_ONLY = ("speak talk lash weigh hint rail vote focus seize double single distance shoot lay sound "
                 "vouch allude apologize apologise side balk dwell elaborate spar brush shrug acquiesce "
                 "delve gloss waffle backpedal renege revel spell sum")
# Verbs that are cues only right next to a quotation ("she continued, “...”").
_QUOTE_ONLY = ("continue go begin start finish interject chime exclaim retort bark boom snap "
               "grouse gush marvel scoff sneer thunder fume rant cry whisper mutter laugh sigh "
               "react remember riff")
_DOUBTING = "claim boast admit allege concede deny contend purport brag confess profess"
_BELIEF = ("believe think expect fear hope assess feel suspect doubt worry reckon want plan intend "
           "seek know consider understand decide assume imagine wonder realize realise recognize "
           "recognise wish prefer aim anticipate envision question favor favour learn love hate "
           "despise speculate relish contemplate like foresee mull dislike revere surmise foretell "
           "cherish crave revel judge admire")

# Impersonal evaluations without a source ("it is clear/unclear/obvious that ..."). Verbs
# such as "X seems to ..." were tried and dropped (train relation F1 -0.001).
IMPERSONAL_ADJS = frozenset("clear unclear obvious apparent evident doubtful likely unlikely".split())

CUE_STANCE: dict[str, str] = {}
# The particle-only and quote-only verbs come last: a verb listed there and in a class keeps
# the class ("brushed off": assertive, as "dismissed").
for _words, _stance in ((_POSITION, "position"), (_NEUTRAL, "neutral"), (_ASSERTIVE, "assertive"),
                        (_DOUBTING, "doubting"), (_BELIEF, "belief"), (_PHRASAL_ONLY, "neutral"),
                        (_QUOTE_ONLY, "neutral")):
    for _w in _words.split():
        CUE_STANCE.setdefault(_w, _stance)
# "confirm" is neutral reporting in news use; "warn" assertive (the brief's classes).

PHRASAL_ONLY = frozenset(_PHRASAL_ONLY.split())
QUOTE_ONLY = frozenset(_QUOTE_ONLY.split())

# Cues that also take an infinitival complement as content ("vowed to respond").
XCOMP_CUES = frozenset(
    "vow pledge promise threaten claim urge want plan hope expect agree decline refuse seek "
    "intend ask decide aim wish prefer encourage push press call tell warn advise "
    "persuade order say propose report support show suggest chant tweet mention argue offer like exhort".split())

# Cues whose content may be a noun phrase object or a prepositional complement ("attacked
# Machado", "cited the report as evidence", "called for a moratorium"): evaluative and
# evidential verbs, as PolNeAR annotates them. Plain "say"/"tell" with an object ("said
# this") are not among them.
NP_CUES = frozenset(
    "call cite describe announce propose recommend characterize characterise question "
    "reject detail outline attack condemn blame praise defend support oppose dispute "
    "challenge denounce decry applaud hail endorse urge encourage dismiss mock ridicule "
    "lambaste chide scold rebuke criticize criticise accuse slam blast commend credit "
    "welcome tout champion advocate want plan seek show reveal suggest indicate "
    "estimate predict expect fear demand threaten promise pledge vow deny admit "
    "acknowledge confirm discuss mention recall respond refer highlight push press "
    "favor favour prefer wish consider envision anticipate offer rule determine order "
    "identify examine document release portray paint liken compare invoke regard deem view "
    "promote back bemoan convince persuade ignore expose learn love hate despise express "
    "congratulate disavow embrace target boo cheer insult reference voice articulate posit "
    "pronounce ponder unveil retweet coin assail lambast lambaste trumpet hammer knock proclaim "
    "contradict resist note report see list repeat reiterate quote emphasize emphasise stress lament "
    "warn disclose recite recount echo remind tweet post label chant explain claim declare underscore "
    "email rebut thank charge repudiate deride rebuff relish contemplate cast interpret attribute frame "
    "present debate approve downplay savage revile extol extoll trash disparage laud taunt reprimand "
    "herald forecast utter depict illustrate confess profess foresee mull dislike revere belittle "
    "satirize smear berate heckle harangue scorn underplay sugarcoat lecture preach parrot propound "
    "publicize foretell cherish crave renounce eschew witness judge veto ratify chastise excoriate "
    "castigate vilify demonize mischaracterize misrepresent admire publish".split())
# Not "find" with an object: "found a way", "found the money" are rarely reports (on PolNeAR
# train 6 of 47 predictions cued by "find" matched a gold relation); "found that X" stays.

# Cues that attribute in the passive, the subject being the content ("was first reported by
# the Post", "was accused of fraud", "were rated as true"): every cue with a noun-phrase
# content except those whose passive is mostly not about speech ("was found dead", "was
# released from prison", "was ordered to", "was shown the door").
PASSIVE_CUES = (NP_CUES - frozenset("find release order show offer rule identify view see back "
                                    "target examine document paint compare portray".split())) | frozenset(
    "report say echo second rate quote tell see".split())

# Particles and prepositions that belong to the cue ("called for", "pointed to"): the
# content starts at the preposition's object.
PHRASAL_CUES = {
    "call": frozenset({"for", "on", "out"}), "point": frozenset({"to", "out"}),
    "push": frozenset({"for"}), "argue": frozenset({"for", "against"}),
    "warn": frozenset({"against", "of", "about"}), "refer": frozenset({"to"}),
    "complain": frozenset({"about", "of"}), "advocate": frozenset({"for"}),
    "speak": frozenset({"about", "of", "out"}), "talk": frozenset({"about", "of"}),
    "write": frozenset({"about"}), "boast": frozenset({"of", "about"}), "hope": frozenset({"for"}),
    "assure": frozenset({"of"}),
    "ask": frozenset({"for", "about"}), "rail": frozenset({"against"}),
    "lash": frozenset({"out"}), "weigh": frozenset({"in"}), "hint": frozenset({"at"}),
    "object": frozenset({"to"}), "insist": frozenset({"on"}), "focus": frozenset({"on"}),
    "seize": frozenset({"on", "upon"}), "double": frozenset({"down"}), "vote": frozenset({"for", "against"}),
    "respond": frozenset({"to"}), "comment": frozenset({"on"}), "agree": frozenset({"with", "on"}),
    "single": frozenset({"out"}), "distance": frozenset({"from"}), "shoot": frozenset({"back"}),
    "lay": frozenset({"out"}), "sound": frozenset({"off"}), "vouch": frozenset({"for"}),
    "allude": frozenset({"to"}), "brag": frozenset({"about", "of"}),
    "apologize": frozenset({"for"}), "apologise": frozenset({"for"}), "side": frozenset({"with"}),
    "balk": frozenset({"at"}), "dwell": frozenset({"on"}), "elaborate": frozenset({"on"}),
    "disagree": frozenset({"with", "on", "over", "about"}), "spar": frozenset({"with", "over"}),
    "brush": frozenset({"off", "aside"}), "shrug": frozenset({"off"}), "acquiesce": frozenset({"to", "in"}),
    "delve": frozenset({"into"}), "gloss": frozenset({"over"}), "waffle": frozenset({"on"}),
    "backpedal": frozenset({"on", "from"}), "renege": frozenset({"on"}), "revel": frozenset({"in"}),
    "spell": frozenset({"out"}), "sum": frozenset({"up"}),
}
# Prepositions that may open a cue's content after its object ("accused X of Y",
# "praised X for Y", "cited X as Y").
CONTENT_PREPS = frozenset({"of", "for", "as", "to", "about", "against", "on", "over", "with", "that"})

# Adverbs that turn any cue into a doubting one ("allegedly saying").
DOUBT_ADVERBS = frozenset({"allegedly", "purportedly", "supposedly", "ostensibly"})

_IRREGULAR = {
    "say": ["said", "says", "saying"], "tell": ["told", "tells", "telling"],
    "write": ["wrote", "writes", "writing", "written"], "think": ["thought", "thinks"],
    "feel": ["felt", "feels"], "deny": ["denied", "denies", "denying"],
    "reply": ["replied", "replies"], "testify": ["testified", "testifies"],
    "specify": ["specified"], "criticize": ["criticized", "criticizes"],
    "understand": ["understood", "understands", "understanding"], "find": ["found", "finds", "finding"],
    "show": ["showed", "shown", "shows", "showing"], "know": ["knew", "known", "knows", "knowing"],
    "sing": ["sang", "sung", "sings", "singing"], "read": ["reads", "reading"],
    "speak": ["spoke", "spoken", "speaks", "speaking"], "put": ["puts", "putting"],
    "see": ["saw", "seen", "sees", "seeing"], "rate": ["rated", "rates", "rating"],
    "hope": ["hoped", "hopes", "hoping"], "rule": ["ruled", "rules", "ruling"],
    "double": ["doubled", "doubles", "doubling"], "seize": ["seized", "seizes", "seizing"],
    "lay": ["laid", "lays", "laying"], "shoot": ["shot", "shoots", "shooting"],
}


def _forms(lemma: str) -> set[str]:
    if lemma in _IRREGULAR:
        return {lemma, *_IRREGULAR[lemma]}
    base = lemma[:-1] if lemma.endswith("e") else lemma
    out = {lemma, lemma + "s", base + "ed", base + "ing"}
    if lemma.endswith("y"):
        out |= {lemma[:-1] + "ied", lemma[:-1] + "ies"}
    if lemma.endswith(("ss", "sh", "ch", "x")):
        out.add(lemma + "es")
    return out


# Surface forms of cue verbs (lower case): used before parsing, where lemmas are not set.
CUE_FORMS = frozenset(f for lemma in CUE_STANCE for f in _forms(lemma))
# The core reporting and belief verbs: a sentence-splitting hint ("..." said X stays one
# sentence) and the end of an anonymous source's qualifier. Narrower than CUE_FORMS on
# purpose: evaluative cues ("attacked", "called for") should not glue sentences together.
_SPEECH = (
    "accuse acknowledge add admit affirm agree allege announce answer argue ask "
    "assert assess believe blast boast brand call caution charge cite claim comment "
    "concede conclude confirm contend criticise criticize declare decline demand "
    "deny describe disclose doubt dub echo emphasise emphasize estimate expect "
    "explain fear feel find hope indicate inform insist intend know label maintain "
    "mention note observe plan pledge point post predict promise purport question "
    "quote reaffirm recall reckon recount refuse reiterate relay remark repeat reply "
    "report respond reveal say seek show signal slam specify state stress suggest "
    "suspect tell testify think threaten tweet underline underscore urge vow want "
    "warn worry write"
)
SPEECH_FORMS = frozenset(f for lemma in _SPEECH.split() for f in _forms(lemma))

# Surface form -> cue lemma (the small model mislemmatises some: "hopes" -> "hop").
FORM_LEMMA = {f: lemma for lemma in CUE_STANCE for f in sorted(_forms(lemma))}

# Adjectives that make an attitude cue with a copula ("is sure that", "are afraid
# that", "is determined to", "were coy about"): the subject holds the attitude.
ADJ_CUES = {
    "sure": "belief", "certain": "belief", "unsure": "belief", "uncertain": "belief",
    "confident": "belief", "convinced": "belief", "aware": "belief", "afraid": "belief",
    "worried": "belief", "concerned": "belief", "fearful": "belief", "hopeful": "belief",
    "optimistic": "belief", "pessimistic": "belief", "skeptical": "belief",
    "sceptical": "belief", "doubtful": "belief", "determined": "belief", "willing": "belief",
    "unwilling": "belief", "eager": "belief", "keen": "belief", "reluctant": "belief",
    "ready": "belief", "intent": "belief", "adamant": "assertive", "critical": "assertive",
    "supportive": "position", "opposed": "position", "passionate": "assertive",
    "coy": "neutral", "silent": "neutral", "vocal": "assertive", "outspoken": "assertive",
    "angry": "assertive", "furious": "assertive", "upset": "assertive", "happy": "belief",
    "proud": "belief", "excited": "belief", "disappointed": "belief", "frustrated": "belief",
    "glad": "belief", "pleased": "belief", "satisfied": "belief", "impressed": "belief",
    "unhappy": "belief", "shocked": "belief", "surprised": "belief", "outraged": "assertive",
    "wary": "belief", "nervous": "belief", "leery": "belief", "unaware": "belief",
    "fond": "belief", "appreciative": "belief", "cynical": "belief", "lukewarm": "belief",
    "forthcoming": "neutral", "enamored": "belief",
}
ADJ_PREPS = frozenset({"about", "of", "on", "to", "that", "with", "over", "at"})

# Nouns that carry an attribution with a possessive source and a complement ("Trump's
# claim that ...", "his decision to ...", "Trump's view of NATO"), with
# their stance.
NOUN_CUES: dict[str, str] = {}
for _words, _stance in (
    ("statement statements comment comments remark remarks announcement message account "
     "description explanation answer response reply suggestion proposal recommendation "
     "prediction estimate assessment finding findings conclusion view views theory "
     "argument request question questions advice disclosure opinion opinions interpretation "
     "characterization query queries reading", "neutral"),
    ("claim claims assertion allegation allegations accusation accusations admission "
     "denial boast contention", "doubting"),
    ("warning threat promise pledge vow demand call plea insistence criticism attack "
     "attacks endorsement praise condemnation "
     "rejection rhetoric complaint disdain contempt abandonment obsession adulation "
     "commitment critique declaration", "assertive"),
    ("belief hope hopes fear fears concern concerns desire wish intention intent plan "
     "plans goal decision determination eagerness reluctance acknowledgment "
     "acknowledgement recognition expectation expectations doubt doubts assumption understanding "
     "sentiment sentiments anxiety anxieties perception idea ideas priority priorities apprehension "
     "unwillingness dislike hostility speculation outlook ambivalence", "belief"),
    ("support opposition defense defence refusal position positions disagreement disagreements "
     "backing", "position"),
):
    for _w in _words.split():
        NOUN_CUES.setdefault(_w, _stance)
# "for/to/on/against" after a cue noun mostly name an addressee or target, not content
# ("his statements to the FBI", "her response to Trump"): 9 right vs 32 wrong on train+dev.
NOUN_PREPS = frozenset({"of", "about", "with", "over", "that"})
# ... except an attack's target, which is what it says something about ("Trump's attacks on
# Curiel"): 21 of 42 "poss + attack on X" on train are gold cues with X in the content.
NOUN_TARGET_PREPS = {"attack": frozenset({"on", "against"}), "attacks": frozenset({"on", "against"})}

# Light-verb cues: a verb whose object noun carries the speech act, its content after a
# preposition or a clause ("made no secret of X", "took aim at X", "made the case that X",
# "made it clear that X", "leveled charges against X").
LIGHT_VERBS = frozenset("make take give issue raise deliver lodge level launch mount pose draw "
                        "have express voice offer cast".split())
LIGHT_NOUNS = frozenset(
    "case secret mention aim swipe swipes shot shots jab jabs stance credit apology apologies "
    "speech remarks comments comment statement point argument pitch promise hint hints preview "
    "assurance assurances note request appeal plea pledge vow claim claims accusation "
    "accusations allegation allegations attack attacks criticism complaint complaints charge "
    "charges question questions concern concerns objection objections prediction reference "
    "references warning warnings threat threats joke jokes call calls demand demands "
    "announcement defense defence doubts doubt reservations misgivings views view".split())
LIGHT_PREPS = frozenset({"of", "about", "on", "against", "at", "for", "to", "that", "over"})

# Role nouns predicated of a speaker that carry a stance towards an object ("Clinton is an
# outspoken supporter of Roe v. Wade", "Kasich has been a pointed critic of his style").
PRED_NOUNS = frozenset("critic critics supporter supporters opponent opponents proponent proponents "
                       "advocate advocates champion champions backer backers skeptic skeptics "
                       "sceptic sceptics defender defenders".split())
# A poll opening a clause is its source ("In the latest Post-ABC poll, Clinton leads ...").
POLL_NOUNS = frozenset({"poll", "polls", "survey", "surveys", "polling", "average", "study", "ranking",
                        "rankings"})

# Every word that can make a sentence carry an attribution (for a parse-or-skip filter);
# line formats ("NAME:", "“...” ― Name") carry no word and need their own check.
CUE_WORDS = (CUE_FORMS | frozenset({"according"}) | frozenset(ADJ_CUES) | frozenset(NOUN_CUES)
             | IMPERSONAL_ADJS | LIGHT_NOUNS | PRED_NOUNS | POLL_NOUNS
             | frozenset({"seem", "seems", "seemed", "appear", "appears", "appeared", "clear"}))

# Head nouns of anonymous/collective human sources.
ROLE_NOUNS = frozenset(
    "official officials source sources diplomat diplomats analyst analysts commander commanders "
    "aide aides adviser advisers advisor advisors spokesperson spokesman spokeswoman "
    "officer officers expert experts person people insider insiders minister ministers "
    "leader leaders lawmaker lawmakers legislator legislators senator senators member members "
    "negotiator negotiators resident residents witness witnesses staffer staffers envoy envoys "
    "observer observers critic critics supporter supporters security_official "
    "representative representatives counterpart counterparts engineer engineers economist "
    "economists scientist scientists doctor doctors investigator investigators prosecutor "
    "prosecutors lawyer lawyers authorities authority militant militants fighter fighters "
    "activist activists protester protesters soldier soldiers troops worker workers farmer "
    "farmers voter voters researcher researchers historian historians journalist journalists "
    "reporter reporters paramilitaries diplomats spokespeople sources".split()
)
# Head nouns that make a source an organisation ("Netanyahu's Office", "the ministry").
ORG_NOUNS = frozenset(
    "office ministry pentagon administration government cabinet army military idf police "
    "department agency council committee court house white_house kremlin party campaign "
    "embassy mission command forces spokesperson's unit headquarters presidency company firm "
    "corporation union association institute inspectorate authority hospital university "
    "commission board service".split()
)
# The last words of a firm's name, after its own name ("Tarnwick Chemicals", "Acme Corp.",
# "Best Buy Co."): a short name leaves them out ("Tarnwick").
FIRM_TAILS = frozenset(
    "inc inc. corp corp. corporation co co. company group holdings industries llc ltd ltd. plc "
    "airlines chemicals pharmaceuticals motors technologies securities enterprises brands foods "
    "communications resources studios energy".split())
# The last word of an organisation's name, a firm's or a body's ("America Awesome PAC",
# "Senate Intelligence Committee").
ORG_NAME_TAILS = FIRM_TAILS | frozenset(
    "pac committee foundation association institute council fund university college agency "
    "coalition network club society alliance federation organization organisation "
    "department".split())
# Nouns by which an article refers to a publication ("the report said", "the paper adds").
REPORT_NOUNS = frozenset({"report", "newspaper", "outlet", "paper", "network", "daily",
                          "broadcaster", "channel", "website", "site", "publication"})
# Head nouns of documents and reports ("a Pentagon statement", "the report").
DOC_NOUNS = frozenset(
    "statement report document memo letter release communique communiqué filing "
    "assessment cable readout transcript study survey poll video footage data analysis "
    "research records".split()
)
# Books as sources ("a new book by Bob Woodward"; citations.py reads them as documents).
BOOK_NOUNS = frozenset({"book", "books", "memoir", "memoirs", "biography", "biographies"})
RANKS = ("senior", "high-ranking", "high ranking", "top", "junior", "high-level", "former",
         "mid-level", "low-level", "veteran")
COUNTS = {
    "a": "1", "an": "1", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
    "six": "6", "seven": "7", "eight": "8", "nine": "9", "ten": "10", "several": "plural",
    "some": "plural", "many": "plural", "multiple": "plural", "numerous": "plural",
}
NATIONALITY = {
    "us": "US", "u.s.": "US", "american": "US", "america": "US", "united states": "US",
    "u.s": "US", "usa": "US", "israeli": "Israeli", "israel": "Israeli", "iranian": "Iranian",
    "iran": "Iranian", "british": "British", "uk": "British", "u.k.": "British",
    "french": "French", "german": "German", "russian": "Russian", "chinese": "Chinese",
    "ukrainian": "Ukrainian", "lebanese": "Lebanese", "palestinian": "Palestinian",
    "egyptian": "Egyptian", "qatari": "Qatari", "saudi": "Saudi", "turkish": "Turkish",
    "syrian": "Syrian", "iraqi": "Iraqi", "jordanian": "Jordanian", "european": "European",
    "western": "Western", "arab": "Arab", "emirati": "Emirati", "indian": "Indian",
    "pakistani": "Pakistani", "japanese": "Japanese", "korean": "Korean",
}

# Words that may be part of a title or role before a name ("Israeli Defense Minister").
TITLE_WORDS = frozenset(
    "minister secretary president vice prime defense defence security foreign finance "
    "national advisor adviser chief staff of for the general gen. gen lt. lt col. col maj. "
    "maj brig. brig adm. admiral sgt. capt. captain lieutenant colonel major commander "
    "deputy press spokesperson spokesman spokeswoman ambassador envoy special senator sen. "
    "rep. representative governor mayor leader speaker director head strategic affairs "
    "interior justice economy education health energy war home state house white pentagon "
    "journalist veteran reporter correspondent author columnist analyst editor king queen "
    "crown prince sheikh emir ayatollah supreme judge justice attorney mr. mrs. ms. dr. "
    "prof. sir dame lord lady israeli us u.s. american iranian british opposition "
    "army military intelligence idf cabinet chairman chairwoman chair ceo founder "
    "former acting top senior then-president then-prime officer first lady executive boss".split()
)
# A portfolio word the tagger takes for an organisation inside a title ("Defense" in "Defense
# Minister Yoav Gallant", "US Defense Secretary"): part of the title, not an entity.
PORTFOLIO_WORDS = frozenset(
    "defense defence security foreign finance interior justice economy education health energy war "
    "home national strategic intelligence transport agriculture labor labour trade".split())
_PORTFOLIO_HEADS = frozenset({"minister", "secretary", "ministers", "secretaries", "adviser", "advisor", "chief"})
# A role ends in one of these (so "Israeli" alone is not a role).
_ROLE_HEADS = (
    "Minister|Secretary|President|Advisor|Adviser|Staff|Gen\\.|General|Spokesperson|Spokesman|"
    "Spokeswoman|Ambassador|Envoy|Senator|Sen\\.|Rep\\.|Governor|Mayor|Leader|Speaker|Director|"
    "Chief|Commander|King|Queen|Prince|Emir|Ayatollah|Judge|Chairman|Chairwoman|CEO|"
    "secretary|journalist|reporter|correspondent|columnist|analyst|editor|spokesperson|"
    "spokesman|spokeswoman|minister|president|leader|advisor|adviser|commander|chief|envoy|ambassador|"
    "Executive|executive|boss"
)
# A title right before a name, e.g. "Israeli Defense Minister " or "Chief of Staff Lt. Gen. ".
TITLE_RE = re.compile(
    r"((?:(?:[A-Z][\w.\-’']*|of|for|the|deputy|press|national|security|defense|foreign|"
    r"veteran|senior|former|top|then|acting|chief)[ \u00a0]+)*?"
    r"(?:" + _ROLE_HEADS + r")(?:[ ](?:of|for)[ ][A-Z][\w]*(?:[ ][A-Z][\w]*)*)?"
    r"(?:[ ](?:Lt\.|Maj\.|Brig\.|Col\.|Gen\.|Adm\.)(?:[ ]Gen\.)?)?)[ \u00a0]+$"
)


def stance_of(lemma: str, doubted: bool = False) -> str:
    """The stance class of a cue lemma (``other`` when unknown)."""
    if doubted:
        return "doubting"
    return CUE_STANCE.get(lemma.lower(), "other")


def nationality_of(word: str) -> str | None:
    """Normalise a nationality word: "U.S."/"American" -> "US", "Israeli" -> "Israeli"."""
    return NATIONALITY.get(re.sub(r"[’']s?$", "", word.lower()))


POSSESSIVE_RE = re.compile(r"(?:[’']s|[’'])$")  # "Gallant's", "officials'"


def strip_title(name: str) -> tuple[str, str]:
    """Split a person phrase into (name, title): "Defense Minister Yoav Gallant's" ->
    ("Yoav Gallant", "Defense Minister"). Possessives are dropped; nationality words and
    determiners before a title are not part of it ("Israeli Defense Minister" -> "Defense
    Minister")."""
    name = POSSESSIVE_RE.sub("", " ".join(name.split())).strip(" ,")
    words = name.split(" ")
    cut = 0
    while cut < len(words) - 1 and words[cut].lower().rstrip(",") in TITLE_WORDS | _DETS:
        cut += 1
    title_words = [w for w in words[:cut]]
    while title_words and (title_words[0].lower() in _DETS or nationality_of(title_words[0])
                           or title_words[0].lower() in {"the", "of", "for"}):
        title_words.pop(0)
    title = " ".join(title_words)
    if title and not re.search(r"(?:" + _ROLE_HEADS + r")$", title.split(" Lt.")[0].split(" Gen.")[0]):
        if not re.search(r"(?:" + _ROLE_HEADS + r")\b", title):
            title = ""
    return " ".join(words[cut:]), title


_DETS = frozenset({"the", "a", "an", "his", "her", "their", "its", "our", "israel’s", "israel's"})


def title_part(ent: Span) -> bool:
    """An entity that is only the portfolio word of a title right after it ("Defense" before
    "Minister")."""
    doc = ent.doc
    return (len(ent) == 1 and ent[0].lower_ in PORTFOLIO_WORDS and ent.end < len(doc)
            and doc[ent.end].lower_ in _PORTFOLIO_HEADS)
