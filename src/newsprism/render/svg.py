"""Server-generated inline SVG: the re-reporting graph and small bar charts.

Pure functions from plain data to :class:`markupsafe.Markup`; every piece of text is
escaped here. Colours come from presentation attributes and CSS classes (never ``style``
attributes, which the web app's Content-Security-Policy forbids). Shared by the web app
and the static HTML dossier (which draws :class:`~newsprism.models.SourceGraph` through
:func:`source_graph_data`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from markupsafe import Markup, escape

from ..models import SourceGraph

__all__ = ["graph_svg", "bars_svg", "stack_svg", "KINDS", "layout_columns", "source_graph_data"]

KINDS = ("named", "anonymous", "organization", "outlet", "unknown")


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def layout_columns(node_ids: Sequence[str], edges: Sequence[tuple[str, str]]) -> dict[str, int]:
    """Columns for a left-to-right drawing: a node sits one column right of the furthest
    node pointing at it (longest path from the nodes nobody points at; cycle-safe)."""
    col = dict.fromkeys(node_ids, 0)
    for _ in range(len(col)):
        changed = False
        for s, t in edges:
            if s in col and t in col and s != t and col[t] < col[s] + 1 <= len(col):
                col[t], changed = col[s] + 1, True
        if not changed:
            break
    return col


def source_graph_data(graph: SourceGraph) -> dict[str, Any]:
    """A dossier's :class:`SourceGraph` as the plain data :func:`graph_svg` draws."""
    col = layout_columns([n.id for n in graph.nodes], [(e.source, e.target) for e in graph.edges])
    label = {n.id: n.label for n in graph.nodes}
    nodes = [
        {"id": n.id, "label": n.label, "kind": n.kind, "column": col[n.id], "original": n.original}
        for n in graph.nodes
    ]
    nodes.sort(key=lambda n: (n["column"], not n["original"], str(n["label"]).casefold()))
    edges = []
    for e in graph.edges:
        verb = "cites" if e.kind == "cites" else "relays"
        sent = e.evidence[0].sentence if e.evidence else ""
        edges.append({
            "source": e.source, "target": e.target, "kind": e.kind, "label": e.cue or verb,
            "title": f"{label.get(e.source, e.source)} {verb} {label.get(e.target, e.target)}"
                     + (f": {sent}" if sent else ""),
        })
    return {"nodes": nodes, "edges": edges}


def graph_svg(graph: Mapping[str, Any], *, uid: str = "") -> Markup:
    """Draw ``{"nodes": [{id, label, kind, column, original?}], "edges": [{source, target,
    label, kind}]}`` left to right: citing outlet -> cited outlet -> what that source relays.
    ``uid`` makes the element ids unique when several graphs share a page."""
    nodes: Sequence[Mapping[str, Any]] = graph.get("nodes", [])
    edges: Sequence[Mapping[str, Any]] = graph.get("edges", [])
    if not nodes:
        return Markup("")
    suffix = ("-" + re.sub(r"[^A-Za-z0-9_-]", "", uid)) if uid else ""
    col_w, row_h, box_w, box_h, pad = 250, 64, 190, 36, 16
    rows: dict[int, int] = {}
    pos: dict[str, tuple[int, int]] = {}
    for n in nodes:
        c = int(n.get("column", 0))
        r = rows.get(c, 0)
        rows[c] = r + 1
        pos[n["id"]] = (pad + c * col_w, pad + r * row_h)
    width = pad * 2 + (max(rows) + 1) * col_w - (col_w - box_w)
    height = pad * 2 + max(rows.values()) * row_h - (row_h - box_h)
    out = [
        f'<svg class="graph" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-labelledby="graph-title{suffix}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="graph-title{suffix}">Re-reporting graph: who cites whom</title>',
        f'<defs><marker id="arrow{suffix}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'class="arrowhead"/></marker></defs>',
    ]
    for e in edges:
        if e["source"] not in pos or e["target"] not in pos:
            continue
        (x1, y1), (x2, y2) = pos[e["source"]], pos[e["target"]]
        sy, ty = y1 + box_h / 2, y2 + box_h / 2
        if x2 > x1:
            sx, tx = x1 + box_w, x2
            mx = (sx + tx) / 2
            d = f"M{sx},{sy} C{mx},{sy} {mx},{ty} {tx - 2},{ty}"
            lx, ly = mx, (sy + ty) / 2 - 4
        else:  # same column or backwards (a cycle): loop around the right side
            sx, tx = x1 + box_w, x2 + box_w
            bulge = max(sx, tx) + 40
            d = f"M{sx},{sy} C{bulge},{sy} {bulge},{ty} {tx + 2},{ty}"
            lx, ly = bulge - 10, (sy + ty) / 2
        cls = "edge relay" if e.get("kind") == "relays" else "edge"
        label = str(e.get("label") or "")
        out.append(
            f'<path class="{cls}" d="{d}" marker-end="url(#arrow{suffix})"><title>'
            f"{escape(e.get('title') or label)}</title></path>"
        )
        if label:
            out.append(
                f'<text class="edge-label" x="{lx:.0f}" y="{ly:.0f}" text-anchor="middle">'
                f"{escape(_short(label, 28))}</text>"
            )
    for n in nodes:
        x, y = pos[n["id"]]
        kind = n.get("kind", "outlet")
        label = str(n.get("label", ""))
        extra = " original" if n.get("original") else ""
        inner = (
            f'<rect class="node {escape(kind)}{extra}" x="{x}" y="{y}" width="{box_w}" height="{box_h}" rx="6"/>'
            f'<text class="node-label" x="{x + box_w / 2:.0f}" y="{y + box_h / 2 + 5:.0f}" '
            f'text-anchor="middle">{escape(_short(label, 26))}</text>'
        )
        title = f"<title>{escape(label)} ({escape(kind)}{', original source' if extra else ''})</title>"
        href = n.get("href")
        if href:
            out.append(f'<a href="{escape(href)}">{title}{inner}</a>')
        else:
            out.append(f"<g>{title}{inner}</g>")
    out.append("</svg>")
    return Markup("".join(out))


def bars_svg(
    items: Sequence[tuple[str, float]], *, label: str, max_value: float | None = None
) -> Markup:
    """A horizontal bar chart (one bar per ``(term, value)``), scaled to ``max_value``."""
    if not items:
        return Markup("")
    top = max_value or max(v for _, v in items) or 1.0
    label_w, bar_w, row_h, val_w = 130, 150, 20, 44
    width, height = label_w + bar_w + val_w, row_h * len(items) + 4
    out = [
        f'<svg class="bars" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(label)}</title>"
    ]
    for i, (term, value) in enumerate(items):
        y = 2 + i * row_h
        w = max(1.0, bar_w * (value / top))
        out.append(
            f"<g><title>{escape(term)}: {value:.3g}</title>"
            f'<text class="bar-label" x="{label_w - 6}" y="{y + 14}" text-anchor="end">'
            f"{escape(_short(term, 20))}</text>"
            f'<rect class="bar" x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" rx="2"/>'
            f'<text class="bar-value" x="{label_w + w + 4:.1f}" y="{y + 14}">{value:.2f}</text></g>'
        )
    out.append("</svg>")
    return Markup("".join(out))


def stack_svg(shares: Mapping[str, float], *, label: str) -> Markup:
    """One 100% stacked bar of speaker kinds (``shares`` sum to 1 or are all 0)."""
    width, height = 240, 16
    out = [
        f'<svg class="stack" viewBox="0 0 {width} {height}" width="100%" height="{height}" '
        f'preserveAspectRatio="none" role="img" aria-label="{escape(label)}" '
        'xmlns="http://www.w3.org/2000/svg">'
    ]
    x = 0.0
    if not any(shares.values()):
        out.append(f'<rect class="kind-none" x="0" y="0" width="{width}" height="{height}"/>')
    for kind in KINDS:
        share = shares.get(kind, 0.0)
        if share <= 0:
            continue
        w = width * share
        out.append(
            f'<rect class="kind-{kind}" x="{x:.2f}" y="0" width="{w:.2f}" height="{height}">'
            f"<title>{kind}: {share:.0%}</title></rect>"
        )
        x += w
    out.append("</svg>")
    return Markup("".join(out))
