"""The web app's SVG drawing lives in :mod:`newsprism.render.svg`, shared with the static
HTML dossier; this module re-exports it for the web templates and views."""

from __future__ import annotations

from ..render.svg import KINDS, bars_svg, graph_svg, source_graph_data, stack_svg

__all__ = ["graph_svg", "bars_svg", "stack_svg", "source_graph_data", "KINDS"]
