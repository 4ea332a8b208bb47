"""Claim units: the clauses of a sentence that assert something, as character spans.

A sentence is cut into clauses at coordination and parataxis between clauses that have their
own subject ("Netanyahu blocked the trip, and Gallant stayed home" -> two claims); a clause
keeps its subordinate clauses, relative clauses and the reported clause of a speech verb
("Gallant said the trip was off" stays one claim, attributed to Gallant later). A clause
head is the sentence root, or a verb attached to a clause head as ``conj``/``parataxis``
that has its own ``nsubj``/``nsubjpass``/``expl``. A clause's span is its head's subtree
minus the subtrees of the other clause heads, trimmed of punctuation and conjunctions at
both ends. Questions and clauses without a verb (page furniture, headings without a verb)
make no claim. A semicolon always ends a claim.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..models import Span
from .sentences import doc_sentences

__all__ = ["clause_spans"]

_SPLIT_DEPS = frozenset({"conj", "parataxis"})
_SUBJ_DEPS = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})
_TRIM_DEPS = frozenset({"cc", "punct"})


def _is_clause_head(tok: Token) -> bool:
    return (
        tok.dep_ in _SPLIT_DEPS
        and tok.pos_ in ("VERB", "AUX")
        and any(c.dep_ in _SUBJ_DEPS for c in tok.children)
    )


def clause_spans(doc: Doc) -> list[Span]:
    """The claim clauses of ``doc``, in text order, non-overlapping."""
    out: list[Span] = []
    for t0, t1, _, _ in doc_sentences(doc):
        sent = doc[t0:t1]
        if sent.text.rstrip().endswith("?"):
            continue
        heads = [sent.root, *(t for t in sent if t is not sent.root and _is_clause_head(t))]
        head_ids = {h.i for h in heads}
        spans: list[tuple[int, int]] = []
        for h in heads:
            keep: list[Token] = []
            stack = [h]
            while stack:  # the subtree, not descending into other clause heads
                t = stack.pop()
                keep.append(t)
                stack.extend(c for c in t.children if c.i not in head_ids)
            toks = sorted((t for t in keep if t0 <= t.i < t1 and not t.is_space), key=lambda t: t.i)
            while toks and (toks[0].dep_ in _TRIM_DEPS and toks[0].i != h.i or toks[0].is_punct):
                toks.pop(0)
            while toks and (
                toks[-1].dep_ in ("cc",) or toks[-1].is_punct and toks[-1].text not in '.!"”’)'
            ):
                toks.pop()
            if not toks or not any(t.pos_ in ("VERB", "AUX") for t in toks):
                continue
            # a semicolon between two clauses the parser joined: cut there too
            part: list[Token] = []
            for t in [*toks, None]:
                if t is None or (t.text == ";" and part):
                    while part and part[-1].is_punct and part[-1].text not in '.!"”’)':
                        part.pop()
                    if part and any(p.pos_ in ("VERB", "AUX") for p in part):
                        spans.append((part[0].idx, part[-1].idx + len(part[-1].text)))
                    part = []
                elif not (t.is_punct and not part):
                    part.append(t)
        spans.sort()
        last = -1
        for s, e in spans:
            s = max(s, last)  # a non-contiguous clause must not overlap the next one
            if e > s:
                out.append(Span(start=s, end=e))
                last = e
    return out
