"""The three seed articles (../shared/seeds): real re-reported news with named and
anonymous sources. Skipped when the seeds are absent."""

from __future__ import annotations

import pytest

from newsprism.models import Article

pytestmark = [pytest.mark.model, pytest.mark.shared]


@pytest.fixture(scope="module")
def seeds(seeds_dir):
    from newsprism.nlp import NlpPipeline

    arts = []
    for path in sorted(seeds_dir.glob("*.txt")):
        title, _, body = path.read_text(encoding="utf-8").partition("\n")
        arts.append(Article(id=path.stem, title=title.strip(), text=body, outlet=path.stem[:3]))
    pipe = NlpPipeline()
    return arts, pipe.analyze(arts)


def all_quotes(seeds):
    return [q for an in seeds[1] for q in an.quotes]


def quote(seeds, fragment):
    hits = [q for q in all_quotes(seeds) if fragment in q.text]
    assert hits, fragment
    return hits[0]


@pytest.mark.parametrize(
    "fragment,speaker,kind,stance,via",
    [
        ("Iran will pay a heavy price", "Yoav Gallant", "named", "assertive", None),
        ("This will be an unprecedented response", "a senior Israeli official", "anonymous", "neutral", "Channel 12 News"),
        ("Our trust of the Israelis is very low", "One US official", "anonymous", "neutral", "Axios"),
        ("there was no point in Gallant", "Netanyahu's Office", "organization", "neutral", None),
        ("once a decision is made", "Netanyahu's Office", "organization", "assertive", None),
        ("Excuse me, what did you say?", "Lloyd Austin", "named", "neutral", None),
        ("This is not just a matter of policy differences", "Bob Woodward", "named", "neutral", None),
        ("We have the capability to reach anywhere", "Herzi Halevi", "named", "assertive", None),
        ("The missile strike from Iran was not just a message", "Benjamin Netanyahu", "named", "neutral", None),
        ("so f**king tired of this guy", "Joe Biden", "named", "doubting", None),
        ("We are entering a new phase of conflict", "A high-ranking Israeli military official", "anonymous", "neutral", None),
        ("We are coordinating with our allies", None, "anonymous", "neutral", "The Times of Israel"),
        ("There’s concern that Israel is moving forward", "a U.S. defense official", "anonymous", "neutral", None),
        ("An Israeli official, who asked not to be identified", "Bloomberg", "outlet", "neutral", None),
    ],
)
def test_named_seed_quotes(seeds, fragment, speaker, kind, stance, via):
    q = quote(seeds, fragment)
    assert q.direct
    assert q.speaker_kind == kind
    if speaker is not None:
        assert q.speaker == speaker
    assert q.cue_stance == stance
    assert q.via == via


def test_anonymous_descriptors(seeds):
    q = quote(seeds, "This will be an unprecedented response")
    assert q.descriptors["rank"] == "senior" and q.descriptors["nationality"] == "Israeli"
    q = quote(seeds, "There’s concern that Israel")
    assert q.descriptors["qualifier"] == "speaking on condition of anonymity"
    assert q.descriptors["nationality"] == "US"


def test_every_seed_direct_quote_has_a_speaker(seeds):
    from newsprism.nlp.sentences import find_quote_pairs

    arts, ans = seeds
    total = resolved = 0
    for art, an in zip(arts, ans, strict=True):
        direct = [q for q in an.quotes if q.direct]
        for q in direct:
            assert art.text[q.content.start : q.content.end] == q.text
        total += len(direct)
        resolved += sum(1 for q in direct if q.speaker and q.speaker_kind != "unknown")
        pairs = find_quote_pairs(art.text)
        assert len(direct) <= len(pairs)
    assert total >= 40
    assert resolved == total


def test_scare_quotes_are_not_quotes(seeds):
    assert not [q for q in all_quotes(seeds) if q.direct and q.text in ("Israel", "Israel's")]


def test_seed_citations(seeds):
    arts, ans = seeds
    cited = {(c.article_id[:3], c.cited, c.cited_kind) for an in ans for c in an.citations}
    for item in [("000", "Axios", "outlet"), ("003", "Channel 12 News", "broadcaster"),
                 ("003", "The Times of Israel", "outlet"), ("003", "Politico", "outlet"),
                 ("003", "The Jerusalem Post", "outlet"), ("003", "Haaretz", "outlet"),
                 ("003", "Bob Woodward's book", "book"), ("004", "Bloomberg", "agency"),
                 ("004", "NBC News", "broadcaster"), ("004", "The Times of Israel", "outlet"),
                 ("004", "Pentagon statement", "document"), ("000", "Israeli media", "other")]:
        assert item in cited, item
    relays = {c.relays for an in ans for c in an.citations if c.cited == "Axios"}
    assert "two sources familiar with the matter" in relays
    assert not [c for an in ans for c in an.citations if c.cited == "Virtual Jerusalem"]


def test_gallant_is_one_entity(seeds):
    from newsprism.nlp import resolve_entities

    arts, ans = seeds
    ents = resolve_entities(arts, ans, {"Benjamin Netanyahu": ["Bibi"]})
    gallant = [e for e in ents if e.name in ("Yoav Gallant", "Gallant", "Galant") or "Gallant" in e.aliases]
    assert len(gallant) == 1
    g = gallant[0]
    assert g.name == "Yoav Gallant" and g.type == "PERSON"
    assert "Gallant" in g.aliases
    if any("Galant" in a.text for a in arts):
        assert "Galant" in g.aliases
    roles = {r for rs in g.roles.values() for r in rs}
    assert {"Security Minister", "Defense Minister"} <= roles
    assert len(g.articles) == 3
    bibi = [e for e in ents if e.name == "Benjamin Netanyahu"]
    assert len(bibi) == 1 and "Netanyahu" in bibi[0].aliases
