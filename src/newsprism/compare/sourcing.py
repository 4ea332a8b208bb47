"""Per-outlet sourcing profile: who an outlet lets speak, and how much it relays.

One function, :func:`sourcing_profiles`, so a second implementation elsewhere can be
folded into it. Counted per outlet over the story's attributed statements
(:class:`~newsprism.models.Quote`; not topics, "discussed next steps", nor positions, "Israel could target ...", which name
who acts, not whom the outlet lets speak): the speaker kind (``named``, ``anonymous``,
``organization``, ``outlet``, ``unknown``, a partition), and ``relayed``, the statements the
outlet takes from another outlet: relayed through one (``Quote.via``, "told Axios", "as
reported by Bloomberg") or attributed to one ("Axios reported that ..."). ``relayed``
overlaps the kinds: "a senior official told Channel 12" is anonymous *and* relayed. A
``via`` naming the outlet itself ("told Meridian Wire" in Meridian Wire) is its own
reporting, not a relay. Shares are of the outlet's statements (0 when it has none).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..models import Article, Citation, Quote, SourcingProfile
from .claims import is_refusal
from .text import outlet_name_key

__all__ = ["sourcing_profiles", "SOURCING_KINDS"]

SOURCING_KINDS = ("named", "anonymous", "organization", "outlet", "unknown")


def _relayed(q: Quote, own: str) -> bool:
    if q.via and outlet_name_key(q.via) != own:
        return True
    return q.speaker_kind == "outlet" and outlet_name_key(q.speaker) != own


def sourcing_profiles(
    articles: Sequence[Article], quotes: Sequence[Quote], citations: Sequence[Citation] = ()
) -> list[SourcingProfile]:
    """One profile per outlet of ``articles`` (in article order)."""
    label = {a.id: a.shown_outlet for a in articles}
    own = {a.id: outlet_name_key(a.outlet) for a in articles}
    order = list(dict.fromkeys(label[a.id] for a in articles))
    counts: dict[str, dict[str, int]] = {o: dict.fromkeys(SOURCING_KINDS, 0) for o in order}
    relayed = dict.fromkeys(order, 0)
    cites = dict.fromkeys(order, 0)
    for q in quotes:
        o = label.get(q.article_id)
        if o is None or q.cue_stance == "position" or q.content_clause is False or is_refusal(q):
            continue  # "Israel could target ...", "Gallant discussed next steps", "the company
            # would not say whether ...": a stance, an act, a topic or a refusal, not a source
            # the outlet uses
        counts[o][q.speaker_kind if q.speaker_kind in SOURCING_KINDS else "unknown"] += 1
        if _relayed(q, own[q.article_id]):
            relayed[o] += 1
    for c in citations:
        o = label.get(c.article_id)
        if o is not None and outlet_name_key(c.cited) != own[c.article_id]:
            cites[o] += 1
    out = []
    for o in order:
        n = sum(counts[o].values())
        shares = {k: round(v / n, 4) if n else 0.0 for k, v in counts[o].items()}
        shares["relayed"] = round(relayed[o] / n, 4) if n else 0.0
        out.append(
            SourcingProfile(
                outlet=o,
                article_ids=[a.id for a in articles if label[a.id] == o],
                quotes=n,
                counts=counts[o],
                relayed=relayed[o],
                citations=cites[o],
                shares=shares,
            )
        )
    return out
