"""HTML rendering: one self-contained page (inline CSS, no scripts, no external assets).

The Jinja2 environment autoescapes everything; article text only ever reaches the page
escaped. Colours come from a fixed palette, never from input.
"""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from ..models import Dossier
from .common import fmt_date, fmt_when, story_view, truncate

__all__ = ["render_html"]


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("newsprism.render", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["date"] = fmt_date
    env.filters["truncate_words"] = truncate
    env.filters["extract_outlet"] = lambda article_id, outlet_of: outlet_of.get(
        article_id, article_id
    )
    return env


def _bar(score: float, top: float) -> int:
    return max(4, round(100 * score / top)) if top > 0 else 0


def render_html(dossier: Dossier) -> str:
    """The dossier as a single self-contained HTML page."""
    views = [story_view(s) for s in dossier.stories]
    return (
        _env()
        .get_template("dossier.html.j2")
        .render(dossier=dossier, views=views, bar=_bar, fmt_date=fmt_date, fmt_when=fmt_when)
    )
