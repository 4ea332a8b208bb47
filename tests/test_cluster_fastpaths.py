"""The clusterer's fast paths give exactly what the plain code they replace gives."""

from __future__ import annotations

import heapq
import math
import random
import re
from collections import Counter
from datetime import UTC, datetime, timedelta

import numpy as np
from datasketch import MinHash

from newsprism.cluster import features
from newsprism.cluster.dedup import NearDuplicateIndex, hash_shingles, shingles, signature
from newsprism.cluster.features import Vocabulary, cap_entities, words
from newsprism.cluster.online import OnlineClusterer, OnlineConfig
from newsprism.cluster.scoring import PairModel
from newsprism.models import Article

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


def _plain_ranking(oc: OnlineClusterer, keys: list[tuple[int, float]]) -> list[int]:
    """Stories by index hits, most first (ties: older), summed one key at a time."""
    hits: dict[int, float] = {}
    for term, w in keys:
        post = list(oc._postings.get(term, []))  # noqa: SLF001
        for idx in post[-oc.config.posting_scan :]:
            hits[idx] = hits.get(idx, 0.0) + w
    heap = [(-v, idx) for idx, v in hits.items()]
    heapq.heapify(heap)
    return [heapq.heappop(heap)[1] for _ in range(len(heap))]


class _CheckedClusterer(OnlineClusterer):
    """Checks every candidate look-up against the plain dict-and-heap ranking."""

    checked = 0

    def _candidates(self, doc):  # type: ignore[no-untyped-def]
        ranked = _plain_ranking(self, doc.keys)
        want = []
        for idx in ranked:
            s = self._stories[idx]
            if idx not in self._alias and s.active and self._in_window(s, doc.at):
                want.append(s)
                if len(want) == self.config.candidates:
                    break
        got = super()._candidates(doc)
        assert got == want
        self.checked += bool(want)
        return got


def _topic_stream(n: int, seed: int = 11) -> list[Article]:
    """Stories of 1-6 articles drawn from 40 overlapping topics (shared words make many
    stories hit the same keys, with ties), four hours apart on average."""
    r = random.Random(seed)
    vocab = [f"w{i}" for i in range(400)]
    topics = [r.sample(vocab, 12) for _ in range(40)]
    arts = []
    t0 = datetime(2025, 3, 1, tzinfo=UTC)
    for s in range(n):
        topic = topics[r.randrange(len(topics))]
        start = t0 + timedelta(hours=4 * s + r.random())
        for k in range(r.randint(1, 6)):
            ws = r.sample(topic, 8) + r.sample(vocab, 10)
            arts.append(
                Article(
                    id=f"t{s}-{k}",
                    title=" ".join(ws[:4]),
                    text=f"Name{s % 7} Place{s % 5} said " + " ".join(ws) + ".",
                    published=start + timedelta(hours=r.random() * 30),
                )
            )
    return sorted(arts, key=lambda a: (a.published, a.id))


def test_candidate_lookup_ranks_as_the_plain_heap() -> None:
    # window of one day and retirement every 50 articles: postings hold retired and
    # merged stories too, and are compacted several times
    cfg = OnlineConfig(use_embeddings=False, window=timedelta(days=1), retire_every=50)
    oc = _CheckedClusterer(config=cfg)
    for a in _topic_stream(400):
        oc.add(a)
    assert oc.checked > 500
    assert oc.merges  # merged stories' ids stay in postings (skipped as aliases)


def test_compacting_postings_keeps_the_live_stories_in_order() -> None:
    cfg = OnlineConfig(use_embeddings=False, window=timedelta(days=1), retire_every=10**9)
    oc = OnlineClusterer(config=cfg)
    for a in _topic_stream(200):
        oc.add(a)
    oc._retire(oc._now + timedelta(days=1))  # noqa: SLF001  (retires without compacting)
    before = {t: list(p) for t, p in oc._postings.items()}  # noqa: SLF001
    live = set(oc._active)  # noqa: SLF001
    assert any(i not in live for p in before.values() for i in p)
    oc._compact_postings()  # noqa: SLF001
    want = {t: [i for i in p if i in live] for t, p in before.items()}
    assert {t: list(p) for t, p in oc._postings.items()} == {t: p for t, p in want.items() if p}  # noqa: SLF001


def test_lsh_band_keys_find_what_datasketch_query_finds() -> None:
    rng = random.Random(9)
    base = [f"w{i}" for i in range(60)]
    idx = NearDuplicateIndex()
    texts = []
    for i in range(300):
        ws = rng.sample(base, 30) if i % 3 else list(texts[-1]) if texts else rng.sample(base, 30)
        if i % 3 == 0 and texts:
            ws[rng.randrange(len(ws))] = f"x{i}"  # a near copy of the previous text
        texts.append(ws)
        idx.check_and_add(f"k{i}", " ".join(ws))
    for ws in texts[:50]:
        sig = signature(shingles(" ".join(ws)), idx._perms)  # noqa: SLF001
        mh = MinHash(num_perm=64, seed=1, hashvalues=sig, scheme="affine32")
        found: set = set()
        for band, table in zip(idx._bands(sig), idx._lsh.hashtables, strict=True):  # noqa: SLF001
            found.update(table.get(band))
        assert found == set(idx._lsh.query(mh))  # noqa: SLF001
        assert found


def test_vocabulary_vector_and_counts_match_the_plain_formula() -> None:
    rng = random.Random(4)
    v = Vocabulary()
    df: dict[str, int] = {}
    for d in range(300):  # past 1,024 ids: the per-id arrays grow
        body = [f"t{rng.randrange(3000)}" for _ in range(40)]
        ents = ["\x00e"] + [f"t{rng.randrange(3000)}" for _ in range(3)]  # some also in body
        bc, ec = v.ids(body), v.ids(ents)
        v.observe(bc, ec)
        for t in set(body) | set(ents):
            df[t] = df.get(t, 0) + 1
        n1 = d + 2
        plain = {
            v._ids[t]: (1.0 + math.log(c)) * (math.log(n1 / (df[t] + 1)) + 1.0)  # noqa: SLF001
            for t, c in Counter(body).items()
        }
        keep = sorted(plain, key=lambda i: (-plain[i], i))[:25]
        plain = {i: plain[i] for i in keep}
        norm = math.sqrt(sum(x * x for x in plain.values()))
        assert list(v.vector(bc, 25).items()) == [(i, x / norm) for i, x in plain.items()]
    assert len(v) > 1024
