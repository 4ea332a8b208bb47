"""View functions: one per page, each returning plain JSON-able data.

The HTML route renders a template with this data and the ``.json`` twin returns it as is,
so the two can never disagree (the datasette pattern). Views only read the store.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from markupsafe import Markup, escape

from ..errors import NotFound
from ..ids import slug
from ..models import Article, ArticleAnalysis, ArticleRef, Fact, StoryDossier, outlet_label
from ..render.common import fmt_when, quote_group
from ..settings import Settings
from . import queries
from .security import WriteGuard, safe_href
from .svg import KINDS, source_graph_data

__all__ = [
    "Web",
    "stories_view",
    "story_view",
    "article_view",
    "outlet_view",
    "outlets_view",
    "search_view",
    "annotate",
    "snippet_html",
    "outlet_key",
]

PER_PAGE = 50


@dataclass
class Web:
    """What the views share: settings, the store, its engine and the write guard."""

    settings: Settings
    store: Any
    guard: WriteGuard
    fetcher: Any = None

    @property
    def engine(self) -> Any:
        return queries.engine_of(self.store)


def outlet_key(name: str | None) -> str:
    """Slug of an outlet name ignoring a leading "The" (so "the Estmark Ledger" matches)."""
    if not name:
        return "unknown"
    return slug(re.sub(r"^\s*the\s+", "", name, flags=re.I))


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _day_start(d: date | None) -> datetime | None:
    return datetime.combine(d, time.min, tzinfo=UTC) if d else None


def snippet_html(snippet: str) -> Markup:
    """A search snippet with ``**term**`` marks turned into ``<mark>`` (all else escaped)."""
    parts = str(escape(snippet)).split("**")
    out = []
    for i, part in enumerate(parts):
        out.append(f"<mark>{part}</mark>" if i % 2 and i < len(parts) - 1 else part)
    return Markup("".join(out))


def _outlet_slug_names(web: Web) -> dict[str, list[str]]:
    return queries.outlet_names(web.engine)


# -- stories ------------------------------------------------------------------------------


def search_view(web: Web, q: str, limit: int = 50) -> dict[str, Any]:
    """Full-text search over articles, with each hit's story (when it has one)."""
    hits = web.store.search(q, limit=limit) if q.strip() else []
    story_of = web.store.story_ids_for_articles([a.id for a, _ in hits]) if hits else {}
    return {
        "q": q,
        "hits": [
            {
                "article_id": a.id,
                "title": a.title,
                "outlet": a.outlet,
                "outlet_slug": slug(a.outlet) if a.outlet else None,
                "published": _iso(a.published),
                "snippet": snip,
                "story_id": story_of.get(a.id),
            }
            for a, snip in hits
        ],
    }


def stories_view(
    web: Web,
    *,
    q: str = "",
    outlet: str = "",
    since: date | None = None,
    until: date | None = None,
    sort: str = "recent",
    page: int = 1,
    per_page: int = PER_PAGE,
) -> dict[str, Any]:
    """The stories list: filter by full text, outlet and date; sort by recency or coverage."""
    names_by_slug = _outlet_slug_names(web)
    hits: list[dict[str, Any]] = []
    story_ids: set[str] | None = None
    if q.strip():
        hits = search_view(web, q, limit=200)["hits"]
        story_ids = {h["story_id"] for h in hits if h["story_id"]}
    outlets = names_by_slug.get(outlet, []) if outlet else None
    sort = "coverage" if sort == "coverage" else "recent"
    page = max(1, page)
    total, rows = queries.story_rows(
        web.engine,
        story_ids=sorted(story_ids) if story_ids is not None else None,
        outlets=outlets,
        since=_day_start(since),
        until=_day_start(until + timedelta(days=1)) if until else None,
        sort=sort,  # type: ignore[arg-type]
        limit=per_page,
        offset=(page - 1) * per_page,
    )
    return {
        "query": {
            "q": q,
            "outlet": outlet,
            "since": since.isoformat() if since else None,
            "until": until.isoformat() if until else None,
            "sort": sort,
            "page": page,
        },
        "total": total,
        "pages": max(1, math.ceil(total / per_page)),
        "stories": [
            {
                "id": r.id,
                "title": r.title,
                "first_seen": _iso(r.first_seen),
                "last_seen": _iso(r.last_seen),
                "articles": r.n_articles,
                "outlets": r.outlets,
                "conflicts": r.conflicts,
            }
            for r in rows
        ],
        "hits": hits[:20],
        "outlets": sorted(
            ({"slug": s, "name": names[0]} for s, names in names_by_slug.items()),
            key=lambda o: o["name"].lower(),
        ),
    }


# -- one story ----------------------------------------------------------------------------


def _evidence_href(article_id: str, start: int | None, end: int | None) -> str:
    if start is None:
        return f"/articles/{article_id}"
    tail = f"&end={end}" if end is not None else ""
    return f"/articles/{article_id}?start={start}{tail}#s-{start}"


def _fact(f: Fact, outlet_of: dict[str, str]) -> dict[str, Any]:
    outlets = list(dict.fromkeys(outlet_of.get(a, a) for a in f.articles))
    return {
        "id": f.id,
        "kind": f.kind,
        "summary": f.summary,
        "topic": f.topic,
        "outlets": outlets,
        "independent": f.independent,
        "evidence": [
            {
                "article_id": e.article_id,
                "outlet": outlet_of.get(e.article_id, e.outlet or e.article_id),
                "sentence": e.sentence,
                "start": e.start,
                "end": e.end,
                "href": _evidence_href(e.article_id, e.start, e.end),
            }
            for e in f.evidence
        ],
        "values": [
            {
                "article_id": v.article_id,
                "outlet": outlet_of.get(v.article_id, v.outlet or v.article_id),
                "value": v.value,
                "sentence": v.sentence,
                "href": _evidence_of(f, v.article_id),
            }
            for v in f.values
        ],
    }


def _evidence_of(f: Fact, article_id: str) -> str:
    for e in f.evidence:
        if e.article_id == article_id:
            return _evidence_href(article_id, e.start, e.end)
    return f"/articles/{article_id}"


def _shares(counts: Counter[str]) -> dict[str, float]:
    total = sum(counts.values())
    return {k: (counts.get(k, 0) / total if total else 0.0) for k in KINDS}


def _graph(d: StoryDossier, outlet_of: dict[str, str]) -> dict[str, Any]:
    """The dossier's re-reporting graph (compare/sourcegraph.py, with its original sources)
    when it has one, else one built here from the citations."""
    if d.source_graph.edges:
        g = source_graph_data(d.source_graph)
        in_story = {n.id for n in d.source_graph.nodes if n.in_story}
        for n in g["nodes"]:
            n["href"] = f"/outlets/{slug(n['label'])}" if n["id"] in in_story else None
        g["origins"] = [n.label for o in d.source_graph.origins
                        for n in d.source_graph.nodes if n.id == o]
        return g
    return _citation_graph(d, outlet_of)


def _citation_graph(d: StoryDossier, outlet_of: dict[str, str]) -> dict[str, Any]:
    """Citations as a graph: citing outlet -> cited party -> what it relays."""
    in_story = {outlet_key(o): o for o in outlet_of.values()}
    nodes: dict[str, dict[str, Any]] = {}
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}

    def node(key: str, label: str, kind: str, href: str | None = None) -> str:
        if key not in nodes:
            nodes[key] = {"id": key, "label": label, "kind": kind, "href": href}
        return key

    for c in d.citations:
        src_name = outlet_of.get(c.article_id, c.article_id)
        src = node("o:" + outlet_key(src_name), src_name, "outlet", f"/outlets/{slug(src_name)}")
        ck = outlet_key(c.cited)
        if c.cited_kind in ("outlet", "agency", "broadcaster") and ck in in_story:
            name = in_story[ck]
            dst = node("o:" + ck, name, "outlet", f"/outlets/{slug(name)}")
        else:
            dst = node(f"c:{c.cited_kind}:{ck}", c.cited, c.cited_kind)
        if src == dst:
            continue
        e = edges.setdefault(
            (src, dst, "cites"),
            {
                "source": src,
                "target": dst,
                "kind": "cites",
                "label": c.cue,
                "count": 0,
                "title": "",
            },
        )
        e["count"] += 1
        e["title"] = f"{src_name} cites {c.cited} ({c.cue}): {c.sentence}"
        if c.relays:
            r = node("r:" + slug(c.relays), c.relays, "relay")
            edges.setdefault(
                (dst, r, "relays"),
                {
                    "source": dst,
                    "target": r,
                    "kind": "relays",
                    "label": "relays",
                    "count": 1,
                    "title": f"{c.cited} relays {c.relays}",
                },
            )
    # columns: a party that cites nobody is a source (right); citing pushes you left.
    out_edges: dict[str, list[str]] = defaultdict(list)
    for s, t, kind in edges:
        if kind == "cites":
            out_edges[s].append(t)
    level = {k: 0 for k in nodes}
    for _ in range(len(nodes)):
        changed = False
        for s, ts in out_edges.items():
            want = 1 + max(level[t] for t in ts)
            if want > level[s] and want < len(nodes) + 1:
                level[s], changed = want, True
        if not changed:
            break
    top = max(level.values(), default=0)
    for k, n in nodes.items():
        n["column"] = top + 1 if n["kind"] == "relay" else top - level[k]
    order = sorted(nodes.values(), key=lambda n: (n["column"], n["label"].lower()))
    return {"nodes": order, "edges": list(edges.values())}


def story_view(web: Web, story_id: str) -> dict[str, Any]:
    """A story's dossier regrouped for reading: agreement first, outlets side by side."""
    story = web.store.get_story(story_id)
    if story is None:
        raise NotFound(f"no story {story_id!r}; see / for the list of stories")
    d: StoryDossier | None = web.store.get_dossier(story.id)
    if d is None:
        arts = web.store.articles(story.article_ids)
        d = StoryDossier(
            id=story.id,
            title=story.title,
            articles=[ArticleRef.of(a, with_text=False) for a in arts],
        )
        has_dossier = False
    else:
        has_dossier = True
    outlet_of = {a.id: outlet_label(a.outlet, a.source, a.id) for a in d.articles}
    order = list(dict.fromkeys(outlet_of[a.id] for a in d.articles))

    quotes_by: dict[str, Counter[str]] = defaultdict(Counter)
    for qt in d.quotes:
        quotes_by[outlet_of.get(qt.article_id, "?")][qt.speaker_kind] += 1
    terms_by: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    loaded_by: dict[str, list[str]] = defaultdict(list)
    scare_by: dict[str, list[str]] = defaultdict(list)
    for fr in d.framing:
        o = outlet_of.get(fr.article_id, fr.outlet or "?")
        for t in fr.terms:
            terms_by[o][t.term] += t.score
        loaded_by[o].extend(x for x in fr.loaded if x not in loaded_by[o])
        scare_by[o].extend(x for x in fr.scare_quotes if x not in scare_by[o])

    facts = [_fact(f, outlet_of) for f in d.facts]
    kinds = Counter(f["kind"] for f in facts)
    unique_by: dict[str, list[dict[str, Any]]] = {o: [] for o in order}
    for f in facts:
        if f["kind"] == "unique" and f["outlets"]:
            unique_by.setdefault(f["outlets"][0], []).append(f)
    consensus = sorted(
        (f for f in facts if f["kind"] == "consensus"), key=lambda f: -len(f["outlets"])
    )
    conflicts = [f for f in facts if f["kind"] == "conflict"]
    for f in conflicts:
        by: dict[str, list[dict[str, Any]]] = {o: [] for o in order}
        for v in f["values"]:
            by.setdefault(v["outlet"], []).append(v)
        f["by_outlet"] = by

    outlets = []
    for o in order:
        arts = [a for a in d.articles if outlet_of[a.id] == o]
        counts = quotes_by.get(o, Counter())
        outlets.append(
            {
                "name": o,
                "slug": slug(o),
                "articles": [
                    {
                        "id": a.id,
                        "title": a.title,
                        "published": _iso(a.published),
                        "author": a.author,
                        "url": safe_href(a.url),
                    }
                    for a in arts
                ],
                "terms": _top(terms_by[o], 8),
                "loaded": loaded_by.get(o, []),
                "scare_quotes": scare_by.get(o, []),
                "quotes": sum(counts.values()),
                "sourcing": {k: counts.get(k, 0) for k in KINDS},
                "sourcing_share": _shares(counts),
                "unique": len(unique_by.get(o, [])),
            }
        )
    n_out = len(order)
    summary = {
        "outlets": n_out,
        "articles": len(d.articles),
        "consensus": kinds.get("consensus", 0),
        "conflicts": kinds.get("conflict", 0),
        "unique": kinds.get("unique", 0),
        "omissions": kinds.get("omission", 0),
        "all_agree": sum(1 for f in consensus if len(f["outlets"]) == n_out and n_out > 1),
        "quotes": len(d.quotes),
        "citations": len(d.citations),
    }
    published = sorted(
        (a for a in d.articles if a.published), key=lambda a: a.published or datetime.min
    )
    entities = sorted(d.entities, key=lambda e: (-len(e.outlets), e.name.lower()))[:24]
    return {
        "id": d.id,
        "title": d.title,
        "has_dossier": has_dossier,
        "first_seen": _iso(story.first_seen),
        "last_seen": _iso(story.last_seen),
        "summary": summary,
        "outlets": outlets,
        "consensus": consensus,
        "conflicts": conflicts,
        "unique": {o: fs for o, fs in unique_by.items() if fs},
        "omissions": [f for f in facts if f["kind"] == "omission"],
        "quotes": [
            {
                "id": qt.id,
                "article_id": qt.article_id,
                "outlet": outlet_of.get(qt.article_id, "?"),
                "speaker": qt.speaker or qt.source_text,
                "speaker_kind": qt.speaker_kind,
                "cue": qt.cue,
                "direct": qt.direct,
                "mixed": qt.mixed,
                "text": qt.text,
                "via": qt.via,
                "href": _evidence_href(qt.article_id, qt.content.start, qt.content.end),
                "group": quote_group(qt),
            }
            for qt in d.quotes
        ],
        "graph": _graph(d, outlet_of),
        "entities": [
            {"name": e.name, "type": e.type, "aliases": e.aliases, "outlets": e.outlets}
            for e in entities
        ],
        "events": [
            {
                "id": ev.id,
                "when": fmt_when(ev),
                "start": _iso(ev.start),
                "end": _iso(ev.end),
                "precision": ev.precision,
                "summary": ev.summary,
                "conflicting": ev.conflicting,
                "outlets": list(dict.fromkeys(outlet_of.get(a, a) for a in ev.articles)),
                "readings": [
                    {
                        "outlet": outlet_of.get(v.article_id, v.outlet or v.article_id),
                        "value": v.value,
                        "href": _evidence_href(v.article_id, e.start, e.end),
                    }
                    for v, e in zip(ev.values, ev.evidence, strict=False)
                ],
            }
            for ev in d.timeline
        ],
        "unplaced": [
            {
                "phrase": u.phrase,
                "outlet": outlet_of.get(u.article_id, u.article_id),
                "sentence": e.sentence,
                "href": _evidence_href(u.article_id, e.start, e.end),
            }
            for u in d.timeline_unplaced
            for e in u.evidence[:1]
        ],
        "timeline": [
            {
                "article_id": a.id,
                "outlet": outlet_of[a.id],
                "title": a.title,
                "published": _iso(a.published),
            }
            for a in published
        ],
    }


# -- one article --------------------------------------------------------------------------


def _annotations(an: ArticleAnalysis | None, n: int) -> list[tuple[int, int, str, str]]:
    out: list[tuple[int, int, str, str]] = []
    if an is None:
        return out
    for m in an.mentions:
        out.append((m.start, m.end, f"ent ent-{slug(m.label)}", f"{m.label}: {m.text}"))
    for qt in an.quotes:
        who = qt.speaker or qt.source_text or "unknown speaker"
        out.append(
            (
                qt.content.start,
                qt.content.end,
                "quote",
                f"quote: {who} ({qt.speaker_kind}), {qt.cue or ''}",
            )
        )
        if qt.source is not None:
            out.append((qt.source.start, qt.source.end, "speaker", f"speaker: {who}"))
        if qt.cue_span is not None:
            out.append((qt.cue_span.start, qt.cue_span.end, "cue", f"cue: {qt.cue}"))
    for c in an.citations:
        out.append((c.span.start, c.span.end, "cite", f"cites {c.cited} ({c.cited_kind}), {c.cue}"))
    return [(max(0, s), min(n, e), cls, t) for s, e, cls, t in out if e > s and s < n]


def annotate(
    article: Article, an: ArticleAnalysis | None, start: int | None = None, end: int | None = None
) -> Markup:
    """The article text as HTML: every sentence an anchor ``#s-START``; entity mentions,
    quotes, speakers, cues and citations wrapped in classed spans (by character offsets);
    the ``start``-``end`` range (an evidence link) marked. All text is escaped."""
    text = article.text
    n = len(text)
    anns = _annotations(an, n)
    if start is not None and 0 <= start < n:
        stop = end if end is not None and start < end <= n else n
        anns.append((start, stop, "evidence", "evidence sentence"))
    sents: list[tuple[int, int]] = []
    last = 0
    for s in sorted((an.sentences if an else []), key=lambda s: s.start):
        if s.start >= last and s.end > s.start and s.end <= n:
            sents.append((s.start, s.end))
            last = s.end
    sent_starts = {s for s, _ in sents}
    anchors = {s: f"s-{s}" for s in sent_starts}
    if start is not None and 0 <= start < n and start not in sent_starts:
        anchors.setdefault(start, f"s-{start}")
    bounds = sorted(
        {0, n, *(b for a in anns for b in a[:2]), *(b for s in sents for b in s), *anchors}
    )
    sent_end = {e for _, e in sents}
    anns.sort(key=lambda x: x[0])
    live: list[tuple[int, int, str, str]] = []
    nxt = 0
    out: list[str] = []
    for i in range(len(bounds) - 1):
        a, b = bounds[i], bounds[i + 1]
        if a in sent_end:
            out.append("</span>")
        if a in sent_starts:
            out.append(f'<span class="sent" id="{anchors[a]}">')
        elif a in anchors:
            out.append(f'<span class="anchor" id="{anchors[a]}"></span>')
        while nxt < len(anns) and anns[nxt][0] <= a:  # sweep: annotations opening here
            live.append(anns[nxt])
            nxt += 1
        live = [x for x in live if x[1] > a]
        active = live
        chunk = str(escape(text[a:b]))
        if active:
            classes = " ".join(dict.fromkeys(c for x in active for c in x[2].split()))
            title = "; ".join(dict.fromkeys(x[3] for x in active))
            out.append(f'<span class="{classes}" title="{escape(title)}">{chunk}</span>')
        else:
            out.append(chunk)
    if n in sent_end:
        out.append("</span>")
    return Markup("".join(out))


def article_view(
    web: Web, article_id: str, start: int | None = None, end: int | None = None
) -> dict[str, Any]:
    a: Article | None = web.store.get_article(article_id)
    if a is None:
        raise NotFound(f"no article {article_id!r}")
    an = web.store.get_analyses([a.id]).get(a.id)
    story_id = web.store.story_ids_for_articles([a.id]).get(a.id)
    return {
        "article": {
            "id": a.id,
            "title": a.title,
            "outlet": a.outlet,
            "outlet_slug": slug(a.outlet) if a.outlet else None,
            "url": safe_href(a.url),
            "published": _iso(a.published),
            "author": a.author,
            "source": a.source,
            "language": a.language,
            "text": a.text,
        },
        "story_id": story_id,
        "highlight": {"start": start, "end": end} if start is not None else None,
        "analysis": an.model_dump(mode="json") if an else None,
        "counts": {
            "sentences": len(an.sentences) if an else 0,
            "mentions": len(an.mentions) if an else 0,
            "quotes": len(an.quotes) if an else 0,
            "citations": len(an.citations) if an else 0,
        },
    }


# -- outlets ------------------------------------------------------------------------------


def outlets_view(web: Web) -> dict[str, Any]:
    names = _outlet_slug_names(web)
    return {
        "outlets": sorted(
            ({"slug": s, "name": ns[0], "names": ns} for s, ns in names.items()),
            key=lambda o: o["name"].lower(),
        )
    }


def _best(scores: dict[str, float], n: int) -> list[tuple[str, float]]:
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


def _top(scores: dict[str, float], n: int) -> list[dict[str, Any]]:
    return [{"term": t, "score": round(v, 3)} for t, v in _best(scores, n)]


def outlet_view(web: Web, outlet: str, max_stories: int = 100) -> dict[str, Any]:
    """One outlet: its stories, how it sources quotes, and its vocabulary across stories."""
    names_by_slug = _outlet_slug_names(web)
    key = outlet if outlet in names_by_slug else slug(outlet)
    names = names_by_slug.get(key)
    if not names:
        raise NotFound(f"no outlet {outlet!r}; see /outlets.json for the outlets stored")
    arts = queries.outlet_articles(web.engine, names)
    ids = {a["id"] for a in arts}
    story_of = web.store.story_ids_for_articles(list(ids))
    total, rows = queries.story_rows(
        web.engine, story_ids=sorted(set(story_of.values())), limit=max_stories
    )
    kinds: Counter[str] = Counter()
    terms: dict[str, float] = defaultdict(float)
    loaded: Counter[str] = Counter()
    cites: Counter[str] = Counter()
    cited_by: Counter[str] = Counter()
    me = {outlet_key(n) for n in names}
    for r in rows:
        d = web.store.get_dossier(r.id)
        if d is None:
            continue
        outlet_of = {a.id: outlet_label(a.outlet, a.source, a.id) for a in d.articles}
        kinds.update(q.speaker_kind for q in d.quotes if q.article_id in ids)
        for fr in d.framing:
            if fr.article_id in ids:
                for t in fr.terms:
                    terms[t.term] += t.score
                loaded.update(fr.loaded)
        for c in d.citations:
            if c.article_id in ids:
                cites[c.cited] += 1
            elif outlet_key(c.cited) in me:
                cited_by[outlet_of.get(c.article_id, "?")] += 1
    return {
        "slug": key,
        "name": names[0],
        "names": names,
        "articles": [
            {
                **a,
                "published": _iso(a["published"]),
                "url": safe_href(a["url"]),
                "story_id": story_of.get(a["id"]),
            }
            for a in arts
        ],
        "stories": [
            {
                "id": r.id,
                "title": r.title,
                "articles": r.n_articles,
                "outlets": r.outlets,
                "last_seen": _iso(r.last_seen),
                "conflicts": r.conflicts,
            }
            for r in rows
        ],
        "stories_total": total,
        "sourcing": {k: kinds.get(k, 0) for k in KINDS},
        "sourcing_share": _shares(kinds),
        "terms": _top(terms, 15),
        "loaded": [{"term": t, "count": c} for t, c in loaded.most_common(15)],
        "cites": [{"name": t, "count": c} for t, c in cites.most_common()],
        "cited_by": [{"name": t, "count": c} for t, c in cited_by.most_common()],
    }


def first(items: Iterable[Any], default: Any = None) -> Any:
    return next(iter(items), default)


def pages_around(page: int, pages: int, width: int = 2) -> Sequence[int]:
    lo, hi = max(1, page - width), min(pages, page + width)
    return list(range(lo, hi + 1))
