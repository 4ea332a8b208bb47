"""newsprism.render: dossier -> JSON, Markdown or a self-contained HTML page."""

from __future__ import annotations

from typing import Literal

from ..errors import UsageError
from ..models import Dossier
from .html import render_html
from .json import dossier_schema, render_json
from .markdown import md_escape, render_markdown

__all__ = [
    "render",
    "dossier_schema",
    "render_json",
    "render_markdown",
    "render_html",
    "md_escape",
    "FORMATS",
]

FORMATS = ("json", "md", "html")


def render(dossier: Dossier, fmt: Literal["json", "md", "html"]) -> str:
    """Render ``dossier`` as ``json``, ``md`` (Markdown) or ``html``."""
    if fmt == "json":
        return render_json(dossier)
    if fmt == "md":
        return render_markdown(dossier)
    if fmt == "html":
        return render_html(dossier)
    raise UsageError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}", code="bad-format")
