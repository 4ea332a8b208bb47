"""The sourcing profile of each article: who it lets speak, by kind of source.

One small function so that it can be merged with the quotes-issue profile if both exist.
Each attributed statement (:class:`~newsprism.models.Quote`) counts once: ``relayed`` when
it comes through another outlet (``via``, or an outlet as speaker), else its
``speaker_kind`` (``named``, ``anonymous``, ``organization``, ``unknown``).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..models import Article, Citation, Quote, SourcingProfile

__all__ = ["sourcing_profiles", "SOURCE_KINDS"]

SOURCE_KINDS = ("named", "anonymous", "organization", "relayed", "unknown")


def sourcing_profiles(
    articles: Sequence[Article], quotes: Sequence[Quote], citations: Sequence[Citation]
) -> list[SourcingProfile]:
    out = []
    for a in articles:
        counts = dict.fromkeys(SOURCE_KINDS, 0)
        for q in quotes:
            if q.article_id != a.id:
                continue
            kind = "relayed" if q.via or q.speaker_kind == "outlet" else q.speaker_kind
            counts[kind if kind in counts else "unknown"] += 1
        total = sum(counts.values())
        out.append(
            SourcingProfile(
                article_id=a.id,
                outlet=a.outlet,
                total=total,
                counts=counts,
                shares={k: round(v / total, 3) if total else 0.0 for k, v in counts.items()},
                citations=sum(1 for c in citations if c.article_id == a.id),
            )
        )
    return out
