"""OnlineClusterer at stream scale: state that follows the time window, retirement that
changes no decision, compact records for stories that left the window."""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime, timedelta

from newsprism.cluster.features import Vocabulary
from newsprism.cluster.online import OnlineClusterer, OnlineConfig, _Retired
from newsprism.models import Article

T0 = datetime(2025, 1, 6, 6, 0, tzinfo=UTC)

_SYL = ["ka", "lo", "mer", "ta", "vin", "dos", "ru", "pel", "sa", "nor", "bi", "gan", "te", "lum"]


def _word(r: random.Random) -> str:
    return "".join(r.choice(_SYL) for _ in range(3))


def _stream(n: int, per_day: int, seed: int = 3) -> list[Article]:
    """``n`` articles in time order, ``per_day`` a day, in stories of 1-5 articles over
    up to two days. Each story has its own invented topic words and a capitalised name;
    an article mixes six of its story's topic words with filler words shared by all."""
    r = random.Random(seed)
    filler = [_word(r) for _ in range(300)]
    days = n / per_day
    arts: list[Article] = []
    s = 0
    while len(arts) < n:
        topic = [_word(r) for _ in range(10)]
        name = _word(r).capitalize() + " " + _word(r).capitalize()
        start = T0 + timedelta(days=r.random() * days)
        for k in range(min(r.randint(1, 5), n - len(arts))):
            words = r.sample(topic, 6) + r.sample(filler, 20)
            r.shuffle(words)
            arts.append(
                Article(
                    id=f"s{s}-{k}",
                    title=f"{name} {' '.join(topic[:3])}",
                    text=f"{name} said. " + " ".join(words) + ".",
                    published=start + timedelta(hours=r.random() * 48 * (k > 0)),
                )
            )
        s += 1
    return sorted(arts, key=lambda a: (a.published, a.id))


def _run(arts: list[Article], **cfg: object) -> tuple[OnlineClusterer, list]:
    oc = OnlineClusterer(config=OnlineConfig(use_embeddings=False, **cfg))  # type: ignore[arg-type]
    return oc, [oc.add(a) for a in arts]


def test_retiring_stories_changes_no_assignment() -> None:
    """Stories that left the window become compact records; every decision, story and
    merge is the same as with retirement held off for the whole stream."""
    arts = _stream(800, per_day=40)  # 20 days through a 7-day window
    kept, got_kept = _run(arts, retire_every=10**9)
    retired, got_retired = _run(arts, retire_every=50)
    assert got_retired == got_kept
    assert [s.model_dump() for s in retired.stories()] == [s.model_dump() for s in kept.stories()]
    assert retired.merges == kept.merges
    # not vacuous: stories did join, and most of them were retired along the way
    assert max(len(s.article_ids) for s in retired.stories()) > 1
    st = retired.stats()
    assert st["active_stories"] < st["stories"] / 2
    assert kept.stats()["active_stories"] == kept.stats()["stories"]


def test_state_follows_the_window_not_the_stream() -> None:
    arts = _stream(2000, per_day=60)  # 33 days
    oc = OnlineClusterer(config=OnlineConfig(use_embeddings=False, retire_every=100))
    sizes = []
    for i, a in enumerate(arts, 1):
        oc.add(a)
        if i in (1000, 2000):
            sizes.append(oc.stats())
    half, full = sizes
    # the window (7 days + 1 of slack, 60 articles a day) holds a few hundred stories
    # whether 16 or 33 days went by; the duplicate index follows it too
    for key in ("active_stories", "dedup_indexed"):
        assert full[key] <= 1.25 * half[key], (key, half, full)
    assert full["active_stories"] < 0.4 * full["stories"]
    assert full["dedup_indexed"] <= 8 * 60 + 60
    # postings name live stories, plus at most the stories retired since the last
    # compaction of the posting lists (at least 1,000 or the number in the window)
    posted = {i for post in oc._postings.values() for i in post}  # noqa: SLF001
    dead = [i for i in posted if not oc._stories[i].active]  # noqa: SLF001
    assert len(posted) - len(dead) == full["active_stories"]
    assert len(dead) <= max(1000, full["active_stories"]) + len(oc.merges)
    # every story and member is still listed; ids stay put
    assert sum(len(s.article_ids) for s in oc.stories()) == len(arts)
    first = arts[0]
    assert oc.story_of(first.id) == next(s.id for s in oc.stories() if first.id in s.article_ids)
    assert isinstance(oc._story(oc._where[first.id]), _Retired)  # noqa: SLF001


def _work_per_chunk(arts: list[Article], chunk: int, **cfg: object) -> list[dict[str, float]]:
    oc = OnlineClusterer(config=OnlineConfig(use_embeddings=False, **cfg))  # type: ignore[arg-type]
    per: list[dict[str, float]] = []
    prev = dict(oc.work)
    for i, a in enumerate(arts, 1):
        oc.add(a)
        if i % chunk == 0:
            per.append({k: (oc.work[k] - prev[k]) / chunk for k in oc.work})
            prev = dict(oc.work)
    return per


def test_work_per_article_follows_the_window_not_the_stream() -> None:
    """The counted work (posting entries read, stories popped and scored, window upkeep)
    per article stays level once the window is full, however long the stream has run.
    Posting lists keep retired stories until a compaction, so the count saw-tooths: the
    test compares means over several compaction periods."""
    arts = _stream(8000, per_day=60)  # 133 days through a 7-day window
    per = _work_per_chunk(arts, 1000, retire_every=100)
    early, late = per[1:4], per[4:]  # the window fills during the first thousand

    def mean(rows: list[dict[str, float]], k: str) -> float:
        return sum(r[k] for r in rows) / len(rows)

    for k in ("postings_read", "heap_pops", "scored", "upkeep"):
        assert 0 < mean(late, k) <= 1.3 * mean(early, k), (k, early, late)
    # not vacuous: without retiring, posting lists keep growing (up to the scan cap, which
    # 20 query terms over these 26-word articles reach within ~4,000 articles), and the
    # late work is well above the retiring run's (measured 1.6x)
    grow = _work_per_chunk(arts, 1000, use_time=False)
    assert mean(grow[4:], "postings_read") > 1.2 * mean(grow[1:4], "postings_read")
    assert mean(grow[4:], "postings_read") > 1.4 * mean(late, "postings_read")


def test_late_copy_of_an_undated_original_joins_its_retired_story() -> None:
    """An undated article never expires from the duplicate index; a copy that arrives
    after its story has left the window is still linked to it and listed in it."""
    text = (
        "Harbour crews in Estmark finished repairs on the quay on Monday after the storm "
        "surge, the port authority said, and the first ferries are due back within a week."
    )
    dated = Article(id="d0", title="Estmark quay repaired", text=text, published=T0)
    undated = Article(id="u0", title="Estmark quay repaired", text=text + " Updated.")
    oc = OnlineClusterer(config=OnlineConfig(use_embeddings=False, retire_every=5))
    first = oc.add(dated)
    assert oc.add(undated).story_id == first.story_id
    for a in _stream(40, per_day=2, seed=9):  # 20 days of other news
        oc.add(a.model_copy(update={"published": a.published + timedelta(days=30)}))
    assert isinstance(oc._story(oc._where["d0"]), _Retired)  # noqa: SLF001
    late = Article(id="c0", title="Estmark quay repaired", text=text + " Updated.")
    got = oc.add(late)
    assert got.story_id == first.story_id and got.duplicate_of == "d0"
    (story,) = [s for s in oc.stories() if s.id == first.story_id]
    assert story.article_ids == ["d0", "u0", "c0"]


def test_gold_replay_revives_a_retired_story() -> None:
    """Calibration replay (gold mode) may add to a story that left the window: it comes
    back to life with fresh centroids and keeps its id and members."""
    arts = _stream(200, per_day=10, seed=5)
    oc = OnlineClusterer(config=OnlineConfig(use_embeddings=False, retire_every=10, merge=False))
    for a in arts:
        oc.add(a, gold=a.id)  # every article its own gold story
    early = arts[0]
    assert isinstance(oc._story(oc._where[early.id]), _Retired)  # noqa: SLF001
    late = Article(
        id="late",
        title=early.title,
        text=early.text,
        published=arts[-1].published + timedelta(hours=1),
    )
    got = oc.add(late, gold=early.id)
    assert got.story_id == oc.story_of(early.id) and not got.is_new
    assert not isinstance(oc._story(oc._where[early.id]), _Retired)  # noqa: SLF001
    (story,) = [s for s in oc.stories() if s.id == got.story_id]
    assert story.article_ids == [early.id, "late"]
    assert story.last_seen == late.published


def test_vocabulary_forgets_least_recent_terms_and_recycles_their_ids() -> None:
    v = Vocabulary(max_terms=4)
    for doc in (["alpha", "beta"], ["gamma", "alpha"], ["delta"], ["epsilon", "zeta"]):
        v.observe(v.ids(doc))
    ids = dict(v._ids)  # noqa: SLF001
    assert v.over() and len(v) == 6
    # least recently seen first: beta (doc 1), then gamma/alpha (doc 2); alpha is kept
    assert v.forget(keep={ids["alpha"]}, to=3) == 3
    assert sorted(v._ids) == ["alpha", "epsilon", "zeta"]  # noqa: SLF001
    assert v.forgotten == 3 and not v.over()
    # kept and recent terms keep their ids and document frequencies
    assert {t: v._ids[t] for t in v._ids} == {t: ids[t] for t in ("alpha", "epsilon", "zeta")}  # noqa: SLF001
    assert v.idf(ids["alpha"]) == math.log((4 + 1) / (2 + 1)) + 1.0
    # forgotten ids are handed out again, smallest first, with a fresh frequency
    freed = sorted(ids[t] for t in ("beta", "gamma", "delta"))
    got = v.ids(["omega", "beta"])
    assert sorted(got) == freed[:2] and v._ids["omega"] == freed[0]  # noqa: SLF001
    v.observe(got)
    assert v.idf(v._ids["beta"]) == math.log((5 + 1) / (1 + 1)) + 1.0  # noqa: SLF001
    assert v.ids(["new"]) == {freed[2]: 1}
    assert v.ids(["newer"]) == {len(ids): 1}  # no free id left: a fresh one
    # nothing to forget below the target
    assert v.forget(keep=set(), to=100) == 0


def test_bounded_vocabulary_keeps_every_live_term_and_is_deterministic() -> None:
    arts = _stream(1500, per_day=20, seed=11)
    oc, got = _run(arts, vocab_max=1500, retire_every=50)
    again, got_again = _run(arts, vocab_max=1500, retire_every=50)
    assert got == got_again
    assert [s.model_dump() for s in oc.stories()] == [s.model_dump() for s in again.stories()]
    v = oc._vocab  # noqa: SLF001
    assert v.forgotten > 1000  # not vacuous: terms were forgotten many times over
    # bounded: at most what 50 articles add between two checks above the cap
    unbounded, got_unbounded = _run(arts, vocab_max=None, retire_every=50)
    assert len(v) < 2000 < len(unbounded._vocab)  # noqa: SLF001
    # every id a live story still uses names a term (no recycled id under a centroid)
    live = [oc._stories[i] for i in oc._active]  # noqa: SLF001
    used = set(oc._postings)  # noqa: SLF001
    for s in live:
        used |= set(s.body) | set(s.title_v) | set(s.ent) | s.indexed
    assert used and all(v._term[i] is not None for i in used)  # noqa: SLF001
    # stories still form (the bound forgets rare old terms, not the window's)
    assert max(len(s.article_ids) for s in oc.stories()) > 1
    joined = sum(not a.is_new for a in got) / len(got)
    joined_unbounded = sum(not a.is_new for a in got_unbounded) / len(got)
    assert abs(joined - joined_unbounded) < 0.05


def test_vocabulary_below_its_cap_changes_no_assignment() -> None:
    arts = _stream(600, per_day=40, seed=4)
    _, capped = _run(arts, vocab_max=10**6)
    _, free = _run(arts, vocab_max=None)
    assert capped == free


def test_vocabulary_held_above_its_cap_waits_before_the_next_pass() -> None:
    v = Vocabulary(max_terms=4)
    v.observe(v.ids(["a", "b", "c", "d", "e", "f"]))
    held = set(v._ids.values())  # noqa: SLF001
    assert v.over() and v.forget(keep=held, to=3) == 0
    # nothing could go: no new pass until a quarter of the cap (1 term) more arrived
    assert not v.over()
    v.observe(v.ids(["g"]))
    assert not v.over()
    v.observe(v.ids(["h"]))
    assert v.over()
    assert v.forget(keep=set(), to=3) == 5 and len(v) == 3 and not v.over()
