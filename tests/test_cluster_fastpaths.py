"""The clusterer's fast paths give exactly what the plain code they replace gives."""

from __future__ import annotations

import math
import random
import re

import numpy as np
from datasketch import MinHash

from newsprism.cluster import features
from newsprism.cluster.dedup import hash_shingles, signature
from newsprism.cluster.features import cap_entities, words
from newsprism.cluster.scoring import PairModel

_PLAIN_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


def test_words_without_underscores_match_the_plain_pattern() -> None:
    texts = [
        "Rock'n'roll isn’t dead: O'Neill's 3,000 fans—and a''b, 'quoted' ’tis.",
        "Ünïcödé Straße: naïve café, ½ and ² and ٣ digits; snake_case_name stays split",
        "tabs\tand\nnew lines, x_y, __init__, a_’b, _leading and trailing_",
    ]
    for t in texts:
        assert words(t) == _PLAIN_WORD.findall(t.lower())
    # the pattern without "_" is the one taken for text with no underscore
    assert words("a_b c") == ["a", "b", "c"]


def _plain_cap_entities(text: str) -> list[str]:
    out: list[str] = []
    for m in features._CAP_PHRASE.finditer(text):
        ws = m.group().replace("’", "'").split()
        while ws and ws[0].lower().strip(".") in features._LEAD_FUNCTION:
            ws = ws[1:]
        while ws and ws[-1].lower() in features._LEAD_FUNCTION:
            ws = ws[:-1]
        if not ws:
            continue
        ws = [w[:-2] if w.endswith("'s") else w.rstrip(".,") for w in ws]
        phrase = " ".join(ws).lower()
        if len(phrase) < 2:
            continue
        out.append(phrase)
        if len(ws) > 1 and len(ws[-1]) > 2:
            out.append(ws[-1].lower())
    return out


def test_memoised_entities_match_the_plain_loop() -> None:
    text = (
        "The Supreme Court heard Maria Butina’s case. Sen. Mitch McConnell and the NRA "
        "met in New York on Monday. The Court of Appeals for the Ninth Circuit ruled; "
        "Maria Butina’s lawyers said Monday that The NRA would appeal. A. B."
    )
    assert cap_entities(text) == _plain_cap_entities(text)
    assert cap_entities(text) == _plain_cap_entities(text)  # second time from the memo


def test_tf_table_is_the_inline_formula() -> None:
    for c in (1, 2, 3, 7, 100, 12345):
        assert features._TF[c] == 1.0 + math.log(c)


def test_logit_sums_left_to_right_like_the_generator() -> None:
    rng = random.Random(3)
    feats = ("body", "title", "ent", "gap", "age")
    m = PairModel(feats, tuple(rng.uniform(-8, 8) for _ in feats), -3.1)
    for _ in range(200):
        x = {f: rng.random() for f in feats}
        plain = sum(w * x[f] for f, w in zip(feats, m.weights, strict=True))
        assert m.logit(x) == m.intercept + plain


def test_signature_matches_datasketch_affine32() -> None:
    rng = random.Random(5)
    mh0 = MinHash(num_perm=64, seed=1, scheme="affine32")
    perms = np.asarray(mh0.permutations)
    for n in (0, 1, 3, 4, 50, 700):
        hs = [rng.getrandbits(32) for _ in range(n)]
        sh = hash_shingles(hs)
        ref = MinHash(num_perm=64, seed=1, scheme="affine32")
        ref.hashvalues = np.full(64, 0xFFFFFFFF, dtype=np.uint64)
        if sh.size:
            a, b = perms
            ref.hashvalues = np.minimum(
                ref.hashvalues, ((np.outer(sh, a) + b) & np.uint64(0xFFFFFFFF)).min(axis=0)
            )
        assert np.array_equal(signature(sh, perms), ref.hashvalues)
