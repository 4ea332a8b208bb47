"""Sentence vectors kept in the store: computed once per (embedder, text), read back after.

Real SQLite stores; the embedder is the deterministic HashingEmbedder wrapped in a counter,
so the tests need no model.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from newsprism.embed import HashingEmbedder
from newsprism.embed.stored import StoredEmbedder, decode, encode, round_vectors, text_hash
from newsprism.models import Article
from newsprism.pipeline import embed_sentences
from newsprism.settings import Settings
from newsprism.store import Store


class Counting:
    """A HashingEmbedder that records every text it was asked to embed."""

    def __init__(self, name: str = "hashing") -> None:
        self._inner = HashingEmbedder(dim=32)
        self.name = name
        self.dim = 32
        self.seen: list[str] = []

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.seen.extend(texts)
        return self._inner.embed(texts)


def test_vectors_are_computed_once_and_read_back_from_the_store(db_url: str) -> None:
    texts = ["The minister vetoed the trip.", "Forty people were evacuated.", "The minister vetoed the trip."]
    with Store(db_url) as store:
        first = Counting()
        emb = StoredEmbedder(first, store)
        v1 = emb.embed(texts)
        assert first.seen == texts[:2]  # the repeated text is embedded once
        assert (emb.computed, emb.loaded) == (2, 0)
        np.testing.assert_array_equal(v1[0], v1[2])
    # a new process (new store object, new embedder) computes nothing
    with Store(db_url) as store:
        second = Counting()
        emb2 = StoredEmbedder(second, store)
        v2 = emb2.embed([texts[1], texts[0], "A new sentence about the fire."])
        assert second.seen == ["A new sentence about the fire."]
        assert (emb2.computed, emb2.loaded) == (1, 2)
        np.testing.assert_array_equal(v2[0], v1[1])
        np.testing.assert_array_equal(v2[1], v1[0])


def test_stored_vectors_equal_fresh_ones_rounded_through_float16(db_url: str) -> None:
    texts = ["Firefighters had the blaze under control by noon.", "Nobody died."]
    fresh = HashingEmbedder(dim=32).embed(texts)
    with Store(db_url) as store:
        got = StoredEmbedder(Counting(), store).embed(texts)
    np.testing.assert_array_equal(got, round_vectors(fresh))
    assert np.abs(got - fresh).max() < 1e-3


def test_vectors_are_kept_per_embedder_and_token_limit(db_url: str) -> None:
    with Store(db_url) as store:
        a, b = Counting("model-a"), Counting("model-b")
        StoredEmbedder(a, store).embed(["one sentence here"])
        StoredEmbedder(b, store).embed(["one sentence here"])
        assert a.seen == b.seen == ["one sentence here"]
        c = Counting("model-a")
        c.max_tokens = 64  # type: ignore[attr-defined]
        StoredEmbedder(c, store).embed(["one sentence here"])
        assert c.seen == ["one sentence here"]  # a different cut is a different vector
        h = text_hash("one sentence here")
        assert set(store.get_sentence_vectors("model-a", [h])) == {h}
        assert store.get_sentence_vectors("model-a@64", [h])
        assert store.get_sentence_vectors("nobody", [h]) == {}


def test_bytes_of_the_wrong_size_are_recomputed(db_url: str) -> None:
    with Store(db_url) as store:
        h = text_hash("a damaged row")
        assert store.save_sentence_vectors("hashing", {h: b"\x00\x01"}) == 1
        assert store.save_sentence_vectors("hashing", {h: b"\x00\x02"}) == 0  # kept, not replaced
        assert decode(b"\x00\x01", 32) is None
        emb = StoredEmbedder(Counting(), store)
        v = emb.embed(["a damaged row"])
        assert emb.computed == 1
        assert abs(float(np.linalg.norm(v[0])) - 1.0) < 1e-2
    assert decode(encode(np.ones(4, dtype=np.float32)), 4) is not None


def test_embed_sentences_stores_what_the_comparison_embeds(
    db_url: str, tmp_path: Path, monkeypatch: object
) -> None:
    """The NLP-stage step embeds exactly the comparison's sentence texts, once."""
    import newsprism.compare.facts as F

    counting = Counting()
    monkeypatch.setattr(F, "story_embedder", lambda choice="auto": counting)  # type: ignore[attr-defined]
    arts = [
        Article(id="a1", title="Fire", text="A fire broke out at the plant on Monday. Forty people left.", outlet="One"),
        Article(id="a2", title="Blaze", text="A blaze hit the plant. Nobody died in the fire at the plant.", outlet="Two"),
    ]
    with Store(db_url) as store:
        for a in arts:
            store.upsert_article(a)
        n = embed_sentences(arts, {}, Settings(), store)
        want = F.sentence_texts(arts, {})
        assert n == len(set(want)) > 0
        assert sorted(counting.seen) == sorted(set(want))
        assert embed_sentences(arts, {}, Settings(), store) == 0  # all stored already
        assert embed_sentences(arts, {}, Settings(embeddings=False), store) == 0


@pytest.mark.model
def test_analyze_stores_vectors_so_comparing_again_embeds_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``analyze`` on the demo corpus: the NLP stage stores every sentence vector the
    comparison needs; re-building the dossiers embeds nothing, and the stored-vector dossier
    equals the one built straight from the embedder (float16 rounding on both paths)."""
    import newsprism.compare.facts as F
    from newsprism.compare import build_story_dossier
    from newsprism.nlp import resolve_entities
    from newsprism.pipeline import DEMO_CORPUS, analyze, build_dossiers, stories_of

    counting = Counting()
    monkeypatch.setattr(F, "story_embedder", lambda choice="auto": counting)
    settings = Settings(db=f"sqlite:///{tmp_path / 'demo.db'}")
    srcs = [str(p) for p in sorted(DEMO_CORPUS.iterdir()) if p.suffix in (".txt", ".html")]
    with Store(settings.db) as store:
        report = analyze(srcs, settings, store)
        assert report.stories and report.timings.get("nlp.vectors", 0) > 0
        arts = store.articles(report.article_ids)
        analyses = store.get_analyses(report.article_ids)
        texts = F.sentence_texts(arts, analyses)
        stored = store.get_sentence_vectors(counting.name, [text_hash(t) for t in texts])
        assert len(stored) == len(set(texts))
        assert sorted(counting.seen) == sorted(set(texts))  # each sentence embedded once
        before = len(counting.seen)
        again = build_dossiers(arts, analyses, settings, store=store, stories=stories_of(report.article_ids, store))
        assert len(counting.seen) == before  # the comparison read every vector
        story = again[0]
        members = [a for a in arts if a.id in {r.id for r in story.articles}]
        ans = [analyses[a.id] for a in members]
        direct = build_story_dossier(
            store.get_story(story.id), members, {an.article_id: an for an in ans},
            resolve_entities(members, ans, {}), embedder=HashingEmbedder(dim=32),
        )
        assert [f.id for f in direct.facts] == [f.id for f in story.facts]
