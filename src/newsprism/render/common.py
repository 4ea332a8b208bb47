"""View helpers shared by the Markdown and HTML renderers (pure functions over models)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ..models import (
    ArticleRef,
    Citation,
    Entity,
    Fact,
    Framing,
    Headline,
    Quote,
    SourcingProfile,
    StoryDossier,
    TimelineEvent,
)

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
    headline: dict[str, Headline] = field(default_factory=dict)
    sourcing: dict[str, SourcingProfile] = field(default_factory=dict)

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

    def outlet_count(self, fact: Fact) -> int:
        return len({self.outlet_of.get(a, a) for a in fact.articles})


def story_view(story: StoryDossier) -> StoryView:
    outlets: list[str] = []
    outlet_of: dict[str, str] = {}
    for a in story.articles:
        # No outlet known: name the article by its file or URL tail, never guess an outlet.
        name = a.outlet or f"[{(a.source or a.id).rstrip('/').rsplit('/', 1)[-1]}]"
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
    v.sourcing = {p.article_id: p for p in story.sourcing}
    for fr in story.framing:
        top = max((t.score for t in fr.terms), default=0.0)
        v.framing.append((fr, outlet_of.get(fr.article_id, fr.outlet or fr.article_id), top))
    return v
