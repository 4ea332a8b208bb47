"""The join/new decision: a logistic regression over article-story pair features.

Features of an (article, candidate story) pair, all cheap:

``body``  cosine of the article's tf-idf body vector and the story's body centroid
``title`` cosine of the title vector and the story's title centroid
``brel``  ``erel`` (below) for the tf-idf body vector: the article's mean body cosine to the
          story's members minus the members' mean cosine to each other, read off the body
          centroid (a sum of unit vectors; approximate once a centroid of ~8+ members has
          been pruned to ``centroid_keep`` terms). The runs without an embedder have no
          ``erel``; with ``brel`` their tuning-half criterion rose 0.8715 -> 0.8828
          (seventh round), the full model's 0.9117 -> 0.9163.
``ent``   cosine of the capitalised-phrase ("entity") vector and the story's entity centroid
``emb``   cosine of the sentence embedding and the story's mean embedding (optional)
``erel``  with ``emb``: the article's mean embedding cosine to the story's members minus
          the story's own cohesion (mean cosine between two members; 0 for a story of
          one), both read off the sum of unit vectors (``|S|^2 = n + 2 * sum of pairwise
          cosines``), so no member vectors are kept. A tight story (three reports of
          one event) asks more of a newcomer than a loose one (news plus opinion
          columns); the centroid cosine alone rewards a loose story's newcomer less and
          a tight story's more. Tuning half: criterion 0.8949 -> 0.9076.
``gap``   ``s * ln(1 + hours)`` between the article and the story's ``[first, last]`` span
``age``   ``s * ln(1 + hours)`` since the story's first article (events are anchored at
          their start: a story that keeps getting articles must not drift on for weeks)
``gapd``, ``aged``  the same intervals linear, ``s * days``. With the log alone the
          fitted decay flattened after a day, and the next day's follow-up on the same
          topic (a separate story in the AllSides roundups) joined; log plus linear lets
          the model fit a rise-then-fall (fitted: positive log, strongly negative linear
          weight), which raised pairwise F1 on the tuning half from 0.83 to 0.86.

where ``s`` is the mean of the body and title cosines: time only *decays* similarity.
A standalone time feature learned "same hour => same story" from AllSides/BASIL, where
few unrelated stories start within an hour of each other, and so joined unrelated
articles of a busy hour; as an interaction it cannot add evidence where the text has none.

``P(same story | features) = sigmoid(w . x + b)`` is fitted on a tuning half of labelled
stories (:func:`fit_models`): the stream is replayed in time order with the gold stories
as the state, every retrieved candidate of every article becomes one example (label 1
when it is the article's gold story). This follows Miranda et al. (EMNLP 2018), who fit
a linear model on such pairs over TF-IDF similarities of tokens, lemmas and entities
plus time features. One model is fitted per subset of the optional features, so an
article without a date, or a run without an embedder, uses the model fitted without that
feature rather than a zero that the weights never saw.

An article joins its most probable candidate when that probability reaches the
variant's ``threshold``; the same model decides merges of two stories (their centroids as
the pair) against ``OnlineConfig.merge_threshold``. Both cuts are chosen on the tuning
half by one documented criterion, the mean of BCubed F1 and pairwise F1 of the online
clustering (``newsprism.bench.cluster.tune_threshold``): first the join cut over 0.20 ..
0.80, each with merges at that cut and at 0.99, then the merge cut among it and 0.6 ..
0.99. Ties go to the cut nearest 0.5, the even-odds point of a calibrated model, then to
the stricter merge cut (seventh round; before, the lower). Measured
there: join 0.45, merge 0.8.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import combinations
from typing import Any

__all__ = [
    "BASE_FEATURES",
    "OPTIONAL_FEATURES",
    "PairModel",
    "ModelSet",
    "fit_pair_model",
    "fit_models",
    "DEFAULT_MODELS",
    "DEFAULT_SPLIT_MODELS",
    "SPLIT_CONFIG",
]

BASE_FEATURES: tuple[str, ...] = ("body", "title", "brel")
OPTIONAL_FEATURES: tuple[str, ...] = ("ent", "emb", "time")
#: features each optional group brings
TIME_FEATURES: tuple[str, ...] = ("gap", "age", "gapd", "aged")
EMB_FEATURES: tuple[str, ...] = ("emb", "erel")
GROUPS: dict[str, tuple[str, ...]] = {"ent": ("ent",), "emb": EMB_FEATURES, "time": TIME_FEATURES}
ALL_FEATURES: tuple[str, ...] = BASE_FEATURES + ("ent",) + EMB_FEATURES + TIME_FEATURES


@dataclass(frozen=True)
class PairModel:
    """One fitted logistic regression over a fixed tuple of features."""

    features: tuple[str, ...]
    weights: tuple[float, ...]
    intercept: float
    threshold: float = 0.5

    def logit(self, x: Mapping[str, float]) -> float:
        # products and their left-to-right sum in C: the same floats as a generator's
        return self.intercept + sum(map(operator.mul, self.weights, map(x.__getitem__, self.features)))

    def prob(self, x: Mapping[str, float]) -> float:
        z = self.logit(x)
        if z >= 0:
            return 1.0 / (1.0 + math.exp(-z))
        e = math.exp(z)
        return e / (1.0 + e)

    def to_dict(self) -> dict[str, object]:
        return {
            "features": list(self.features),
            "weights": [round(w, 4) for w in self.weights],
            "intercept": round(self.intercept, 4),
            "threshold": round(self.threshold, 3),
        }


def _key(features: Iterable[str]) -> tuple[str, ...]:
    fs = set(features)
    return tuple(f for f in ALL_FEATURES if f in fs)


class ModelSet:
    """Pair models keyed by their feature tuple; ``get`` picks the one for what is available."""

    def __init__(self, models: Iterable[PairModel]) -> None:
        self._models = {_key(m.features): m for m in models}
        self._memo: dict[tuple[str, ...], PairModel] = {}

    def get(self, available: Iterable[str]) -> PairModel:
        """The model for the features ``available`` (memoised per key tuple, in the order given)."""
        given = tuple(available)
        m = self._memo.get(given)
        if m is None:
            m = self._memo[given] = self._lookup(given)
        return m

    def _lookup(self, available: tuple[str, ...]) -> PairModel:
        k = _key(available)
        m = self._models.get(k)
        if m is None:
            # fall back to the richest model using only available features
            best = max(
                (mk for mk in self._models if set(mk) <= set(k)),
                key=lambda mk: (len(mk), mk),
                default=None,
            )
            if best is None:
                raise KeyError(f"no pair model for features {k}")
            m = self._models[best]
        return m

    def with_thresholds(self, thresholds: Mapping[tuple[str, ...], float]) -> ModelSet:
        return ModelSet(
            replace(m, threshold=thresholds.get(k, m.threshold)) for k, m in self._models.items()
        )

    def models(self) -> list[PairModel]:
        return list(self._models.values())

    def to_dict(self) -> dict[str, object]:
        return {"+".join(k): m.to_dict() for k, m in self._models.items()}

    @classmethod
    def from_dict(cls, d: Mapping[str, Mapping[str, Any]]) -> ModelSet:
        out = []
        for v in d.values():
            feats = tuple(str(f) for f in v["features"])
            ws = tuple(float(w) for w in v["weights"])
            out.append(PairModel(feats, ws, float(v["intercept"]), float(v.get("threshold", 0.5))))
        return cls(out)


def fit_pair_model(
    rows: Sequence[Mapping[str, float]],
    labels: Sequence[int],
    features: Sequence[str],
    c: float = 1.0,
) -> PairModel:
    """Fit one logistic regression (scikit-learn, lbfgs, L2 with ``C=c``) on pair rows."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    feats = _key(features)
    x = np.array([[r[f] for f in feats] for r in rows], dtype=float)
    y = np.array(labels, dtype=int)
    if len(set(y.tolist())) < 2:
        raise ValueError("need both joined and not-joined pairs to fit a pair model")
    lr = LogisticRegression(C=c, max_iter=1000)
    lr.fit(x, y)
    return PairModel(feats, tuple(float(w) for w in lr.coef_[0]), float(lr.intercept_[0]))


def fit_models(
    rows: Sequence[Mapping[str, float]], labels: Sequence[int], c: float = 1.0
) -> ModelSet:
    """One model per subset of the optional features (rows must carry all features;
    rows lacking an optional feature, e.g. undated, are used only by models without it);
    ``c``: the L2 strength of :func:`fit_pair_model`."""
    models = []
    for r in range(len(OPTIONAL_FEATURES) + 1):
        for opt in combinations(OPTIONAL_FEATURES, r):
            feats = BASE_FEATURES + tuple(f for g in opt for f in GROUPS[g])
            sel = [i for i, row in enumerate(rows) if all(f in row for f in feats)]
            if not sel:
                continue
            try:
                models.append(
                    fit_pair_model([rows[i] for i in sel], [labels[i] for i in sel], feats, c)
                )
            except ValueError:
                continue
    return ModelSet(models)


# Fitted by ``newsprism.bench.cluster`` on the tuning half (BASIL + AllSides roundups,
# stories whose id hash is even; 1,764 candidate pairs); join cut 0.45 and merge cut 0.8
# chosen there (see the module docstring). The models without embeddings refit exactly as
# in the previous round (``erel`` only exists with embeddings), so runs without an
# embedder cluster as before. Re-run the bench and paste its ``models`` output here.
# They predate ``brel`` (seventh round): ``ModelSet.get`` falls back to the richest model
# among them, so the product clusters as before; only the bench's refitted models use it.
DEFAULT_MODELS = ModelSet(
    [
        PairModel(
            ("body", "title"),
            (7.9176, 5.0076),
            -3.4938,
            0.45,
        ),
        PairModel(
            ("body", "title", "ent"),
            (6.8923, 4.7705, 1.7417),
            -3.6669,
            0.45,
        ),
        PairModel(
            ("body", "title", "emb", "erel"),
            (4.2559, 2.5497, 2.8537, 6.671),
            -3.0088,
            0.45,
        ),
        PairModel(
            ("body", "title", "gap", "age", "gapd", "aged"),
            (6.3397, 4.1968, 2.4857, 2.03, -2.7126, -7.3541),
            -2.7914,
            0.45,
        ),
        PairModel(
            ("body", "title", "ent", "emb", "erel"),
            (3.7667, 2.4373, 1.0445, 2.7446, 6.6631),
            -3.0903,
            0.45,
        ),
        PairModel(
            ("body", "title", "ent", "gap", "age", "gapd", "aged"),
            (5.5706, 4.1655, 2.0121, 2.3172, 1.8731, -2.5762, -7.2841),
            -2.952,
            0.45,
        ),
        PairModel(
            ("body", "title", "emb", "erel", "gap", "age", "gapd", "aged"),
            (3.6311, 2.6709, 3.9217, 4.6202, 1.7087, 1.2616, -2.1955, -6.0807),
            -3.0293,
            0.45,
        ),
        PairModel(
            ("body", "title", "ent", "emb", "erel", "gap", "age", "gapd", "aged"),
            (3.2567, 2.7191, 1.2048, 3.7956, 4.6101, 1.6161, 1.1863, -2.1504, -6.0522),
            -3.1083,
            0.45,
        ),
    ]
)


# The split repair's models (``OnlineClusterer.split_models``; eighth clustering round):
# group pairs, a story's older members against its newer ones, scored like a merge.
# Fitted like ``DEFAULT_MODELS``, by ``newsprism.bench.cluster.calibrate_split`` on the
# tuning half of the dated stream (BASIL + AllSides roundups, the bench's default stamps;
# 2,680 group pairs; embeddings MiniLM): the bench's ``split_models`` output, pasted. The
# four models without embeddings are those a fit without an embedder gives, to the digit
# (the gold replay retrieves and cuts alike without one). All carry ``brel``: it is
# computed for every group pair. Their ``threshold`` is unused: the cut is
# ``OnlineConfig.split_threshold`` (below).
DEFAULT_SPLIT_MODELS = ModelSet(
    [
        PairModel(
            ("body", "title", "brel"),
            (4.4561, 3.6825, 10.1525),
            -1.3086,
        ),
        PairModel(
            ("body", "title", "brel", "ent"),
            (4.1523, 3.5975, 10.1225, 0.5207),
            -1.3609,
        ),
        PairModel(
            ("body", "title", "brel", "emb", "erel"),
            (2.2075, 1.702, 4.8403, 2.2174, 7.54),
            -1.1365,
        ),
        PairModel(
            ("body", "title", "brel", "gap", "age", "gapd", "aged"),
            (5.7357, 5.1636, 9.0157, 1.5629, -1.4908, -1.5382, -1.499),
            -1.0338,
        ),
        PairModel(
            ("body", "title", "brel", "ent", "emb", "erel"),
            (2.0588, 1.6435, 4.8236, 0.302, 2.1814, 7.5655),
            -1.1497,
        ),
        PairModel(
            ("body", "title", "brel", "ent", "gap", "age", "gapd", "aged"),
            (5.1858, 5.1737, 8.8784, 1.1872, 1.4998, -1.619, -1.5088, -1.4517),
            -1.1279,
        ),
        PairModel(
            ("body", "title", "brel", "emb", "erel", "gap", "age", "gapd", "aged"),
            (3.4844, 3.6498, 3.8538, 3.3475, 6.5051, 0.9691, -1.8172, -1.037, -1.3356),
            -1.2877,
        ),
        PairModel(
            ("body", "title", "brel", "ent", "emb", "erel", "gap", "age", "gapd", "aged"),
            (3.1819, 3.6475, 3.7407, 0.8605, 3.2527, 6.6059, 0.8929, -1.8748, -1.051, -1.2676),
            -1.3264,
        ),
    ]
)

#: The split repair's settings for the product (``newsprism ingest/analyze/watch --split``):
#: chosen together on the same tuning half for the product's join models
#: (``DEFAULT_MODELS`` at 0.45), by the bench's criterion (mean of BCubed and pairwise F1),
#: over split cuts 0.6 .. 0.99 and merge cuts 0.8 / 0.9 / 0.99, with and without embeddings
#: (both chose this pair). The merge cut is stricter than the default 0.8 because with
#: splits on a 0.8 merge joins split parts again (docs/choices.md, "Story splits in the
#: product").
SPLIT_CONFIG: dict[str, float] = {"split_threshold": 0.9, "merge_threshold": 0.99}
