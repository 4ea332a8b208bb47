"""Markdown rendering: a readable briefing per story.

All text that comes from articles goes through :func:`md_escape` (CommonMark backslash
escapes), so article text can neither break a table (``|``) nor inject HTML (``<``) or
links when the Markdown is later turned into HTML.
"""

from __future__ import annotations

import re

from ..models import Dossier, Fact
from .common import StoryView, fmt_date, story_view, truncate

__all__ = ["render_markdown", "md_escape"]

_SPECIAL = re.compile(r"([\\`*_\[\]{}<>|#!~])")


def md_escape(text: str | None) -> str:
    """Escape Markdown/HTML-special characters and fold whitespace to single spaces."""
    if not text:
        return ""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _evidence(v: StoryView, f: Fact, out: list[str]) -> None:
    for e in f.evidence:
        who = md_escape(v.outlet_of.get(e.article_id, e.outlet or e.article_id))
        out.append(f"  > - **{who}**: {md_escape(e.sentence)}")


def _story(v: StoryView) -> list[str]:
    s = v.story
    out = [
        f"## {md_escape(s.title)}",
        "",
        f"Story `{s.id}` · {len(s.articles)} article(s) from "
        f"{len(v.outlets)} outlet(s): {', '.join(md_escape(o) for o in v.outlets)}",
        "",
    ]

    out += ["### Articles", "", "| Outlet | Title | Date | Source |", "|---|---|---|---|"]
    for a in s.articles:
        src = md_escape(a.url or a.source)
        out.append(
            f"| {md_escape(v.outlet_of[a.id])} | {md_escape(a.title)} | {fmt_date(a.published)} | {src} |"
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
        out += [f"- {md_escape(f.summary)}" for f in facts]
        out.append("")

    if v.omissions:
        out += ["### What some outlets leave out", ""]
        for f in v.omissions:
            reporters = ", ".join(md_escape(v.outlet_of.get(a, a)) for a in f.articles)
            out.append(f"- {md_escape(f.summary)} — *reported by {reporters}*")
            _evidence(v, f, out)
        out.append("")

    out += ["### Framing", ""]
    for fr, outlet, _ in v.framing:
        out.append(f"**{md_escape(outlet)}**")
        out.append("")
        terms = ", ".join(f"{md_escape(t.term)} ({t.score:.2f})" for t in fr.terms) or "—"
        out.append(f"- Distinctive terms: {terms}")
        out.append(f"- Loaded words: {', '.join(md_escape(w) for w in fr.loaded) or '—'}")
        out.append(
            f"- Scare quotes: {', '.join('“' + md_escape(w) + '”' for w in fr.scare_quotes) or '—'}"
        )
        out.append("")
    out += ["### Who is quoted", ""]
    if not v.quotes:
        out += ["_No attributed statements found._", ""]
    else:
        out += ["| Speaker | Kind | Cue | Quote | Outlet |", "|---|---|---|---|---|"]
        for q, outlet in v.quotes:
            via = f" (via {md_escape(q.via)})" if q.via else ""
            text = truncate(q.text, 160)
            text = f"“{md_escape(text)}”" if q.direct else md_escape(text)
            out.append(
                f"| {md_escape(q.speaker or q.source_text or 'unattributed')} | {q.speaker_kind} | "
                f"{md_escape(q.cue)} | {text} | {md_escape(outlet)}{via} |"
            )
        out.append("")

    out += ["### Sources cited", ""]
    if not v.citations:
        out += ["_No outlet, agency or document is cited._", ""]
    for c, outlet in v.citations:
        relays = f" — relaying {md_escape(c.relays)}" if c.relays else ""
        out.append(
            f"- **{md_escape(outlet)}** → {md_escape(c.cited)} ({c.cited_kind}, “{md_escape(c.cue)}”){relays}"
        )
    out.append("")

    out += ["### Cast", ""]
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
                f"{titles} | {md_escape(', '.join(e.outlets)) or len(e.articles)} |"
            )
        out.append("")

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
