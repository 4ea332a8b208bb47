"""The story's re-reporting graph: outlet -> cited outlet/agency/publication -> its sources.

Nodes are the story's outlets, the parties they cite (:class:`~newsprism.models.Citation`:
outlets, agencies, broadcasters, books, documents, "Israeli media") and the sources those
parties relay ("two sources familiar with the matter"). Edges:

* ``cites``: a story outlet names another party as the origin of what it reports. A cited
  outlet that is itself in the story is the same node, so chains inside the story show
  (the Sentinel cites the Ledger, which cites Meridian Wire, which cites the Courier);
* ``relays``: a cited party passes on a source: ``Citation.relays`` ("Axios reported,
  citing two sources familiar with the matter") and quotes relayed through an outlet
  (``Quote.via``: "a senior Israeli official told Channel 12 News").

Every edge keeps its evidence sentences. The story's *original source(s)* are the
publications (outlet, agency, broadcaster, book) that are cited by someone and cite no
other publication themselves (a document or a person they quote is primary material, not
re-reporting), most relied on first: by how many story outlets reach them along ``cites``
edges, then earliest publication. With no such publication (nobody re-reports anyone, or
only in a cycle) the story outlet that published first is the origin
(``origin_basis="earliest publication"``), when the story has two or more outlets.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from ..ids import slug
from ..models import (
    Article,
    Citation,
    Evidence,
    Quote,
    SourceEdge,
    SourceGraph,
    SourceNode,
)
from .text import outlet_name_key

__all__ = ["build_source_graph", "PUBLICATION_KINDS", "MAX_EVIDENCE"]

PUBLICATION_KINDS = frozenset({"outlet", "agency", "broadcaster", "book"})
MAX_EVIDENCE = 6


def _source_key(text: str) -> str:
    t = " ".join(text.replace("’", "'").split())
    return "s:" + slug(t.removeprefix("the ").removeprefix("The "))


def _own_reporter(outlet: str, source: str) -> bool:
    """"Axios's Barak Ravid" is Axios's own journalist, not a source it relays (a word match
    on the possessive: "an Israeli source" is no reporter of The Times of Israel). The nlp
    layer has the same test (``nlp.citations.own_reporter``); compare does not import spaCy."""
    last = re.escape(outlet.split()[-1])
    return bool(re.search(rf"\b{last}['’]s\b", source))


def build_source_graph(
    articles: Sequence[Article], quotes: Sequence[Quote], citations: Sequence[Citation]
) -> SourceGraph:
    """The re-reporting graph of one story (see the module docstring). ``citations`` should
    already exclude an outlet citing itself (as :func:`build_story_dossier` does)."""
    by_id = {a.id: a for a in articles}
    story_outlet: dict[str, str] = {}  # outlet name key -> node id
    nodes: dict[str, dict] = {}
    for a in articles:
        key = outlet_name_key(a.outlet) or f"?{a.id}"
        nid = "o:" + (slug(key) if a.outlet else a.id)
        story_outlet.setdefault(key, nid)
        n = nodes.setdefault(
            nid, {"id": nid, "label": a.shown_outlet, "kind": "outlet",
                  "in_story": True, "articles": []}
        )
        n["articles"].append(a.id)

    edges: dict[tuple[str, str, str], dict] = {}

    def outlet_node_of(aid: str) -> str:
        a = by_id[aid]
        return story_outlet[outlet_name_key(a.outlet) or f"?{a.id}"]

    def party(name: str, kind: str) -> str:
        key = outlet_name_key(name)
        if kind in PUBLICATION_KINDS and key in story_outlet:
            return story_outlet[key]
        nid = f"c:{slug(key) or slug(name)}"
        nodes.setdefault(nid, {"id": nid, "label": name, "kind": kind, "in_story": False,
                               "articles": []})
        return nid

    def source(text: str) -> str:
        nid = _source_key(text)
        nodes.setdefault(nid, {"id": nid, "label": " ".join(text.split()), "kind": "source",
                               "in_story": False, "articles": []})
        return nid

    def edge(s: str, t: str, kind: str, cue: str | None, ev: Evidence) -> None:
        if s == t:
            return
        e = edges.setdefault((s, t, kind), {"source": s, "target": t, "kind": kind, "cue": cue,
                                            "evidence": []})
        if len(e["evidence"]) < MAX_EVIDENCE and all(
            (x.article_id, x.sentence) != (ev.article_id, ev.sentence) for x in e["evidence"]
        ):
            e["evidence"].append(ev)

    for c in citations:
        if c.article_id not in by_id:
            continue
        ev = Evidence(article_id=c.article_id, sentence=c.sentence, start=c.span.start,
                      end=c.span.end, outlet=by_id[c.article_id].outlet)
        src = outlet_node_of(c.article_id)
        dst = party(c.cited, c.cited_kind)
        edge(src, dst, "cites", c.cue, ev)
        if c.relays and dst != src:
            edge(dst, source(c.relays), "relays", c.cue, ev)

    relaying = [q for q in quotes if q.via]
    for q in quotes:
        qa = by_id.get(q.article_id)
        if qa is None or not q.via:
            continue
        a = qa
        if any(o.article_id == q.article_id and o.id != q.id and o.content.start <= q.content.start
               and q.content.end <= o.content.end for o in relaying):
            continue  # nested inside another relayed attribution: that one names the source
        own = outlet_name_key(a.outlet)
        if outlet_name_key(q.via) == own:
            continue  # "told Meridian Wire" in Meridian Wire: its own reporting
        who = q.speaker if q.speaker_kind == "anonymous" and q.speaker else q.source_text or q.speaker
        if not who or q.speaker_kind == "outlet" or _own_reporter(q.via, who):
            continue  # the outlet itself, or its own reporter ("Axios's Barak Ravid")
        ev = Evidence(article_id=a.id, sentence=q.text, start=q.content.start, end=q.content.end,
                      outlet=a.outlet)
        kind = "outlet"
        for c in citations:
            if outlet_name_key(c.cited) == outlet_name_key(q.via):
                kind = c.cited_kind
                break
        dst = party(q.via, kind)
        src = outlet_node_of(a.id)
        edge(src, dst, "cites", q.cue, ev)
        edge(dst, source(who), "relays", q.cue, ev)

    # original sources
    cites_out: dict[str, set[str]] = defaultdict(set)
    cited_in: dict[str, set[str]] = defaultdict(set)
    for s, t, kind in edges:
        if kind == "cites":
            cites_out[s].add(t)
            cited_in[t].add(s)

    def is_pub(nid: str) -> bool:
        return nodes[nid]["kind"] in PUBLICATION_KINDS

    def reach(nid: str) -> set[str]:
        """Story outlets that depend on ``nid`` along cites edges (backwards search)."""
        seen: set[str] = set()
        todo = list(cited_in.get(nid, ()))
        while todo:
            x = todo.pop()
            if x in seen:
                continue
            seen.add(x)
            todo.extend(cited_in.get(x, ()))
        return {x for x in seen if nodes[x]["in_story"]}

    def first_published(nid: str) -> datetime | None:
        dates = [d for a in nodes[nid]["articles"] if (d := by_id[a].published) is not None]
        return min(dates) if dates else None

    origins = [
        nid for nid in nodes
        if is_pub(nid) and cited_in.get(nid) and not any(is_pub(t) for t in cites_out.get(nid, ()))
    ]
    basis = "citations" if origins else "none"
    if not origins:
        dated = [(d, nid) for nid in nodes if nodes[nid]["in_story"]
                 and (d := first_published(nid)) is not None]
        if dated and len(story_outlet) >= 2:
            origins = [min(dated)[1]]
            basis = "earliest publication"
    origins.sort(key=lambda n: (-len(reach(n)), first_published(n) is None,
                                first_published(n) or datetime.min, nodes[n]["label"].casefold()))
    for nid in origins:
        nodes[nid]["original"] = True
    for nid, n in nodes.items():
        if cited_in.get(nid):
            n["relied_on_by"] = sorted(reach(nid))
    node_list = [SourceNode(**n) for n in nodes.values() if n["in_story"] or cited_in.get(n["id"])
                 or cites_out.get(n["id"]) or any(e[0] == n["id"] or e[1] == n["id"] for e in edges)]
    return SourceGraph(
        nodes=node_list,
        edges=[SourceEdge(**e) for e in edges.values()],
        origins=origins,
        origin_basis=basis,  # type: ignore[arg-type]
    )
