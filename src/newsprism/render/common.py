"""View helpers shared by the Markdown and HTML renderers (pure functions over models)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from markupsafe import Markup

from ..compare.claims import carries_voice, is_refusal
from ..models import (
    ArticleRef,
    Citation,
    Entity,
    Fact,
    Framing,
    Headline,
    Quote,
    QuoteDiff,
    QuoteLink,
    SourceNode,
    SourcingProfile,
    StoryDossier,
    TimelineEvent,
    outlet_label,
)
from .svg import graph_svg, source_graph_data, stack_svg

__all__ = ["PALETTE", "StoryView", "story_view", "fmt_date", "fmt_when", "truncate"]

# Dark enough for white text at >= 4.5:1 contrast (WCAG AA).
PALETTE = (
    "#1f5fa8", "#b3401e", "#2e7d32", "#6a3d9a", "#8a5a00",
    "#00796b", "#ad1457", "#455a64", "#5d4037", "#283593",
)  # fmt: skip


def fmt_date(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "undated"


def _hm(t: datetime, end: bool = False) -> str:
    return "24:00" if end and t.hour == 0 and t.minute == 0 else t.strftime("%H:%M")


def fmt_when(ev: TimelineEvent) -> str:
    """An event's date as precise as the articles allow ("Tue 11 Mar 2025, 18:00-24:00")."""
    lo, hi = ev.start, ev.end
    day = f"{lo:%a} {lo.day} {lo:%b %Y}"
    if ev.conflicting:
        return f"between {lo:%a} {lo.day} {lo:%b} {_hm(lo)} and {hi:%a} {hi.day} {hi:%b %Y} {_hm(hi, True)} (outlets disagree)"
    p = ev.precision
    if p == "year":
        return f"{lo:%Y}"
    if p == "month":
        return f"{lo:%B %Y}"
    if p == "week":
        return f"week of {day}" if (hi - lo).days <= 7 else f"{day} – {hi:%a} {hi.day} {hi:%b %Y}"
    if p == "day" and (hi - lo).days <= 1:
        return day
    if p == "minute":
        return f"{day}, {_hm(lo)}"
    if (
        lo.date() == hi.date()
        or (hi - lo).total_seconds() <= 86400
        and hi.hour == 0
        and hi.minute == 0
    ):
        return f"{day}, {_hm(lo)}–{_hm(hi, True)}"
    return f"{day} {_hm(lo)} – {hi:%a} {hi.day} {hi:%b} {_hm(hi)}"


def truncate(text: str, n: int = 200) -> str:
    t = " ".join(text.split())
    if len(t) <= n:
        return t
    cut = t[:n].rsplit(" ", 1)[0]
    return cut + " …"


@dataclass
class StoryView:
    """A story dossier regrouped for display: outlets in article order with colours."""

    story: StoryDossier
    outlets: list[str]
    colour: dict[str, str]
    article: dict[str, ArticleRef]
    outlet_of: dict[str, str]
    consensus: list[Fact] = field(default_factory=list)
    conflicts: list[Fact] = field(default_factory=list)
    omissions: list[Fact] = field(default_factory=list)
    unique_by_outlet: dict[str, list[Fact]] = field(default_factory=dict)
    quotes: list[tuple[Quote, str]] = field(default_factory=list)
    citations: list[tuple[Citation, str]] = field(default_factory=list)
    framing: list[tuple[Framing, str, float]] = field(default_factory=list)
    # issue 3 across articles
    quote_links: list[QuoteLink] = field(default_factory=list)
    sourcing: list[SourcingProfile] = field(default_factory=list)
    graph: dict[str, Any] = field(default_factory=dict)

    def diff_of(self, link: QuoteLink, quote_id: str) -> QuoteDiff | None:
        return next((d for d in link.diffs if d.quote_id == quote_id), None)

    def graph_svg(self) -> Markup:
        """The re-reporting graph drawn as inline SVG (text escaped by the drawer)."""
        return graph_svg(self.graph, uid=self.story.id)

    def stack_svg(self, p: SourcingProfile) -> Markup:
        return stack_svg({k: v for k, v in p.shares.items() if k != "relayed"},
                         label=f"Sourcing profile of {p.outlet}")

    def node(self, node_id: str) -> SourceNode | None:
        return next((n for n in self.story.source_graph.nodes if n.id == node_id), None)

    def node_label(self, node_id: str) -> str:
        n = self.node(node_id)
        return n.label if n else node_id

    def chains(self) -> list[tuple[int, str, str, str | None, bool]]:
        """The re-reporting graph as an indented list, from each story outlet that cites:
        ``(depth, edge kind, node label, cue, original)`` rows. Under each outlet a cited
        party's relayed sources are those the outlets on the path name (the graph has one
        node per party, e.g. Axios, for the whole story); a node already on the path is not
        expanded again, so cycles end."""
        g = self.story.source_graph
        out_edges: dict[str, list[Any]] = {}
        for e in g.edges:
            out_edges.setdefault(e.source, []).append(e)
        rows: list[tuple[int, str, str, str | None, bool]] = []

        def walk(nid: str, depth: int, path: frozenset[str], arts: frozenset[str]) -> None:
            for e in out_edges.get(nid, []):
                if e.kind == "relays" and e.evidence and not {x.article_id for x in e.evidence} & arts:
                    continue
                n = self.node(e.target)
                rows.append((depth, e.kind, self.node_label(e.target), e.cue, bool(n and n.original)))
                if e.target not in path and depth < 8:
                    more = frozenset(n.articles) if n and n.in_story else frozenset()
                    walk(e.target, depth + 1, path | {e.target}, arts | more)

        for n in g.nodes:
            if n.in_story and n.id in out_edges:
                rows.append((0, "outlet", n.label, None, n.original))
                walk(n.id, 1, frozenset({n.id}), frozenset(n.articles))
        return rows
    # article id -> the sourcing profile of its outlet (the framing columns are per article)
    headline: dict[str, Headline] = field(default_factory=dict)
    sourcing_of: dict[str, SourcingProfile] = field(default_factory=dict)

    def label_of(self, article_id: str) -> str:
        """The outlet name of an article, for columns and chips."""
        return self.outlet_of.get(article_id, article_id)

    def roles_by_outlet(self, entity: Entity) -> list[tuple[str, list[str]]]:
        """The titles each outlet gives ``entity`` (from ``Entity.roles``), outlets in order."""
        out: dict[str, list[str]] = {}
        for aid, titles in entity.roles.items():
            o = self.outlet_of.get(aid, aid)
            for t in titles:
                if t not in out.setdefault(o, []):
                    out[o].append(t)
        order = [*self.outlets, *(o for o in out if o not in self.outlets)]
        return [(o, out[o]) for o in order if out.get(o)]

    def quote_groups(self) -> list[tuple[str, str, str, list[tuple[Quote, str]]]]:
        """The attributions for display in the :data:`QUOTE_GROUPS` (each in story order),
        ``(key, title, note, rows)``; empty groups are left out."""
        groups: dict[str, list[tuple[Quote, str]]] = {k: [] for k in QUOTE_GROUPS}
        for q, outlet in self.quotes:
            groups[quote_group(q)].append((q, outlet))
        return [(k, *QUOTE_GROUPS[k], rows) for k, rows in groups.items() if rows]

    def outlets_of(self, article_ids: list[str]) -> list[str]:
        """The outlets (labels, in column order) of some articles, e.g. an entity's."""
        have = {self.outlet_of.get(a, a) for a in article_ids}
        return [o for o in self.outlets if o in have] + sorted(have - set(self.outlets))

    def outlet_count(self, fact: Fact) -> int:
        return len({self.outlet_of.get(a, a) for a in fact.articles})


QUOTE_GROUPS: dict[str, tuple[str, str]] = {
    "direct": ("In their own words", "Direct quotations, with the speaker each outlet names."),
    "reported": ("Reported statements", "What an outlet says someone said, without quotation marks."),
    "declined": ("Not said",
                 "What a source would not or did not say (\"would not say whether\", \"declined to "
                 "comment\"): the outlet reports a question left open, not a statement."),
    "other": ("Beliefs, positions, questions, topics and unattributed statements",
              "Attributed beliefs, intentions and positions (what someone backs, opposes or "
              "does, not says), questions (\"asked whether\", \"are examining whether\"), what "
              "someone spoke of without a statement given (\"discussed next steps\"), and "
              "statements no one is named for."),
}


def quote_group(q: Quote) -> str:
    """Which of the :data:`QUOTE_GROUPS` an attribution is shown in: ``direct``, quotations
    with a source; ``reported``, reported statements with a source (mixed quotes too: a
    paraphrase holding a partial quotation, shown as written with its own marks);
    ``declined``, what a source would not say (:func:`~newsprism.compare.claims.is_refusal`);
    ``other``,
    beliefs, expectations, positions ("is opposing", "backs"), topics ("discussed next
    steps": no clause in the content) and statements nobody is named
    for ("is expected", "is said", "the decision underscores"), which the extractor keeps
    (PolNeAR counts them as attributions) but a reader weighs less; the reported ones are
    those that give a claim its voice (:func:`~newsprism.compare.claims.carries_voice`).
    The HTML and Markdown dossiers and the web story page all group by this."""
    if (q.speaker or q.source_text) and q.direct and not q.mixed:
        return "direct"
    if (q.speaker or q.source_text) and is_refusal(q):
        return "declined"
    return "reported" if carries_voice(q) else "other"


def story_view(story: StoryDossier) -> StoryView:
    outlets: list[str] = []
    outlet_of: dict[str, str] = {}
    for a in story.articles:
        name = outlet_label(a.outlet, a.source, a.id)
        outlet_of[a.id] = name
        if name not in outlets:
            outlets.append(name)
    colour = {o: PALETTE[i % len(PALETTE)] for i, o in enumerate(outlets)}
    v = StoryView(
        story=story,
        outlets=outlets,
        colour=colour,
        article={a.id: a for a in story.articles},
        outlet_of=outlet_of,
    )
    for f in story.facts:
        if f.kind == "consensus":
            v.consensus.append(f)
        elif f.kind == "conflict":
            v.conflicts.append(f)
        elif f.kind == "omission":
            v.omissions.append(f)
        elif f.kind == "unique" and f.articles:
            v.unique_by_outlet.setdefault(outlet_of.get(f.articles[0], "?"), []).append(f)
    v.unique_by_outlet = {o: v.unique_by_outlet[o] for o in outlets if o in v.unique_by_outlet}
    v.quotes = [(q, outlet_of.get(q.article_id, q.article_id)) for q in story.quotes]
    v.citations = [(c, outlet_of.get(c.article_id, c.article_id)) for c in story.citations]
    v.headline = {h.article_id: h for h in story.headlines}
    v.sourcing_of = {aid: p for p in story.sourcing for aid in p.article_ids}
    for fr in story.framing:
        top = max((t.score for t in fr.terms), default=0.0)
        v.framing.append((fr, outlet_of.get(fr.article_id, fr.outlet or fr.article_id), top))
    v.quote_links = list(story.quote_links)
    v.sourcing = list(story.sourcing)
    v.graph = source_graph_data(story.source_graph)
    return v
