"""Property tests: anything an Article can hold survives the store; no query breaks search."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsprism.ids import content_hash
from newsprism.models import Article, ArticleAnalysis, Quote, Span
from newsprism.store import Store

_ids = itertools.count()

# SQLite keeps every str; PostgreSQL would refuse NUL, which is why this file is SQLite only.
texts = st.text(max_size=400)
opt_texts = st.none() | st.text(max_size=40)
times = st.none() | st.datetimes(
    min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1), timezones=st.just(UTC)
)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with Store(f"sqlite:///{tmp_path_factory.mktemp('prop') / 'prop.db'}") as s:
        yield s


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    title=texts,
    text=texts,
    outlet=opt_texts,
    url=opt_texts,
    author=opt_texts,
    published=times,
    source=st.text(max_size=40),
    language=st.sampled_from(["en", "de", "fr", ""]),
    hashed=st.booleans(),
)
def test_article_round_trip(
    store: Store,
    title: str,
    text: str,
    outlet: str | None,
    url: str | None,
    author: str | None,
    published: datetime | None,
    source: str,
    language: str,
    hashed: bool,
) -> None:
    a = Article(
        id=f"p{next(_ids)}",
        title=title,
        text=text,
        outlet=outlet,
        url=url,
        author=author,
        published=published,
        source=source,
        language=language,
        content_hash=content_hash(text) if hashed else "",
    )
    assert store.upsert_article(a) == "ingested"
    assert store.get_article(a.id) == a
    assert store.articles([a.id]) == [a]
    assert store.upsert_article(a) == "unchanged"


@pytest.mark.parametrize("url", ["//[^/@]*@", "http://[x/", "https://a.example:99999/"])
def test_unparsable_url_is_stored_with_its_outlet(store: Store, url: str) -> None:
    """Found by the round-trip property above: urlsplit raised inside the write."""
    a = Article(id=f"p{next(_ids)}", title="t", text="x", outlet=f"Outlet {url}", url=url)
    assert store.upsert_article(a) == "ingested"
    assert store.get_article(a.id) == a
    assert store.upsert_article(a) == "unchanged"


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.text(min_size=1, max_size=200),
    speaker=opt_texts,
    start=st.integers(0, 50),
    length=st.integers(0, 50),
)
def test_analysis_round_trip(
    store: Store, text: str, speaker: str | None, start: int, length: int
) -> None:
    a = Article(id=f"p{next(_ids)}", title="t", text=text)
    store.upsert_article(a)
    an = ArticleAnalysis(
        article_id=a.id,
        quotes=[
            Quote(
                id="q",
                article_id=a.id,
                text=text[start : start + length],
                content=Span(start=start, end=start + length),
                direct=bool(length % 2),
                speaker=speaker,
            )
        ],
        nlp_version=text[:10],
    )
    store.save_analysis(an)
    assert store.get_analyses([a.id]) == {a.id: an}


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(max_size=60))
def test_any_query_is_safe(store: Store, query: str) -> None:
    if store.count_articles() == 0:
        store.upsert_article(Article(id="seed", title="Seed article", text="Some words to find."))
    hits = store.search(query, limit=5)
    assert len(hits) <= 5
    assert all(isinstance(snip, str) for _, snip in hits)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(before=texts, after=texts)
def test_marker_word_is_found(store: Store, before: str, after: str) -> None:
    n = next(_ids)
    marker = f"zmarker{n}q"
    a = Article(id=f"p{n}", title="t", text=f"{before} {marker} {after}")
    store.upsert_article(a)
    hits = store.search(marker)
    assert [h.id for h, _ in hits] == [a.id]
    assert f"**{marker}**" in hits[0][1]
