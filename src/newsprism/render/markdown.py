"""Markdown rendering: a readable briefing per story.

All text that comes from articles goes through :func:`md_escape` (CommonMark backslash
escapes), so article text can neither break a table (``|``) nor inject HTML (``<``) or
links when the Markdown is later turned into HTML.
"""

from __future__ import annotations

import re

from ..compare.text import outlet_name_key
from ..models import Dossier, Evidence, Fact, QuoteDiff
from .common import StoryView, fmt_date, fmt_when, story_view, truncate

__all__ = ["render_markdown", "md_escape"]

_SPECIAL = re.compile(r"([\\`*_\[\]{}<>|#!~])")


def md_escape(text: str | None) -> str:
    """Escape Markdown/HTML-special characters and fold whitespace to single spaces."""
    if not text:
        return ""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _evidence(v: StoryView, f: Fact, out: list[str]) -> None:
    _evidence_lines(v, f.evidence, out)


def _evidence_lines(v: StoryView, evidence: list[Evidence], out: list[str]) -> None:
    for e in evidence:
        who = md_escape(v.outlet_of.get(e.article_id, e.outlet or e.article_id))
        by = f" ({md_escape(e.attribution)})" if e.attribution else ""
        out.append(f"  > - **{who}**{by}: {md_escape(e.sentence)}")


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(c or "—" for c in cells) + " |"


def _framing(v: StoryView) -> list[str]:
    """The framing view side by side: one column per article (headed by its outlet)."""
    s = v.story
    out = ["### Framing, side by side", ""]
    if not s.framing:
        return out + ["_No framing computed._", ""]
    frames = [fr for fr, _, _ in v.framing]
    out.append(_row(["", *(md_escape(v.label_of(fr.article_id)) for fr in frames)]))
    out.append("|---" * (len(frames) + 1) + "|")
    rows: list[tuple[str, list[str]]] = []
    heads = [v.headline.get(fr.article_id) for fr in frames]
    rows.append(("Headline", [md_escape(h.title) if h else "" for h in heads]))
    rows.append(
        (
            "Headline words no other headline uses",
            [", ".join(md_escape(w) for w in h.distinctive) if h else "" for h in heads],
        )
    )
    rows.append(
        (
            "Headline credits",
            [md_escape(h.attributed_to) if h and h.attributed_to else "" for h in heads],
        )
    )
    rows.append(
        (
            "Distinctive terms (log-odds z)",
            [
                ", ".join(f"{md_escape(t.term)} ({t.score:.1f})" for t in fr.terms[:8])
                for fr in frames
            ],
        )
    )
    rows.append(("Loaded words", [", ".join(md_escape(w) for w in fr.loaded) for fr in frames]))
    rows.append(
        (
            "Hedging",
            [
                (", ".join(md_escape(w) for w in fr.hedges) + f" ({fr.hedged_sentences} sentences)")
                if fr.hedges
                else ""
                for fr in frames
            ],
        )
    )
    rows.append(
        (
            "Scare quotes",
            [", ".join("“" + md_escape(w) + "”" for w in fr.scare_quotes) for fr in frames],
        )
    )
    prof = [v.sourcing_of.get(fr.article_id) for fr in frames]
    rows.append(
        (
            "Sources (named / anonymous / organisation / outlet; relayed)",
            [
                f"{p.counts.get('named', 0)} / {p.counts.get('anonymous', 0)} / "
                f"{p.counts.get('organization', 0)} / {p.counts.get('outlet', 0)} of {p.quotes}; "
                f"{p.relayed} relayed; "
                f"{p.citations} citation(s)"
                if p
                else ""
                for p in prof
            ],
        )
    )
    for name, cells in rows:
        out.append(_row([f"**{name}**", *cells]))
    out.append("")
    if s.label_pairs:
        out += ["#### Different words for the same thing", ""]
        for lp in s.label_pairs:
            ref = f"**{md_escape(lp.referent)}**: " if lp.referent else ""
            uses = "; ".join(
                f"{md_escape(v.label_of(u.article_id))} “{md_escape(u.label)}”" for u in lp.uses
            )
            how = "aligned sentences" if lp.found_by == "aligned" else "titles given"
            out.append(f"- {ref}{uses} _({how})_")
            for u in lp.uses:
                out.append(
                    f"  > - **{md_escape(v.label_of(u.article_id))}**: {md_escape(u.sentence)}"
                )
        out.append("")
    return out


def _timeline(v: StoryView) -> list[str]:
    out = ["### Timeline", ""]
    if not v.story.timeline:
        out += ["_No dated events found._", ""]
    else:
        out += [
            "_Dates as the articles give them (relative ones resolved against each article's "
            "publication date; times are local as written)._",
            "",
        ]
    for ev in v.story.timeline:
        outlets = ", ".join(dict.fromkeys(md_escape(v.label_of(a)) for a in ev.articles))
        flag = " **(dates conflict)**" if ev.conflicting else ""
        out.append(f"- **{md_escape(fmt_when(ev))}**{flag}: {md_escape(ev.summary)} — *{outlets}*")
        if len(ev.values) > 1 or ev.conflicting:
            out.append(
                "  - as written: "
                + "; ".join(
                    f"{md_escape(v.label_of(x.article_id))}: “{md_escape(x.value)}”"
                    for x in ev.values
                )
            )
        _evidence_lines(v, ev.evidence, out)
    if v.story.timeline:
        out.append("")
    if v.story.timeline_unplaced:
        out += ["_Not placed: relative dates in articles that give no publication date._", ""]
        for u in v.story.timeline_unplaced:
            out.append(f"- **“{md_escape(u.phrase)}”** — *{md_escape(v.label_of(u.article_id))}*")
            _evidence_lines(v, u.evidence, out)
        out.append("")
    return out


def _cast(v: StoryView) -> list[str]:
    s = v.story
    out = ["### Cast", ""]
    if s.cast:
        out += ["| Person | Role as each outlet gives it |", "|---|---|"]
        for m in s.cast:
            by: dict[str, list[str]] = {}
            for r in m.roles:
                by.setdefault(v.label_of(r.article_id), []).append(r.role)
            roles = "; ".join(
                f"{md_escape(o)}: {md_escape(', '.join(dict.fromkeys(rs)))}" for o, rs in by.items()
            )
            out.append(f"| {md_escape(m.name)} | {roles or '—'} |")
        out.append("")
    return out


def _story(v: StoryView) -> list[str]:
    s = v.story
    out = [
        f"## {md_escape(s.title)}",
        "",
        f"Story `{s.id}` · {len(s.articles)} article(s) from "
        f"{len(v.outlets)} outlet(s): {', '.join(md_escape(o) for o in v.outlets)}",
        "",
    ]

    bylines = any(a.author for a in s.articles)  # a column only when some article has one
    out += [
        "### Articles",
        "",
        f"| Outlet | Title | Date |{' Byline |' if bylines else ''} Source |",
        f"|---|---|---|{'---|' if bylines else ''}---|",
    ]
    for a in s.articles:
        src = md_escape(a.url or a.source)
        by = f" {md_escape(a.author or '')} |" if bylines else ""
        out.append(
            f"| {md_escape(v.outlet_of[a.id])} | {md_escape(a.title)} | {fmt_date(a.published)} |{by} {src} |"
        )
    out.append("")

    out += ["### What the outlets agree on", ""]
    if not v.consensus:
        out += ["_No statement was found in more than one outlet._", ""]
    for f in v.consensus:
        outlets = ", ".join(md_escape(v.outlet_of.get(a, a)) for a in f.articles)
        n = v.outlet_count(f)
        indep = (
            f" ({f.independent} independent)"
            if f.independent is not None and f.independent < n
            else ""
        )
        out.append(f"- {md_escape(f.summary)} — *{n} outlets{indep}: {outlets}*")
        _evidence(v, f, out)
    out.append("")

    if v.conflicts:
        out += ["### Where the outlets differ", ""]
        for f in v.conflicts:
            out.append(f"- **{md_escape(f.topic or 'figures')}**")
            out.append("")
            out.append(
                "  | "
                + " | ".join(
                    md_escape(v.outlet_of.get(x.article_id, x.outlet or x.article_id))
                    for x in f.values
                )
                + " |"
            )
            out.append("  |" + "---|" * len(f.values))
            out.append("  | " + " | ".join(md_escape(x.value) for x in f.values) + " |")
            out.append("")
            _evidence(v, f, out)
        out.append("")

    out += ["### Only one outlet reports", ""]
    if not v.unique_by_outlet:
        out += ["_Nothing notable that only one outlet reports._", ""]
    for outlet, facts in v.unique_by_outlet.items():
        out.append(f"**{md_escape(outlet)}**")
        out.append("")
        for f in facts:
            by = f.evidence[0].attribution if f.evidence else None
            out.append(f"- {md_escape(f.summary)}" + (f" _({md_escape(by)})_" if by else ""))
        out.append("")

    if v.omissions:
        out += ["### What some outlets leave out", ""]
        for f in v.omissions:
            reporters = ", ".join(md_escape(v.outlet_of.get(a, a)) for a in f.articles)
            out.append(f"- {md_escape(f.summary)} — *reported by {reporters}*")
            _evidence(v, f, out)
        out.append("")

    out += _framing(v)
    out += ["### Who is quoted", ""]
    if not v.quotes:
        out += ["_No attributed statements found._", ""]
    else:
        for _key, title, note, rows in v.quote_groups():
            out += [f"#### {title} ({len(rows)})", "", f"_{note}_", ""]
            out += ["| Speaker | Kind | Cue | Quote | Outlet |", "|---|---|---|---|---|"]
            for q, outlet in rows:
                # "told Meridian Wire" in Meridian Wire's own story is its own interview
                via = f" (via {md_escape(q.via)})" if q.via and outlet_name_key(q.via) != outlet_name_key(outlet) else ""
                text = truncate(q.text, 160)
                text = f"“{md_escape(text)}”" if q.direct and not q.mixed else md_escape(text)
                out.append(
                    f"| {md_escape(q.speaker or q.source_text or 'unattributed')} | {q.speaker_kind} | "
                    f"{md_escape(q.cue)} | {text} | {md_escape(outlet)}{via} |"
                )
            out.append("")

    out += _across(v)

    out += ["### Sources cited", ""]
    if not v.citations:
        out += ["_No outlet, agency or document is cited._", ""]
    for c, outlet in v.citations:
        relays = f" — relaying {md_escape(c.relays)}" if c.relays else ""
        out.append(
            f"- **{md_escape(outlet)}** → {md_escape(c.cited)} ({c.cited_kind}, “{md_escape(c.cue)}”){relays}"
        )
    out.append("")

    out += _timeline(v)
    out += _cast(v)
    out += ["### Named entities", ""]
    if not s.entities:
        out += ["_No named entities._", ""]
    else:
        out += ["| Entity | Type | Aliases | Titles given | Outlets |", "|---|---|---|---|---|"]
        for e in s.entities:
            titles = "; ".join(
                f"{md_escape(o)}: {md_escape(', '.join(ts))}" for o, ts in v.roles_by_outlet(e)
            )
            out.append(
                f"| {md_escape(e.name)} | {md_escape(e.type)} | {md_escape(', '.join(e.aliases))} | "
                f"{titles} | {md_escape(', '.join(v.outlets_of(e.articles)))} |"
            )
        out.append("")

    return out


def md_diff(d: QuoteDiff) -> str:
    """A word diff in Markdown: ~~words only the reference has~~ **words only this one has**."""
    parts = []
    for op in d.ops:
        if op.op == "equal":
            parts.append(md_escape(op.b))
            continue
        if op.a:
            parts.append(f"~~{md_escape(op.a)}~~")
        if op.b:
            parts.append(f"**{md_escape(op.b)}**")
    return " ".join(p for p in parts if p)


def _pct(x: float) -> str:
    return f"{round(100 * x)}%"


def _across(v: StoryView) -> list[str]:
    """Issue 3's story-level sections: sourcing profile, quotes across outlets, chains."""
    s = v.story
    out = ["### Sourcing profile", ""]
    if not v.sourcing:
        out += ["_No attributed statements._", ""]
    else:
        out += [
            "| Outlet | Statements | Named | Anonymous | Organisation | Outlet | Relayed | Citations |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for p in v.sourcing:
            cells = [
                f"{p.counts.get(k, 0)} ({_pct(p.shares.get(k, 0.0))})"
                for k in ("named", "anonymous", "organization", "outlet")
            ]
            out.append(
                f"| {md_escape(p.outlet)} | {p.quotes} | {' | '.join(cells)} | "
                f"{p.relayed} ({_pct(p.shares.get('relayed', 0.0))}) | {p.citations} |"
            )
        out += ["", "_Relayed: statements taken through or from another outlet (overlaps the kinds)._", ""]

    out += ["### Quotes across outlets", ""]
    if not v.quote_links:
        out += ["_No quote appears in more than one outlet._", ""]
    for link in v.quote_links:
        ref = next(m for m in link.members if m.quote_id == link.reference)
        outlets = ", ".join(dict.fromkeys(md_escape(v.outlet_of.get(m.article_id, m.outlet or "?"))
                                          for m in link.members))
        out.append(f"- “{md_escape(truncate(ref.text, 160))}” — *{outlets}*")
        for m in link.members:
            who = md_escape(m.speaker or "unattributed")
            form = "direct" if m.direct else "reported"
            via = f", via {md_escape(m.via)}" if m.via else ""
            line = (f"  - **{md_escape(v.outlet_of.get(m.article_id, m.outlet or '?'))}**: "
                    f"{who} ({m.speaker_kind}), {md_escape(m.cue)}, {form}{via}")
            d = v.diff_of(link, m.quote_id)
            if m.quote_id == link.reference:
                line += " — reference wording"
            elif d is not None:
                reworded = "wording differs" if m.direct and ref.direct else "reworded (reported speech)"
                notes = [x for x, on in (("partial quote", d.partial), (reworded, d.substantive)) if on]
                line += f" — {', '.join(notes) or 'same wording'}: {md_diff(d)}"
            out.append(line)
    if v.quote_links:
        out += ["", "_Diffs against the reference wording: ~~only in the reference~~ **only in this version**._", ""]

    g = s.source_graph
    out += ["### Re-reporting chain", ""]
    if not g.edges:
        out += ["_No outlet re-reports another in this story._", ""]
    else:
        for depth, kind, label, cue, original in v.chains():
            pad = "  " * depth
            mark = " — **original source**" if original else ""
            if kind == "outlet":
                out.append(f"{pad}- **{md_escape(label)}**{mark}")
            elif kind == "cites":
                out.append(f"{pad}- cites **{md_escape(label)}** (“{md_escape(cue)}”){mark}")
            else:
                out.append(f"{pad}- relays {md_escape(label)}{mark}")
        out.append("")
    if g.origins:
        basis = "first to publish" if g.origin_basis == "earliest publication" else "cited, citing no other publication"
        items = []
        for nid in g.origins:
            n = v.node(nid)
            if n is None:
                continue
            by = ", ".join(md_escape(v.node_label(x)) for x in n.relied_on_by)
            items.append(f"{md_escape(n.label)}" + (f" (relied on by {by})" if by else ""))
        out += [f"**Original source(s)** ({basis}): " + "; ".join(items), ""]
    return out


def render_markdown(dossier: Dossier) -> str:
    """The dossier as a Markdown briefing, one ``##`` section per story."""
    out = [
        "# newsprism dossier",
        "",
        f"Generated {fmt_date(dossier.generated_at)} · {len(dossier.stories)} story(ies)",
        "",
    ]
    for s in dossier.stories:
        out += _story(story_view(s))
    return "\n".join(out).rstrip() + "\n"
