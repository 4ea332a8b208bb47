"""``newsprism bench quotes``: score the quote extractor against PolNeAR (evaluation only).

Runs newsprism's real :class:`~newsprism.nlp.NlpPipeline` over one PolNeAR compartment
(:mod:`.polnear`) and compares its :class:`~newsprism.models.Quote` objects with the gold
attributions at two levels.

**Per role** (source, cue, content), as CofeNet reports them (Wang et al., COLING 2022;
``exe/eval/evaluation.py`` in cofe-ai/CofeNet). CofeNet tags sentence-level token sequences
with BIO labels, so one unit is a *contiguous run of tokens inside one sentence*: a
discontinuous gold span gives one unit per segment and a multi-sentence content one unit per
sentence. Here both gold and predicted spans are cut the same way, at the sentence starts of
the spaCy analysis, then mapped to token intervals (tokens: ``\\w+`` runs and single
punctuation characters, a PTB-like grain), and de-duplicated per document.

- ``exact``: a unit matches when its first and last tokens equal a unit on the other side
  (CofeNet's exact match); P = matched / predicted units, R = matched / gold units.
- ``begin``: the same on first tokens only (CofeNet's "Begin").
- ``token``: token-level overlap P/R/F1 per document: P = |pred tokens ∩ gold tokens| /
  |pred tokens|, R = the same over |gold tokens| (every token covered by any unit of the role).
- ``jaccard``: CofeNet's single "J" figure: every gold unit scores its best Jaccard token
  overlap with a predicted unit; predicted units that overlap no gold unit add a zero; the
  mean over those entries.

**Per relation** (the Gender Gap Tracker protocol, Asr et al., PLOS ONE 2021): a gold
attribution is *found* when a predicted quote covers at least 30% (and, separately, 80%) of
the gold content's word tokens *and* its source overlaps the gold source (a gold attribution
without a source is found only by a prediction without one). Pairs are matched one-to-one,
greedily by coverage. A relation links content to a cue or a source: a bare quotation (no
cue, no source; 35 of 22,061 gold attributions in train + dev, and the extractor's quotations
it could attach to no one) is a content span, scored in the roles and as a quote but not as a
relation; ``relation_bare`` counts them too, as this bench did before 2026-12-06. ``quote``
scores are the same matching on content alone (GGT's quote detection); ``speaker_accuracy`` is, among those content matches at 30% whose gold has a
source, the share whose predicted source overlaps it. Gold attributions without content are
left out of relation scoring.
"""

from __future__ import annotations

import bisect
import json
import logging
import re
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from ..errors import NewsprismError
from ..models import Quote
from ..settings import Settings
from .polnear import Attribution, PolnearDoc, read_split

__all__ = [
    "ROLES",
    "THRESHOLDS",
    "TARGETS",
    "Counts",
    "DocScorer",
    "Scores",
    "coverage",
    "match_relations",
    "quote_to_attribution",
    "quotes_to_attributions",
    "univocal",
    "widen_content",
    "run_quotes_bench",
    "score_documents",
    "tokenize",
]

log = logging.getLogger(__name__)

ROLES = ("source", "cue", "content")
THRESHOLDS = (0.3, 0.8)
# Targets from the issue, on the test split.
TARGETS = {"relation_f1@30": 0.75, "source_exact_f1": 0.70, "content_token_f1": 0.70}
# Published anchors (PolNeAR test) shown next to our figures.
ANCHORS = {
    "CofeNet exact F1": {"source": 0.832, "cue": 0.753, "content": 0.729},
    "CofeNet Jaccard": {"source": 0.764, "cue": 0.694, "content": 0.732},
    "GGT (own data) quote F1@30 / speaker acc": {"quote_f1": 0.837, "speaker_accuracy": 0.865},
}

Seg = tuple[int, int]
_TOKEN = re.compile(r"\w+|[^\w\s]")
_WORD = re.compile(r"\w+")


def tokenize(text: str, pattern: re.Pattern[str] = _TOKEN) -> list[Seg]:
    """Character spans of the tokens of ``text`` (``\\w+`` runs and single punctuation marks)."""
    return [m.span() for m in pattern.finditer(text)]


@dataclass
class Counts:
    """Numerators and denominators of precision and recall (soft counts allowed)."""

    tp_p: float = 0.0
    n_pred: float = 0.0
    tp_r: float = 0.0
    n_gold: float = 0.0

    def add(self, tp_p: float, n_pred: float, tp_r: float, n_gold: float) -> None:
        self.tp_p += tp_p
        self.n_pred += n_pred
        self.tp_r += tp_r
        self.n_gold += n_gold

    @property
    def precision(self) -> float:
        return self.tp_p / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp_r / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float]:
        return {"p": round(self.precision, 4), "r": round(self.recall, 4), "f1": round(self.f1, 4)}


class _Tokens:
    """Token spans of one text with lookups from character segments to token indices."""

    def __init__(self, text: str, pattern: re.Pattern[str] = _TOKEN) -> None:
        self.spans = tokenize(text, pattern)
        self.starts = [s for s, _ in self.spans]
        self.ends = [e for _, e in self.spans]

    def interval(self, seg: Seg) -> tuple[int, int] | None:
        """Half-open interval of the tokens that intersect ``seg`` (None if none do)."""
        a, b = seg
        i = bisect.bisect_right(self.ends, a)  # first token ending after a
        j = bisect.bisect_left(self.starts, b)  # first token starting at or after b
        return (i, j) if i < j else None

    def ids(self, segs: Iterable[Seg]) -> set[int]:
        out: set[int] = set()
        for seg in segs:
            iv = self.interval(seg)
            if iv is not None:
                out.update(range(*iv))
        return out


def split_segments(segs: Iterable[Seg], cuts: Sequence[int]) -> list[Seg]:
    """Cut segments at the (sorted) character offsets ``cuts`` (sentence starts)."""
    out: list[Seg] = []
    for a, b in segs:
        lo = bisect.bisect_right(cuts, a)
        hi = bisect.bisect_left(cuts, b)
        points = [a, *cuts[lo:hi], b]
        out.extend((x, y) for x, y in zip(points, points[1:], strict=False) if y > x)
    return out


def _units(segs: Iterable[Seg], toks: _Tokens, cuts: Sequence[int]) -> set[tuple[int, int]]:
    units = set()
    for seg in split_segments(segs, cuts):
        iv = toks.interval(seg)
        if iv is not None:
            units.add(iv)
    return units


def _jaccard(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return max(0.0, inter / (max(a[1], b[1]) - min(a[0], b[0])))


def _overlaps(xs: Iterable[Seg], ys: Iterable[Seg]) -> int:
    """Characters shared by two segment lists."""
    return sum(max(0, min(b, d) - max(a, c)) for a, b in xs for c, d in ys)


def coverage(gold_content: Iterable[Seg], pred_content: Iterable[Seg], words: _Tokens) -> float:
    """Share of the gold content's word tokens that the predicted content covers."""
    g = words.ids(gold_content)
    if not g:
        return 0.0
    return len(g & words.ids(pred_content)) / len(g)


def match_relations(
    gold: Sequence[Attribution],
    pred: Sequence[Attribution],
    words: _Tokens,
    threshold: float,
    *,
    require_source: bool = True,
) -> list[tuple[int, int]]:
    """One-to-one greedy matching of gold and predicted attributions (GGT protocol).

    A pair qualifies when the prediction covers ``>= threshold`` of the gold content's word
    tokens and, if ``require_source``, the sources overlap (or both are absent). Pairs are
    taken by decreasing coverage, then source overlap, each side used at most once.
    """
    cands: list[tuple[float, int, int, int]] = []
    gwords = [words.ids(g.content) for g in gold]
    pwords = [words.ids(p.content) for p in pred]
    for gi, g in enumerate(gold):
        if not gwords[gi]:
            continue
        for pi, p in enumerate(pred):
            cov = len(gwords[gi] & pwords[pi]) / len(gwords[gi])
            if cov < threshold or cov == 0:
                continue
            src = _overlaps(g.source, p.source)
            if require_source and not (src > 0 or (not g.source and not p.source)):
                continue
            cands.append((cov, src, gi, pi))
    cands.sort(key=lambda c: (-c[0], -c[1], c[2], c[3]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, _, gi, pi in cands:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi))
    return sorted(pairs)


_OPEN_MARKS = ("\u201c", '"', "\u00ab", "''", "``")
_CLOSE_TAIL = re.compile(r"[,.?!;:\u2026]{0,2}(?:\u201d|\u00bb|''|\"|')")
_THAT = re.compile(r"(?:^|\W)(that)\s*$", re.IGNORECASE)


def _unclosed(seg: str) -> bool:
    """Does ``seg`` open a quotation it does not close?"""
    depth, straight = 0, False
    i = 0
    while i < len(seg):
        if seg.startswith("''", i):
            straight = not straight
            i += 2
            continue
        c = seg[i]
        if c in "\u201c\u00ab":
            depth += 1
        elif c in "\u201d\u00bb":
            depth = max(0, depth - 1)
        elif c == '"':
            straight = not straight
        i += 1
    return depth > 0 or straight


def widen_content(text: str, start: int, end: int) -> Seg:
    """PolNeAR's content convention on a predicted span: the quotation marks around it (and
    the punctuation inside the closing mark) and a leading complementiser "that" belong to
    the content. Extraction keeps marks out of :attr:`Quote.content` (dossiers show quotes
    without them); the bench adds them back here."""
    a, b = start, end
    j = a
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    if j == a and j >= 2 and text[j - 2 : j] in ("''", "``"):
        a = j - 2
    elif j >= 1 and (text[j - 1] in "\u201c\u00ab" or (j == a and text[j - 1] == '"')):
        a = j - 1  # straight marks only when adjacent (else they close the previous quote)
    m = _THAT.search(text[max(0, a - 12) : a])  # "said that “when you win ...”"
    if m is not None:
        a = a - (len(text[max(0, a - 12) : a]) - m.start(1))
    if _unclosed(text[a:b]):
        m = _CLOSE_TAIL.match(text, b)
        if m is not None:
            b = m.end()
    return a, b


def quote_to_attribution(q: Quote, text: str | None = None) -> Attribution:
    """A predicted quote as an attribution with (source, cue, content) segment lists.

    With the article ``text``, the content is widened to PolNeAR's convention
    (:func:`widen_content`)."""

    def seg(span: Any) -> tuple[Seg, ...]:
        return ((span.start, span.end),) if span is not None and span.end > span.start else ()

    content = seg(q.content)
    source, cue = seg(q.source), seg(q.cue_span)
    if text is not None and content:
        content = _minus(text, widen_content(text, *content[0]), source + cue)
    return Attribution(id=q.id, source=source, cue=cue, content=content)


def _minus(text: str, seg: Seg, holes: Sequence[Seg]) -> tuple[Seg, ...]:
    """``seg`` without the ``holes`` inside it (a parenthetical "X, he said, Y" or a
    covering span's source and cue), each piece trimmed of spaces and joining commas."""
    pieces = [seg]
    for h0, h1 in sorted(holes):
        nxt: list[Seg] = []
        for a, b in pieces:
            if h0 < b and a < h1:
                nxt.extend(p for p in ((a, max(a, h0)), (min(b, h1), b)) if p[1] > p[0])
            else:
                nxt.append((a, b))
        pieces = nxt
    out = []
    for a, b in pieces:
        while a < b and (text[a].isspace() or text[a] in ",;:\u2014-"):
            a += 1
        while b > a and (text[b - 1].isspace() or text[b - 1] in ",;\u2014-"):
            b -= 1
        if b > a and re.search(r"\w", text[a:b]):
            out.append((a, b))
    return tuple(out)


def quotes_to_attributions(quotes: Sequence[Quote], text: str | None = None) -> list[Attribution]:
    """Predicted quotes as attributions, one per utterance: quotes sharing a cue span (the
    parts of ``"A," he said, "B."`` and cue-less continuation quotes, which inherit the
    previous quote's cue) become one attribution with several content segments, as
    PolNeAR annotates them (each cue token belongs to one relation)."""
    out: list[Attribution] = []
    by_cue: dict[tuple[int, int], int] = {}
    for q in quotes:
        a = quote_to_attribution(q, text)
        key = (q.cue_span.start, q.cue_span.end) if q.cue_span is not None else None
        if key is not None and key in by_cue:
            k = by_cue[key]
            prev = out[k]
            source = prev.source + tuple(s for s in a.source if s not in prev.source)
            out[k] = Attribution(id=prev.id, source=source, cue=prev.cue, content=prev.content + a.content)
            continue
        if key is not None:
            by_cue[key] = len(out)
        out.append(a)
    return univocal(out)


def univocal(attrs: Sequence[Attribution]) -> list[Attribution]:
    """PolNeAR's annotation is univocal (each token has one role in one relation), so an
    attribution nested in another's content ("X said Y told him ...") is not annotated:
    drop a predicted attribution whose cue lies inside another one's content. Extraction
    keeps both (a dossier wants the inner speaker too); this only maps to the gold scheme."""

    def inside(cue: tuple[Seg, ...], content: tuple[Seg, ...]) -> bool:
        return bool(cue) and all(any(a <= c0 and c1 <= b for a, b in content) for c0, c1 in cue)

    keep = []
    for i, a in enumerate(attrs):
        if any(j != i and b.cue and inside(a.cue, b.content) and not inside(b.cue, a.content)
               for j, b in enumerate(attrs)):
            continue
        keep.append(a)
    return keep


@dataclass
class Scores:
    """Accumulated counts over documents."""

    exact: dict[str, Counts] = field(default_factory=lambda: {r: Counts() for r in ROLES})
    begin: dict[str, Counts] = field(default_factory=lambda: {r: Counts() for r in ROLES})
    token: dict[str, Counts] = field(default_factory=lambda: {r: Counts() for r in ROLES})
    jaccard: dict[str, list[float]] = field(default_factory=lambda: {r: [0.0, 0.0] for r in ROLES})
    relation: dict[float, Counts] = field(default_factory=lambda: {t: Counts() for t in THRESHOLDS})
    # the same with bare quotations (no cue, no source) counted as relations (before 2026-12-06)
    relation_bare: dict[float, Counts] = field(default_factory=lambda: {t: Counts() for t in THRESHOLDS})
    quote: dict[float, Counts] = field(default_factory=lambda: {t: Counts() for t in THRESHOLDS})
    speaker: list[int] = field(default_factory=lambda: [0, 0])
    docs: int = 0
    gold: int = 0
    gold_no_source: int = 0
    gold_no_content: int = 0
    pred: int = 0

    def as_dict(self) -> dict[str, Any]:
        roles = {
            r: {
                "exact": self.exact[r].as_dict(),
                "begin": self.begin[r].as_dict(),
                "token": self.token[r].as_dict(),
                "jaccard": round(self.jaccard[r][0] / self.jaccard[r][1], 4)
                if self.jaccard[r][1]
                else 0.0,
            }
            for r in ROLES
        }
        sp_ok, sp_n = self.speaker
        return {
            "docs": self.docs,
            "gold": self.gold,
            "gold_no_source": self.gold_no_source,
            "gold_no_content": self.gold_no_content,
            "pred": self.pred,
            "roles": roles,
            "relation": {f"{round(t * 100)}": self.relation[t].as_dict() for t in THRESHOLDS},
            "relation_bare": {f"{round(t * 100)}": self.relation_bare[t].as_dict() for t in THRESHOLDS},
            "quote": {f"{round(t * 100)}": self.quote[t].as_dict() for t in THRESHOLDS},
            "speaker_accuracy": round(sp_ok / sp_n, 4) if sp_n else 0.0,
        }


class DocScorer:
    """Scores one document's predictions against its gold attributions into ``Scores``."""

    def __init__(self, scores: Scores) -> None:
        self.scores = scores

    def add(
        self,
        text: str,
        gold: Sequence[Attribution],
        pred: Sequence[Attribution],
        sentence_starts: Sequence[int] = (),
    ) -> None:
        s = self.scores
        toks = _Tokens(text)
        words = _Tokens(text, _WORD)
        cuts = sorted(set(sentence_starts))
        s.docs += 1
        s.gold += len(gold)
        s.pred += len(pred)
        s.gold_no_source += sum(1 for g in gold if not g.source)
        s.gold_no_content += sum(1 for g in gold if not g.content)
        for role in ROLES:
            gu = set().union(*(_units(g.role(role), toks, cuts) for g in gold)) if gold else set()
            pu = set().union(*(_units(p.role(role), toks, cuts) for p in pred)) if pred else set()
            tp = len(gu & pu)
            s.exact[role].add(tp, len(pu), tp, len(gu))
            gb, pb = {u[0] for u in gu}, {u[0] for u in pu}
            tb = len(gb & pb)
            s.begin[role].add(tb, len(pb), tb, len(gb))
            gt = {i for u in gu for i in range(*u)}
            pt = {i for u in pu for i in range(*u)}
            ti = len(gt & pt)
            s.token[role].add(ti, len(pt), ti, len(gt))
            jac = s.jaccard[role]
            for g in gu:  # CofeNet: best overlap per gold unit; unmatched spurious units add 0
                jac[0] += max((_jaccard(g, p) for p in pu), default=0.0)
                jac[1] += 1
            for p in pu - gu:
                if not any(_jaccard(p, g) > 0 for g in gu):
                    jac[1] += 1
        scored = [g for g in gold if g.content]
        # a relation links content to a cue or a source: a bare quotation (no cue, no
        # source) is a content span, scored in the roles and as a quote, not a relation
        rel_gold = [g for g in scored if g.cue or g.source]
        rel_pred = [p for p in pred if p.cue or p.source]
        for t in THRESHOLDS:
            pairs = match_relations(rel_gold, rel_pred, words, t)
            s.relation[t].add(len(pairs), len(rel_pred), len(pairs), len(rel_gold))
            same = len(rel_gold) == len(scored) and len(rel_pred) == len(pred)  # nothing bare here
            bare = pairs if same else match_relations(scored, pred, words, t)
            s.relation_bare[t].add(len(bare), len(pred), len(bare), len(scored))
            qpairs = match_relations(scored, pred, words, t, require_source=False)
            s.quote[t].add(len(qpairs), len(pred), len(qpairs), len(scored))
            if t == THRESHOLDS[0]:
                for gi, pi in qpairs:
                    if scored[gi].source:
                        s.speaker[1] += 1
                        s.speaker[0] += _overlaps(scored[gi].source, pred[pi].source) > 0


def score_documents(
    docs: Iterable[PolnearDoc],
    predictions: Mapping[str, Sequence[Attribution]],
    sentence_starts: Mapping[str, Sequence[int]] | None = None,
) -> dict[str, Any]:
    """Score predictions (doc id -> attributions) against gold documents; see module doc."""
    scores = Scores()
    scorer = DocScorer(scores)
    for doc in docs:
        starts = (sentence_starts or {}).get(doc.doc_id, ())
        scorer.add(doc.text, doc.attributions, predictions.get(doc.doc_id, ()), starts)
    return scores.as_dict()


def _targets(fig: dict[str, Any]) -> dict[str, dict[str, Any]]:
    got = {
        "relation_f1@30": fig["relation"]["30"]["f1"],
        "source_exact_f1": fig["roles"]["source"]["exact"]["f1"],
        "content_token_f1": fig["roles"]["content"]["token"]["f1"],
    }
    return {k: {"value": got[k], "target": v, "met": got[k] >= v} for k, v in TARGETS.items()}


def _print_table(fig: dict[str, Any], console: Console) -> None:
    def pct(x: float) -> str:
        return f"{100 * x:.1f}"

    title = (
        f"PolNeAR {fig['split']}: {fig['docs']} docs, {fig['gold']} gold / {fig['pred']} predicted"
        " (P/R/F1: exact units)"
    )
    t = Table(title=title, show_edge=False)
    for col in ("role", "P", "R", "F1", "begin", "tok P", "tok R", "tok F1", "J"):
        t.add_column(col, justify="left" if col == "role" else "right")
    for r in ROLES:
        x = fig["roles"][r]
        t.add_row(
            r,
            pct(x["exact"]["p"]),
            pct(x["exact"]["r"]),
            pct(x["exact"]["f1"]),
            pct(x["begin"]["f1"]),
            pct(x["token"]["p"]),
            pct(x["token"]["r"]),
            pct(x["token"]["f1"]),
            pct(x["jaccard"]),
        )
    for r in ROLES:
        t.add_row(
            f"[dim]CofeNet {r}[/dim]",
            "",
            "",
            f"[dim]{pct(ANCHORS['CofeNet exact F1'][r])}[/dim]",
            "",
            "",
            "",
            "",
            f"[dim]{pct(ANCHORS['CofeNet Jaccard'][r])}[/dim]",
        )
    console.print(t)
    rt = Table(title="relations (one-to-one, GGT protocol)", show_edge=False)
    for col in ("match", "coverage", "P", "R", "F1"):
        rt.add_column(col, justify="left" if col == "match" else "right")
    for kind, label in (("relation", "content + source"), ("relation_bare", "+ bare quotations"),
                        ("quote", "content only")):
        for thr, v in fig[kind].items():
            rt.add_row(label, f">= {thr}%", pct(v["p"]), pct(v["r"]), pct(v["f1"]))
    console.print(rt)
    console.print(
        f"speaker accuracy (content matches at 30%): {pct(fig['speaker_accuracy'])} "
        f"[GGT: quote F1 83.7, speaker 86.5]; gold without source: {fig['gold_no_source']}"
    )
    for k, v in fig["targets"].items():
        mark = "[green]met[/green]" if v["met"] else "[red]not met[/red]"
        console.print(f"target {k} >= {v['target']}: {pct(v['value'])} {mark}")
    console.print(
        f"{fig['docs']} docs in {fig['seconds']:.1f}s ({fig['docs_per_s']} docs/s; nlp {fig['nlp_s']:.1f}s, "
        f"model load {fig['model_load_s']:.1f}s)"
    )


def run_quotes_bench(
    polnear_dir: Path,
    split: str = "dev",
    limit: int | None = None,
    console: Console | None = None,
    *,
    settings: Settings | None = None,
) -> dict[str, Any]:
    """Run the extractor over a PolNeAR split, print a table (stderr) and one JSON line (stdout).

    Returns the figures printed in the JSON line. ``limit`` keeps the first N documents.
    """
    from ..ids import article_id
    from ..models import Article
    from ..nlp import NlpPipeline

    console = console or Console(stderr=True)
    settings = settings or Settings()
    t_start = time.perf_counter()
    docs = list(read_split(Path(polnear_dir), split))
    if limit is not None:
        docs = docs[:limit]
    t_read = time.perf_counter()
    nlp = NlpPipeline(settings)
    t_load = time.perf_counter()

    articles = [Article(id=article_id(None, d.text), title=d.doc_id, text=d.text) for d in docs]
    predictions: dict[str, list[Attribution]] = {}
    starts: dict[str, list[int]] = {}
    bad_spans = 0
    bs = max(1, settings.nlp_batch_size)
    for i in range(0, len(articles), bs):
        batch = articles[i : i + bs]
        for doc, an in zip(docs[i : i + bs], nlp.analyze(batch), strict=True):
            predictions[doc.doc_id] = quotes_to_attributions(an.quotes, doc.text)
            starts[doc.doc_id] = [s.start for s in an.sentences]
            bad_spans += sum(1 for q in an.quotes if q.content.slice(doc.text) != q.text)
    t_nlp = time.perf_counter()

    fig: dict[str, Any] = {"bench": "quotes", "split": split}
    fig.update(score_documents(docs, predictions, starts))
    t_end = time.perf_counter()
    elapsed = (t_read - t_start) + (t_end - t_load)  # excludes model load
    fig["targets"] = _targets(fig)
    fig["quote_text_mismatch"] = bad_spans
    fig["seconds"] = round(elapsed, 2)
    fig["nlp_s"] = round(t_nlp - t_load, 2)
    fig["model_load_s"] = round(t_load - t_read, 2)
    fig["docs_per_s"] = round(len(docs) / elapsed, 2) if elapsed else None
    fig["nlp_version"] = nlp.version
    if bad_spans:
        log.warning("%d predicted quotes whose text differs from their content span", bad_spans)
    _print_table(fig, console)
    sys.stdout.write(json.dumps(fig) + "\n")
    sys.stdout.flush()
    return fig


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m newsprism.bench.quotes --polnear DIR [--split dev|test] [--limit N]``."""
    import argparse

    ap = argparse.ArgumentParser(prog="newsprism bench quotes", description=__doc__.split("\n")[0])
    ap.add_argument(
        "--polnear", type=Path, required=True, help="directory holding the PolNeAR tarball"
    )
    ap.add_argument(
        "--split", default="dev", choices=("train", "dev", "test", "annotator-training")
    )
    ap.add_argument("--limit", type=int, default=None, help="use the first N documents")
    args = ap.parse_args(argv)
    try:
        run_quotes_bench(args.polnear, args.split, args.limit)
    except NewsprismError as exc:
        sys.stderr.write(f"newsprism: {exc}\n")
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
