"""Alignment by meaning, calibrated on hand-labelled sentence pairs
(tests/fixtures/compare/align_pairs.json: demo-corpus sentences by outlet and start, and a
few invented pairs). Prints precision/recall with and without embeddings."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from newsprism.compare import facts as F
from newsprism.embed import HashingEmbedder, minilm_available
from newsprism.extract import extract
from newsprism.ingest import iter_raw
from newsprism.models import Article, Disposition
from newsprism.pipeline import DEMO_CORPUS
from newsprism.settings import Settings

PAIRS = json.loads(
    (Path(__file__).parent / "fixtures" / "compare" / "align_pairs.json").read_text()
)


def _demo_articles() -> list[Article]:
    srcs = [str(p) for p in sorted(DEMO_CORPUS.iterdir()) if p.suffix in (".txt", ".html")]
    out = []
    for raw in iter_raw(srcs, Settings()):
        if not isinstance(raw, Disposition):
            out.append(extract(raw))
    return out


def _norm(t: str) -> str:
    return t.replace("’", "'")


def _evaluate(embedder, decide=None) -> tuple[float, float, list[tuple[int, bool, str, str]]]:
    """P/R of ``decide`` (default: the production decision, :func:`F._aligns`) behind the
    candidate index on the fixture's pairs (sentences from the rule splitter, no NLP)."""
    rows: list[tuple[int, bool, str, str]] = []
    decide = decide or F._aligns

    def run(articles, refs):
        cands = F._candidates(articles, {})
        lex, emb = F._matrices(cands, embedder)
        kind = F.embedder_kind(embedder) if emb is not None else "none"
        proposed = set(F._candidate_pairs(cands, lex, emb))
        for label, i, j in refs:
            i, j = min(i, j), max(i, j)
            e = None if emb is None else float(emb[i, j])
            args = (cands[i], cands[j], float(lex[i, j]), e)
            ok = (i, j) in proposed and (decide(*args, kind) if decide is F._aligns else decide(*args))
            rows.append((label, ok, cands[i].text[:40], cands[j].text[:40]))

    arts = _demo_articles()
    cands = F._candidates(arts, {})

    def find(outlet: str, start: str) -> int:
        return next(
            k
            for k, c in enumerate(cands)
            if (c.outlet or "").removeprefix("The ") == outlet.removeprefix("The ")
            and _norm(c.text).startswith(_norm(start))
        )

    run(arts, [(lab, find(o1, s1), find(o2, s2)) for lab, o1, s1, o2, s2 in PAIRS["demo"]])
    inv = PAIRS["invented"]
    a = Article(id="x1", outlet="X", title="t", text="\n".join(p[1] for p in inv))
    b = Article(id="x2", outlet="Y", title="t", text="\n".join(p[2] for p in inv))
    run([a, b], [(p[0], k, len(inv) + k) for k, p in enumerate(inv)])
    tp = sum(1 for r in rows if r[0] and r[1])
    fp = sum(1 for r in rows if not r[0] and r[1])
    fn = sum(1 for r in rows if r[0] and not r[1])
    return tp / max(1, tp + fp), tp / max(1, tp + fn), rows


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def test_labelled_pairs_file_is_well_formed():
    assert len(PAIRS["demo"]) >= 40 and all(
        r[0] in (0, 1) for r in PAIRS["demo"] + PAIRS["invented"]
    )
    assert sum(r[0] for r in PAIRS["demo"]) >= 20


# The calibrated models were fit on the same demo pairs but on spaCy sentences and without
# the 8 invented pairs (bench compare --fit-align); here the rule splitter cuts sentences,
# so this checks the decision carries over. Held-out figures: `newsprism bench compare`.


def test_lexical_alignment_is_calibrated():
    p, r, rows = _evaluate(None)
    p_hand, r_hand, _ = _evaluate(None, F._hand_rule)
    print(f"lexical only: precision {p:.2f} recall {r:.2f} (hand-set rule {p_hand:.2f}/{r_hand:.2f})")
    assert p >= 0.75 and r >= 0.6, [x for x in rows if x[0] != x[1]]
    assert _f1(p, r) > _f1(p_hand, r_hand)


@pytest.mark.skipif(not minilm_available(), reason="MiniLM not installed")
def test_embedding_alignment_is_calibrated():
    emb = F.story_embedder("minilm")
    p, r, rows = _evaluate(emb)
    p_hand, r_hand, _ = _evaluate(emb, F._hand_rule)
    print(f"lexical+embeddings: precision {p:.2f} recall {r:.2f} (hand-set rule {p_hand:.2f}/{r_hand:.2f})")
    # no "beats the hand rule" here: its thresholds were set on exactly these pairs and
    # sentences (in-sample 0.95/0.75); on the held-out pairs it reaches R 0.26 only
    assert p >= 0.75 and r >= 0.6, [x for x in rows if x[0] != x[1]]


def test_shipped_models_cover_every_embedder_kind():
    models = F.align_models()
    assert set(models) == {"none", "minilm", "potion"}
    assert models["none"].features == F.FEATURES
    for kind in ("minilm", "potion"):
        assert models[kind].features == (*F.FEATURES, F.EMB_FEATURE)
        assert models[kind].coef[-1] > 0  # more similar meaning, more likely aligned
    assert all(m.coef[0] > 0 and 0 < m.threshold < 1 for m in models.values())


def test_any_embedder_plugs_in_and_a_broken_one_falls_back():
    arts = _demo_articles()
    facts = F.build_facts(arts, {}, embedder=HashingEmbedder(64))
    assert any(f.kind == "consensus" for f in facts)

    class Broken:
        name, dim = "broken", 4

        def embed(self, texts):
            raise RuntimeError("no model")

    assert F.build_facts(arts, {}, embedder=Broken()) == F.build_facts(arts, {}, embedder=None)


def test_vectorised_decisions_equal_the_per_pair_model():
    """The decisions over all candidate pairs at once (features from sparse products, the
    model's sum in its own order) are the per-pair decisions of ``_aligns``, for every
    embedder kind, and the feature rows are pair_features' values."""
    cands = F._candidates(_demo_articles(), {})
    for embedder, kinds in ((None, ("none",)), (HashingEmbedder(32), ("minilm", "potion"))):
        lex, emb = F._matrices(cands, embedder)
        pairs = F._candidate_pairs(cands, lex, emb)
        rows, cols, lv, ev = F._pair_values(lex, emb, pairs)
        for kind in kinds:
            evs = [None if ev is None else float(ev[k]) for k in range(len(pairs))]
            want = [F._aligns(cands[i], cands[j], float(lv[k]), evs[k], kind) for k, (i, j) in enumerate(pairs)]
            assert F._decide(cands, rows, cols, lv, ev, kind).tolist() == want
            assert any(want) and not all(want)
        feats = F._pair_feature_matrix(cands, rows, cols, lv, ev)
        for k in range(0, len(pairs), 7):
            i, j = pairs[k]
            assert feats[k].tolist() == F.pair_features(cands[i], cands[j], float(lv[k]), evs[k])


def test_candidate_pairs_come_from_an_index_not_all_pairs():
    arts = _demo_articles()
    cands = F._candidates(arts, {})
    lex, _ = F._matrices(cands, None)
    rng = np.random.default_rng(0)
    emb = rng.normal(size=(len(cands), 16))
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    pairs = F._candidate_pairs(cands, lex, F.EmbSim(emb, 0.0, 1.0))
    n = len(cands)
    assert len(pairs) < n * (n - 1) / 4
    assert all(cands[i].okey != cands[j].okey for i, j in pairs)


def _exact_top_k(V: np.ndarray, outlet: np.ndarray, k: int) -> set[tuple[int, int]]:
    S = V @ V.T
    S[outlet[:, None] == outlet[None, :]] = -np.inf
    out = set()
    for i in range(len(V)):
        for j in np.argsort(-S[i], kind="stable")[:k]:
            out.add((min(i, int(j)), max(i, int(j))))
    return out


def test_the_index_finds_most_exact_embedding_neighbours(monkeypatch):
    """The embedding neighbours come from an HNSW graph (compare/ann.py): every pair it
    proposes is cross-outlet, nearly all exact top-k pairs are among them, and the pairs
    stay O(n k)."""
    from newsprism.compare.facts import _Cand

    rng = np.random.default_rng(1)
    n, k = 1200, 4
    centres = rng.normal(size=(60, 32))
    V = centres[rng.integers(0, 60, n)] + 0.4 * rng.normal(size=(n, 32))
    V = (V / np.linalg.norm(V, axis=1, keepdims=True)).astype(np.float32)
    outlet = rng.integers(0, 6, n)
    cands = [
        _Cand(f"a{o}", int(o), f"o{o}", f"o{o}", 10 * i, 10 * i + 9, i, f"s{i}",
              (f"w{i}",), frozenset(), frozenset(), False, False, False, 8)
        for i, o in enumerate(outlet)
    ]  # fmt: skip
    lex = F.LexSim([" ".join(c.tokens) for c in cands])  # no shared words: embedding pairs only
    monkeypatch.setattr(F, "TOP_K", k)
    exact = _exact_top_k(V, outlet, k)
    index = F._index(cands, lex, F.EmbSim(V, 0.0, 1.0))
    approx = set(index.pairs)
    assert 0 < index.work["distances"] < n * n / 2  # counted, and below all pairs
    assert all(outlet[i] != outlet[j] for i, j in approx)
    assert len(approx) <= n * k
    assert len(approx & exact) / len(exact) >= 0.95


@pytest.mark.slow
def test_refit_writes_a_model_file_that_loads(tmp_path):
    import io

    from rich.console import Console

    from newsprism.bench.compare import fit_alignment

    out = tmp_path / "align_model.json"
    data = fit_alignment(Settings(), Console(file=io.StringIO()), out)
    saved = json.loads(out.read_text())
    assert saved["models"].keys() == data["models"].keys() and "none" in saved["models"]
    assert saved["pairs_tune"] >= 40 and saved["pairs_fresh"] >= 100  # tuning + first fresh pairs
    assert saved["models_tune_only"].keys() == saved["models"].keys()
    thresholds = {m["threshold"] for m in saved["models"].values()}
    assert len(thresholds) == 1 and 0.2 <= thresholds.pop() <= 0.8  # one shared cut
    for kind, m in saved["models"].items():
        model = F._model_from(kind, m)
        assert len(model.coef) == len(model.features)
        assert model.coef[model.features.index("lexical")] > 0
        assert m["fresh_loo"]["f1"] >= 0.5  # leave-one-out on the fresh pairs
        assert saved["models_tune_only"][kind]["tune_loo"]["f1"] >= 0.6
        assert saved["models_tune_only"][kind]["threshold"] == 0.5


def test_on_demand_scores_equal_the_dense_matrices():
    """LexSim / EmbSim give the scores the dense n x n matrices gave, by every path:
    blocks, small blocks, pair lists, and the inverted-index join; the background from
    sums equals the mean over the cross-outlet pairs."""
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    cands = F._candidates(_demo_articles(), {})
    docs = [" ".join(c.tokens) or "_" for c in cands]
    cos = cosine_similarity(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, lowercase=False, token_pattern=r"\S+").fit_transform(docs)
    )
    b = CountVectorizer(lowercase=False, token_pattern=r"\S+", binary=True).fit_transform(docs)
    inter = (b @ b.T).toarray().astype(float)
    sizes = np.asarray(b.sum(axis=1), dtype=float).ravel()
    dense = 0.7 * cos + 0.3 * 2 * inter / (sizes[:, None] + sizes[None, :])
    np.fill_diagonal(dense, 1.0)

    lex = F.LexSim(docs)
    n = len(cands)
    np.testing.assert_allclose(lex.dense(), dense, atol=1e-9)
    rng = np.random.default_rng(3)
    rows, cols = rng.integers(0, n, 300), rng.integers(0, n, 300)
    np.testing.assert_allclose(lex.pairs(rows, cols), dense[rows, cols], atol=1e-9)
    np.testing.assert_allclose(lex.pairs(rows[:10], cols[:10]), dense[rows[:10], cols[:10]], atol=1e-9)
    np.testing.assert_allclose(lex[np.ix_(rows[:5], cols[:6])], dense[np.ix_(rows[:5], cols[:6])], atol=1e-9)
    assert lex[int(rows[0]), int(cols[0])] == pytest.approx(dense[rows[0], cols[0]])
    for cap in (n, 3):  # every token, then only the rare ones propose pairs
        r, c, v, _ = lex.sharing(cap)
        np.testing.assert_allclose(v, dense[r, c], atol=1e-9)
        assert (r < c).all()
    r, c, _, work = lex.sharing(n)
    want_pairs = {(int(i), int(j)) for i, j in zip(*np.nonzero(inter > 0), strict=True) if i < j}
    assert set(zip(r.tolist(), c.tolist(), strict=True)) == want_pairs
    assert work["scored"] == len(want_pairs)
    # a posting budget per sentence: fewer pairs, every one of them still exactly scored
    r, c, v, small = lex.sharing(n, 8)
    assert small["postings"] <= 8 * n < work["postings"]
    assert set(zip(r.tolist(), c.tolist(), strict=True)) < want_pairs
    np.testing.assert_allclose(v, dense[r, c], atol=1e-9)

    vecs = HashingEmbedder(32).embed([c.text for c in cands])
    _, emb = F._matrices(cands, HashingEmbedder(32))
    okeys = F._outlet_codes(cands)
    ok = np.array([F._alignable(c) for c in cands])
    cross = (okeys[:, None] != okeys[None, :]) & ok[:, None] & ok[None, :]
    raw = (vecs.astype(np.float16).astype(np.float32) @ vecs.astype(np.float16).astype(np.float32).T)
    model = F._model_for("minilm")
    want_bg = float(np.clip(raw[cross].mean(), *model.background[:2]))
    assert emb.background == pytest.approx(want_bg, abs=1e-6)
    want = (raw - want_bg) * model.emb_scale
    np.fill_diagonal(want, 1.0)
    np.testing.assert_allclose(emb.dense(), want, atol=1e-5)
