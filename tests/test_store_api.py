"""The Store API, run against SQLite (always) and PostgreSQL: the server NEWSPRISM_TEST_PG_URL
names, else a throwaway one the test run starts when PostgreSQL is installed (conftest.py,
pgserver.py).

PostgreSQL runs each test in a fresh schema of that database (dropped afterwards), so the
URL may point at any database the user can create schemas in.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone

import pytest

from newsprism.errors import StoreError, UsageError
from newsprism.ids import content_hash
from newsprism.models import (
    Article,
    ArticleAnalysis,
    ArticleRef,
    Citation,
    ConflictValue,
    Entity,
    Evidence,
    Fact,
    Framing,
    FramingTerm,
    Mention,
    Quote,
    Sentence,
    Span,
    Story,
    StoryDossier,
)
from newsprism.store import Store

PG_URL = os.environ.get("NEWSPRISM_TEST_PG_URL")
T0 = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


def test_postgresql_backend_configured() -> None:
    """Says (as one skip) that the PostgreSQL run of this module is off."""
    if not PG_URL:
        why = os.environ.get("NEWSPRISM_TEST_PG_WHY", "")
        pytest.skip(f"no PostgreSQL for the store tests ({why}); install it or set NEWSPRISM_TEST_PG_URL")


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, db_url: str) -> Iterator[str]:
    if request.param == "sqlite":
        yield db_url
        return
    assert PG_URL
    from sqlalchemy import create_engine, make_url, text

    schema = "np_test_" + uuid.uuid4().hex[:12]
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield (
            make_url(PG_URL)
            .update_query_dict({"options": f"-csearch_path={schema}"})
            .render_as_string(hide_password=False)
        )
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture()
def store(store_url: str) -> Iterator[Store]:
    with Store(store_url) as s:
        yield s


def art(id: str, title: str = "A title", text: str = "Some body text.", **kw: object) -> Article:
    kw.setdefault("content_hash", content_hash(text))
    return Article(id=id, title=title, text=text, **kw)  # type: ignore[arg-type]


def full_article() -> Article:
    text = (
        "Officials said on Monday that the bridge would reopen. “It is safe,” Mayor Jane Doe said."
    )
    return Article(
        id="a0123456789abcde",
        title="Bridge to reopen — mayor says “it is safe”",
        text=text,
        outlet="The Daily Example",
        url="https://www.example.com/news/bridge?id=1",
        published=datetime(2024, 3, 1, 9, 30, 15, 123456, tzinfo=timezone(timedelta(hours=2))),
        author="Ana Ñúñez",
        source="seeds/bridge.txt",
        content_hash=content_hash(text),
        language="en",
    )


def full_analysis(article_id: str) -> ArticleAnalysis:
    return ArticleAnalysis(
        article_id=article_id,
        sentences=[
            Sentence(
                index=0,
                start=0,
                end=55,
                text="Officials said on Monday that the bridge would reopen.",
            )
        ],
        mentions=[Mention(start=71, end=79, text="Jane Doe", label="PERSON", entity_id="e1")],
        quotes=[
            Quote(
                id="q1",
                article_id=article_id,
                text="It is safe",
                content=Span(start=57, end=67),
                direct=True,
                speaker="Jane Doe",
                speaker_kind="named",
                source=Span(start=66, end=79),
                source_text="Mayor Jane Doe",
                cue="said",
                cue_span=Span(start=80, end=84),
                cue_stance="neutral",
                sentence_index=1,
                descriptors={"rank": "mayor"},
            ),
            Quote(
                id="q2",
                article_id=article_id,
                text="the bridge would reopen",
                content=Span(start=30, end=53),
                direct=False,
                speaker=None,
                speaker_kind="anonymous",
                cue_stance="assertive",
                via="Reuters",
            ),
        ],
        citations=[
            Citation(
                article_id=article_id,
                cited="Reuters",
                cited_kind="agency",
                cue="according to",
                span=Span(start=0, end=7),
                sentence="According to Reuters, officials said so.",
                relays="two officials",
            )
        ],
        nlp_version="spacy-3.8/en_core_web_sm-3.8.0/np-1",
    )


def full_dossier(story_id: str, a: Article) -> StoryDossier:
    an = full_analysis(a.id)
    return StoryDossier(
        id=story_id,
        title="Bridge reopening",
        articles=[ArticleRef.of(a)],
        entities=[
            Entity(
                id="e1",
                name="Jane Doe",
                type="PERSON",
                aliases=["Doe", "Mayor Doe"],
                articles=[a.id],
                outlets=["The Daily Example"],
                roles={a.id: ["mayor"]},
            )
        ],
        quotes=an.quotes,
        citations=an.citations,
        facts=[
            Fact(
                id="f1",
                kind="conflict",
                summary="Reopening date differs",
                articles=[a.id],
                evidence=[
                    Evidence(article_id=a.id, sentence="reopen", start=0, end=55, outlet="X")
                ],
                topic="date",
                values=[ConflictValue(article_id=a.id, value="Monday", sentence="s", outlet=None)],
                independent=2,
            )
        ],
        framing=[
            Framing(
                article_id=a.id,
                outlet="X",
                terms=[FramingTerm(term="safe", score=0.1 + 0.2)],
                loaded=["slammed"],
                scare_quotes=["safe"],
            )
        ],
    )


# -- articles ---------------------------------------------------------------------------


def test_upsert_statuses(store: Store) -> None:
    a = art("a1", "Title", "Body one.")
    assert store.upsert_article(a) == "ingested"
    assert store.upsert_article(a) == "unchanged"
    assert store.upsert_article(a.model_copy(update={"title": "New title"})) == "updated"
    assert store.get_article("a1") == a.model_copy(update={"title": "New title"})
    assert store.upsert_article(a.model_copy(update={"author": "Someone"})) == "updated"
    assert store.count_articles() == 1


def test_same_content_hash_is_unchanged_even_if_whitespace_differs(store: Store) -> None:
    a = art("a1", "T", "Body   one.\n")
    store.upsert_article(a)
    b = a.model_copy(update={"text": "Body one."})
    assert b.content_hash == content_hash(b.text)
    assert store.upsert_article(b) == "unchanged"
    assert store.get_article("a1") == a  # the stored text (and its offsets) stay


def test_without_hash_text_is_compared(store: Store) -> None:
    a = Article(id="a1", title="T", text="one")
    store.upsert_article(a)
    assert store.upsert_article(a.model_copy(update={"text": "two"})) == "updated"
    assert store.get_article("a1").text == "two"  # type: ignore[union-attr]


def test_article_round_trip_exact(store: Store) -> None:
    a = full_article()
    store.upsert_article(a)
    back = store.get_article(a.id)
    assert back == a
    assert back is not None and back.published is not None
    assert back.published.utcoffset() == timedelta(0)
    minimal = Article(id="m", title="", text="")
    store.upsert_article(minimal)
    assert store.get_article("m") == minimal
    assert store.get_article("missing") is None


def test_articles_order_and_selection(store: Store) -> None:
    store.upsert_article(art("c", published=T0))
    store.upsert_article(art("b", published=T0))
    store.upsert_article(art("a", published=T0 + timedelta(hours=1)))
    store.upsert_article(art("z", published=T0 - timedelta(days=1)))
    store.upsert_article(art("n"))  # undated: last
    assert [a.id for a in store.articles()] == ["z", "b", "c", "a", "n"]
    assert [a.id for a in store.articles(["a", "missing", "z", "a", "n"])] == ["a", "z", "n"]
    assert store.articles([]) == []
    assert store.count_articles() == 5


def test_many_ids_are_chunked(store: Store) -> None:
    for i in range(30):
        store.upsert_article(art(f"a{i:03d}"))
    ids = [f"a{i:03d}" for i in reversed(range(30))] + [f"x{i}" for i in range(1200)]
    assert [a.id for a in store.articles(ids)] == ids[:30]


def test_outlets_recorded(store: Store) -> None:
    store.upsert_article(full_article())
    store.upsert_article(art("x", outlet="The Daily Example", url="https://other.example.org/y"))
    outlets = store.outlets()
    assert [(o.id, o.name, o.domain) for o in outlets] == [
        ("the-daily-example", "The Daily Example", "example.com")
    ]


# -- analyses ---------------------------------------------------------------------------


def test_analysis_round_trip_and_replace(store: Store) -> None:
    a = full_article()
    store.upsert_article(a)
    an = full_analysis(a.id)
    store.save_analysis(an)
    assert store.get_analyses([a.id, "missing"]) == {a.id: an}
    an2 = an.model_copy(update={"quotes": [], "nlp_version": "v2"})
    store.save_analysis(an2)
    assert store.get_analyses([a.id]) == {a.id: an2}
    assert store.get_analyses([]) == {}


def test_analysis_needs_article(store: Store) -> None:
    with pytest.raises(StoreError, match="not in the store"):
        store.save_analysis(ArticleAnalysis(article_id="nope"))


def test_text_change_drops_stale_analysis(store: Store) -> None:
    a = full_article()
    store.upsert_article(a)
    store.save_analysis(full_analysis(a.id))
    store.upsert_article(a.model_copy(update={"title": "Retitled"}))
    assert a.id in store.get_analyses([a.id])  # same text: offsets still valid
    new_text = a.text + " More."
    store.upsert_article(
        a.model_copy(update={"text": new_text, "content_hash": content_hash(new_text)})
    )
    assert store.get_analyses([a.id]) == {}


# -- stories ----------------------------------------------------------------------------


def _stories_fixture(store: Store) -> None:
    for i in range(4):
        store.upsert_article(art(f"a{i}", published=T0 + timedelta(hours=i)))
    store.save_story(
        Story(id="s1aaa", title="Old", article_ids=["a0"], first_seen=T0, last_seen=T0)
    )
    store.save_story(
        Story(
            id="s1abb",
            title="New",
            article_ids=["a2", "a1"],
            first_seen=T0,
            last_seen=T0 + timedelta(days=2),
        )
    )
    store.save_story(Story(id="s2ccc", title="Undated", article_ids=["a3"]))
    store.save_story(
        Story(
            id="s3ddd", title="Mid", article_ids=[], first_seen=T0, last_seen=T0 + timedelta(days=1)
        )
    )


def test_stories_order_and_round_trip(store: Store) -> None:
    _stories_fixture(store)
    got = store.stories()
    assert [s.id for s in got] == ["s1abb", "s3ddd", "s1aaa", "s2ccc"]
    assert got[0] == Story(
        id="s1abb",
        title="New",
        article_ids=["a2", "a1"],
        first_seen=T0,
        last_seen=T0 + timedelta(days=2),
    )
    assert got[3].first_seen is None and got[3].article_ids == ["a3"]


def test_get_story_exact_prefix_ambiguous(store: Store) -> None:
    _stories_fixture(store)
    assert store.get_story("s1aaa").title == "Old"  # type: ignore[union-attr]
    assert store.get_story("s1ab").title == "New"  # type: ignore[union-attr]
    assert store.get_story("s2").id == "s2ccc"  # type: ignore[union-attr]
    assert store.get_story("s9") is None
    assert store.get_story("") is None
    assert store.get_story("%") is None and store.get_story("_") is None
    with pytest.raises(UsageError, match="ambiguous.*s1aaa, s1abb"):
        store.get_story("s1")
    with pytest.raises(UsageError):
        store.get_story("s")


def test_story_membership_update_and_lookup(store: Store) -> None:
    _stories_fixture(store)
    assert store.story_ids_for_articles(["a0", "a1", "a2", "a3", "zz"]) == {
        "a0": "s1aaa",
        "a1": "s1abb",
        "a2": "s1abb",
        "a3": "s2ccc",
    }
    store.save_story(
        Story(id="s1aaa", title="Old", article_ids=["a1", "a0"], first_seen=T0, last_seen=T0)
    )
    assert store.get_story("s1aaa").article_ids == ["a1", "a0"]  # type: ignore[union-attr]
    # a1 is now in two stories: the most recently saved wins
    assert store.story_ids_for_articles(["a1"]) == {"a1": "s1aaa"}
    assert store.story_ids_for_articles([]) == {}


def test_dossier_round_trip_and_staleness(store: Store) -> None:
    a = full_article()
    store.upsert_article(a)
    store.upsert_article(art("other"))
    story = Story(
        id="st1", title="Bridge", article_ids=[a.id], first_seen=a.published, last_seen=a.published
    )
    d = full_dossier("st1", a)
    store.save_story(story, d)
    assert store.get_dossier("st1") == d
    assert store.get_story("st1") == story
    assert store.get_dossier("nope") is None
    store.save_story(story)  # unchanged story, no dossier: dossier kept
    assert store.get_dossier("st1") == d
    store.save_story(story.model_copy(update={"article_ids": [a.id, "other"]}))
    assert store.get_dossier("st1") is None  # membership changed: old dossier is stale
    d2 = d.model_copy(update={"title": "Bridge (2)"})
    store.save_story(story, d2)
    assert store.get_dossier("st1") == d2
    assert store.get_story("st1").article_ids == [a.id]  # type: ignore[union-attr]


def test_save_story_rejects_unknown_articles_atomically(store: Store) -> None:
    store.upsert_article(art("a1"))
    with pytest.raises(StoreError, match="ghost"):
        store.save_story(Story(id="s", title="t", article_ids=["a1", "ghost"]))
    assert store.stories() == []
    with pytest.raises(StoreError, match="does not belong"):
        store.save_story(
            Story(id="s", title="t", article_ids=["a1"]), full_dossier("other", full_article())
        )
    assert store.get_story("s") is None


# -- search -----------------------------------------------------------------------------


def _corpus(store: Store) -> None:
    store.upsert_article(
        art("t1", "Flooding closes river bridge", "Water rose overnight in the valley.")
    )
    store.upsert_article(
        art("t2", "Council meeting", "The council discussed the bridge repairs and flooding risk.")
    )
    store.upsert_article(art("t3", "Sports roundup", "The home team won on Saturday."))
    store.upsert_article(art("t4", "Weather", "Flooding is expected later this week."))


def test_search_ranks_title_and_all_terms_first(store: Store) -> None:
    _corpus(store)
    hits = store.search("flooding bridge")
    assert [a.id for a, _ in hits][:2] == ["t1", "t2"]
    assert {a.id for a, _ in hits} == {"t1", "t2"}  # all terms must match when possible
    assert [a.id for a, _ in store.search("team")] == ["t3"]
    assert store.search("zzqx") == []


def test_search_snippets_mark_terms(store: Store) -> None:
    _corpus(store)
    ((a, snippet),) = store.search("repairs")
    assert a.id == "t2"
    assert "**repairs**" in snippet
    assert "\n" not in snippet


def test_search_falls_back_to_any_term(store: Store) -> None:
    _corpus(store)
    ids = {a.id for a, _ in store.search("saturday valley")}
    assert ids == {"t1", "t3"}


def test_search_limit_and_reindex(store: Store) -> None:
    _corpus(store)
    assert len(store.search("flooding", limit=1)) == 1
    assert store.search("flooding", limit=0) == []
    store.upsert_article(art("t3", "Sports roundup", "The away team lost on Sunday."))
    assert store.search("saturday") == []
    assert [a.id for a, _ in store.search("sunday")] == ["t3"]


HOSTILE = [
    "",
    "   ",
    '"',
    '""',
    "'",
    "AND OR NOT",
    "NOT",
    "*",
    "a*",
    "col:",
    "title:flooding",
    "text:",
    "NEAR(a b)",
    "^flooding",
    "(",
    ")",
    "-flooding",
    "+",
    "{title}: x",
    "\\",
    "%",
    "_",
    "%_%",
    "flooding\x00bridge",
    "🌊 flooding",
    "Überschwemmung Brücke",
    "洪水",
    "'; DROP TABLE articles; --",
    "a" * 5000,
    " ".join(["w"] * 500),
    "ﬂooding",
    "\u0301",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_never_raise(store: Store, query: str) -> None:
    _corpus(store)
    hits = store.search(query)
    assert isinstance(hits, list)
    assert store.count_articles() == 4


def test_hostile_query_still_finds_words(store: Store) -> None:
    _corpus(store)
    assert "t1" in {a.id for a, _ in store.search('title:"flooding* AND (bridge')}


def test_unicode_search(store: Store) -> None:
    store.upsert_article(
        art("u1", "Brücke gesperrt", "Die Brücke über den Fluss bleibt geschlossen.")
    )
    assert [a.id for a, _ in store.search("brücke")] == ["u1"]


@pytest.mark.model
def test_cli_analyze_on_each_backend(store_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The whole CLI path on the real database: analyze the demo corpus, again (a no-op),
    then list, search and show what was stored."""
    import json

    from newsprism.cli.main import run
    from newsprism.pipeline import DEMO_CORPUS

    def cli(*args: str) -> tuple[int, str, str]:
        code = run(["--db", store_url, *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    code, out, err = cli("analyze", str(DEMO_CORPUS), "-f", "json")
    assert code == 0, err
    first = json.loads(out)
    assert len(first["stories"]) == 2 and sum(len(s["facts"]) for s in first["stories"]) > 10
    code, out, err = cli("ingest", str(DEMO_CORPUS), "--jsonl")
    assert code == 0 and {json.loads(line)["status"] for line in out.splitlines()} == {"unchanged"}
    code, out, _ = cli("stories", "--jsonl")
    stories = [json.loads(line) for line in out.splitlines()]
    assert sorted(s["articles"] for s in stories) == [1, 5]
    assert {s["id"] for s in stories} == {s["id"] for s in first["stories"]}
    code, out, _ = cli("search", "evacuation", "--jsonl")
    hits = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and hits and all("vacuat" in (h["title"] + h["snippet"]).lower() for h in hits)
    big = next(s for s in stories if s["articles"] == 5)
    code, out, err = cli("show", big["id"], "-f", "json")
    assert code == 0, err
    shown = json.loads(out)["stories"][0]
    stored = next(s for s in first["stories"] if s["id"] == big["id"])
    assert shown["facts"] == stored["facts"] and shown["quotes"] == stored["quotes"]
