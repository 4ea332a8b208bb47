"""The shared, typed, frozen data model of newsprism.

Every layer (ingest, extract, nlp, cluster, compare, store, render, web, cli) speaks these
types. Positions are character offsets into ``Article.text`` (half-open ``[start, end)``),
never token objects; spaCy ``Doc`` objects never leave the nlp layer. Times are
timezone-aware UTC. Ids are deterministic (see :mod:`newsprism.ids`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

__all__ = [
    "outlet_label",
    "Frozen",
    "Span",
    "Outlet",
    "RawDocument",
    "Article",
    "Sentence",
    "Mention",
    "Entity",
    "Quote",
    "Citation",
    "RoleArg",
    "RoleFrame",
    "ArticleAnalysis",
    "Evidence",
    "ConflictValue",
    "Fact",
    "FramingTerm",
    "Framing",
    "Story",
    "ArticleRef",
    "StoryDossier",
    "QuoteVersion",
    "WordDiff",
    "QuoteDiff",
    "QuoteLink",
    "SourceNode",
    "SourceEdge",
    "SourceGraph",
    "SourcingProfile",
    "Dossier",
    "Disposition",
    "Claim",
    "TimelineEvent",
    "CastRole",
    "CastMember",
    "LabelUse",
    "LabelPair",
    "Headline",
    "SpeakerKind",
    "FactKind",
    "DispositionStatus",
]

SpeakerKind = Literal["named", "anonymous", "organization", "outlet", "unknown"]
FactKind = Literal["consensus", "unique", "conflict", "omission"]
DispositionStatus = Literal["ingested", "unchanged", "updated", "skipped", "failed"]
CitedKind = Literal[
    "outlet", "agency", "broadcaster", "book", "document", "person", "organization", "other"
]


def _utc(value: datetime | None) -> datetime | None:
    """Make a datetime timezone-aware UTC (naive values are taken to be UTC)."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


class Frozen(BaseModel):
    """Base for all newsprism models: immutable, strict about unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Span(Frozen):
    """A half-open character range ``[start, end)`` into an article's text."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end < self.start:
            raise ValueError(f"span end {self.end} is before start {self.start}")
        return self

    def slice(self, text: str) -> str:
        return text[self.start : self.end]

    def __len__(self) -> int:
        return self.end - self.start


class Outlet(Frozen):
    """A publisher. ``id`` is a normalised slug of the name (or the registrable domain)."""

    id: str
    name: str
    domain: str | None = None


class RawDocument(Frozen):
    """What the ingest layer hands to the extract layer: bytes plus what is known about them.

    ``kind`` says how to extract: ``text`` (plain text with page furniture), ``html`` (a
    page, via trafilatura) or ``record`` (a JSONL record already split into fields).
    ``meta`` carries overrides from a sidecar ``NAME.meta.json``, from flags or from the
    record itself (keys: title, outlet, published, url, author).
    """

    source: str
    kind: Literal["text", "html", "record"]
    content: bytes
    url: str | None = None
    meta: dict[str, str] = Field(default_factory=dict)
    fetched_at: datetime | None = None

    _norm = field_validator("fetched_at")(_utc)


def outlet_label(outlet: str | None, source: str, article_id: str) -> str:
    """How an article's outlet is shown: its outlet, else (no outlet known) its file or URL
    tail in brackets, never a guessed outlet. Each outlet-less article is its own column,
    so every dossier section, the story list and the counts use this one label."""
    if outlet:
        return outlet
    return f"[{(source or article_id).rstrip('/').rsplit('/', 1)[-1] or article_id}]"


class Article(Frozen):
    """One cleaned news article. ``text`` is the cleaned body the offsets refer to."""

    id: str
    title: str
    text: str
    outlet: str | None = None
    url: str | None = None
    published: datetime | None = None
    author: str | None = None
    source: str = ""
    content_hash: str = ""
    language: str = "en"

    _norm = field_validator("published")(_utc)

    @property
    def shown_outlet(self) -> str:
        """How this article's outlet is shown everywhere (:func:`outlet_label`)."""
        return outlet_label(self.outlet, self.source, self.id)


class Sentence(Frozen):
    index: int
    start: int
    end: int
    text: str


class Mention(Frozen):
    """A named-entity mention in one article (``label`` is the spaCy label)."""

    start: int
    end: int
    text: str
    label: str
    entity_id: str | None = None


class Entity(Frozen):
    """An entity resolved across a story: one canonical name, its aliases and where seen."""

    id: str
    name: str
    type: str
    aliases: list[str] = Field(default_factory=list)
    articles: list[str] = Field(default_factory=list)
    outlets: list[str] = Field(default_factory=list)
    roles: dict[str, list[str]] = Field(
        default_factory=dict, description="article id -> titles/roles given to the entity there"
    )


class Quote(Frozen):
    """An attribution: who said (or believes, or reported) what, with spans.

    ``content`` is the quoted or reported material; ``cue`` the verb or phrase that
    introduces it ("said", "according to"); ``source`` the speaker phrase as written.
    ``speaker`` is the resolved speaker (entity name where one exists).
    """

    id: str
    article_id: str
    text: str
    content: Span
    direct: bool
    mixed: bool = Field(default=False, description="a reported clause holding a partial quotation "
                        "(direct too): its quoted words are verbatim, the rest is the outlet's paraphrase")
    speaker: str | None = None
    speaker_kind: SpeakerKind = "unknown"
    source: Span | None = None
    source_text: str | None = None
    cue: str | None = None
    cue_span: Span | None = None
    cue_stance: Literal["neutral", "assertive", "doubting", "belief", "position", "other"] = "neutral"
    sentence_index: int = 0
    descriptors: dict[str, str] = Field(
        default_factory=dict,
        description="for collective/anonymous sources: nationality, rank, count...",
    )
    via: str | None = Field(default=None, description="outlet the quote is relayed through, if any")
    content_clause: bool | None = Field(
        default=None,
        description="whether the content states something (a quotation, or a reported clause headed "
        "by a verb) rather than naming a topic or a thing ('discussed next steps', 'citing two "
        "sources'); null when the analysis predates it",
    )


class Citation(Frozen):
    """Another outlet, agency, book, broadcaster or document named as a source."""

    article_id: str
    cited: str
    cited_kind: CitedKind = "outlet"
    cue: str
    span: Span
    sentence: str
    sentence_index: int = 0
    relays: str | None = Field(
        default=None,
        description="what the cited party in turn cites, e.g. 'two sources familiar with the matter'",
    )


class RoleArg(Frozen):
    """A person or group filling one role of a verb (see :class:`RoleFrame`)."""

    name: str
    kind: Literal["person", "group"] = "person"
    rel: str = Field("", description="how the parse gives it: subject, by, control, "
                     "relative (agents); dobj, dative, nsubjpass or a preposition (others)")


class RoleFrame(Frozen):
    """Who did what to whom in one clause: a verb with its named agent(s) and the named
    patient(s) or recipient(s) it acts on (from the dependency parse, nlp/roles.py)."""

    start: int
    end: int
    predicate: str = Field(description="the verb's lemma")
    agents: list[RoleArg]
    others: list[RoleArg]


class ArticleAnalysis(Frozen):
    """Everything the nlp layer learns about one article."""

    article_id: str
    sentences: list[Sentence] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    nlp_version: str = ""
    clauses: list[Span] = Field(
        default_factory=list,
        description="claim units: spans of the clauses that assert something (from the parse)",
    )
    roles: list[RoleFrame] = Field(
        default_factory=list,
        description="who did what to whom: verbs with their named agents and patients (from the parse)",
    )


class Evidence(Frozen):
    article_id: str
    sentence: str
    start: int | None = None
    end: int | None = None
    outlet: str | None = None
    attribution: str | None = Field(
        default=None,
        description="who carries the statement: \"outlet's own voice\", \"Gallant said\", "
        "\"according to Axios\" (several joined by '; ')",
    )


class ConflictValue(Frozen):
    article_id: str
    value: str
    sentence: str
    outlet: str | None = None


class Fact(Frozen):
    """A statement about the story grounded in evidence sentences."""

    id: str
    kind: FactKind
    summary: str
    articles: list[str]
    evidence: list[Evidence]
    topic: str | None = None
    values: list[ConflictValue] = Field(default_factory=list)
    independent: int | None = Field(
        default=None, description="for consensus: how many outlets report it independently"
    )


class FramingTerm(Frozen):
    term: str
    score: float


class Framing(Frozen):
    article_id: str
    outlet: str | None = None
    terms: list[FramingTerm] = Field(default_factory=list)
    loaded: list[str] = Field(default_factory=list)
    scare_quotes: list[str] = Field(default_factory=list)
    hedges: list[str] = Field(
        default_factory=list, description="hedging words and phrases, in order of appearance"
    )
    hedged_sentences: int = Field(default=0, description="sentences with at least one hedge")


class Claim(Frozen):
    """A claim unit: one clause that asserts something, with who carries it and where it is.

    ``attribution`` is ``"outlet"`` (the article's own voice), ``"quote"`` (a speaker the
    nlp layer attributed the words to) or ``"citation"`` (another outlet, agency or document
    cited as the source); ``source`` names that speaker or source and ``label`` reads as
    "Gallant said", "according to Axios" or "outlet's own voice".
    """

    id: str
    article_id: str
    sentence_index: int
    start: int
    end: int
    text: str
    attribution: Literal["outlet", "quote", "citation"] = "outlet"
    source: str | None = None
    cue: str | None = None
    label: str = "outlet's own voice"


class TimelineEvent(Frozen):
    """A dated event of the story: what happened, when (resolved to an interval), who says so.

    ``start``/``end`` bound the agreed interval (the intersection of the outlets' intervals,
    or the earliest outlet's when they conflict); ``precision`` is the coarsest of ``minute``,
    ``hour``, ``part of day``, ``day``, ``week``, ``month``, ``year`` among the readings.
    ``values`` gives each article's date phrase as written (``value``) with its sentence;
    ``conflicting`` is true when two outlets' intervals for the event do not overlap.
    """

    id: str
    summary: str
    start: datetime
    end: datetime
    precision: str
    articles: list[str]
    outlets: list[str] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    values: list[ConflictValue] = Field(default_factory=list)
    conflicting: bool = False

    _n1 = field_validator("start")(_utc)
    _n2 = field_validator("end")(_utc)


class UnplacedDate(Frozen):
    """A relative date ("Tuesday evening", "last week") in an article that gives no
    publication date: shown as written, since nothing anchors it on the timeline."""

    phrase: str
    article_id: str
    evidence: list[Evidence] = Field(default_factory=list)


class CastRole(Frozen):
    article_id: str
    outlet: str | None = None
    role: str
    sentence: str = ""


class CastMember(Frozen):
    """A person of the story with the role(s) each outlet gives them, with the sentences."""

    entity_id: str
    name: str
    roles: list[CastRole] = Field(default_factory=list)


class LabelUse(Frozen):
    article_id: str
    outlet: str | None = None
    label: str
    sentence: str


class LabelPair(Frozen):
    """Different words for one referent: "Israeli occupation forces" / "IDF".

    ``found_by`` says how: ``aligned`` (a replaced phrase between two aligned sentences of
    different outlets) or ``title`` (the titles the outlets give one person).
    """

    id: str
    referent: str | None = None
    uses: list[LabelUse]
    found_by: Literal["aligned", "title"] = "aligned"


class Headline(Frozen):
    """One article's headline with what sets it apart from the story's other headlines."""

    article_id: str
    outlet: str | None = None
    title: str
    distinctive: list[str] = Field(
        default_factory=list, description="content words no other headline of the story uses"
    )
    shared: list[str] = Field(
        default_factory=list, description="content words it shares with another headline"
    )
    loaded: list[str] = Field(default_factory=list)
    hedges: list[str] = Field(default_factory=list)
    scare_quotes: list[str] = Field(default_factory=list)
    attributed_to: str | None = Field(
        default=None, description="a source the headline credits (\"...: Axios\")"
    )


class Story(Frozen):
    """A group of articles about one event."""

    id: str
    title: str
    article_ids: list[str]
    first_seen: datetime | None = None
    last_seen: datetime | None = None

    _n1 = field_validator("first_seen")(_utc)
    _n2 = field_validator("last_seen")(_utc)


class ArticleRef(Frozen):
    id: str
    outlet: str | None
    title: str
    published: datetime | None
    source: str
    url: str | None = None
    text: str
    author: str | None = None

    @classmethod
    def of(cls, a: Article, *, with_text: bool = True) -> ArticleRef:
        """The dossier's view of an article (``with_text=False`` for list views)."""
        return cls(
            id=a.id,
            outlet=a.outlet,
            title=a.title,
            published=a.published,
            source=a.source,
            url=a.url,
            text=a.text if with_text else "",
            author=a.author,
        )


# -- across articles: linked quotes, the re-reporting graph, sourcing profiles (issue 3) ---


class QuoteVersion(Frozen):
    """One article's version of a quote that several outlets carry."""

    quote_id: str
    article_id: str
    outlet: str | None = None
    text: str
    direct: bool = True
    speaker: str | None = None
    speaker_kind: SpeakerKind = "unknown"
    cue: str | None = None
    via: str | None = None
    sentence: str = Field(default="", description="the sentence(s) the quote stands in")


class WordDiff(Frozen):
    """One step of a word-level diff: ``a`` words of the reference version, ``b`` of the other."""

    op: Literal["equal", "insert", "delete", "replace"]
    a: str = ""
    b: str = ""


class QuoteDiff(Frozen):
    """How one version's wording differs from the link's reference version."""

    quote_id: str
    article_id: str
    against: str = Field(description="quote id of the reference version")
    ops: list[WordDiff] = Field(default_factory=list)
    partial: bool = Field(default=False, description="one version quotes only part of the other")
    substantive: bool = Field(
        default=False, description="content words differ (not only punctuation, case or contractions)"
    )


class QuoteLink(Frozen):
    """The same quote (direct or reported) found in articles of several outlets."""

    id: str
    members: list[QuoteVersion]
    reference: str = Field(description="quote id of the version the diffs are taken against")
    diffs: list[QuoteDiff] = Field(default_factory=list)
    score: float = Field(default=0.0, description="weakest pairwise match holding the link (0-1)")


class SourceNode(Frozen):
    """A party in the re-reporting graph: a story outlet, a cited publication or a source."""

    id: str
    label: str
    kind: str = Field(description="outlet, agency, broadcaster, book, document, ... or source")
    in_story: bool = False
    articles: list[str] = Field(default_factory=list)
    original: bool = False
    relied_on_by: list[str] = Field(
        default_factory=list, description="story outlet node ids that reach this node along cites edges"
    )


class SourceEdge(Frozen):
    """``source`` cites ``target`` (kind ``cites``) or relays it (kind ``relays``)."""

    source: str
    target: str
    kind: Literal["cites", "relays"]
    cue: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)


class SourceGraph(Frozen):
    """Who re-reports whom in one story, and the story's original source(s)."""

    nodes: list[SourceNode] = Field(default_factory=list)
    edges: list[SourceEdge] = Field(default_factory=list)
    origins: list[str] = Field(default_factory=list, description="node ids, most relied-on first")
    origin_basis: Literal["citations", "earliest publication", "none"] = "none"


class SourcingProfile(Frozen):
    """How one outlet sources its story: counts of attributed statements by speaker kind
    (named, anonymous, organization, outlet, unknown), how many are relayed through
    another outlet, and shares of named / anonymous / organization / relayed."""

    outlet: str
    article_ids: list[str] = Field(default_factory=list)
    quotes: int = 0
    counts: dict[str, int] = Field(default_factory=dict)
    relayed: int = 0
    citations: int = 0
    shares: dict[str, float] = Field(default_factory=dict)


class StoryDossier(Frozen):
    id: str
    title: str
    articles: list[ArticleRef]
    entities: list[Entity] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)
    framing: list[Framing] = Field(default_factory=list)
    # issue 3, across articles (compare/quotelinks.py, compare/sourcegraph.py, compare/sourcing.py)
    quote_links: list[QuoteLink] = Field(default_factory=list)
    source_graph: SourceGraph = Field(default_factory=SourceGraph)
    # issue 4: claims, timeline, cast and framing extras (additive)
    claims: list[Claim] = Field(default_factory=list)
    timeline: list[TimelineEvent] = Field(default_factory=list)
    timeline_unplaced: list[UnplacedDate] = Field(
        default_factory=list,
        description="relative dates of articles with no publication date, as written",
    )
    cast: list[CastMember] = Field(default_factory=list)
    label_pairs: list[LabelPair] = Field(default_factory=list)
    headlines: list[Headline] = Field(default_factory=list)
    sourcing: list[SourcingProfile] = Field(default_factory=list)


class Dossier(Frozen):
    """The top-level document rendered as JSON, Markdown and HTML."""

    stories: list[StoryDossier]
    generated_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    version: str = "1"


class Disposition(Frozen):
    """How one input ended: exactly one per item, counted and shown after a run."""

    source: str
    status: DispositionStatus
    reason: str | None = None
    article_id: str | None = None
